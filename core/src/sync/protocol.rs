//! What travels over `POST /api/sync/push` and `GET /api/sync/pull`
//! (architecture.md, "Sync protocol"), and the checks a push must pass before the
//! server touches its database.
use super::{Change, Mutation};
use crate::types::Cny;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The most mutations one push may carry; a longer outbox goes in several pushes.
pub const MAX_PUSH: usize = 500;

/// How far ahead of the server's clock a device's clock may run.
pub const CLOCK_SKEW_HOURS: i64 = 24;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub client_id: Uuid,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Every mutation of this client up to this id is applied: drop them from the outbox.
    pub last_mutation_id: u64,
    /// Fields this push changed that someone else had changed too.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Mutations applied as no-ops, and why (an issue step someone else took first).
    #[serde(default)]
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub mutation_id: u64,
    pub reason: String,
}

/// A field two people changed differently. The server kept `theirs`; the user
/// resolves it with a new edit of the record based on `version` or later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: Uuid,
    pub kind: RecordKind,
    pub record_id: String,
    pub field: String,
    #[serde(default)]
    pub base: Option<Value>,
    pub mine: Value,
    pub theirs: Value,
    /// The record's server version once the conflicting edit was merged.
    pub version: u64,
    pub client_id: Uuid,
    pub mutation_id: u64,
}

/// Every refusal's body: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, for programs (`bad_mutation`, `cursor_ahead`…).
    #[serde(default)]
    pub code: ErrorCode,
    /// For people.
    #[serde(default)]
    pub message: String,
}

/// Builds [`ErrorCode`] from its one list: each code's variant and wire name.
macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// Why the server refused a request, for programs: the server answers with
        /// one, the app decides by it (`sync::client::Failure`). On the wire, snake
        /// case (`cursor_ahead`); a code this build does not know reads as `Unknown`.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ErrorCode {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
            /// A code of a newer server, or none.
            #[default]
            #[serde(other, rename = "unknown")]
            Unknown,
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)* ErrorCode::Unknown];

            /// As on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => $name, )*
                    ErrorCode::Unknown => "unknown",
                }
            }
        }
    };
}

error_codes! {
    // 400: the request itself is wrong.
    NotJson = "not_json",
    BadJson = "bad_json",
    BadQuery = "bad_query",
    BadMutation = "bad_mutation",
    BadId = "bad_id",
    BadOffset = "bad_offset",
    OutOfRange = "out_of_range",
    TooLong = "too_long",
    Invalid = "invalid",
    InsecureOrigin = "insecure_origin",
    /// The device's cursor is past the server's newest version: the server's
    /// database was replaced; pull again from 0.
    CursorAhead = "cursor_ahead",
    NotFound = "not_found",
    Unauthorized = "unauthorized",
    Forbidden = "forbidden",
    Conflict = "conflict",
    Unprocessable = "unprocessable",
    /// An upload's chunk does not start where the server's bytes end.
    OffsetMismatch = "offset_mismatch",
    /// Another request is writing the same photo (423).
    Busy = "busy",
    TooLarge = "too_large",
    RateLimited = "rate_limited",
    /// The database cannot write now (a full disk, a read-only file): 503.
    DatabaseUnavailable = "database_unavailable",
    /// Every core is computing plans and reports: 503.
    Overloaded = "overloaded",
    Internal = "internal",
}

impl From<&str> for ErrorCode {
    fn from(code: &str) -> Self {
        serde_json::from_value(Value::String(code.to_owned())).unwrap_or_default()
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One page of what changed since the client's cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Pass this as `cursor` next time.
    pub cursor: u64,
    /// More pages follow at once.
    pub more: bool,
    /// The last of this client's mutations the server has applied: outbox entries up
    /// to it are done, even when a push's answer was lost.
    pub last_mutation_id: u64,
    pub records: Vec<Pulled>,
    /// This client's conflicts not yet resolved.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// The server's newest version when the page was read: how far a first pull
    /// has to go (for its progress bar).
    #[serde(default)]
    pub latest: u64,
    /// The company's sales by year over every customer, on the last page of a pull
    /// by someone who sees only their own customers (a technician): their device
    /// tiers its customers on these (`Settings::fill_company_sales`).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "crate::types::year_map"
    )]
    pub company_sales: BTreeMap<i32, Cny>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pulled {
    pub version: u64,
    pub record: Record,
}

