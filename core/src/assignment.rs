//! Who makes a planned visit. A visit is its customer's owner's (负责人) unless a
//! supervisor hands it to someone else: an assignment, one record per planned
//! visit (its id derived from the visit's key, so two supervisors reassigning the
//! same visit edit the same record, and the later edit wins field by field).
use crate::error::Invalid;
use crate::schedule::PlannedVisit;
use crate::types::DeviceTime;
use crate::user::UserId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use uuid::Uuid;

/// The namespace of assignment ids (UUIDv5 of the planned visit's key).
const NAMESPACE: Uuid = Uuid::from_u128(0x5f1c_2a0e_8d4b_4c6e_9b7a_3e21_d0c4_a915);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Assignment {
    pub id: Uuid,
    pub customer_id: Uuid,
    /// The planned visit's key (`PlannedVisit::key`): customer and first reason.
    pub visit_key: String,
    /// The visit's due date when it was assigned (what the supervisor saw).
    pub due: NaiveDate,
    /// Who makes the visit: a member of staff's name, as customer files name owners.
    pub assignee: UserId,
    pub assigned_by: UserId,
    pub assigned_at: DeviceTime,
}

impl Assignment {
    /// The id of the assignment of the planned visit with `visit_key`.
    pub fn id_for(visit_key: &str) -> Uuid {
        Uuid::new_v5(&NAMESPACE, visit_key.as_bytes())
    }

    /// `visit` handed to `assignee`.
    pub fn new(
        visit: &PlannedVisit,
        assignee: UserId,
        assigned_by: UserId,
        at: DeviceTime,
    ) -> Result<Self, Invalid> {
        let assignment = Self {
            id: Self::id_for(&visit.key()),
            customer_id: visit.customer_id,
            visit_key: visit.key(),
            due: visit.due,
            assignee,
            assigned_by,
            assigned_at: at,
        };
        assignment.validate()?;
        Ok(assignment)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.id != Self::id_for(&self.visit_key) {
            return Err(Invalid::new(
                "assignment",
                "id",
                "an assignment's id is derived from its visit's key",
            ));
        }
        let customer = self.visit_key.split(':').next().unwrap_or_default();
        if customer != self.customer_id.to_string() {
            return Err(Invalid::new(
                "assignment",
                "visit_key",
                "the visit's key names another customer",
            ));
        }
        Ok(())
    }
}

/// Fills in each planned visit's assignee from the assignments (a visit without
/// one is its customer's owner's: `assignee` stays `None`).
pub fn apply(visits: &mut [PlannedVisit], assignments: &[Assignment]) {
    if assignments.is_empty() {
        return;
    }
    let by_key: HashMap<&str, &Assignment> = assignments
        .iter()
        .map(|a| (a.visit_key.as_str(), a))
        .collect();
    for visit in visits {
        if let Some(a) = by_key.get(visit.key().as_str()) {
            visit.assignee = Some(a.assignee);
        }
    }
}

/// Who makes `visit`: its assignee, else its customer's `owner`.
pub fn maker(visit: &PlannedVisit, owner: Option<UserId>) -> Option<UserId> {
    visit.assignee.or(owner)
}

/// Whether `visit` is on the list of `me` (a technician): visits assigned to them,
/// and their customers' visits not handed to someone else. Without a name (a
/// device no one signed into) every visit is.
pub fn is_for(visit: &PlannedVisit, owner: Option<UserId>, me: Option<UserId>) -> bool {
    match (me, maker(visit, owner)) {
        (None, _) | (_, None) => true,
        (Some(me), Some(maker)) => me == maker,
    }
}

/// The visits of `visits` on `me`'s list (see [`is_for`]), with `customers`
/// saying whose each customer is. Without a name, `visits` itself: no copy of the
/// whole agenda on every replan of a supervisor's device.
pub fn on_list_of<'a>(
    visits: &'a [PlannedVisit],
    customers: &[crate::customer::Customer],
    me: Option<UserId>,
) -> Cow<'a, [PlannedVisit]> {
    let Some(me) = me else {
        return Cow::Borrowed(visits);
    };
    let owners: HashMap<Uuid, Option<UserId>> = customers.iter().map(|c| (c.id, c.owner)).collect();
    visits
        .iter()
        .filter(|v| is_for(v, owners.get(&v.customer_id).copied().flatten(), Some(me)))
        .cloned()
        .collect::<Vec<_>>()
        .into()
}

impl crate::kind::Kind for Assignment {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Merged;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &["assignee", "assigned_by"];

    fn key(&self) -> Uuid {
        self.id
    }

    fn customer_id(&self) -> Option<Uuid> {
        Some(self.customer_id)
    }

