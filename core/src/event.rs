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
}
