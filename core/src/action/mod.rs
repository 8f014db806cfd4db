//! Corrective and preventive actions (纠正/预防措施, seed 001): a supervisor opens
//! one on a finding of the satisfaction report — a low rating, a failed checklist
//! item, a product line's trend, a group of suggestions — with the evidence
//! linked. It is **reviewed** (act, with an owner department and a due date, or no
//! action, with the reason) by whoever answers for the finding: product quality by
//! the product's company (生产部), service and suggestions by the quality
//! department; the owner records the **measures** taken; the service centre
//! **verifies** them — effective closes it, not effective sends it back for new
//! measures.
//!
//! An action is edited in place by several people (merged field by field, like a
//! customer's file): each stage is its own field, and the status is read from them.
//! The server signs each stage with who is signed in ([`Action::sign`]).
mod findings;
pub mod notice;
pub use findings::{on_item, on_line, on_visit};

use crate::department::Department;
use crate::error::Invalid;
use crate::survey::StageKey;
use crate::types::DeviceTime;
use crate::user::UserId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// 纠正措施: a problem that happened.
    Corrective,
    /// 预防措施: one that may happen (a trend, what customers suggest).
    Preventive,
}

/// What an action was opened on, linked so the finding can be read again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Evidence {
    /// A visit's low product-quality rating.
    LowProductRating { visit_id: Uuid },
    /// A visit's low service rating.
    LowServiceRating { visit_id: Uuid },
    /// A checklist item answered "not OK" on a visit.
    FailedItem {
        visit_id: Uuid,
        stage: StageKey,
        item: String,
    },
    /// A product line's ratings going down.
    ProductLineTrend { product_line: String },
    /// What customers suggested or asked for on these visits.
    Suggestions { visit_ids: Vec<Uuid> },
}

impl Evidence {
    /// About the product (its quality, a product line), rather than the service.
    pub fn is_product(&self) -> bool {
        matches!(
            self,
            Evidence::LowProductRating { .. }
                | Evidence::FailedItem { .. }
                | Evidence::ProductLineTrend { .. }
        )
    }

    /// The visits it links to.
    pub fn visits(&self) -> Vec<Uuid> {
        match self {
            Evidence::LowProductRating { visit_id }
            | Evidence::LowServiceRating { visit_id }
            | Evidence::FailedItem { visit_id, .. } => vec![*visit_id],
            Evidence::ProductLineTrend { .. } => vec![],
            Evidence::Suggestions { visit_ids } => visit_ids.clone(),
        }
    }
}

/// The review's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// Act: the department that owns the action, and when it is due.
    Act { owner: Department, due: NaiveDate },
    /// No action needed, and why.
    NoAction { reason: String },
}

/// Who did a stage, and when (`by` is set by the server from the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Signed<T> {
    #[serde(flatten)]
    pub what: T,
    #[serde(default)]
    pub by: Option<UserId>,
    pub at: DeviceTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Review {
    pub decision: Decision,
    /// Who reviewed it, as the finding asks ([`Action::reviewer`]).
    pub reviewer: Department,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Measures {
    /// What was done.
    pub taken: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Verification {
    pub effective: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Action {
    pub id: Uuid,
    pub kind: ActionKind,
    /// What is to be corrected or prevented.
    pub title: String,
    /// Why: the finding in words.
    #[serde(default)]
    pub why: String,
    pub evidence: Vec<Evidence>,
    pub opened_at: DeviceTime,
    /// Who opened it (the server says, from the token).
    #[serde(default)]
    pub opened_by: Option<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Signed<Review>>,
    /// The latest measures taken (new ones after a failed verification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<Signed<Measures>>,
    /// Every verification, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verifications: Vec<Signed<Verification>>,
}

/// Where an action stands, read from its stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Opened, not yet reviewed.
    AwaitingReview,
    /// To act on: no measures yet, or new ones after a failed verification.
    InProgress,
    /// Measures recorded, for the service centre to verify.
    AwaitingVerification,
    /// Verified effective: closed.
    Verified,
    /// Reviewed: no action needed. Closed.
    NoAction,
}

impl ActionStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Verified | ActionStatus::NoAction)
    }
}

