//! A plan kept up to date without planning everything again: what records put
//! into the data ask of a plan made before them. Completed visits are read only
//! by the plan's matching, customer by customer (`schedule::rematch`), so a visit
//! recorded or pulled re-matches its customer's planned visits alone. What the
//! rest of the plan reads changes it anywhere — a tier is a share of every
//! customer's sales, methods are balanced over a whole tier — so a change of a
//! customer, an installation, an event, the settings or an assignment plans
//! everything again. On a phone holding 100,000 visits this is the difference
//! between a saved visit shown at once and seconds of a page that does not answer.
use crate::record::{DataSet, Record, RecordKind};
use crate::schedule::{self, PlannedVisit};
use chrono::NaiveDate;
use std::collections::HashSet;
use uuid::Uuid;

/// What records put into the data ask of a plan made before them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replan {
    /// Matching these customers' planned visits again (none: the plan stands).
    Customers(HashSet<Uuid>),
    /// Planning everything again.
    Whole,
}

/// The kinds the plan does not read (`schedule::PlanInput`, `assignment::apply`):
/// a change of one leaves the plan as it is. Any kind not named here — one added
/// later included — plans everything again, the safe side.
const NOT_PLANNED: &[RecordKind] = &[
    RecordKind::Issue,
    RecordKind::Template,
    RecordKind::Photo,
    RecordKind::User,
    RecordKind::Action,
    RecordKind::Evaluation,
    RecordKind::MaintenancePlan,
    RecordKind::TaskReport,
    RecordKind::VisitPlan,
];

impl DataSet {
    /// What `records`, about to be put into this data, ask of its plan.
    pub fn replan_for<'a>(&self, records: impl IntoIterator<Item = &'a Record>) -> Replan {
        let mut customers = HashSet::new();
        let mut visits = HashSet::new();
        for record in records {
            match record {
                Record::Visit(visit) => {
                    customers.insert(visit.customer_id);
                    visits.insert(visit.id);
                }
                other if NOT_PLANNED.contains(&other.kind()) => {}
                _ => return Replan::Whole,
            }
        }
        // A visit moved to another customer leaves the first one's plan too. One
        // pass over the visits here, however many a pull brings.
        if !visits.is_empty() {
            let before = self.visits.iter().filter(|v| visits.contains(&v.id));
            customers.extend(before.map(|v| v.customer_id));
        }
        Replan::Customers(customers)
    }

    /// `planned`, this data's plan for `today` before the records that asked for
    /// `Replan::Customers(customers)` were put, brought up to date with them.
    pub fn rematch(
        &self,
        planned: &mut [PlannedVisit],
        customers: &HashSet<Uuid>,
        today: NaiveDate,
    ) {
        schedule::rematch(planned, &self.visits, customers, today);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Kind;
    use crate::types::DeviceTime;
    use crate::visit::{Method, Visit};
    use chrono::{Days, TimeZone, Utc};
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn plan(data: &DataSet) -> Vec<PlannedVisit> {
        data.plan(today() - Days::new(62), today() + Days::new(31), today())
    }

    /// At 10:00 in Beijing on `day`.
    fn at(day: NaiveDate) -> DeviceTime {
        let utc = Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap());
        DeviceTime::new(utc, 480).unwrap()
    }

    /// One visit recorded, as a technician would: `pick` chooses the planned
    /// visit it answers and a completed visit of the demo whose answers it
    /// borrows; then the day, the method, whether it names the planned visit,
    /// whether its checklist is kept.
    #[derive(Debug, Clone)]
    struct Recorded {
        pick: usize,
        borrow: usize,
        shift: i64,
        method: usize,
        against: bool,
        checklist: bool,
        /// Re-record an earlier visit of the demo instead (an edit, maybe of
        /// another customer: the visit moves).
        edit: bool,
    }

    fn recorded() -> impl Strategy<Value = Recorded> {
        (
            any::<usize>(),
            any::<usize>(),
            -20i64..20,
            0..Method::ALL.len(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                |(pick, borrow, shift, method, against, checklist, edit)| Recorded {
                    pick,
                    borrow,
                    shift,
                    method,
                    against,
                    checklist,
                    edit,
                },
            )
    }

    fn visit_of(data: &DataSet, planned: &[PlannedVisit], r: &Recorded) -> Visit {
        let done: Vec<&Visit> = data.visits.iter().filter(|v| v.result.is_some()).collect();
        let target = &planned[r.pick % planned.len()];
        let borrowed = done[r.borrow % done.len()];
        let mut visit = borrowed.clone();
        if !r.edit {
            visit.id = Uuid::from_u128(r.pick as u128 ^ (r.borrow as u128) << 64);
        }
        visit.customer_id = target.customer_id;
        visit.planned_date = r.against.then_some(target.due);
        let day = target
            .due
            .checked_add_signed(chrono::Duration::days(r.shift))
            .unwrap();
        let result = visit.result.as_mut().unwrap();
        result.completed_at = at(day);
        result.method = Method::ALL[r.method];
        if !r.checklist {
            result.checklist.clear();
        }
        visit
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Re-matching after visits are put equals planning everything again.
        #[test]
        fn rematching_equals_planning_again(seed in 0u64..1_000, visits in prop::collection::vec(recorded(), 1..4)) {
            let data = crate::demo::generate(12, seed, today());
            let mut planned = plan(&data);
            prop_assume!(!planned.is_empty());
            let records: Vec<Record> = visits.iter().map(|r| Record::Visit(visit_of(&data, &planned, r))).collect();
            let Replan::Customers(customers) = data.replan_for(&records) else {
                panic!("visits alone never plan everything again");
            };
            let mut after = data.clone();
            for record in records {
                after.put_record(record);
            }
            after.rematch(&mut planned, &customers, today());
            prop_assert_eq!(planned, plan(&after));
        }
    }

    #[test]
    fn what_the_plan_reads_plans_everything_again() {
        let data = crate::demo::generate(3, 1, today());
        for record in DataSet::one_of_each().into_records() {
            let asks = data.replan_for([&record]);
            let reads = !NOT_PLANNED.contains(&record.kind()) && record.kind() != RecordKind::Visit;
            assert_eq!(asks == Replan::Whole, reads, "{:?}", record.kind());
        }
        let visit = Record::Visit(Visit::example());
        assert_eq!(
            data.replan_for([&visit]),
            Replan::Customers(HashSet::from([crate::kind::example::CUSTOMER]))
        );
    }

    #[test]
    fn a_visit_moved_to_another_customer_rematches_both() {
        let data = crate::demo::generate(3, 1, today());
        let mut moved = data.visits[0].clone();
        let from = moved.customer_id;
        moved.customer_id = Uuid::from_u128(0xfeed);
        let asks = data.replan_for([&Record::Visit(moved)]);
        assert_eq!(
            asks,
            Replan::Customers(HashSet::from([from, Uuid::from_u128(0xfeed)]))
        );
    }
}