pub use crate::record::{Record, RecordKind};

impl Record {
    /// The edit that writes this record as it is; `None` for what devices do not
    /// edit (settings, templates).
    pub fn into_change(self) -> Option<Change> {
        self.kind().is_pushed().then_some(Change::Put(self))
    }
}

/// Why a push is refused whole, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", mutation_id.map(|id| format!("mutation {id}: ")).unwrap_or_default())]
pub struct BadPush {
    pub mutation_id: Option<u64>,
    pub message: String,
}

/// The earliest device time a mutation may carry.
fn earliest() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date")
}

impl PushRequest {
    /// Checks what can be checked without the database: a bounded batch, ids
    /// present and increasing, records that obey the record rules, and times that
    /// are neither from before the app existed nor from the future.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), BadPush> {
        let bad = |id: Option<u64>, message: String| {
            Err(BadPush {
                mutation_id: id,
                message,
            })
        };
        if self.mutations.len() > MAX_PUSH {
            return bad(
                None,
                format!(
                    "{} mutations in one push; at most {MAX_PUSH}",
                    self.mutations.len()
                ),
            );
        }
        let latest = now + Duration::hours(CLOCK_SKEW_HOURS);
        let mut previous = 0;
        for m in &self.mutations {
            let Some(id) = m.id.filter(|id| *id > 0) else {
                return bad(None, "every mutation needs its id (1 or more)".into());
            };
            if id <= previous {
                return bad(
                    Some(id),
                    format!("ids must increase; {id} follows {previous}"),
                );
            }
            previous = id;
            if m.record_id != m.change.record_id() {
                return bad(
                    Some(id),
                    format!("record_id {} is not the changed record's", m.record_id),
                );
            }
            let t = m.device_time.utc;
            if t < earliest() || t > latest {
                return bad(Some(id), format!("device_time {t} is out of range"));
            }
            let valid = match &m.change {
                Change::IssueStep { event, .. } => serde_json::to_value(event)
                    .map_err(|err| crate::error::Invalid::new("issue", "history", err.to_string()))
                    .and_then(|step| crate::bounds::check("issue", &step)),
                Change::Put(record) if !record.kind().is_pushed() => Err(crate::error::Invalid::new(
                    record.kind().as_str(),
                    "kind",
                    "the organisation's records are kept by the server: devices do not write them",
                )),
                Change::Put(record) => record.validate(),
            };
            if let Err(invalid) = valid {
                return bad(Some(id), invalid.to_string());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::Customer;
    use crate::types::DeviceTime;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 4, 0, 0).unwrap()
    }

    fn put(id: u64, name: &str, at: DateTime<Utc>) -> Mutation {
        let customer = Customer {
            name: name.into(),
            ..Customer::new(Uuid::from_u128(u128::from(id)), "x").unwrap()
        };
        let mut m = Mutation::new(
            Change::put(customer),
            None,
            DeviceTime::new(at, 480).unwrap(),
        );
        m.id = Some(id);
        m
    }

    fn push(mutations: Vec<Mutation>) -> PushRequest {
        PushRequest {
            client_id: Uuid::from_u128(1),
            mutations,
        }
    }

