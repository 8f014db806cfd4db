//! The device's side of a pull, pure so that the app and the sync tests' simulated
//! devices run the same rule: outbox entries the server has applied are done, and
//! a record with an edit still waiting in the outbox is not overwritten (the
//! server's answer to that edit brings it back later, with a newer version).
//! Also the device's other decisions: when to retry, what a failure means, and how
//! a conflict the user settled becomes an edit.
use super::protocol::{Conflict, ErrorBody, ErrorCode, ErrorDetail, PullResponse, Pulled, Record};
use super::Mutation;
use crate::error::Invalid;
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;

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
    let ids: Vec<String> = page.records.iter().map(|p| p.record.id()).collect();
    let plan = plan_page(outbox, page.last_mutation_id, &ids);
    let (mut write, mut held) = (Vec::new(), Vec::new());
    for ((pulled, id), keep) in page.records.iter().zip(ids).zip(plan.write) {
        if keep {
            write.push(pulled.clone());
        } else {
            held.push(id);
        }
    }
    PullPlan {
        done: plan.done,
        write,
        held,
    }
}

/// The same rule on what the device reads of a page without decoding its records
/// (the app keeps them as the browser parsed them): their ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlan {
    /// Outbox ids the server has applied.
    pub done: Vec<u64>,
    /// For each record of the page, in order: write it (false: an edit of it is queued).
    pub write: Vec<bool>,
}

pub fn plan_page(outbox: &[Mutation], last_mutation_id: u64, record_ids: &[String]) -> PagePlan {
    let applied = |m: &Mutation| m.id.is_some_and(|id| id <= last_mutation_id);
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
    PagePlan {
        done,
        write: record_ids.iter().map(|id| !queued.contains(id)).collect(),
    }
}

/// The first wait after a failed sync.
pub const FIRST_RETRY: Duration = Duration::from_secs(5);
/// The longest wait between two attempts.
pub const LONGEST_RETRY: Duration = Duration::from_secs(15 * 60);

/// How long to wait after `failures` failed attempts in a row: doubling from
/// [`FIRST_RETRY`] up to [`LONGEST_RETRY`], times `jitter` (drawn from 0.5..1.5 by
/// the caller) so that phones that lost the network together do not all come back
/// in the same second.
pub fn retry_delay(failures: u32, jitter: f64) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    let delay = FIRST_RETRY
        .saturating_mul(1 << doublings)
        .min(LONGEST_RETRY);
    delay.mul_f64(jitter.clamp(0.5, 1.5))
}

/// Why a sync did not go through, in the terms the device acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No answer: no network, the server down, a timeout on the way.
    Unreachable,
    /// 401: the device's token is unknown or revoked; it must be enrolled again.
    SignedOut,
    /// 403: the user may not touch a record in the batch.
    Forbidden(String),
    /// 422: the server cannot apply a queued edit; nothing of the batch was. Waiting
    /// does not help: the user must see it (and may export it).
    Refused(String),
    /// 400 `cursor_ahead`: the server's database was replaced; pull again from 0.
    ServerReplaced,
    /// 408, 423, 429, 5xx: the server is busy (or writing the same photo) or
    /// failing for now.
    Busy,
    /// Any other answer: the app and the server disagree (a bug, an old app).
    Unexpected { status: u16, message: String },
}

impl Failure {
    /// What an HTTP answer that was not a success means, from its status and the
    /// server's JSON error (`None` when the body was not one: a proxy's page…).
    pub fn from_answer(status: u16, body: Option<ErrorBody>) -> Self {
        let ErrorDetail { code, message } = body.map(|b| b.error).unwrap_or_default();
        match status {
            401 => Failure::SignedOut,
            403 => Failure::Forbidden(message),
            422 => Failure::Refused(message),
            400 if code == ErrorCode::CursorAhead => Failure::ServerReplaced,
            408 | 423 | 429 | 500..=599 => Failure::Busy,
            _ => Failure::Unexpected { status, message },
        }
    }

    /// Whether trying again later, unchanged, can succeed.
    pub fn retries(&self) -> bool {
        matches!(
            self,
            Failure::Unreachable | Failure::Busy | Failure::ServerReplaced
        )
    }
}

/// What the user chose for one conflicting field.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// The value this device had written.
    Mine,
    /// The value the server kept.
    Theirs,
    /// A value the user wrote (a mix of the two).
    Value(Value),
}

/// The record `current` with the user's choice for each of its conflicting fields:
/// saved as a new edit based on the conflicts' version, it settles them. Refused
/// when the result breaks the record's rules (then the user chooses again).
pub fn resolve(current: &Record, choices: &[(&Conflict, Choice)]) -> Result<Record, Invalid> {
    let mut body = match current.body() {
        Value::Object(fields) => fields,
        _ => serde_json::Map::new(),
    };
    for (field, value) in chosen_values(choices) {
        if value.is_null() {
            body.remove(&field);
        } else {
            body.insert(field, value);
        }
    }
    let record = Record::from_body(current.kind(), Value::Object(body))
        .map_err(|err| Invalid::new("record", "conflict", err.to_string()))?;
    record.validate()?;
    Ok(record)
}

