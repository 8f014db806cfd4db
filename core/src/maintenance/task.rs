//! A maintenance task reported done, with what it actually cost (seed 002 §7:
//! 客户关系专人根据方案实行各项客户关系维护工作): written once by whoever did it,
//! on their device, offline like a visit. The server admits it from the task's
//! assignee or a supervisor, on an approved plan.
use super::{MaintenancePlan, PlanStatus};
use crate::error::Invalid;
use crate::types::{Cny, DeviceTime};
use crate::user::UserId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TaskReport {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub task_id: Uuid,
    /// The day it was done.
    pub done_on: NaiveDate,
    /// What it actually cost.
    pub cost: Cny,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Who reported it (the server says, from the token).
    #[serde(default)]
    pub by: Option<UserId>,
    pub at: DeviceTime,
}

fn refuse<T>(field: &'static str, message: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid::new("task_report", field, message))
}

impl TaskReport {
    /// The task `task_id` of the plan `plan_id` done on `done_on` at `cost`.
    pub fn new(
        id: Uuid,
        plan_id: Uuid,
        task_id: Uuid,
        done_on: NaiveDate,
        cost: Cny,
        note: &str,
        at: DeviceTime,
    ) -> Result<Self, Invalid> {
        let report = TaskReport {
            id,
            plan_id,
            task_id,
            done_on,
            cost,
            note: note.trim().to_owned(),
            by: None,
            at,
        };
        report.validate()?;
        Ok(report)
    }

    /// Whether it may be added to `reports`: a task of `plan`, approved, not yet
    /// reported done.
    pub fn first_of(&self, plan: &MaintenancePlan, reports: &[TaskReport]) -> Result<(), Invalid> {
        self.fits(plan)?;
        if reports
            .iter()
            .any(|r| r.plan_id == self.plan_id && r.task_id == self.task_id && r.id != self.id)
        {
            return refuse("task_id", "this task is already reported done");
        }
        Ok(())
    }

    /// Whether it reports a task of `plan`, approved.
    pub fn fits(&self, plan: &MaintenancePlan) -> Result<(), Invalid> {
        if plan.id != self.plan_id || !plan.tasks.iter().any(|t| t.id == self.task_id) {
            return refuse("task_id", "no such task in the plan");
        }
        if plan.status() != PlanStatus::Approved {
            return refuse("plan_id", "tasks are reported on an approved plan");
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.done_on > self.at.local_date() {
            return refuse("done_on", "done on a day after it was reported");
        }
        Ok(())
    }
}

impl crate::kind::Kind for TaskReport {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Whole;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &["by"];

    fn key(&self) -> Uuid {
        self.id
    }

    /// The company's, as its plan is.
    fn customer_id(&self) -> Option<Uuid> {
        None
    }

    fn validate(&self) -> Result<(), Invalid> {
        TaskReport::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        let plan = MaintenancePlan::example();
        TaskReport {
            id: Uuid::from_u128(0x3c),
            plan_id: plan.id,
            task_id: plan.tasks[0].id,
            done_on: example::at().local_date(),
            cost: Cny(1_200),
            note: "巡检 12 台开关柜，无异常".into(),
            by: None,
            at: example::at(),
        }
    }
}

/// A task still to do, with its plan.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenTask<'a> {
    pub plan: &'a MaintenancePlan,
    pub task: &'a super::Task,
}

/// The tasks of approved plans handed to `user` and not yet reported done, the
/// earliest due first: what Today shows them.
pub fn open_tasks<'a>(
    plans: &'a [MaintenancePlan],
    reports: &[TaskReport],
    user: UserId,
) -> Vec<OpenTask<'a>> {
    let mut open: Vec<OpenTask> = plans
        .iter()
        .filter(|p| p.status() == PlanStatus::Approved)
        .flat_map(|plan| plan.tasks.iter().map(move |task| OpenTask { plan, task }))
        .filter(|o| o.task.assignee == user)
        .filter(|o| {
            !reports
                .iter()
                .any(|r| r.plan_id == o.plan.id && r.task_id == o.task.id)
        })
        .collect();
    open.sort_by_key(|o| (o.task.due, o.task.id));
    open
}