    #[test]
    fn error_codes_are_named_on_the_wire_as_in_code_and_unknown_ones_read() {
        for &code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
            assert_eq!(ErrorCode::from(code.as_str()), code);
        }
        let body: ErrorBody =
            serde_json::from_str(r#"{"error": {"code": "from_the_future", "message": "?"}}"#)
                .unwrap();
        assert_eq!(body.error.code, ErrorCode::Unknown);
        let body: ErrorBody =
            serde_json::from_str(r#"{"error": {"code": "cursor_ahead"}}"#).unwrap();
        assert_eq!(body.error.code, ErrorCode::CursorAhead);
    }

    #[test]
    fn a_well_formed_push_passes() {
        let p = push(vec![put(1, "甲", now()), put(5, "乙", now())]);
        assert_eq!(p.check(now()), Ok(()));
    }

    #[test]
    fn ids_must_be_given_and_increase() {
        let mut no_id = put(1, "甲", now());
        no_id.id = None;
        assert!(push(vec![no_id]).check(now()).is_err());
        let err = push(vec![put(3, "甲", now()), put(3, "乙", now())])
            .check(now())
            .unwrap_err();
        assert_eq!(err.mutation_id, Some(3));
    }

    #[test]
    fn times_from_the_future_or_the_distant_past_are_refused() {
        let future = now() + Duration::hours(CLOCK_SKEW_HOURS + 1);
        assert!(push(vec![put(1, "甲", future)]).check(now()).is_err());
        let skewed = now() + Duration::hours(CLOCK_SKEW_HOURS - 1);
        assert!(push(vec![put(1, "甲", skewed)]).check(now()).is_ok());
        let past = Utc.with_ymd_and_hms(1999, 12, 31, 0, 0, 0).unwrap();
        assert!(push(vec![put(1, "甲", past)]).check(now()).is_err());
    }

    #[test]
    fn a_record_that_breaks_its_rules_is_refused_with_its_mutation() {
        let err = push(vec![put(1, "甲", now()), put(2, " ", now())])
            .check(now())
            .unwrap_err();
        assert_eq!(err.mutation_id, Some(2));
        assert!(err.to_string().contains("name"), "{err}");
    }

    #[test]
    fn a_record_id_that_is_not_the_records_is_refused() {
        let mut m = put(1, "甲", now());
        m.record_id = Uuid::from_u128(77);
        assert!(push(vec![m]).check(now()).is_err());
    }

    #[test]
    fn too_long_a_push_is_refused() {
        let many = (1..=MAX_PUSH as u64 + 1)
            .map(|i| put(i, "甲", now()))
            .collect();
        assert!(push(many).check(now()).is_err());
    }

    #[test]
    fn a_record_survives_the_trip_through_its_body() {
        for kind in RecordKind::ALL {
            assert_eq!(RecordKind::parse(kind.as_str()), Some(kind));
        }
        let record = Record::Customer(Customer::new(Uuid::from_u128(4), "华东电力").unwrap());
        let back = Record::from_body(RecordKind::Customer, record.body()).unwrap();
        assert_eq!(back, record);
        let demo = crate::demo::generate(
            60,
            7,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        );
        let all = [
            record.clone(),
            Record::Installation(demo.installations[0].clone()),
            Record::Visit(demo.visits[0].clone()),
            Record::Event(demo.events[0].clone()),
            Record::Issue(demo.issues[0].clone()),
            Record::Settings(crate::settings::Settings::default()),
            Record::Template(crate::survey::default_template()),
        ];
        for stored in &all {
            let text = stored.body().to_string();
            assert_eq!(&Record::from_json(stored.kind(), &text).unwrap(), stored);
        }
        // A body read as another kind is refused, not half-read.
        assert!(Record::from_json(RecordKind::Visit, &record.body().to_string()).is_err());
        assert_eq!(record.customer_id(), Some(Uuid::from_u128(4)));
        let wire = serde_json::to_value(Pulled { version: 9, record }).unwrap();
        assert_eq!(wire["record"]["kind"], "customer");
        assert_eq!(wire["record"]["body"]["name"], "华东电力");
    }
}
