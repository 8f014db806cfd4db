//! Issues (问题/反馈) and their closed loop: recorded 记录 → in handling 处理 →
//! feedback given 反馈 → verified by the customer 验证 (seed 000 §3), or rejected /
//! withdrawn with a reason. The history is append-only.
use crate::calendar::WorkCalendar;
use crate::department::Department;
use crate::error::Invalid;
use crate::proposal::ProposalSettings;
use crate::proposal::{decision_deadline, DecisionDeadline, Outcome, ProposalArea};
use crate::received::Received;
use crate::types::DeviceTime;
use crate::user::UserId;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
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

    /// When a proposal's decision is due, counted from the day it was raised (on
    /// the device's calendar); other issues follow their response time instead.
    pub fn decision_deadline(&self, settings: &ProposalSettings) -> Option<DecisionDeadline> {
        (self.category == Category::Proposal)
            .then(|| decision_deadline(self.raised_at.local_date(), false, settings))
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
        let came_in = self
            .received
            .as_ref()
            .map_or(self.raised_at.utc, |r| r.at.utc);
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
    }
}

fn status_name(status: IssueStatus) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DeviceTime {
        // Beijing local time → UTC.
        let local = NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap();
        DeviceTime::new(local.and_utc() - Duration::hours(8), 480).unwrap()
    }

    fn issue() -> Issue {
        let raised = at(2026, 3, 13, 10);
        Issue {
            id: Uuid::from_u128(1),
            customer_id: Uuid::from_u128(2),
            installation_id: None,
            visit_id: None,
            category: Category::ProductQuality,
            proposal_area: None,
            severity: Severity::Medium,
            title: "测量精度偏差".into(),
            description: String::new(),
            departments: route(Category::ProductQuality, None),
            raised_at: raised,
            due: due_time(
                raised,
                ResponseTime::ClockHours(24),
                &WorkCalendar::default(),
            ),
            status: IssueStatus::Recorded,
            history: Vec::new(),
            received: None,
        }
    }

    fn event(n: u128, step: Step) -> IssueEvent {
        IssueEvent {
            id: Uuid::from_u128(n),
            step,
            by: Some(crate::user::UserId::of_name("张工")),
            at: at(2026, 3, 13, 11),
        }
    }

    #[test]
    fn an_absurd_response_time_is_refused_in_settings_and_never_panics() {
        let mut settings = crate::settings::Settings::default();
        settings.key.response = ResponseTime::ClockHours(1_000_000_000);
        assert_eq!(settings.validate().unwrap_err().field, "response");
        settings.key.response = ResponseTime::WorkingDays(100_000);
        assert_eq!(settings.validate().unwrap_err().field, "response");
        assert!(crate::settings::Settings::default().validate().is_ok());
        // Even unchecked, the sum saturates instead of panicking.
        let raised = at(2026, 3, 13, 10);
        let far = due_time(
            raised,
            ResponseTime::ClockHours(u32::MAX),
            &WorkCalendar::default(),
        );
        assert!(far > raised.utc);
    }

    #[test]
    fn an_issue_is_valid_only_when_its_history_leads_to_its_status() {
        let mut i = issue();
        assert_eq!(i.validate(), Ok(()));
        i.apply(event(10, Step::StartHandling)).unwrap();
        assert_eq!(i.validate(), Ok(()), "handling, by its one step");

        let mut skipped = i.clone();
        skipped.status = IssueStatus::Verified;
        let err = skipped.validate().unwrap_err();
        assert_eq!(err.field, "status");

        let mut twice = i.clone();
        twice.history.push(twice.history[0].clone());
        twice.status = IssueStatus::Handling;
        assert_eq!(twice.validate().unwrap_err().field, "history");

        let mut illegal = issue();
        illegal.history = vec![event(
            12,
            Step::Verify {
                customer_confirmation: "好".into(),
            },
        )];
        illegal.status = IssueStatus::Verified;
        assert_eq!(
            illegal.validate().unwrap_err().field,
            "status",
            "cannot verify a recorded issue"
        );

        let untitled = Issue {
            title: "  ".into(),
            ..issue()
        };
        assert_eq!(untitled.validate().unwrap_err().field, "title");
        let early = Issue {
            due: issue().raised_at.utc - Duration::hours(1),
            ..issue()
        };
        assert_eq!(early.validate().unwrap_err().field, "due");
        let nobody = Issue {
            departments: vec![],
            ..issue()
        };
        assert_eq!(nobody.validate().unwrap_err().field, "departments");
    }

    #[test]
    fn the_loop_runs_record_handle_feedback_verify() {
        let mut i = issue();
        i.apply(event(10, Step::StartHandling)).unwrap();
        assert_eq!(i.status, IssueStatus::Handling);
        i.apply(event(
            11,
            Step::GiveFeedback {
                resolution: "更换传感器".into(),
                outcome: None,
            },
        ))
        .unwrap();
        assert_eq!(i.status, IssueStatus::FeedbackGiven);
        i.apply(event(
            12,
            Step::Verify {
                customer_confirmation: "客户确认正常".into(),
            },
        ))
        .unwrap();
        assert_eq!(i.status, IssueStatus::Verified);
        assert_eq!(i.history.len(), 3);
        assert_eq!(i.resolution(), Some("更换传感器"));
        assert!(i.status.is_closed());
    }

    #[test]
    fn illegal_steps_are_errors_and_change_nothing() {
        let mut i = issue();
        let err = i
            .apply(event(
                10,
                Step::Verify {
                    customer_confirmation: String::new(),
                },
            ))
            .unwrap_err();
        assert!(
            err.message
                .contains("cannot verify an issue that is recorded"),
            "{err}"
        );
        assert_eq!(i.status, IssueStatus::Recorded);
        assert!(i.history.is_empty());
        i.apply(event(11, Step::StartHandling)).unwrap();
        assert!(i.apply(event(12, Step::StartHandling)).is_err());
        assert!(i
            .apply(event(
                13,
                Step::GiveFeedback {
                    resolution: " ".into(),
                    outcome: None,
                }
            ))
            .is_err());
        assert!(i
            .apply(event(
                14,
                Step::Reject {
                    reason: String::new()
                }
            ))
            .is_err());
        i.apply(event(
            15,
            Step::Withdraw {
                reason: "客户撤回".into(),
            },
        ))
        .unwrap();
        assert_eq!(i.status, IssueStatus::Withdrawn);
        assert!(
            i.apply(event(16, Step::StartHandling)).is_err(),
            "closed issues stay closed"
        );
    }

    #[test]
    fn a_proposals_feedback_is_its_outcome_with_a_reason() {
        use crate::proposal::Outcome;
        let mut p = issue();
        p.category = Category::Proposal;
        p.apply(event(1, Step::StartHandling)).unwrap();
        let feedback = |n, outcome| {
            event(
                n,
                Step::GiveFeedback {
                    resolution: "已评审".into(),
                    outcome,
                },
            )
        };
        assert!(
            p.apply(feedback(2, None)).is_err(),
            "a proposal needs its outcome"
        );
        let no_reason = Outcome::OnHold { reason: " ".into() };
        assert!(
            p.apply(feedback(3, Some(no_reason))).is_err(),
            "told with a reason"
        );
        let adopted = Outcome::Adopted {
            value: crate::types::Cny(3_200),
            reason: "降低能耗".into(),
        };
        p.apply(feedback(4, Some(adopted.clone()))).unwrap();
        assert_eq!(p.outcome(), Some(&adopted));
        assert_eq!(p.status, IssueStatus::FeedbackGiven);

        let mut other = issue();
        other.apply(event(5, Step::StartHandling)).unwrap();
        assert!(
            other.apply(feedback(6, Some(adopted))).is_err(),
            "only proposals have an outcome"
        );
        assert_eq!(other.outcome(), None);
    }

    #[test]
    fn a_proposals_decision_is_due_15_days_after_it_was_raised() {
        let settings = ProposalSettings::default();
        let mut p = issue();
        assert_eq!(p.decision_deadline(&settings), None, "not a proposal");
        p.category = Category::Proposal;
        // Raised on 2026-03-13 at 10:00 Beijing time.
        let due = p.decision_deadline(&settings).unwrap();
        assert_eq!(due.target, NaiveDate::from_ymd_opt(2026, 3, 28).unwrap());
        assert_eq!(due.latest, NaiveDate::from_ymd_opt(2026, 4, 2).unwrap());
    }

    #[test]
    fn an_unsatisfied_customer_reopens_the_issue() {
        let mut i = issue();
        i.apply(event(1, Step::StartHandling)).unwrap();
        i.apply(event(
            2,
            Step::GiveFeedback {
                resolution: "调整参数".into(),
                outcome: None,
            },
        ))
        .unwrap();
        i.apply(event(
            3,
            Step::Reopen {
                reason: "仍有偏差".into(),
            },
        ))
        .unwrap();
        assert_eq!(i.status, IssueStatus::Handling);
    }

    #[test]
    fn a_replayed_step_is_applied_once() {
        let mut i = issue();
        i.apply(event(1, Step::StartHandling)).unwrap();
        i.apply(event(1, Step::StartHandling)).unwrap();
        assert_eq!(i.history.len(), 1);
        assert_eq!(i.status, IssueStatus::Handling);
    }

    #[test]
    fn due_time_follows_the_tier_response() {
        let cal = WorkCalendar::default();
        let raised = at(2026, 3, 13, 10); // Friday 10:00 Beijing
        assert_eq!(
            due_time(raised, ResponseTime::ClockHours(24), &cal),
            raised.utc + Duration::hours(24)
        );
        assert_eq!(
            due_time(raised, ResponseTime::ClockHours(48), &cal),
            raised.utc + Duration::hours(48)
        );
        // Tier 3: 5 working days → Friday 20 March, end of day Beijing time.
        let due = due_time(raised, ResponseTime::WorkingDays(5), &cal);
        assert_eq!(
            due,
            at(2026, 3, 20, 23).utc + Duration::minutes(59) + Duration::seconds(59)
        );
        let mut i = issue();
        i.due = due;
        assert!(!i.is_overdue(at(2026, 3, 20, 18).utc));
        assert!(i.is_overdue(at(2026, 3, 21, 9).utc));
    }

    #[test]
    fn issues_are_routed_to_their_departments() {
        use Department::*;
        assert_eq!(route(Category::Technical, None), vec![TechnicalSupport]);
        assert_eq!(
            route(Category::ProductQuality, None),
            vec![QualityControl, Production]
        );
        assert_eq!(route(Category::Complaint, None), vec![CustomerService]);
        assert_eq!(
            route(Category::Proposal, Some(ProposalArea::NewProduct)),
            vec![RnD, TechnicalSupport]
        );
    }
}
