//! The decisions on the company's records that belong to one role, checked
//! against who is signed in (never the body): what is drawn up and each step of
//! an approval — a maintenance plan's, a visit plan's (`core::approval`) — a task
//! reported done only by its assignee or a supervisor, and who evaluated a customer. What the
//! role may not do is refused (403, nothing of the push applied); what the
//! record's state no longer allows — a plan decided on meanwhile — is left out
//! and reported, like an issue step someone else took first.
use crate::accounts::User;
use crate::error::ApiError;
use revisit_core::approval::{Approvable, Refused};
use revisit_core::maintenance::{MaintenancePlan, TaskReport};
use revisit_core::sync::protocol::Record;
use serde_json::Value;

/// A stored body read as its record (`None`: none, or not one).
fn before<T: serde::de::DeserializeOwned>(stored: Option<&Value>) -> Option<T> {
    stored.and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// A record of the office's approvals (`core::approval`): admitted from the role
/// each change belongs to, and signed.
fn approved<T: Approvable + serde::de::DeserializeOwned>(
    user: &User,
    record: &mut T,
    current: Option<&Value>,
) -> Result<Decided, ApiError> {
    let before: Option<T> = before(current);
    match record.admit(before.as_ref(), user.role) {
        Ok(()) => {
            record.sign(user.id, before.as_ref());
            Ok(Decided::Write)
        }
        Err(Refused::NotYours(refused)) => Err(ApiError::Forbidden(format!(
            "{} ({}) may not change {} {}: {}",
            user.name,
            user.role.as_str(),
            T::NAME,
            record.id(),
            refused.message
        ))),
        Err(Refused::NotNow(refused)) => Ok(Decided::Skip(format!(
            "{} {}: {}",
            T::NAME,
            record.id(),
            refused.message
        ))),
    }
}

/// What a decision comes to: write the record (signed), or leave it out and why.
pub enum Decided {
    Write,
    Skip(String),
}

/// Checks and signs `record` (whose server copy is `current`), for the kinds
/// whose changes are one role's; `plan_of` gives a task's plan as stored.
pub fn decide(
    user: &User,
    record: &mut Record,
    current: Option<&Value>,
    plan_of: Option<&Value>,
) -> Result<Decided, ApiError> {
    match record {
        Record::MaintenancePlan(plan) => approved(user, plan, current),
        Record::VisitPlan(plan) => approved(user, plan, current),
        Record::TaskReport(report) => {
            let Some(plan) = before::<MaintenancePlan>(plan_of) else {
                return Ok(Decided::Skip(format!(
                    "task report {}: no maintenance plan {} on the server",
                    report.id, report.plan_id
                )));
            };
            let assignee = plan
                .tasks
                .iter()
                .find(|t| t.id == report.task_id)
                .map(|t| t.assignee);
            if assignee.is_some_and(|a| a != user.id) && !user.role.supervises() {
                return Err(ApiError::Forbidden(format!(
                    "{} may not report task {} done: it is another's, and only its assignee \
                     or a supervisor reports it",
                    user.name, report.task_id
                )));
            }
            if let Err(refused) = report.fits(&plan) {
                return Ok(Decided::Skip(format!(
                    "task report {}: {}",
                    report.id, refused.message
                )));
            }
            let before: Option<TaskReport> = before(current);
            report.by = Some(before.and_then(|b| b.by).unwrap_or(user.id));
            Ok(Decided::Write)
        }
        Record::Evaluation(evaluation) => {
            let before: Option<revisit_core::evaluation::Evaluation> = before(current);
            evaluation.by = Some(before.and_then(|b| b.by).unwrap_or(user.id));
            Ok(Decided::Write)
        }
        _ => Ok(Decided::Write),
    }
}
