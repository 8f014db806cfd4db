//! Maintenance plans (客户维护方案, seed 002: workflow steps 4–8 and the control
//! procedure §6–§8). A supervisor (客户关系主管) drafts a plan for one customer or
//! for a tier — its goals, measures, methods, who carries it out, the schedule and
//! the cost budget; the customer-service manager (客户服务经理) reviews it and
//! returns it with comments or passes it on; the customer director (客户总监)
//! approves it or returns it. Once approved, the supervisor breaks it into tasks
//! with owners and due dates; each task done is reported with its actual cost
//! ([`TaskReport`]); at the end the plan is evaluated (客户维护总结表, [`summary`])
//! and closed.
//!
//! A plan is edited in place (merged field by field, like a customer's file); its
//! approval is an append-only list of signed steps, each the decision of one role
//! ([`flow`]). The server admits a change only from the role it belongs to
//! ([`MaintenancePlan::admit`]) and signs each new step with who is signed in.
pub mod flow;
pub mod summary;
mod task;

pub use flow::{Conclusion, PlanStatus, Step, Taken};

use crate::approval::{Approvable, Approval, Refused};
pub use task::{open_tasks, OpenTask, TaskReport};

use crate::error::Invalid;
use crate::tier::Tier;
use crate::types::{Cny, DeviceTime};
use crate::user::UserId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Whom a plan is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
/// Externally tagged (`{"tier": {"tier": "major"}}`): serde's plainest form, and
/// the smallest code to read it in the app.
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One customer (a major customer's own plan).
    Customer { customer_id: Uuid },
    /// Every customer of a tier (the tier group's plan).
    Tier { tier: Tier },
}

/// One line of the cost budget (维护费用预算).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BudgetLine {
    pub item: String,
    pub amount: Cny,
}

/// A piece of the plan handed to someone, with its deadline (seed 002 §7: 将维护任务
/// 进行分解,分派给有关人员,并确定完毕期限).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Task {
    pub id: Uuid,
    pub what: String,
    pub assignee: UserId,
    pub due: NaiveDate,
    /// The customer it is done at, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Uuid>,
}

/// What a plan says (its content): written while it is a draft, frozen once it is
/// handed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanContent {
    pub title: String,
    pub scope: Scope,
    /// The period it covers.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// 维护目标.
    pub goals: String,
    /// 维护措施.
    pub measures: String,
    /// 维护方式: visits, calls, events, gifts… in words.
    #[serde(default)]
    pub methods: String,
    /// 负责人员.
    pub responsible: Vec<UserId>,
    /// 时间安排.
    #[serde(default)]
    pub schedule: String,
    /// 维护费用预算.
    pub budget: Vec<BudgetLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MaintenancePlan {
    pub id: Uuid,
    pub content: PlanContent,
    /// The tasks it is carried out as (set once approved; may be drafted before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// When and by whom it was drafted, and its approval step by step.
    pub approval: Approval,
}

pub(crate) fn refuse<T>(field: &'static str, message: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid::new("maintenance_plan", field, message))
}

impl MaintenancePlan {
    /// A new draft.
    pub fn draft(id: Uuid, content: PlanContent, at: DeviceTime) -> Result<Self, Invalid> {
        let plan = MaintenancePlan {
            id,
            content: content.trimmed(),
            tasks: Vec::new(),
            approval: Approval::drafted(at),
        };
        plan.validate()?;
        Ok(plan)
    }

    /// The draft with new content: only while it is a draft (new or returned).
    pub fn revised(&self, content: PlanContent) -> Result<Self, Invalid> {
        if self.status() != PlanStatus::Draft {
            return refuse("content", "a plan is changed while it is a draft");
        }
        let mut next = self.clone();
        next.content = content.trimmed();
        next.validate()?;
        Ok(next)
    }

    /// The plan with its tasks set: while a draft or once approved.
    pub fn with_tasks(&self, tasks: Vec<Task>) -> Result<Self, Invalid> {
        if !self.status().tasks_open() {
            return refuse("tasks", "tasks are set on a draft or an approved plan");
        }
        let mut next = self.clone();
        next.tasks = tasks
            .into_iter()
            .map(|t| Task {
                what: t.what.trim().to_owned(),
                ..t
            })
            .collect();
        next.validate()?;
        Ok(next)
    }

    /// The budget's total.
    pub fn budget(&self) -> Cny {
        self.content.budget.iter().map(|l| l.amount).sum()
    }

