//! 回访计划: the planned visits of a month or a year in scope, and how each group
//! (technician, tier, region) stands — done, overdue, missed, still to come.
use super::{Context, Period};
use crate::schedule::{PlannedVisit, Status};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a group's planned visits stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub total: u32,
    pub done: u32,
    /// Past due, still within the window.
    pub overdue: u32,
    /// Past the window, not done.
    pub missed: u32,
    /// Due today or later.
    pub to_come: u32,
}

impl StatusCounts {
    fn add(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Done => self.done += 1,
            Status::Overdue => self.overdue += 1,
            Status::Missed => self.missed += 1,
            Status::Due | Status::Preparing | Status::Upcoming => self.to_come += 1,
        }
    }
}

/// The planned visits due in the period, in scope, as of `today` (none once the
/// report is cancelled: see [`Context::cancelled`]).
pub fn planned(ctx: &Context<'_>, period: Period, today: NaiveDate) -> Vec<PlannedVisit> {
    ctx.data
        .plan_within(period.from, period.to, today, &ctx.cancel)
        .unwrap_or_default()
        .into_iter()
        .filter(|v| ctx.covers_planned(v))
        .collect()
}

/// The visits counted by the group `key` puts each in (none: not counted).
pub fn by<K: Ord>(
    visits: &[PlannedVisit],
    key: impl Fn(&PlannedVisit) -> Option<K>,
) -> BTreeMap<K, StatusCounts> {
    let mut groups: BTreeMap<K, StatusCounts> = BTreeMap::new();
    for visit in visits {
        if let Some(k) = key(visit) {
            groups.entry(k).or_default().add(visit.status);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{d, planned as planned_on, plant};
    use crate::report::Scope;
    use crate::tier::Tier;

    #[test]
    fn groups_count_each_status_once() {
        let visits = [
            planned_on(d(2026, 11, 3), Status::Done, Some(1)),
            planned_on(d(2026, 11, 9), Status::Missed, None),
            planned_on(d(2026, 11, 18), Status::Overdue, None),
            planned_on(d(2026, 11, 20), Status::Due, None),
            planned_on(d(2026, 11, 28), Status::Upcoming, None),
        ];
        let all = by(&visits, |_| Some(()));
        assert_eq!(
            all[&()],
            StatusCounts {
                total: 5,
                done: 1,
                overdue: 1,
                missed: 1,
                to_come: 2
            }
        );
        let by_week = by(&visits, |v| {
            (v.due < d(2026, 11, 15)).then_some("first half")
        });
        assert_eq!(by_week["first half"].total, 2);
        assert_eq!(by_week.len(), 1, "the rest are in no group");
    }

    #[test]
    fn the_periods_plan_in_scope() {
        let data = plant();
        let scope = Scope {
            tier: Some(Tier::Strategic),
            ..Scope::default()
        };
        let ctx = Context::new(&data, &scope, d(2026, 11, 20));
        let visits = planned(&ctx, Period::year(2026).unwrap(), d(2026, 11, 20));
        assert!(
            !visits.is_empty(),
            "a strategic customer has routine visits"
        );
        assert!(visits
            .iter()
            .all(|v| v.customer_id == crate::report::fixture::id(1)));
        let everyone = Scope::default();
        let ctx = Context::new(&data, &everyone, d(2026, 11, 20));
        assert!(planned(&ctx, Period::year(2026).unwrap(), d(2026, 11, 20)).len() > visits.len());
    }

    #[test]
    fn a_cancelled_plan_stops_and_says_so() {
        use crate::cancel::{Cancel, Cancelled};
        let data = plant();
        let (year, today) = (Period::year(2026).unwrap(), d(2026, 11, 20));
        let cancel = Cancel::new();
        let whole = data.plan_within(year.from, year.to, today, &cancel);
        assert_eq!(
            whole.as_ref().ok(),
            Some(&data.plan(year.from, year.to, today))
        );

        let scope = Scope::default();
        let ctx = Context::new(&data, &scope, today).cancelled_by(cancel.clone());
        assert!(!planned(&ctx, year, today).is_empty());
        assert_eq!(ctx.cancelled(), Ok(()));

        cancel.cancel();
        assert_eq!(
            data.plan_within(year.from, year.to, today, &cancel),
            Err(Cancelled)
        );
        assert!(planned(&ctx, year, today).is_empty(), "nothing computed");
        assert_eq!(ctx.cancelled(), Err(Cancelled), "and the report knows");
    }
}
