//! A maintenance plan's approval (seed 002 §6(二)): drafted by a supervisor,
//! reviewed by the customer-service manager (returned with comments, or passed
//! on), approved by the customer director (or returned), evaluated and closed by
//! a supervisor — the office's approval (`crate::approval`) with this chain, and
//! the plan's own rule that its content is frozen once handed in.
use super::MaintenancePlan;
use crate::approval::{Chain, Stage};
use crate::error::Invalid;
use crate::user::Role;
use serde::{Deserialize, Serialize};

pub use crate::approval::{Conclusion, Refused, Step, Taken};

/// Who decides on a maintenance plan: the customer-service manager reviews, the
/// customer director approves; a supervisor closes it at its end.
pub const CHAIN: Chain = Chain {
    record: "maintenance_plan",
    reviewers: &[Role::CustomerServiceManager, Role::CustomerDirector],
    closes: true,
};

/// Where a plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Being written: new, or returned with comments.
    Draft,
    /// Handed in: the customer-service manager reviews it.
    InReview,
    /// Reviewed: the customer director approves it.
    AwaitingApproval,
    /// Approved: carried out as its tasks.
    Approved,
    /// Evaluated and closed.
    Closed,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 5] = [
        PlanStatus::Draft,
        PlanStatus::InReview,
        PlanStatus::AwaitingApproval,
        PlanStatus::Approved,
        PlanStatus::Closed,
    ];

    /// Whether its tasks may be set: a draft's, or an approved plan's.
    pub fn tasks_open(self) -> bool {
        matches!(self, PlanStatus::Draft | PlanStatus::Approved)
    }

    fn of(stage: Stage) -> Self {
        match stage {
            Stage::Draft => PlanStatus::Draft,
            Stage::Review(0) => PlanStatus::InReview,
            Stage::Review(_) => PlanStatus::AwaitingApproval,
            Stage::Approved => PlanStatus::Approved,
            Stage::Closed => PlanStatus::Closed,
        }
    }

    fn stage(self) -> Stage {
        match self {
            PlanStatus::Draft => Stage::Draft,
            PlanStatus::InReview => Stage::Review(0),
            PlanStatus::AwaitingApproval => Stage::Review(1),
            PlanStatus::Approved => Stage::Approved,
            PlanStatus::Closed => Stage::Closed,
        }
    }

    fn name(self) -> &'static str {
        match self {
            PlanStatus::Draft => "a draft",
            PlanStatus::InReview => "in review",
            PlanStatus::AwaitingApproval => "awaiting approval",
            PlanStatus::Approved => "approved",
            PlanStatus::Closed => "closed",
        }
    }
}

/// Whether `role` takes `step` on a plan that is `status`: a step that leads on
/// from there, and that role's (the app offers only these; the server checks
/// again).
pub fn allowed(step: &Step, status: PlanStatus, role: Role) -> Result<(), Invalid> {
    CHAIN.next(step, status.stage())?;
    CHAIN.allowed(step, status.stage(), role)
}

/// The status the steps lead to, each checked in order and in time.
pub(super) fn replay(plan: &MaintenancePlan) -> Result<PlanStatus, Invalid> {
    let a = &plan.approval;
    CHAIN.replay(a.drafted_at, &a.steps).map(PlanStatus::of)
}

impl MaintenancePlan {
    pub fn status(&self) -> PlanStatus {
        replay(self).unwrap_or(PlanStatus::Draft)
    }

    /// The conclusion, once closed.
    pub fn conclusion(&self) -> Option<&Conclusion> {
        self.approval
            .steps
            .iter()
            .rev()
            .find_map(|t| match &t.step {
                Step::Close { conclusion } => Some(conclusion),
                _ => None,
            })
    }
}

/// What a plan's change by `role` may touch, against `before` (the server's copy;
/// `None`: a new plan): a supervisor or above writes a draft's content and sets
/// the tasks of a draft or an approved plan. (The steps: `Approvable::admit`.)
pub(super) fn admit_content(
    plan: &MaintenancePlan,
    before: Option<&MaintenancePlan>,
    role: Role,
) -> Result<(), Refused> {
    let old_status = before.map_or(PlanStatus::Draft, MaintenancePlan::status);
    let content_changed = before.is_none_or(|b| b.content != plan.content);
    let tasks_changed = before.map_or(!plan.tasks.is_empty(), |b| b.tasks != plan.tasks);
    let refused = |field, message: String| Invalid::new("maintenance_plan", field, message);
    if (content_changed || tasks_changed) && !role.supervises() {
        return Err(Refused::NotYours(refused(
            "content",
            "only a supervisor or above drafts a plan and sets its tasks".into(),
        )));
    }
    if content_changed && old_status != PlanStatus::Draft {
        return Err(Refused::NotNow(refused(
            "content",
            format!("the plan is {}: its content is frozen", old_status.name()),
        )));
    }
    if tasks_changed && !old_status.tasks_open() {
        return Err(Refused::NotNow(refused(
            "tasks",
            format!("the plan is {}: its tasks are set", old_status.name()),
        )));
    }
    Ok(())
}
