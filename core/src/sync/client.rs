//! The device's side of a pull, pure so that the app and the sync tests' simulated
//! devices run the same rule: outbox entries the server has applied are done, and
//! a record with an edit still waiting in the outbox is not overwritten (the
//! server's answer to that edit brings it back later, with a newer version).
use super::protocol::{PullResponse, Pulled};
use super::Mutation;
use std::collections::HashSet;

/// What one pull page does to the device's data.
#[derive(Debug, Clone, PartialEq)]
pub struct PullPlan {
    /// Outbox ids the server has applied: remove them.
    pub done: Vec<u64>,
    /// Records to write, with their server versions.
    pub write: Vec<Pulled>,
    /// Ids of records kept as they are on the device: an edit of theirs is still queued.
    pub held: Vec<String>,
}

pub fn plan_pull(outbox: &[Mutation], page: &PullResponse) -> PullPlan {
    let applied = |m: &Mutation| m.id.is_some_and(|id| id <= page.last_mutation_id);
    let done = outbox
        .iter()
        .filter(|m| applied(m))
        .filter_map(|m| m.id)
        .collect();
    let queued: HashSet<String> = outbox
        .iter()
        .filter(|m| !applied(m))
        .map(|m| m.record_id.to_string())
        .collect();
    let (held, write): (Vec<&Pulled>, Vec<&Pulled>) = page
        .records
        .iter()
        .partition(|p| queued.contains(&p.record.id()));
    PullPlan {
        done,
        write: write.into_iter().cloned().collect(),
        held: held.into_iter().map(|p| p.record.id()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::Customer;
    use crate::sync::protocol::Record;
    use crate::sync::Change;
    use crate::types::DeviceTime;
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    fn customer(n: u128, name: &str) -> Customer {
        Customer::new(Uuid::from_u128(n), name).unwrap()
    }

    fn queued(id: u64, n: u128) -> Mutation {
        let at =
            DeviceTime::new(Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(), 480).unwrap();
        let mut m = Mutation::new(Change::PutCustomer(customer(n, "mine")), None, at);
        m.id = Some(id);
        m
    }

    fn page(last_mutation_id: u64, records: &[u128]) -> PullResponse {
        PullResponse {
            cursor: 10,
            more: false,
            last_mutation_id,
            records: records
                .iter()
                .map(|n| Pulled {
                    version: 10,
                    record: Record::Customer(customer(*n, "theirs")),
                })
                .collect(),
            conflicts: vec![],
        }
    }

    #[test]
    fn applied_entries_are_done_even_when_the_push_answer_was_lost() {
        let outbox = [queued(1, 1), queued(2, 2), queued(3, 3)];
        let plan = plan_pull(&outbox, &page(2, &[1, 2]));
        assert_eq!(plan.done, vec![1, 2]);
        assert_eq!(plan.write.len(), 2);
    }

    #[test]
    fn a_record_with_a_queued_edit_is_not_overwritten() {
        let outbox = [queued(1, 1), queued(4, 2)];
        let plan = plan_pull(&outbox, &page(1, &[1, 2, 3]));
        assert_eq!(plan.done, vec![1]);
        let written: Vec<String> = plan.write.iter().map(|p| p.record.id()).collect();
        assert_eq!(
            written,
            vec![
                Uuid::from_u128(1).to_string(),
                Uuid::from_u128(3).to_string()
            ]
        );
        assert_eq!(plan.held, vec![Uuid::from_u128(2).to_string()]);
    }
}
