//! Issues (问题/反馈) and their closed loop: recorded 记录 → in handling 处理 →
//! feedback given 反馈 → verified by the customer 验证 (seed 000 §3), or rejected /
//! withdrawn with a reason. The history is append-only.
use crate::calendar::WorkCalendar;
use crate::department::Department;
use crate::error::Invalid;
use crate::proposal::ProposalSettings;
use crate::proposal::{decision_deadline, DecisionDeadline, Outcome, ProposalArea};
use crate::received::Received;
use crate::types::{Cny, DeviceTime};
use crate::user::UserId;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 产品质量 (precision deviation, durability…)
    ProductQuality,
    /// 技术 / 操作
    Technical,
    /// 服务
    Service,
    /// 交付与物流
    DeliveryLogistics,
    /// 单证资料
    Documents,
    /// 投诉
    Complaint,
    /// 提案
    Proposal,
    /// 信息反馈: what the customer tells of their plans, needs or the market.
    InformationFeedback,
}

impl Category {
    /// Every category, in the order forms list them: what a customer most often
    /// calls about first.
    pub const ALL: [Category; 8] = [
        Category::Complaint,
        Category::ProductQuality,
        Category::Technical,
        Category::Service,
        Category::DeliveryLogistics,
        Category::Documents,
        Category::Proposal,
        Category::InformationFeedback,
    ];
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    Recorded,
    Handling,
    FeedbackGiven,
    Verified,
    Rejected,
    Withdrawn,
}

impl IssueStatus {
    /// Verified, rejected and withdrawn issues are closed.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            IssueStatus::Verified | IssueStatus::Rejected | IssueStatus::Withdrawn
        )
    }
}

/// A step of the loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    StartHandling,
    GiveFeedback {
        resolution: String,
        /// A proposal's decision (adopted / on hold / not adopted, with the reason
        /// told to the customer); only proposals have one, and they must.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<Outcome>,
    },
    /// The customer confirms the problem is solved.
    Verify {
        customer_confirmation: String,
    },
    /// The customer is not satisfied with the feedback: back to handling.
    Reopen {
        reason: String,
    },
    Reject {
        reason: String,
    },
    Withdraw {
        reason: String,
    },
    /// 答复并感谢: the customer is told it was received, when a decision is
    /// expected and who handles it, and thanked (a complaint or a proposal; again
    /// when the expected date changes).
    Acknowledge {
        expected_by: NaiveDate,
        #[serde(default)]
        note: String,
    },
    /// A proposal's decision may take up to 30 days: approved by a supervisor or
    /// above (the server checks who, [`Step::needs_supervisor`]).
    ExtendDecision {
        reason: String,
    },
    /// An adopted proposal's implementation: measures, the department, by when.
    PlanImplementation {
        measures: String,
        department: Department,
        by_date: NaiveDate,
    },
    /// The reward actually paid for an adopted proposal.
    PayReward {
        amount: Cny,
    },
    /// The customer told how and when their adopted proposal is put to use.
    TellUse {
        note: String,
    },
}

impl Step {
    /// Steps of the proposal register (提案登记表): they record what was done
    /// without moving the loop's status.
    pub fn is_register(&self) -> bool {
        matches!(
            self,
            Step::Acknowledge { .. }
                | Step::ExtendDecision { .. }
                | Step::PlanImplementation { .. }
                | Step::PayReward { .. }
                | Step::TellUse { .. }
        )
    }

    /// Only a supervisor or above may take it.
    pub fn needs_supervisor(&self) -> bool {
        matches!(self, Step::ExtendDecision { .. })
    }

    /// Refuses a step the user's role may not take (the server asks, with the
    /// role of who is signed in; the app offers only what it allows).
    pub fn allowed_to(&self, role: crate::user::Role) -> Result<(), Invalid> {
        if self.needs_supervisor() && !role.supervises() {
            return Err(Invalid::new(
                "issue",
                "step",
                format!(
                    "only a supervisor or above may {} a proposal",
                    step_name(self).trim_end_matches(" of")
                ),
            ));
        }
        Ok(())
    }
}

/// Who did what when: one entry of the append-only history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IssueEvent {
    pub id: Uuid,
    pub step: Step,
    /// Who took the step (the server says, from the token); `None`: not known
    /// where it was taken (a device without its user).
    #[serde(default)]
    pub by: Option<UserId>,
    pub at: DeviceTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Issue {
    pub id: Uuid,
    pub customer_id: Uuid,
    #[serde(default)]
    pub installation_id: Option<Uuid>,
    #[serde(default)]
    pub visit_id: Option<Uuid>,
    pub category: Category,
    /// For proposals: which area it concerns (decides routing).
    #[serde(default)]
    pub proposal_area: Option<ProposalArea>,
    pub severity: Severity,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub departments: Vec<Department>,
    pub raised_at: DeviceTime,
    pub due: DateTime<Utc>,
    pub status: IssueStatus,
    #[serde(default)]
    pub history: Vec<IssueEvent>,
    /// How and when it came in, for an issue raised by hand (a visit's issues
    /// came in on the visit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<Received>,
}

