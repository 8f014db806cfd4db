//! The rules of the proposal register's steps (`crate::proposal::register`) that
//! the issue alone decides: which may be taken when. The loop asks them for every
//! such step, also when an issue's history is replayed; they live here, beside the
//! loop, so that the issue needs nothing of the proposal register.
use super::{status_name, Category, Issue, IssueStatus, Step};
use crate::error::Invalid;
use crate::proposal::Outcome;

/// The rules of the register's steps that the issue alone decides (the loop
/// calls it for every such step, also when an issue's history is replayed).
pub fn check_step(issue: &Issue, step: &Step) -> Result<(), Invalid> {
    let refuse = |field: &'static str, message: String| Err(Invalid::new("issue", field, message));
    let not_empty = |field: &'static str, text: &str, what: &str| {
        if text.trim().is_empty() {
            refuse(field, format!("{what} is required"))
        } else {
            Ok(())
        }
    };
    let proposal = issue.category == Category::Proposal;
    let closed = issue.status.is_closed();
    let adopted = issue.outcome().is_some_and(Outcome::is_adopted);
    let has = |f: fn(&Step) -> bool| issue.history.iter().any(|e| f(&e.step));
    match step {
        Step::Acknowledge { expected_by, .. } => {
            if !matches!(issue.category, Category::Proposal | Category::Complaint) {
                return refuse(
                    "step",
                    "only a complaint or a proposal is acknowledged".into(),
                );
            }
            if closed {
                return refuse(
                    "status",
                    format!(
                        "cannot acknowledge an issue that is {}",
                        status_name(issue.status)
                    ),
                );
            }
            if proposal && issue.outcome().is_some() {
                return refuse(
                    "step",
                    "a proposal is acknowledged before its decision (the decision is told at feedback)"
                        .into(),
                );
            }
            let came_in = issue.came_in().local_date();
            if *expected_by < came_in {
                return refuse(
                    "expected_by",
                    format!("a decision expected on {expected_by}, before it came in on {came_in}"),
                );
            }
            Ok(())
        }
        Step::ExtendDecision { reason } => {
            if !proposal {
                return refuse("step", "only a proposal's decision is extended".into());
            }
            if closed || issue.outcome().is_some() {
                return refuse("status", "a decision is extended before it is given".into());
            }
            if has(|s| matches!(s, Step::ExtendDecision { .. })) {
                return refuse("step", "a decision is extended once".into());
            }
            not_empty("reason", reason, "the reason for more time")
        }
        Step::PlanImplementation { .. } | Step::PayReward { .. } | Step::TellUse { .. } => {
            if !adopted {
                return refuse(
                    "step",
                    "only an adopted proposal is implemented and rewarded".into(),
                );
            }
            if !matches!(
                issue.status,
                IssueStatus::FeedbackGiven | IssueStatus::Verified
            ) {
                return refuse(
                    "status",
                    format!("not while the proposal is {}", status_name(issue.status)),
                );
            }
            match step {
                Step::PlanImplementation { measures, .. } => {
                    not_empty("measures", measures, "what will be done")
                }
                Step::PayReward { .. } => {
                    if has(|s| matches!(s, Step::PayReward { .. })) {
                        return refuse("reward", "the reward is already paid".into());
                    }
                    Ok(())
                }
                Step::TellUse { note } => {
                    if !has(|s| matches!(s, Step::PlanImplementation { .. })) {
                        return refuse(
                            "step",
                            "the customer is told of the use once it is planned".into(),
                        );
                    }
                    not_empty("note", note, "what the customer was told")
                }
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}
