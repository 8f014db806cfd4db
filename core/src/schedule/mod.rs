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
use std::collections::HashMap;
use uuid::Uuid;

pub use honest::{Shortfall, Unmet};
pub use merge::can_merge;

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
    let settings = input.settings;
    let tiers = tier_all(input.customers, settings, input.today);
    let contracts = contracts_by_customer(input.installations);

    let mut customers: Vec<&Customer> = input.customers.iter().collect();
    customers.sort_by_key(|c| c.id);
    let profiles: HashMap<Uuid, Profile<'_>> = customers
        .iter()
        .map(|c| {
            let tier = tiers.get(&c.id).map_or(Tier::General, |d| d.tier);
            let major = tiering::is_major_customer(
                contracts.get(&c.id).copied().unwrap_or_default(),
                settings.major_customer_contract,
            );
            (
                c.id,
                Profile {
                    customer: c,
                    tier,
                    major,
                },
            )
        })
        .collect();

    cancel.check()?;
    let candidates = sources::candidates(input, &profiles, cancel)?;
    let mut merged = merge::merge(candidates, settings, &profiles);
    merged.sort_unstable_by(|a, b| {
        (a.visit.due, a.visit.customer_id, &a.visit.reasons[0]).cmp(&(
            b.visit.due,
            b.visit.customer_id,
            &b.visit.reasons[0],
        ))
    });
    cancel.check()?;
    methods::assign(&mut merged, settings);
    let mut visits: Vec<PlannedVisit> = merged.into_iter().map(|m| m.visit).collect();

    let done = honest::done_visits(input.visits);
    for visit in &mut visits {
        visit.prepare_on = settings
            .calendar
            .sub_working_days(visit.due, settings.preparation_working_days);
        if let Some(list) = done.get(&visit.customer_id) {
            honest::match_done(visit, list);
        }
        visit.status = status(visit, input.today);
    }
    Ok(visits)
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