fn refuse<T>(field: &'static str, message: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid::new("action", field, message))
}

impl Action {
    /// A new action on `evidence`, opened `at`.
    pub fn open(
        id: Uuid,
        kind: ActionKind,
        title: &str,
        why: &str,
        evidence: Vec<Evidence>,
        at: DeviceTime,
    ) -> Result<Self, Invalid> {
        let action = Action {
            id,
            kind,
            title: title.trim().to_owned(),
            why: why.trim().to_owned(),
            evidence,
            opened_at: at,
            opened_by: None,
            review: None,
            measures: None,
            verifications: Vec::new(),
        };
        action.validate()?;
        Ok(action)
    }

    /// Who reviews it: the product's company for a product finding, the quality
    /// department for service and suggestions (seed 001).
    pub fn reviewer(&self) -> Department {
        if self.evidence.iter().any(Evidence::is_product) {
            Department::Production
        } else {
            Department::QualityControl
        }
    }

    pub fn status(&self) -> ActionStatus {
        let Some(review) = &self.review else {
            return ActionStatus::AwaitingReview;
        };
        if let Decision::NoAction { .. } = review.what.decision {
            return ActionStatus::NoAction;
        }
        let Some(measures) = &self.measures else {
            return ActionStatus::InProgress;
        };
        match self.verifications.last() {
            Some(v) if v.at.utc >= measures.at.utc => {
                if v.what.effective {
                    ActionStatus::Verified
                } else {
                    ActionStatus::InProgress
                }
            }
            _ => ActionStatus::AwaitingVerification,
        }
    }

    /// When the owner must have acted, once reviewed to act.
    pub fn due(&self) -> Option<NaiveDate> {
        match &self.review.as_ref()?.what.decision {
            Decision::Act { due, .. } => Some(*due),
            Decision::NoAction { .. } => None,
        }
    }