/// Each conflicting field with the value chosen for it (`null`: the field is
/// emptied). The app writes them into its own copy of the record.
pub fn chosen_values(choices: &[(&Conflict, Choice)]) -> Vec<(String, Value)> {
    choices
        .iter()
        .map(|(conflict, choice)| {
            let value = match choice {
                Choice::Mine => conflict.mine.clone(),
                Choice::Theirs => conflict.theirs.clone(),
                Choice::Value(v) => v.clone(),
            };
            (conflict.field.clone(), value)
        })
        .collect()
}

/// A field's value as a person reads it: text as it is, a list one item after
/// another, a contact by its parts; nothing for an empty value.
pub fn display_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(display_value)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("；"),
        Value::Object(fields) => fields
            .values()
            .map(display_value)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
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
        let mut m = Mutation::new(Change::put(customer(n, "mine")), None, at);
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
            latest: 10,
            company_sales: Default::default(),
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

    #[test]
    fn retries_double_from_five_seconds_to_fifteen_minutes() {
        assert_eq!(retry_delay(1, 1.0), Duration::from_secs(5));
        assert_eq!(retry_delay(2, 1.0), Duration::from_secs(10));
        assert_eq!(retry_delay(4, 1.0), Duration::from_secs(40));
        assert_eq!(retry_delay(9, 1.0), LONGEST_RETRY);
        assert_eq!(retry_delay(u32::MAX, 1.0), LONGEST_RETRY);
        // The jitter spreads devices over half to one and a half of the delay.
        assert_eq!(retry_delay(2, 0.5), Duration::from_secs(5));
        assert_eq!(retry_delay(2, 1.5), Duration::from_secs(15));
        assert_eq!(retry_delay(2, 9.0), Duration::from_secs(15));
    }

    #[test]
    fn failures_are_read_from_the_status_and_the_error_code() {
        let body = |code: &str| {
            Some(ErrorBody {
                error: ErrorDetail {
                    code: code.into(),
                    message: "why".into(),
                },
            })
        };
        assert_eq!(
            Failure::from_answer(401, body("unauthorized")),
            Failure::SignedOut
        );
        assert_eq!(
            Failure::from_answer(422, body("unprocessable")),
            Failure::Refused("why".into())
        );
        assert_eq!(
            Failure::from_answer(403, body("forbidden")),
            Failure::Forbidden("why".into())
        );
        assert_eq!(
            Failure::from_answer(400, body("cursor_ahead")),
            Failure::ServerReplaced
        );
        // Another request writing the same photo's image: try again shortly.
        assert_eq!(Failure::from_answer(423, body("busy")), Failure::Busy);
        assert_eq!(
            Failure::from_answer(400, body("bad_mutation")),
            Failure::Unexpected {
                status: 400,
                message: "why".into()
            }
        );
        for busy in [408, 429, 500, 503] {
            assert_eq!(Failure::from_answer(busy, None), Failure::Busy);
        }
        // Waiting helps only when nothing is wrong with what the device sends.
        assert!(Failure::Unreachable.retries() && Failure::Busy.retries());
        assert!(!Failure::SignedOut.retries());
        assert!(!Failure::Refused("why".into()).retries());
    }

    fn conflict(field: &str, mine: Value, theirs: Value) -> Conflict {
        Conflict {
            id: Uuid::from_u128(7),
            kind: crate::sync::protocol::RecordKind::Customer,
            record_id: Uuid::from_u128(1).to_string(),
            field: field.into(),
            base: None,
            mine,
            theirs,
            version: 12,
            client_id: Uuid::from_u128(3),
            mutation_id: 4,
        }
    }

    #[test]
    fn a_resolution_writes_each_chosen_value_into_the_current_record() {
        let mut current = customer(1, "华东电力");
        current.region = "华东".into();
        let current = Record::Customer(current);
        let name = conflict("name", "华东电力集团".into(), "华东电力".into());
        let region = conflict("region", "江苏".into(), "华东".into());
        let industry = conflict("industry", "电力".into(), Value::Null);
        let resolved = resolve(
            &current,
            &[
                (&name, Choice::Mine),
                (&region, Choice::Value("华东（江苏）".into())),
                (&industry, Choice::Theirs),
            ],
        )
        .unwrap();
        let Record::Customer(c) = resolved else {
            panic!("a customer")
        };
        assert_eq!(c.name, "华东电力集团");
        assert_eq!(c.region, "华东（江苏）");
        assert_eq!(c.industry, "");
    }

    #[test]
    fn a_resolution_that_breaks_the_records_rules_is_refused() {
        let current = Record::Customer(customer(1, "华东电力"));
        let name = conflict("name", "  ".into(), "华东电力".into());
        assert!(resolve(&current, &[(&name, Choice::Mine)]).is_err());
        let wrong_type = conflict("name", serde_json::json!(42), "华东电力".into());
        assert!(resolve(&current, &[(&wrong_type, Choice::Mine)]).is_err());
    }

    #[test]
    fn values_read_as_text() {
        assert_eq!(display_value(&Value::Null), "");
        assert_eq!(display_value(&serde_json::json!("张工")), "张工");
        assert_eq!(display_value(&serde_json::json!(12.5)), "12.5");
        assert_eq!(
            display_value(&serde_json::json!([{"name": "王伟", "phone": "138"}, {"name": "李娜"}])),
            "王伟 138；李娜"
        );
    }
}
