//! The visit schedule (domain §4): from the records, the settings and "today",
//! every planned visit of a date range — its reasons, due date, window,
//! preparation date, method and status.
//!
//! 1. `sources` lists candidate visits: each tier's routine (and extra) series, each
//!    installation's lifecycle stages, and the visit every event calls for.
//! 2. `merge` joins a customer's candidates due within the merge span into one visit.
//! 3. `methods` assigns methods so each tier's mix meets its target.
//! 4. Each visit gets its preparation date and its status against today: done
//!    only by a completed visit that answers what it asks (`honest`) — on site
//!    when it must be, with each of its lifecycle stages' checklists answered.
//!
//! The result depends only on the inputs' contents, never on their order.
mod honest;
mod merge;
mod methods;
mod sources;
mod steps;

use crate::cancel::{Cancel, Cancelled};
use crate::customer::Customer;
use crate::event::{Event, EventKind};
use crate::installation::Installation;
use crate::settings::{ExtraKind, Settings};
use crate::survey::StageKey;
use crate::tier::{Tier, TierDecision};
use crate::tiering;
use crate::types::Cny;
use crate::user::UserId;
use crate::visit::{Method, Visit};
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub use honest::{Shortfall, Unmet};
pub use merge::can_merge;
pub use steps::Planning;

/// Why a visit is planned. Ordered (routine, extra, lifecycle, event) so merging
/// sorts candidates without building keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The tier's routine cadence.
    Routine { tier: Tier },
    /// The tier's extra series: executive visit (tier 1), on-site review (tier 2).
    Extra { extra: ExtraKind },
    /// A lifecycle stage of an installation, `months` after its base date.
    Lifecycle {
        installation_id: Uuid,
        stage: StageKey,
        months: u32,
    },
    /// An event that calls for a visit.
    Event { event_id: Uuid, event: EventKind },
}

impl Reason {
    /// What tells this reason apart within one customer's visits (a recurring
    /// reason's visits are told apart by their due date, see `PlannedVisit::key`).
    pub fn key(&self) -> String {
        match self {
            Reason::Routine { .. } => "routine".to_owned(),
            Reason::Extra { extra } => format!("extra:{extra:?}"),
            Reason::Lifecycle {
                installation_id,
                stage,
                months,
            } => format!("lifecycle:{installation_id}:{stage:?}:{months}"),
            Reason::Event { event_id, .. } => format!("event:{event_id}"),
        }
    }

    /// The reason's kind, as the wire names it (`routine`, `extra`, `lifecycle`, `event`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Reason::Routine { .. } => "routine",
            Reason::Extra { .. } => "extra",
            Reason::Lifecycle { .. } => "lifecycle",
            Reason::Event { .. } => "event",
        }
    }

    /// The checklist this reason brings to the visit.
    pub fn stage(&self) -> Option<StageKey> {
        match self {
            Reason::Lifecycle { stage, .. } => Some(*stage),
            _ => None,
        }
    }
}

/// When a visit counts: from `earliest` to `latest` (never more than a month late).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Window {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

impl Window {
    pub fn contains(self, date: NaiveDate) -> bool {
        self.earliest <= date && date <= self.latest
    }
}

/// Where a planned visit stands on a given day.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Before its preparation date.
    Upcoming,
    /// From the preparation date to the day before it is due.
    Preparing,
    /// Due today.
    Due,
    /// Past due, still within its window.
    Overdue,
    /// Past its window: shows as overdue to the supervisor, counted as missed.
    Missed,
    /// A completed visit falls in its window.
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlannedVisit {
    pub customer_id: Uuid,
    pub tier: Tier,
    pub major_customer: bool,
    pub installation_ids: Vec<Uuid>,
    pub reasons: Vec<Reason>,
    /// The checklists to answer, one per lifecycle stage among the reasons.
    pub stages: Vec<StageKey>,
    pub due: NaiveDate,
    /// For event visits with an hour deadline: the exact instant.
    pub deadline: Option<DateTime<Utc>>,
    pub window: Window,
    /// The last day that meets every reason's deadline (an event's due date is
    /// never postponed); the end of the window when no event is among the reasons.
    pub last_day: NaiveDate,
    pub prepare_on: NaiveDate,
    pub method: Method,
    pub status: Status,
    /// Only a visit made on site satisfies it (major customers, executive visits,
    /// tier 2's on-site review, commissioning).
    #[serde(default)]
    pub on_site_required: bool,
    /// The completed visit that satisfies this one.
    pub done_by: Option<Uuid>,
    /// Completed visits that would have closed it but did not answer what it asks
    /// (a phone call for an on-site visit…): why it is still open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmet: Vec<Unmet>,
    /// Who makes it when a supervisor handed it on (`assignment`); `None`: the
    /// customer's owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<UserId>,
}

