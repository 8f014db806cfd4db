//! 客户回访分析报告: how the period's plan went (completion, on time), the method
//! mix of each tier against its target, the issues raised (by category and
//! department, resolution and customer confirmation against the 100 % target),
//! the overdue issues by department, the proposals by outcome, and who is due
//! the year's encouragement award for their proposals (`crate::proposal::award`).
mod against;
pub use against::{AgainstPlan, TierAgainst};

use super::{Context, Period, Rate};
use crate::department::Department;
use crate::issue::{Category, Issue, IssueStatus};
use crate::proposal::award::{encouragement, Encouraged};
use crate::proposal::Outcome;
use crate::received::Channel;
use crate::schedule::{PlannedVisit, Status};
use crate::tier::Tier;
use crate::visit::Method;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The done visits of one tier by method, against the tier's target mix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodMix {
    pub tier: Tier,
    pub done: BTreeMap<Method, u32>,
    /// Percent of the tier's visits, by method (sums to 100).
    pub target: BTreeMap<Method, u32>,
}

impl MethodMix {
    /// The share of the tier's done visits made by `method`.
    pub fn share(&self, method: Method) -> Rate {
        Rate::new(
            self.done.get(&method).copied().unwrap_or(0),
            self.done.values().sum(),
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposals {
    pub adopted: u32,
    pub on_hold: u32,
    pub not_adopted: u32,
    /// No decision given yet.
    pub undecided: u32,
}

/// Counts of what customers asked for on the period's visits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wanted {
    pub suggestions: u32,
    pub maintenance: u32,
    pub outage_service: u32,
    pub retrofit: u32,
}

/// The period's visits made on site: how many, how many with both arrival and
/// departure recorded, and the minutes between them summed (`crate::on_site`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeOnSite {
    pub on_site: u32,
    pub timed: u32,
    pub minutes: u64,
}

impl TimeOnSite {
    /// The mean time on site of the timed visits, in whole minutes.
    pub fn average_minutes(&self) -> Option<u64> {
        self.minutes.checked_div(u64::from(self.timed))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisReport {
    pub period: Period,
    /// The day the plan's progress is counted to (the period's end when past).
    pub as_of: NaiveDate,
    /// Planned visits due in the period by `as_of`: how many were done.
    pub completion: Rate,
    /// Of those done, how many within their window.
    pub on_time: Rate,
    /// Every tier, in order.
    pub method_mix: Vec<MethodMix>,
    /// Issues raised in the period.
    pub issues_by_category: BTreeMap<Category, u32>,
    /// Of the period's issues, those found on visits (a checklist's "not OK")…
    pub issues_found_on_visits: u32,
    /// …and those raised by hand, by how they came in (`crate::received`).
    pub issues_by_channel: BTreeMap<Channel, u32>,
    /// Issues raised in the period, counted once for each department they go to.
    pub issues_by_department: BTreeMap<Department, u32>,
    /// Of the period's issues (not rejected or withdrawn), how many had feedback.
    pub resolution: Rate,
    /// Of those with feedback, how many the customer confirmed.
    pub confirmation: Rate,
    /// Issues still open past their due time, now, by department.
    pub overdue_by_department: BTreeMap<Department, u32>,
    /// Proposals raised in the period, by outcome.
    pub proposals: Proposals,
    /// The period's visits where customers suggested something or asked for a
    /// service, by kind…
    pub wanted: Wanted,
    /// …and by product line and region, each group with its visits
    /// (`super::needs`, as the satisfaction report lists them).
    pub needs: Vec<super::needs::NeedGroup>,
    /// Corrective and preventive actions (`crate::action`) opened in the period,
    /// by where they stand now…
    pub actions: BTreeMap<crate::action::ActionStatus, u32>,
    /// …and how many of them are past their due date now, not yet acted on.
    pub actions_overdue: u32,
    /// Quality-improvement notices (`crate::action::notice`) sent in the period…
    pub notices_sent: u32,
    /// …and of the notice visits due by `as_of`, how many were made.
    pub notices_followed: Rate,
    /// The calendar year of `as_of`, whose proposals the encouragement counts…
    pub encouragement_year: i32,
    /// …and the customers due the award, a decision, or a souvenir and letter.
    pub encouragement: Vec<Encouraged>,
    /// The period against its approved visit plan (年度/月度回访计划), if it has one.
    pub against_plan: Option<AgainstPlan>,
    /// Time on site of the period's on-site visits.
    #[serde(default)]
    pub time_on_site: TimeOnSite,
}

/// The report for `period`, with `now` the moment it is read (for what is overdue).
pub fn analysis(ctx: &Context<'_>, period: Period, now: DateTime<Utc>) -> AnalysisReport {
    let today = now.date_naive();
    let as_of = period.to.min(today);
    let planned: Vec<PlannedVisit> = super::plan::planned(ctx, period, today);
    let done_on: HashMap<Uuid, NaiveDate> = ctx
        .data
        .visits
        .iter()
        .filter_map(|v| Some((v.id, v.done_on()?)))
        .collect();
    let (completion, on_time) = plan_progress(&planned, &done_on, as_of);
    let against_plan = against::against(ctx, period, &planned, as_of);
    let notice_visits: Vec<PlannedVisit> = planned
        .iter()
        .filter(|v| {
            v.reasons.iter().any(|r| {
                matches!(
                    r,
                    crate::schedule::Reason::Event {
                        event: crate::event::EventKind::QualityNotice,
                        ..
                    }
                )
            })
        })
        .cloned()
        .collect();
    let (notices_followed, _) = plan_progress(&notice_visits, &done_on, as_of);
    let notices_sent = len(ctx
        .data
        .events
        .iter()
        .filter(|e| {
            e.kind == crate::event::EventKind::QualityNotice
                && period.contains(e.at.local_date())
                && ctx.covers(e.customer_id, e.installation_id)
        })
        .count());
    let settings = ctx.data.settings();
    let mut method_mix: Vec<MethodMix> = Tier::ALL
        .iter()
        .map(|tier| MethodMix {
            tier: *tier,
            done: BTreeMap::new(),
            target: settings.policy(*tier).method_mix.clone(),
        })
        .collect();
    let mut time_on_site = TimeOnSite::default();
    for visit in ctx.done_visits(period) {
        let Some(result) = &visit.result else {
            continue;
        };
        if result.method == crate::visit::Method::OnSite {
            time_on_site.on_site = time_on_site.on_site.saturating_add(1);
            if let Some(minutes) = crate::on_site::minutes_on_site(result) {
                time_on_site.timed = time_on_site.timed.saturating_add(1);
                time_on_site.minutes = time_on_site.minutes.saturating_add(u64::from(minutes));
            }
        }
        let Some(tier) = ctx.tier(visit.customer_id) else {
            continue;
        };
        if let Some(mix) = method_mix.iter_mut().find(|m| m.tier == tier) {
            *mix.done.entry(result.method).or_default() += 1;
        }
    }
    let issues: Vec<&Issue> = ctx
        .data
        .issues
        .iter()
        .filter(|i| ctx.covers(i.customer_id, i.installation_id))
        .collect();
    let raised: Vec<&Issue> = issues
        .iter()
        .copied()
        .filter(|i| period.contains(i.raised_at.local_date()))
        .collect();
    let mut overdue_by_department = BTreeMap::new();
    for issue in issues.iter().filter(|i| i.is_overdue(now)) {
        for department in &issue.departments {
            *overdue_by_department.entry(*department).or_default() += 1;
        }
    }
    let (resolution, confirmation) = closed_loop(&raised);
    let needs = super::needs::needs(ctx, period);
    // The company's, not a customer's: every scope counts them all.
    let actions: Vec<&crate::action::Action> = ctx
        .data
        .actions
        .iter()
        .filter(|a| period.contains(a.opened_at.local_date()))
        .collect();
    AnalysisReport {
        actions_overdue: len(actions.iter().filter(|a| a.is_overdue(today)).count()),
        actions: count(actions.iter().map(|a| a.status())),
        period,
        as_of,
        completion,
        on_time,
        method_mix,
        issues_by_category: count(raised.iter().map(|i| i.category)),
        issues_found_on_visits: raised
            .iter()
            .filter(|i| i.received.is_none())
            .count()
            .try_into()
            .unwrap_or(u32::MAX),
        issues_by_channel: count(
            raised
                .iter()
                .filter_map(|i| Some(i.received.as_ref()?.channel)),
        ),
        issues_by_department: count(raised.iter().flat_map(|i| i.departments.iter().copied())),
        resolution,
        confirmation,
        overdue_by_department,
        proposals: proposals(&raised),
        wanted: wanted(&needs),
        needs,
        notices_sent,
        notices_followed,
        encouragement_year: as_of.year(),
        encouragement: encouragement(issues.iter().copied(), as_of.year(), &settings.proposals),
        against_plan,
        time_on_site,
    }
}

/// Completion: of the planned visits due by `as_of`, those done (even late,
/// recorded against the visit). On time: of those, done within their window.
pub fn plan_progress(
    planned: &[PlannedVisit],
    done_on: &HashMap<Uuid, NaiveDate>,
    as_of: NaiveDate,
) -> (Rate, Rate) {
    let expected: Vec<&PlannedVisit> = planned.iter().filter(|v| v.due <= as_of).collect();
    let done: Vec<&PlannedVisit> = expected
        .iter()
        .copied()
        .filter(|v| v.status == Status::Done)
        .collect();
    let on_time = done
        .iter()
        .filter(|v| {
            v.done_by
                .and_then(|id| done_on.get(&id))
                .is_some_and(|date| v.window.contains(*date))
        })
        .count();
    (
        Rate::new(len(done.len()), len(expected.len())),
        Rate::new(len(on_time), len(done.len())),
    )
}

/// Resolution and confirmation over `issues`; rejected and withdrawn ones were
/// not problems to resolve.
fn closed_loop(issues: &[&Issue]) -> (Rate, Rate) {
    let real = issues
        .iter()
        .filter(|i| !matches!(i.status, IssueStatus::Rejected | IssueStatus::Withdrawn))
        .count();
    let resolved = issues
        .iter()
        .filter(|i| matches!(i.status, IssueStatus::FeedbackGiven | IssueStatus::Verified))
        .count();
    let verified = issues
        .iter()
        .filter(|i| i.status == IssueStatus::Verified)
        .count();
    (
        Rate::new(len(resolved), len(real)),
        Rate::new(len(verified), len(resolved)),
    )
}

fn proposals(issues: &[&Issue]) -> Proposals {
    let mut p = Proposals::default();
    for issue in issues.iter().filter(|i| i.category == Category::Proposal) {
        match issue.outcome() {
            Some(Outcome::Adopted { .. }) => p.adopted += 1,
            Some(Outcome::OnHold { .. }) => p.on_hold += 1,
            Some(Outcome::NotAdopted { .. }) => p.not_adopted += 1,
            None => p.undecided += 1,
        }
    }
    p
}

fn wanted(needs: &[super::needs::NeedGroup]) -> Wanted {
    let mut w = Wanted::default();
    for g in needs {
        w.suggestions = w.suggestions.saturating_add(len(g.suggestions.len()));
        w.maintenance = w.maintenance.saturating_add(len(g.maintenance.len()));
        w.outage_service = w.outage_service.saturating_add(len(g.outage_service.len()));
        w.retrofit = w.retrofit.saturating_add(len(g.retrofit.len()));
    }
    w
}

fn count<K: Ord>(keys: impl Iterator<Item = K>) -> BTreeMap<K, u32> {
    let mut counts = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_default() += 1;
    }
    counts
}

fn len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