    /// In progress past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status() == ActionStatus::InProgress && self.due().is_some_and(|due| today > due)
    }

    /// The review, once: refused when already reviewed.
    pub fn reviewed(&self, decision: Decision, at: DeviceTime) -> Result<Self, Invalid> {
        if self.review.is_some() {
            return refuse("review", "an action is reviewed once");
        }
        let mut next = self.clone();
        next.review = Some(Signed {
            what: Review {
                decision,
                reviewer: self.reviewer(),
            },
            by: None,
            at,
        });
        next.validate()?;
        Ok(next)
    }

    /// The measures taken: while in progress (reviewed to act, not yet measured,
    /// or sent back by a failed verification).
    pub fn measured(&self, taken: &str, at: DeviceTime) -> Result<Self, Invalid> {
        if self.status() != ActionStatus::InProgress {
            return refuse(
                "measures",
                format!(
                    "measures are recorded while an action is in progress, not {}",
                    self.status().name()
                ),
            );
        }
        let mut next = self.clone();
        next.measures = Some(Signed {
            what: Measures {
                taken: taken.trim().to_owned(),
            },
            by: None,
            at,
        });
        next.validate()?;
        Ok(next)
    }

    /// The service centre's verification of the latest measures.
    pub fn verified(&self, effective: bool, note: &str, at: DeviceTime) -> Result<Self, Invalid> {
        if self.status() != ActionStatus::AwaitingVerification {
            return refuse(
                "verifications",
                format!(
                    "an action is verified once its measures are recorded, not {}",
                    self.status().name()
                ),
            );
        }
        if !effective && note.trim().is_empty() {
            return refuse("note", "say why the measures were not effective");
        }
        let mut next = self.clone();
        next.verifications.push(Signed {
            what: Verification {
                effective,
                note: note.trim().to_owned(),
            },
            by: None,
            at,
        });
        next.validate()?;
        Ok(next)
    }

    /// What the types cannot say: a title and a finding; stages in their order
    /// and in time (measures only after a decision to act, verifications only of
    /// measures, each after what it follows), texts where they are needed.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.title.trim().is_empty() {
            return refuse("title", "an action says what is to be done");
        }
        if self.evidence.is_empty() && self.why.trim().is_empty() {
            return refuse("evidence", "an action names the finding it was opened on");
        }
        let opened = self.opened_at.utc;
        if let Some(review) = &self.review {
            if review.at.utc < opened {
                return refuse("review", "reviewed before it was opened");
            }
            match &review.what.decision {
                Decision::NoAction { reason } if reason.trim().is_empty() => {
                    return refuse("review", "say why no action is needed");
                }
                Decision::Act { due, .. } if *due < review.at.local_date() => {
                    return refuse("review", "due before it was reviewed");
                }
                _ => {}
            }
        }
        if let Some(measures) = &self.measures {
            let Some(review) = &self.review else {
                return refuse("measures", "measures are taken once the action is reviewed");
            };
            if matches!(review.what.decision, Decision::NoAction { .. }) {
                return refuse("measures", "the review decided no action is needed");
            }
            if measures.what.taken.trim().is_empty() {
                return refuse("measures", "say what was done");
            }
            if measures.at.utc < review.at.utc {
                return refuse("measures", "measures before the review");
            }
        }
        if !self.verifications.is_empty() && self.measures.is_none() {
            return refuse("verifications", "verified before any measures");
        }
        for pair in self.verifications.windows(2) {
            if pair[1].at.utc < pair[0].at.utc {
                return refuse("verifications", "verifications out of order");
            }
            if pair[0].what.effective {
                return refuse("verifications", "verified effective: closed");
            }
        }
        Ok(())
    }

    /// Signs what `user` added or changed against `before` (the server's copy;
    /// `None` for a new action): the opening, the review, the measures, each new
    /// verification. What was there before keeps its signature.
    pub fn sign(&mut self, user: UserId, before: Option<&Action>) {
        fn stamp<T: PartialEq>(now: &mut Signed<T>, before: Option<&Signed<T>>) -> bool {
            match before {
                Some(b) if b.what == now.what && b.at == now.at => {
                    now.by = b.by;
                    false
                }
                _ => true,
            }
        }
        self.opened_by = match before {
            None => Some(user),
            Some(b) => b.opened_by,
        };
        if let Some(review) = &mut self.review {
            if stamp(review, before.and_then(|b| b.review.as_ref())) {
                review.by = Some(user);
            }
        }
        if let Some(measures) = &mut self.measures {
            if stamp(measures, before.and_then(|b| b.measures.as_ref())) {
                measures.by = Some(user);
            }
        }
        for (i, v) in self.verifications.iter_mut().enumerate() {
            if stamp(v, before.and_then(|b| b.verifications.get(i))) {
                v.by = Some(user);
            }
        }
    }
}

impl ActionStatus {
    fn name(self) -> &'static str {
        match self {
            ActionStatus::AwaitingReview => "awaiting review",
            ActionStatus::InProgress => "in progress",
            ActionStatus::AwaitingVerification => "awaiting verification",
            ActionStatus::Verified => "verified",
            ActionStatus::NoAction => "closed without action",
        }
    }
}

impl crate::kind::Kind for Action {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Merged;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &[
        "opened_by",
        "review.by",
        "measures.by",
        "verifications[].by",
    ];

    fn key(&self) -> Uuid {
        self.id
    }

    /// The company's, not one customer's: every device may read it.
    fn customer_id(&self) -> Option<Uuid> {
        None
    }

    fn validate(&self) -> Result<(), Invalid> {
        Action::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        Action::open(
            Uuid::from_u128(0xac),
            ActionKind::Corrective,
            "开关柜门锁易松动",
            "回访中门锁检查项不合格",
            vec![Evidence::FailedItem {
                visit_id: example::VISIT,
                stage: StageKey::OneMonth,
                item: "door_lock".into(),
            }],
            example::at(),
        )
        .unwrap_or_else(|e| unreachable!("a valid example: {e}"))
    }
}

#[cfg(test)]
mod tests;