impl PlannedVisit {
    /// A key stable across runs for the same inputs (customer and first reason):
    /// what the screens use to open a planned visit.
    ///
    /// A routine (or extra) reason recurs, so its visits are told apart by their due
    /// date, which the series fixes (`sources::series_dates`); a lifecycle or event
    /// reason happens once.
    pub fn key(&self) -> String {
        let reason = &self.reasons[0];
        match reason {
            Reason::Routine { .. } | Reason::Extra { .. } => {
                format!("{}:{}@{}", self.customer_id, reason.key(), self.due)
            }
            _ => format!("{}:{}", self.customer_id, reason.key()),
        }
    }
}

impl PlannedVisit {
    /// Still to make: neither done nor past its window.
    pub fn is_open(&self) -> bool {
        !matches!(self.status, Status::Done | Status::Missed)
    }
}

/// The visits of `plan` still to make, soonest first: what a customer's file
/// and an installation call their "next visit" (a done or missed one is not).
pub fn next_open(plan: &[PlannedVisit]) -> Vec<&PlannedVisit> {
    let mut open: Vec<&PlannedVisit> = plan.iter().filter(|v| v.is_open()).collect();
    open.sort_by_key(|v| v.due);
    open
}

/// Everything the plan reads.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub customers: &'a [Customer],
    pub installations: &'a [Installation],
    pub visits: &'a [Visit],
    pub events: &'a [Event],
    pub settings: &'a Settings,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
}

/// What the plan knows of one customer.
pub(crate) struct Profile<'a> {
    pub customer: &'a Customer,
    pub tier: Tier,
    pub major: bool,
}

/// Tiers every customer once (shared by the plan and the screens).
pub fn tier_all(
    customers: &[Customer],
    settings: &Settings,
    today: NaiveDate,
) -> HashMap<Uuid, TierDecision> {
    let year = chrono::Datelike::year(&today) - 1;
    let total = tiering::company_sales(&settings.company_sales, customers, year);
    customers
        .iter()
        .map(|c| (c.id, tiering::classify(c, total, &settings.tiers, today)))
        .collect()
}

/// Cumulative contract amounts per customer, from its installations.
pub fn contracts_by_customer(installations: &[Installation]) -> HashMap<Uuid, Cny> {
    let mut sums: HashMap<Uuid, Cny> = HashMap::new();
    for i in installations {
        let sum = sums.entry(i.customer_id).or_default();
        sum.0 = sum.0.saturating_add(i.contract_amount.0);
    }
    sums
}

/// The planned visits due from `from` to `to` (inclusive), ordered by due date, then customer.
pub fn plan(input: &PlanInput<'_>) -> Vec<PlannedVisit> {
    // Never cancelled, so never `Err`.
    plan_within(input, &Cancel::never()).unwrap_or_default()
}

/// [`plan`], stopping early (between customers) once `cancel` is raised.
pub fn plan_within(input: &PlanInput<'_>, cancel: &Cancel) -> Result<Vec<PlannedVisit>, Cancelled> {
    let mut planning = Planning::new(*input);
    // Cancel is looked at every few dozen customers: a few milliseconds' work.
    while !planning.step(32) {
        cancel.check()?;
    }
    Ok(planning.finish())
}

/// Brings `planned` — a plan of the same customers, installations, events,
/// settings and assignments for `today` — up to date with `visits` for the
/// planned visits of `customers`: completed visits are read only by the matching
/// (step 4), so a visit recorded changes nothing else, and nothing of another
/// customer's. Equal to planning everything again, at the cost of those customers.
pub fn rematch(
    planned: &mut [PlannedVisit],
    visits: &[Visit],
    customers: &HashSet<Uuid>,
    today: NaiveDate,
) {
    let theirs = |customer_id: &Uuid| customers.contains(customer_id);
    let done = honest::done_visits(visits.iter().filter(|v| theirs(&v.customer_id)));
    for visit in planned.iter_mut().filter(|v| theirs(&v.customer_id)) {
        settle(visit, &done, today);
    }
}

/// One planned visit's match among its customer's completed visits, and status.
fn settle(visit: &mut PlannedVisit, done: &HashMap<Uuid, Vec<honest::Done>>, today: NaiveDate) {
    match done.get(&visit.customer_id) {
        Some(list) => honest::match_done(visit, list),
        None => {
            visit.done_by = None;
            visit.unmet.clear();
        }
    }
    visit.status = status(visit, today);
}

fn status(visit: &PlannedVisit, today: NaiveDate) -> Status {
    if visit.done_by.is_some() {
        Status::Done
    } else if today > visit.window.latest {
        Status::Missed
    } else if today > visit.due {
        Status::Overdue
    } else if today == visit.due {
        Status::Due
    } else if today >= visit.prepare_on {
        Status::Preparing
    } else {
        Status::Upcoming
    }
}

#[cfg(test)]
mod tests;