/// Which departments handle an issue (seed 000 §5, seed 002's proposal table).
pub fn route(category: Category, proposal_area: Option<ProposalArea>) -> Vec<Department> {
    use Department::*;
    match category {
        Category::ProductQuality => vec![QualityControl, Production],
        Category::Technical => vec![TechnicalSupport],
        Category::Service | Category::Complaint | Category::InformationFeedback => {
            vec![CustomerService]
        }
        Category::DeliveryLogistics | Category::Documents => vec![Sales],
        Category::Proposal => {
            proposal_area.map_or(vec![CustomerService], ProposalArea::departments)
        }
    }
}

/// The title of the issue a "not OK" checklist item raises: the item and, when
/// the technician wrote what they saw, its first line — within a title's bound
/// (cut with an ellipsis; the whole note is the description).
pub fn checklist_title(item: &str, seen: &str) -> String {
    let seen = seen.lines().map(str::trim).find(|l| !l.is_empty());
    let title = match seen {
        Some(seen) => format!("{item}：{seen}"),
        None => format!("检查项异常：{item}"),
    };
    let max = crate::bounds::MAX_SHORT_TEXT;
    if title.chars().count() <= max {
        title
    } else {
        let mut cut: String = title.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

/// When an issue raised at `raised` must be answered, from the customer's tier:
/// clock hours around the clock (24 h, 48 h), or the end of the device-local day
/// that many working days later (tier 3: 5 working days).
pub fn due_time(
    raised: DeviceTime,
    response: ResponseTime,
    calendar: &WorkCalendar,
) -> DateTime<Utc> {
    match response {
        // Settings bound the hours (`Settings::validate`); a time past chrono's
        // range would still not panic here.
        ResponseTime::ClockHours(hours) => raised
            .utc
            .checked_add_signed(Duration::hours(i64::from(hours)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
        ResponseTime::WorkingDays(days) => {
            let date = calendar.add_working_days(raised.local_date(), days);
            let end = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
            raised
                .offset()
                .from_local_datetime(&end)
                .single()
                .map_or(raised.utc, |t| t.with_timezone(&Utc))
        }
    }
}

impl Issue {
    /// Where a step may lead from the current status; an illegal step is an error.
    pub fn next_status(&self, step: &Step) -> Result<IssueStatus, Invalid> {
        use IssueStatus::*;
        let reason_given = |reason: &str| {
            if reason.trim().is_empty() {
                Err(Invalid::new("issue", "reason", "a reason is required"))
            } else {
                Ok(())
            }
        };
        let to = match (self.status, step) {
            (Recorded, Step::StartHandling) => Handling,
            (
                Handling,
                Step::GiveFeedback {
                    resolution,
                    outcome,
                },
            ) => {
                if resolution.trim().is_empty() {
                    return Err(Invalid::new(
                        "issue",
                        "resolution",
                        "feedback needs the resolution told to the customer",
                    ));
                }
                match (self.category == Category::Proposal, outcome) {
                    (true, Some(outcome)) => outcome.validate()?,
                    (true, None) => return Err(Invalid::new(
                        "issue",
                        "outcome",
                        "a proposal's feedback gives its outcome: adopted, on hold or not adopted",
                    )),
                    (false, Some(_)) => {
                        return Err(Invalid::new(
                            "issue",
                            "outcome",
                            "only a proposal has an outcome",
                        ))
                    }
                    (false, None) => {}
                }
                FeedbackGiven
            }
            (FeedbackGiven, Step::Verify { .. }) => Verified,
            (FeedbackGiven, Step::Reopen { reason }) => {
                reason_given(reason)?;
                Handling
            }
            (Recorded | Handling | FeedbackGiven, Step::Reject { reason }) => {
                reason_given(reason)?;
                Rejected
            }
            (Recorded | Handling | FeedbackGiven, Step::Withdraw { reason }) => {
                reason_given(reason)?;
                Withdrawn
            }
            (from, step) if step.is_register() => {
                register_steps::check_step(self, step)?;
                from
            }
            (from, step) => {
                return Err(Invalid::new(
                    "issue",
                    "status",
                    format!(
                        "cannot {} an issue that is {}",
                        step_name(step),
                        status_name(from)
                    ),
                ))
            }
        };
        Ok(to)
    }

    /// A proposal's decision: the outcome of its latest feedback.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.history.iter().rev().find_map(|e| match &e.step {
            Step::GiveFeedback { outcome, .. } => outcome.as_ref(),
            _ => None,
        })
    }

    /// When a proposal's decision is due, counted from the day it came in (on the
    /// device's calendar), 30 days once an extension was approved; other issues
    /// follow their response time instead.
    pub fn decision_deadline(&self, settings: &ProposalSettings) -> Option<DecisionDeadline> {
        (self.category == Category::Proposal).then(|| {
            let extended = self
                .history
                .iter()
                .any(|e| matches!(e.step, Step::ExtendDecision { .. }));
            decision_deadline(self.came_in().local_date(), extended, settings)
        })
    }

    /// When it came in: received (by phone, post…) or else when it was recorded.
    pub fn came_in(&self) -> DeviceTime {
        self.received.as_ref().map_or(self.raised_at, |r| r.at)
    }

    /// Checks what the types cannot: a title, a due time not before it was
    /// raised, someone to handle it, and a history that leads to its status (each
    /// step once, each allowed by the loop from where the one before left it). An
    /// issue without history is at the status it came with (a file from another
    /// system); a device raises issues `recorded`, which the server enforces.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.title.trim().is_empty() {
            return Err(Invalid::new("issue", "title", "an issue needs a title"));
        }
        // The response time counts from when it came in, which may be before it
        // was recorded; it never came in after that.
        let came_in = self.came_in().utc;
        if came_in > self.raised_at.utc {
            return Err(Invalid::new(
                "issue",
                "received.at",
                "received after it was recorded",
            ));
        }
        if self.due < came_in {
            return Err(Invalid::new(
                "issue",
                "due",
                format!("due {} before it was raised", self.due),
            ));
        }
        if self.departments.is_empty() {
            return Err(Invalid::new(
                "issue",
                "departments",
                "an issue is routed to at least one department",
            ));
        }
        let mut replay = Issue {
            status: IssueStatus::Recorded,
            history: Vec::with_capacity(self.history.len()),
            ..self.clone()
        };
        for event in &self.history {
            if replay.history.iter().any(|e| e.id == event.id) {
                return Err(Invalid::new(
                    "issue",
                    "history",
                    format!("step {} appears twice", event.id),
                ));
            }
            replay.apply(event.clone())?;
        }
        if !self.history.is_empty() && replay.status != self.status {
            return Err(Invalid::new(
                "issue",
                "status",
                format!(
                    "its history leads to {}, not {}",
                    status_name(replay.status),
                    status_name(self.status)
                ),
            ));
        }
        Ok(())
    }

    /// Applies a step: appends it to the history and moves the status.
    pub fn apply(&mut self, event: IssueEvent) -> Result<(), Invalid> {
        if self.history.iter().any(|e| e.id == event.id) {
            return Ok(()); // already applied: replays change nothing
        }
        self.status = self.next_status(&event.step)?;
        self.history.push(event);
        Ok(())
    }

    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        !self.status.is_closed() && now > self.due
    }

    /// The resolution given to the customer, if any.
    pub fn resolution(&self) -> Option<&str> {
        self.history.iter().rev().find_map(|e| match &e.step {
            Step::GiveFeedback { resolution, .. } => Some(resolution.as_str()),
            _ => None,
        })
    }
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::StartHandling => "start handling",
        Step::GiveFeedback { .. } => "give feedback on",
        Step::Verify { .. } => "verify",
        Step::Reopen { .. } => "reopen",
        Step::Reject { .. } => "reject",
        Step::Withdraw { .. } => "withdraw",
        Step::Acknowledge { .. } => "acknowledge",
        Step::ExtendDecision { .. } => "extend the decision of",
        Step::PlanImplementation { .. } => "plan the implementation of",
        Step::PayReward { .. } => "pay the reward of",
        Step::TellUse { .. } => "tell the customer the use of",
    }
}

