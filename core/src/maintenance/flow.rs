//! A maintenance plan's approval (seed 002 §6(二)): drafted by a supervisor,
//! reviewed by the customer-service manager (returned with comments, or passed
//! on), approved by the customer director (or returned), evaluated and closed by
//! a supervisor. Each step is one role's decision; the status is read from the
//! steps, replayed from the draft.
use super::{refuse, Conclusion, MaintenancePlan};
use crate::error::Invalid;
use crate::types::DeviceTime;
use crate::user::{Role, UserId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
}

/// One decision on a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// The supervisor hands the draft in for review.
    Submit,
    /// The manager (reviewing) or the director (approving) sends it back.
    Return { comment: String },
    /// The manager's review passes it on to the director.
    Pass {
        #[serde(default)]
        comment: String,
    },
    /// The director approves it.
    Approve {
        #[serde(default)]
        comment: String,
    },
    /// Evaluated at the end (客户维护总结表) and closed.
    Close { conclusion: Conclusion },
}

/// A step as taken: who (the server says, from the token) and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Taken {
    pub step: Step,
    #[serde(default)]
    pub by: Option<UserId>,
    pub at: DeviceTime,
}

impl Step {
    /// Where the step leads from `status`, or why it cannot be taken there.
    pub fn from(&self, status: PlanStatus) -> Result<PlanStatus, Invalid> {
        use PlanStatus::*;
        let next = match (self, status) {
            (Step::Submit, Draft) => InReview,
            (Step::Return { .. }, InReview | AwaitingApproval) => Draft,
            (Step::Pass { .. }, InReview) => AwaitingApproval,
            (Step::Approve { .. }, AwaitingApproval) => Approved,
            (Step::Close { .. }, Approved) => Closed,
            _ => {
                return refuse(
                    "steps",
                    format!("a plan cannot be {} when {}", self.name(), status.name()),
                )
            }
        };
        Ok(next)
    }

    /// Whether `role` takes this step at `status` (seed 002 §3 and §6): the
    /// supervisor hands in and closes; the manager reviews; the director approves.
    pub fn allowed_to(&self, status: PlanStatus, role: Role) -> Result<(), Invalid> {
        let (allowed, who) = match (self, status) {
            (Step::Submit | Step::Close { .. }, _) => (role.supervises(), "a supervisor or above"),
            (Step::Pass { .. }, _) | (Step::Return { .. }, PlanStatus::InReview) => (
                role == Role::CustomerServiceManager,
                "the customer-service manager",
            ),
            (Step::Approve { .. }, _) | (Step::Return { .. }, _) => {
                (role == Role::CustomerDirector, "the customer director")
            }
        };
        if allowed {
            Ok(())
        } else {
            refuse(
                "steps",
                format!("only {who} may {} a plan {}", self.verb(), status.name()),
            )
        }
    }

    /// Its name on the wire (`submit`, `return`…): what markup and tests key on.
    pub fn key(&self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Return { .. } => "return",
            Step::Pass { .. } => "pass",
            Step::Approve { .. } => "approve",
            Step::Close { .. } => "close",
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Step::Submit => "handed in",
            Step::Return { .. } => "returned",
            Step::Pass { .. } => "passed on",
            Step::Approve { .. } => "approved",
            Step::Close { .. } => "closed",
        }
    }

    fn verb(&self) -> &'static str {
        match self {
            Step::Submit => "hand in",
            Step::Return { .. } => "return",
            Step::Pass { .. } => "pass on",
            Step::Approve { .. } => "approve",
            Step::Close { .. } => "close",
        }
    }

    fn texts_given(&self) -> Result<(), Invalid> {
        match self {
            Step::Return { comment } if comment.trim().is_empty() => {
                refuse("steps", "say why the plan is returned")
            }
            Step::Close { conclusion } if conclusion.done.trim().is_empty() => {
                refuse("steps", "say what was done before closing the plan")
            }
            _ => Ok(()),
        }
    }
}

