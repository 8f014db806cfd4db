//! The sync protocol's records (architecture.md): every local edit becomes a
//! `Mutation` in the device's outbox, pushed to `POST /api/sync/push` in order.
use crate::issue::IssueEvent;
use crate::record::{Record, RecordKind};
use crate::types::DeviceTime;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod account;
pub mod admin;
pub use crate::bounds;
pub mod client;
pub mod merge;
pub mod protocol;

/// What an edit did: a record written whole (a put; for the mutable kinds, a
/// new version the server merges field by field), or a step of an issue's loop.
///
/// On the wire a put is `{"kind": "put_<record kind>", "payload": <record>}` and a
/// step `{"kind": "issue_step", "payload": {"issue_id", "event"}}`, as before
/// there was a registry; only the kinds devices write may be put.
#[derive(Debug, Clone, PartialEq)]
// A put is nearly every change, and settings (the largest record) are never one.
#[allow(clippy::large_enum_variant)]
pub enum Change {
    Put(Record),
    /// A step of an issue's loop.
    IssueStep {
        issue_id: Uuid,
        event: IssueEvent,
    },
}

/// The wire's prefix of a put's kind.
const PUT: &str = "put_";
const ISSUE_STEP: &str = "issue_step";

impl Change {
    /// The edit that writes `record` whole.
    pub fn put(record: impl Into<Record>) -> Self {
        Change::Put(record.into())
    }

    /// The id of the record the change is about.
    pub fn record_id(&self) -> Uuid {
        match self {
            Change::Put(record) => record.uuid().unwrap_or_default(),
            Change::IssueStep { issue_id, .. } => *issue_id,
        }
    }

    /// The record a put carries; `None` for an issue step.
    pub fn record(&self) -> Option<&Record> {
        match self {
            Change::Put(record) => Some(record),
            Change::IssueStep { .. } => None,
        }
    }

    pub fn kind(&self) -> RecordKind {
        match self {
            Change::Put(record) => record.kind(),
            Change::IssueStep { .. } => RecordKind::Issue,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct IssueStepPayload {
    issue_id: Uuid,
    event: IssueEvent,
}

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Change", 2)?;
        match self {
            Change::Put(record) => {
                out.serialize_field("kind", &format!("{PUT}{}", record.kind().as_str()))?;
                out.serialize_field("payload", &record.body_ref())?;
            }
            Change::IssueStep { issue_id, event } => {
                out.serialize_field("kind", ISSUE_STEP)?;
                out.serialize_field(
                    "payload",
                    &IssueStepPayload {
                        issue_id: *issue_id,
                        event: event.clone(),
                    },
                )?;
            }
        }
        out.end()
    }
}

impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        struct Wire {
            kind: String,
            payload: serde_json::Value,
        }
        let wire = Wire::deserialize(d)?;
        if wire.kind == ISSUE_STEP {
            let step: IssueStepPayload =
                serde_json::from_value(wire.payload).map_err(D::Error::custom)?;
            return Ok(Change::IssueStep {
                issue_id: step.issue_id,
                event: step.event,
            });
        }
        let kind = wire
            .kind
            .strip_prefix(PUT)
            .and_then(RecordKind::parse)
            .filter(|k| k.is_pushed())
            .ok_or_else(|| {
                let known: Vec<String> = RecordKind::ALL
                    .into_iter()
                    .filter(|k| k.is_pushed())
                    .map(|k| format!("{PUT}{}", k.as_str()))
                    .chain([ISSUE_STEP.to_owned()])
                    .collect();
                D::Error::custom(format!(
                    "unknown variant `{}`, expected one of {}",
                    wire.kind,
                    known.join(", ")
                ))
            })?;
        Record::from_body(kind, wire.payload)
            .map(Change::Put)
            .map_err(D::Error::custom)
    }
}

/// One queued edit. `id` is sequential per device (the outbox's key), so the server
/// can skip what it has already applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    pub record_id: Uuid,
    /// The server version the edit was based on (mutable records only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_version: Option<u64>,
    pub device_time: DeviceTime,
    #[serde(flatten)]
    pub change: Change,
}

impl Mutation {
    pub fn new(change: Change, base_version: Option<u64>, device_time: DeviceTime) -> Self {
        Self {
            id: None,
            record_id: change.record_id(),
            base_version,
            device_time,
            change,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::Customer;
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_mutation_has_the_protocols_shape() {
        let customer = Customer::new(Uuid::from_u128(9), "华东电力").unwrap();
        let time =
            DeviceTime::new(Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(), 480).unwrap();
        let mut m = Mutation::new(Change::put(customer), Some(3), time);
        m.id = Some(17);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["id"], 17);
        assert_eq!(json["kind"], "put_customer");
        assert_eq!(json["record_id"], "00000000-0000-0000-0000-000000000009");
        assert_eq!(json["base_version"], 3);
        assert_eq!(json["payload"]["name"], "华东电力");
        assert_eq!(serde_json::from_value::<Mutation>(json).unwrap(), m);
    }
}