    /// Whether the plan covers `customer` (its own, or one of its tier: `tier_of`).
    pub fn covers(&self, customer: Uuid, tier_of: impl Fn(Uuid) -> Option<Tier>) -> bool {
        match self.content.scope {
            Scope::Customer { customer_id } => customer_id == customer,
            Scope::Tier { tier } => tier_of(customer) == Some(tier),
        }
    }

    /// A title, a period in order, goals and measures, someone responsible, each
    /// budget line named, tasks named and due within reach of the period; the
    /// steps a legal sequence in time.
    pub fn validate(&self) -> Result<(), Invalid> {
        let c = &self.content;
        if c.title.trim().is_empty() {
            return refuse("title", "a plan has a title");
        }
        if c.to < c.from {
            return refuse("to", "the period ends before it starts");
        }
        if c.goals.trim().is_empty() {
            return refuse("goals", "say what the plan is to achieve");
        }
        if c.measures.trim().is_empty() {
            return refuse("measures", "say how: the measures");
        }
        if c.responsible.is_empty() {
            return refuse("responsible", "name who carries it out");
        }
        if c.budget.iter().any(|l| l.item.trim().is_empty()) {
            return refuse("budget", "each budget line says what it is for");
        }
        for (i, task) in self.tasks.iter().enumerate() {
            if task.what.trim().is_empty() {
                return refuse("tasks", "each task says what is to be done");
            }
            if self.tasks[..i].iter().any(|t| t.id == task.id) {
                return refuse("tasks", "a task is listed twice");
            }
        }
        flow::replay(self).map(|_| ())
    }
}

impl PlanContent {
    fn trimmed(self) -> Self {
        PlanContent {
            title: self.title.trim().to_owned(),
            goals: self.goals.trim().to_owned(),
            measures: self.measures.trim().to_owned(),
            methods: self.methods.trim().to_owned(),
            schedule: self.schedule.trim().to_owned(),
            budget: self
                .budget
                .into_iter()
                .map(|l| BudgetLine {
                    item: l.item.trim().to_owned(),
                    ..l
                })
                .collect(),
            ..self
        }
    }
}

impl Approvable for MaintenancePlan {
    const NAME: &'static str = "maintenance plan";
    const CHAIN: crate::approval::Chain = flow::CHAIN;

    fn id(&self) -> Uuid {
        self.id
    }

    fn approval(&self) -> &Approval {
        &self.approval
    }

    fn approval_mut(&mut self) -> &mut Approval {
        &mut self.approval
    }

    fn check(&self) -> Result<(), Invalid> {
        self.validate()
    }

    fn admit_content(&self, before: Option<&Self>, role: crate::user::Role) -> Result<(), Refused> {
        flow::admit_content(self, before, role)
    }
}

impl crate::kind::Kind for MaintenancePlan {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Merged;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &[
        "content.responsible[]",
        "tasks[].assignee",
        "approval.drafted_by",
        "approval.steps[].by",
    ];

    fn key(&self) -> Uuid {
        self.id
    }

    /// The company's: every device reads it (a technician sees the tasks handed
    /// to them, whoever's customer they are at).
    fn customer_id(&self) -> Option<Uuid> {
        None
    }

    fn validate(&self) -> Result<(), Invalid> {
        MaintenancePlan::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        let zhang = UserId::of_name(example::USERS[0]);
        let content = PlanContent {
            title: "华东电力 2027 年度维护方案".into(),
            scope: Scope::Customer {
                customer_id: example::CUSTOMER,
            },
            from: example::day(),
            to: example::day() + chrono::Days::new(180),
            goals: "满意度保持 4.5 以上，续签框架协议".into(),
            measures: "季度上门巡检，年度技术培训".into(),
            methods: "上门走访、电话回访、技术培训".into(),
            responsible: vec![zhang],
            schedule: "每季度第一个月".into(),
            budget: vec![BudgetLine {
                item: "培训场地与资料".into(),
                amount: Cny(8_000),
            }],
        };
        let mut plan = MaintenancePlan::draft(Uuid::from_u128(0x3a), content, example::at())
            .unwrap_or_else(|e| unreachable!("a valid example: {e}"));
        plan.tasks.push(Task {
            id: Uuid::from_u128(0x3b),
            what: "一季度上门巡检".into(),
            assignee: zhang,
            due: example::day() + chrono::Days::new(30),
            customer_id: Some(example::CUSTOMER),
        });
        plan
    }
}

#[cfg(test)]
mod tests;