impl PlanStatus {
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

/// The status the steps lead to, each checked in order and in time.
pub(super) fn replay(plan: &MaintenancePlan) -> Result<PlanStatus, Invalid> {
    let mut status = PlanStatus::Draft;
    let mut last = plan.drafted_at.utc;
    for taken in &plan.steps {
        if taken.at.utc < last {
            return refuse("steps", "steps out of order in time");
        }
        last = taken.at.utc;
        taken.step.texts_given()?;
        status = taken.step.from(status)?;
    }
    Ok(status)
}

impl MaintenancePlan {
    pub fn status(&self) -> PlanStatus {
        replay(self).unwrap_or(PlanStatus::Draft)
    }

    /// The plan with `step` taken at `at`, if it can be taken now.
    pub fn take(&self, step: Step, at: DeviceTime) -> Result<Self, Invalid> {
        let mut next = self.clone();
        next.steps.push(Taken { step, by: None, at });
        next.validate()?;
        Ok(next)
    }

    /// The comment of the last return, while it is a draft again.
    pub fn returned_with(&self) -> Option<&Taken> {
        self.steps
            .last()
            .filter(|t| matches!(t.step, Step::Return { .. }))
    }

    /// The conclusion, once closed.
    pub fn conclusion(&self) -> Option<&Conclusion> {
        self.steps.iter().rev().find_map(|t| match &t.step {
            Step::Close { conclusion } => Some(conclusion),
            _ => None,
        })
    }

    /// Whether `role` may make this plan out of `before` (the server's copy;
    /// `None`: a new plan): a supervisor or above writes a draft's content and
    /// sets the tasks of a draft or an approved plan; each new step must be its
    /// role's and lead on from where the server's copy stands. A copy behind the
    /// server's (its steps a prefix of the server's) adds no step.
    pub fn admit(&self, before: Option<&MaintenancePlan>, role: Role) -> Result<(), Refused> {
        let (old_steps, old_status) = match before {
            None => (&[][..], PlanStatus::Draft),
            Some(b) => (&b.steps[..], b.status()),
        };
        let content_changed = before.is_none_or(|b| b.content != self.content);
        let tasks_changed = before.map_or(!self.tasks.is_empty(), |b| b.tasks != self.tasks);
        if (content_changed || tasks_changed) && !role.supervises() {
            return Err(Refused::NotYours(Invalid::new(
                "maintenance_plan",
                "content",
                "only a supervisor or above drafts a plan and sets its tasks",
            )));
        }
        if content_changed && old_status != PlanStatus::Draft {
            return Err(Refused::NotNow(Invalid::new(
                "maintenance_plan",
                "content",
                format!("the plan is {}: its content is frozen", old_status.name()),
            )));
        }
        if tasks_changed && !old_status.tasks_open() {
            return Err(Refused::NotNow(Invalid::new(
                "maintenance_plan",
                "tasks",
                format!("the plan is {}: its tasks are set", old_status.name()),
            )));
        }
        let common = old_steps
            .iter()
            .zip(&self.steps)
            .take_while(|(a, b)| a.step == b.step && a.at == b.at)
            .count();
        let mut status = PlanStatus::Draft;
        for taken in &self.steps[..common] {
            status = taken.step.from(status).map_err(Refused::NotNow)?;
        }
        if common < old_steps.len() && common < self.steps.len() {
            return Err(Refused::NotNow(Invalid::new(
                "maintenance_plan",
                "steps",
                "the plan was decided on meanwhile: read it again",
            )));
        }
        for taken in &self.steps[common..] {
            taken
                .step
                .allowed_to(status, role)
                .map_err(Refused::NotYours)?;
            status = taken.step.from(status).map_err(Refused::NotNow)?;
        }
        Ok(())
    }
}

/// Why a change of a plan is not admitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not this role's to make (the server answers 403).
    NotYours(Invalid),
    /// Not now: the plan has moved on since the change was made (left out and
    /// reported, like a step a role no longer allows).
    NotNow(Invalid),
}
