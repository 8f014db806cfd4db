//! The sync protocol's records (architecture.md): every local edit becomes a
//! `Mutation` in the device's outbox, pushed to `POST /api/sync/push` in order.
use crate::assignment::Assignment;
use crate::customer::Customer;
use crate::event::Event;
use crate::installation::Installation;
use crate::issue::{Issue, IssueEvent};
use crate::photo::Photo;
use crate::types::DeviceTime;
use crate::visit::Visit;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod account;
pub mod admin;
pub mod bounds;
pub mod client;
pub mod merge;
pub mod protocol;

/// What an edit did. Customers and installations are mutable records (last write
/// per field, with conflicts); visits, events and issue steps are append-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Change {
    PutCustomer(Customer),
    PutInstallation(Installation),
    /// A visit recorded (or planned) on the device.
    PutVisit(Visit),
    PutEvent(Event),
    /// An issue raised.
    PutIssue(Issue),
    /// A step of an issue's loop.
    IssueStep {
        issue_id: Uuid,
        event: IssueEvent,
    },
    /// A photo's record (its image is uploaded apart, `docs/sync.md`).
    PutPhoto(Photo),
    /// A planned visit handed to someone (supervisors only).
    PutAssignment(Assignment),
}

impl Change {
    /// The id of the record the change is about.
    pub fn record_id(&self) -> Uuid {
        match self {
            Change::PutCustomer(r) => r.id,
            Change::PutInstallation(r) => r.id,
            Change::PutVisit(r) => r.id,
            Change::PutEvent(r) => r.id,
            Change::PutIssue(r) => r.id,
            Change::IssueStep { issue_id, .. } => *issue_id,
            Change::PutPhoto(r) => r.id,
            Change::PutAssignment(r) => r.id,
        }
    }
}

/// One queued edit. `id` is sequential per device (the outbox's key), so the server
/// can skip what it has already applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_mutation_has_the_protocols_shape() {
        let customer = Customer::new(Uuid::from_u128(9), "华东电力").unwrap();
        let time =
            DeviceTime::new(Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(), 480).unwrap();
        let mut m = Mutation::new(Change::PutCustomer(customer), Some(3), time);
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