    fn validate(&self) -> Result<(), crate::error::Invalid> {
        Assignment::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        let visit_key = format!("{}:routine@{}", example::CUSTOMER, example::day());
        Assignment {
            id: Assignment::id_for(&visit_key),
            customer_id: example::CUSTOMER,
            visit_key,
            due: example::day(),
            assignee: crate::user::UserId::of_name("李工"),
            assigned_by: crate::user::UserId::of_name("王主管"),
            assigned_at: example::at(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{d, planned};
    use crate::schedule::Status;
    use chrono::{TimeZone, Utc};

    fn u(name: &str) -> UserId {
        UserId::of_name(name)
    }

    fn now() -> DeviceTime {
        DeviceTime::new(Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(), 480).unwrap()
    }

    #[test]
    fn an_assignment_is_one_record_per_planned_visit() {
        let visit = planned(d(2026, 11, 25), Status::Upcoming, None);
        let to_li = Assignment::new(&visit, u("李工"), u("王主管"), now()).unwrap();
        let to_zhao = Assignment::new(&visit, u("赵工"), u("钱主管"), now()).unwrap();
        assert_eq!(to_li.id, to_zhao.id, "the same visit, the same record");
        assert_eq!(to_li.visit_key, visit.key());
        let mut other = visit.clone();
        other.customer_id = Uuid::from_u128(77);
        assert_ne!(
            Assignment::new(&other, u("李工"), u("王主管"), now())
                .unwrap()
                .id,
            to_li.id
        );
    }

    #[test]
    fn an_assignment_names_someone_and_keeps_its_derived_id() {
        let visit = planned(d(2026, 11, 25), Status::Upcoming, None);
        // Someone: an assignee is a user's id, never an empty name.
        let mut forged = Assignment::new(&visit, u("李工"), u("王主管"), now()).unwrap();
        forged.id = Uuid::from_u128(1);
        assert_eq!(forged.validate().unwrap_err().field, "id");
        let mut moved = Assignment::new(&visit, u("李工"), u("王主管"), now()).unwrap();
        moved.customer_id = Uuid::from_u128(77);
        assert_eq!(moved.validate().unwrap_err().field, "visit_key");
    }

    #[test]
    fn a_reassigned_visit_is_its_assignees_and_no_longer_its_owners() {
        let mut visits = vec![
            planned(d(2026, 11, 25), Status::Upcoming, None),
            planned(d(2026, 12, 2), Status::Upcoming, None),
        ];
        visits[1].customer_id = Uuid::from_u128(77);
        let handed = Assignment::new(&visits[0], u("李工"), u("王主管"), now()).unwrap();
        apply(&mut visits, &[handed]);
        assert_eq!(visits[0].assignee, Some(u("李工")));
        assert_eq!(visits[1].assignee, None, "not assigned: the owner's");

        let owner = Some(u("张工"));
        assert!(is_for(&visits[0], owner, Some(u("李工"))));
        assert!(!is_for(&visits[0], owner, Some(u("张工"))), "handed away");
        assert!(is_for(&visits[1], owner, Some(u("张工"))));
        assert!(!is_for(&visits[1], owner, Some(u("李工"))));
        assert!(
            is_for(&visits[1], None, Some(u("李工"))),
            "a customer without owner"
        );
        assert!(
            is_for(&visits[0], owner, None),
            "a device no one signed into"
        );
        assert_eq!(maker(&visits[0], owner), Some(u("李工")));
        assert_eq!(maker(&visits[1], owner), Some(u("张工")));

        // Lists: 张工 owns both customers; 李工 was handed the first visit.
        let customers: Vec<crate::customer::Customer> =
            [visits[0].customer_id, visits[1].customer_id]
                .into_iter()
                .map(|id| crate::customer::Customer {
                    owner: Some(u("张工")),
                    ..crate::customer::Customer::new(id, "客户").unwrap()
                })
                .collect();
        let keys = |me| {
            on_list_of(&visits, &customers, me)
                .iter()
                .map(PlannedVisit::key)
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(Some(u("张工"))), vec![visits[1].key()]);
        assert_eq!(keys(Some(u("李工"))), vec![visits[0].key()]);
        assert_eq!(keys(None).len(), 2);
    }

    #[test]
    fn the_plan_and_its_report_follow_a_visit_to_its_assignee() {
        use crate::report::{plan, Context, Period, Scope};
        let today = d(2026, 11, 23);
        let mut data = crate::demo::generate(40, 3, today);
        let november = Period::month(2026, 11).unwrap();
        let visits = data.plan(november.from, november.to, today);
        let handed = visits
            .iter()
            .find(|v| v.status != Status::Done)
            .unwrap()
            .clone();
        let owner = data
            .customers
            .iter()
            .find(|c| c.id == handed.customer_id)
            .and_then(|c| c.owner)
            .unwrap();
        data.assignments
            .push(Assignment::new(&handed, u("新来的技术员"), u("王主管"), now()).unwrap());

        let replanned = data.plan(november.from, november.to, today);
        let same = replanned.iter().find(|v| v.key() == handed.key()).unwrap();
        assert_eq!(same.assignee, Some(u("新来的技术员")));
        assert_eq!(replanned.iter().filter(|v| v.assignee.is_some()).count(), 1);

        let keys = |technician: UserId| {
            let scope = Scope {
                technician: Some(technician),
                ..Scope::default()
            };
            let ctx = Context::new(&data, &scope, today);
            plan::planned(&ctx, november, today)
                .iter()
                .map(PlannedVisit::key)
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(u("新来的技术员")), vec![handed.key()]);
        assert!(
            !keys(owner).contains(&handed.key()),
            "no longer the owner's"
        );
    }

    #[test]
    fn recurring_visits_of_one_customer_have_keys_of_their_own() {
        let today = d(2026, 11, 23);
        let data = crate::demo::generate(40, 3, today);
        let year = data.plan(d(2026, 1, 1), d(2026, 12, 31), today);
        let mut keys: Vec<String> = year.iter().map(PlannedVisit::key).collect();
        let all = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(
            keys.len(),
            all,
            "a key opens one visit, and an assignment fits one"
        );
    }
}
