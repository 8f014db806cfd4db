//! Visits (回访), planned and done, and what a done visit records.
use crate::error::Invalid;
use crate::survey::StageKey;
use crate::types::{DeviceTime, Rating};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a visit is made.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 现场走访
    OnSite,
    /// 电话
    Phone,
    /// 视频
    Video,
    /// 线上问卷 / online platform
    OnlineSurvey,
    /// 邮件
    Email,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::OnSite,
        Method::Phone,
        Method::Video,
        Method::OnlineSurvey,
        Method::Email,
    ];
}

/// What a visit covered (seed 002): 解释 · 宣传 · 情感 · 调解 · 建议 · 指导.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ContentType {
    Explanation,
    Promotion,
    Emotional,
    Mediation,
    Suggestion,
    Guidance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    Planned,
    Done,
    Missed,
    Cancelled,
}

/// One checklist item's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChecklistAnswer {
    pub stage: StageKey,
    pub item: String,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Services the customer asked for (seed 001: after warranty, maintenance, retrofit…).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ServiceWanted {
    pub maintenance: bool,
    pub outage_service: bool,
    pub retrofit: bool,
}

impl ServiceWanted {
    pub fn any(self) -> bool {
        self.maintenance || self.outage_service || self.retrofit
    }
}

/// What a done visit recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VisitResult {
    pub completed_at: DeviceTime,
    pub method: Method,
    /// Who was met (name and role).
    #[serde(default)]
    pub met: String,
    pub product_rating: Rating,
    pub service_rating: Rating,
    #[serde(default)]
    pub checklist: Vec<ChecklistAnswer>,
    #[serde(default)]
    pub content_types: Vec<ContentType>,
    #[serde(default)]
    pub suggestions: String,
    #[serde(default)]
    pub wanted: ServiceWanted,
    #[serde(default)]
    pub issue_ids: Vec<Uuid>,
    #[serde(default)]
    pub notes: String,
    /// The survey template version the answers were given against.
    pub template_version: u32,
}

/// A visit record as stored: planned (by the plan or a supervisor) or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Visit {
    pub id: Uuid,
    pub customer_id: Uuid,
    #[serde(default)]
    pub installation_id: Option<Uuid>,
    pub status: VisitStatus,
    #[serde(default)]
    pub planned_date: Option<NaiveDate>,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub result: Option<VisitResult>,
}

impl Visit {
    /// A done visit must carry its result; a result needs a done status.
    pub fn validate(&self) -> Result<(), Invalid> {
        match (self.status, &self.result) {
            (VisitStatus::Done, None) => Err(Invalid::new(
                "visit",
                "result",
                "a done visit needs its result",
            )),
            (VisitStatus::Planned | VisitStatus::Missed | VisitStatus::Cancelled, Some(_)) => Err(
                Invalid::new("visit", "status", "a visit with a result must be done"),
            ),
            _ => Ok(()),
        }
    }

    /// The device-local date the visit was done on, if done.
    pub fn done_on(&self) -> Option<NaiveDate> {
        match (&self.status, &self.result) {
            (VisitStatus::Done, Some(result)) => Some(result.completed_at.local_date()),
            _ => None,
        }
    }

    /// The lower of the two ratings of a done visit.
    pub fn lowest_rating(&self) -> Option<u8> {
        self.result
            .as_ref()
            .map(|r| r.product_rating.value().min(r.service_rating.value()))
    }
}
