//! The proposal register (客户提案登记表, seed 002 §四–§七): a proposal is an issue
//! of category 提案 whose history also records the register's steps — the
//! customer acknowledged and thanked, the decision extended with approval, the
//! implementation planned, the reward paid, the customer told of its use. Here:
//! which of those steps may be taken when (`issue::register_steps`, the loop's
//! own rules), the checks that need the settings ([`acknowledge`], [`pay_reward`]),
//! and the register's row read from the history ([`Register::of`]).
use super::{DecisionDeadline, Grade, Outcome, ProposalSettings};
use crate::department::Department;
use crate::error::Invalid;
use crate::issue::register_steps::check_step;
use crate::issue::{Issue, IssueEvent, Step};
use crate::received::Channel;
use crate::types::{Cny, DeviceTime};
use chrono::NaiveDate;

/// The acknowledgement step, with the expected date within the decision's
/// latest deadline.
pub fn acknowledge(
    issue: &Issue,
    expected_by: NaiveDate,
    note: String,
    settings: &ProposalSettings,
) -> Result<Step, Invalid> {
    if let Some(due) = issue.decision_deadline(settings) {
        if expected_by > due.latest {
            return Err(Invalid::new(
                "issue",
                "expected_by",
                format!(
                    "a decision is due by {} at the latest, not {expected_by}",
                    due.latest
                ),
            ));
        }
    }
    let step = Step::Acknowledge { expected_by, note };
    check_step(issue, &step)?;
    Ok(step)
}

/// The reward step, with the amount within the band of the proposal's grade.
pub fn pay_reward(
    issue: &Issue,
    amount: Cny,
    settings: &ProposalSettings,
) -> Result<Step, Invalid> {
    let step = Step::PayReward { amount };
    check_step(issue, &step)?;
    let Some(grade) = issue.outcome().and_then(|o| o.grade(settings)) else {
        return Err(Invalid::new(
            "issue",
            "grade",
            "an adopted proposal is graded before its reward is paid",
        ));
    };
    grade.check_reward(amount, settings)?;
    Ok(step)
}

/// What was done, when and by whom: one entry of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done<T> {
    pub what: T,
    pub event: IssueEvent,
}

/// An adopted proposal's implementation plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Implementation {
    pub measures: String,
    pub department: Department,
    pub by_date: NaiveDate,
}

/// One row of the proposal register, read from the issue's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub came_in: DeviceTime,
    pub channel: Option<Channel>,
    /// The latest acknowledgement: the expected decision date.
    pub acknowledged: Option<Done<NaiveDate>>,
    /// The approved extension, with its reason.
    pub extended: Option<Done<String>>,
    pub deadline: DecisionDeadline,
    /// The decision as told to the customer (the latest feedback).
    pub decided: Option<Done<Outcome>>,
    pub grade: Option<Grade>,
    pub implementation: Option<Done<Implementation>>,
    pub reward: Option<Done<Cny>>,
    pub told_use: Option<Done<String>>,
}

impl Register {
    /// The register's row of `issue`; `None` when it is not a proposal.
    pub fn of(issue: &Issue, settings: &ProposalSettings) -> Option<Self> {
        let deadline = issue.decision_deadline(settings)?;
        let acknowledged = latest(issue, |s| match s {
            Step::Acknowledge { expected_by, .. } => Some(*expected_by),
            _ => None,
        });
        let extended = latest(issue, |s| match s {
            Step::ExtendDecision { reason } => Some(reason.clone()),
            _ => None,
        });
        let decided = latest(issue, |s| match s {
            Step::GiveFeedback {
                outcome: Some(o), ..
            } => Some(o.clone()),
            _ => None,
        });
        let implementation = latest(issue, |s| match s {
            Step::PlanImplementation {
                measures,
                department,
                by_date,
            } => Some(Implementation {
                measures: measures.clone(),
                department: *department,
                by_date: *by_date,
            }),
            _ => None,
        });
        let reward = latest(issue, |s| match s {
            Step::PayReward { amount } => Some(*amount),
            _ => None,
        });
        let told_use = latest(issue, |s| match s {
            Step::TellUse { note } => Some(note.clone()),
            _ => None,
        });
        Some(Register {
            came_in: issue.came_in(),
            channel: issue.received.as_ref().map(|r| r.channel),
            grade: decided.as_ref().and_then(|d| d.what.grade(settings)),
            acknowledged,
            extended,
            deadline,
            decided,
            implementation,
            reward,
            told_use,
        })
    }

    /// No decision by the latest deadline (with an approved extension, 30 days).
    pub fn is_decision_overdue(&self, today: NaiveDate) -> bool {
        match &self.decided {
            Some(d) => d.event.at.local_date() > self.deadline.latest,
            None => today > self.deadline.latest,
        }
    }
}

/// The latest step of the history `what` reads something from, with its event.
fn latest<T>(issue: &Issue, what: impl Fn(&Step) -> Option<T>) -> Option<Done<T>> {
    issue.history.iter().rev().find_map(|event| {
        Some(Done {
            what: what(&event.step)?,
            event: event.clone(),
        })
    })
}

#[cfg(test)]
mod tests;
