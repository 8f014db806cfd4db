//! Events that call for a visit within hours or days (seed 000 §3, seed 002).
use crate::types::DeviceTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 交付 — an order delivered.
    Delivery,
    /// 服务完成
    ServiceCompletion,
    /// 重大活动 / 关键节点
    KeyNode,
    /// 书面投诉
    Complaint,
    /// 收到提案
    ProposalReceived,
    /// 派出维修
    RepairDispatched,
    /// 维修超时
    RepairOverdue,
    /// 维修完成
    RepairFinished,
    /// 新品发布
    NewProductLaunch,
    /// 行业展会
    TradeShow,
    /// 质量改进通知: quality control tells a customer what was improved
    /// (seed 000 §5), from a corrective action (`crate::action::notice`).
    QualityNotice,
}

impl EventKind {
    /// Every kind, in declaration order (forms list them, tests draw from them).
    pub const ALL: [EventKind; 11] = [
        EventKind::Delivery,
        EventKind::ServiceCompletion,
        EventKind::KeyNode,
        EventKind::Complaint,
        EventKind::ProposalReceived,
        EventKind::RepairDispatched,
        EventKind::RepairOverdue,
        EventKind::RepairFinished,
        EventKind::NewProductLaunch,
        EventKind::TradeShow,
        EventKind::QualityNotice,
    ];
}

/// How long after an event its visit is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Deadline {
    /// Clock hours after the event: the deadline keeps its hour.
    Hours(u32),
    /// By the end of the event's (device-local) day.
    SameDay,
    /// Calendar days after the event's date.
    Days(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    pub id: Uuid,
    pub customer_id: Uuid,
    #[serde(default)]
    pub installation_id: Option<Uuid>,
    pub kind: EventKind,
    pub at: DeviceTime,
    #[serde(default)]
    pub note: String,
    /// The corrective action a quality-improvement notice tells of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_id: Option<Uuid>,
}

impl Event {
    /// Checks what the types cannot: that it names itself and its customer (a nil
    /// id is a form that forgot one).
    pub fn validate(&self) -> Result<(), crate::error::Invalid> {
        use crate::error::Invalid;
        if self.id.is_nil() {
            return Err(Invalid::new("event", "id", "an event needs its id"));
        }
        if self.customer_id.is_nil() {
            return Err(Invalid::new(
                "event",
                "customer_id",
                "an event needs its customer",
            ));
        }
        if self.installation_id.is_some_and(|i| i.is_nil()) {
            return Err(Invalid::new(
                "event",
                "installation_id",
                "a nil installation id",
            ));
        }
        Ok(())
    }
}

impl crate::kind::Kind for Event {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Whole;
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id
    }

    fn customer_id(&self) -> Option<Uuid> {
        Some(self.customer_id)
    }

    fn validate(&self) -> Result<(), crate::error::Invalid> {
        Event::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        Event {
            id: Uuid::from_u128(0xe1),
            customer_id: example::CUSTOMER,
            installation_id: Some(example::INSTALLATION),
            kind: EventKind::Complaint,
            at: example::at(),
            note: "客户来电投诉柜门异响".into(),
            action_id: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_names_itself_and_its_customer() {
        use chrono::{TimeZone, Utc};
        let event = Event {
            id: Uuid::from_u128(1),
            customer_id: Uuid::from_u128(2),
            installation_id: None,
            kind: EventKind::Complaint,
            at: DeviceTime::new(Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(), 480).unwrap(),
            note: String::new(),
            action_id: None,
        };
        assert_eq!(event.validate(), Ok(()));
        let no_id = Event {
            id: Uuid::nil(),
            ..event.clone()
        };
        assert_eq!(no_id.validate().unwrap_err().field, "id");
        let no_customer = Event {
            customer_id: Uuid::nil(),
            ..event.clone()
        };
        assert_eq!(no_customer.validate().unwrap_err().field, "customer_id");
        let nil_installation = Event {
            installation_id: Some(Uuid::nil()),
            ..event
        };
        assert_eq!(
            nil_installation.validate().unwrap_err().field,
            "installation_id"
        );
    }

    #[test]
    fn all_lists_every_kind_once_in_declaration_order() {
        for (i, kind) in EventKind::ALL.into_iter().enumerate() {
            // Exhaustive: a new kind does not compile until it is placed here (and in ALL).
            let position = match kind {
                EventKind::Delivery => 0,
                EventKind::ServiceCompletion => 1,
                EventKind::KeyNode => 2,
                EventKind::Complaint => 3,
                EventKind::ProposalReceived => 4,
                EventKind::RepairDispatched => 5,
                EventKind::RepairOverdue => 6,
                EventKind::RepairFinished => 7,
                EventKind::NewProductLaunch => 8,
                EventKind::TradeShow => 9,
                EventKind::QualityNotice => 10,
            };
            assert_eq!(position, i, "{kind:?}");
        }
    }
}