pub(crate) fn status_name(status: IssueStatus) -> &'static str {
    match status {
        IssueStatus::Recorded => "recorded",
        IssueStatus::Handling => "in handling",
        IssueStatus::FeedbackGiven => "awaiting the customer's verification",
        IssueStatus::Verified => "verified",
        IssueStatus::Rejected => "rejected",
        IssueStatus::Withdrawn => "withdrawn",
    }
}

impl crate::kind::Kind for Issue {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Whole;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &["history[].by"];

    fn key(&self) -> Uuid {
        self.id
    }

    fn customer_id(&self) -> Option<Uuid> {
        Some(self.customer_id)
    }

    fn validate(&self) -> Result<(), crate::error::Invalid> {
        Issue::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        let raised = example::at();
        Issue {
            id: Uuid::from_u128(0x15),
            customer_id: example::CUSTOMER,
            installation_id: Some(example::INSTALLATION),
            visit_id: Some(example::VISIT),
            category: Category::ProductQuality,
            proposal_area: None,
            severity: Severity::Medium,
            title: "柜门异响".into(),
            description: String::new(),
            departments: route(Category::ProductQuality, None),
            raised_at: raised,
            due: raised.utc + Duration::hours(24),
            status: IssueStatus::Recorded,
            history: Vec::new(),
            received: Some(Received {
                channel: crate::received::Channel::Phone,
                at: raised,
                contact: "王经理 138 0000 0000".into(),
            }),
        }
    }
}

/// How fast an issue must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum ResponseTime {
    /// Around the clock (7×24): 24 h, 48 h.
    ClockHours(u32),
    WorkingDays(u32),
}

pub mod register_steps;

#[cfg(test)]
mod tests;
