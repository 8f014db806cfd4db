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
        grade: Some(crate::proposal::Grade::A),
        value: None,
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

#[test]
fn a_checklist_issue_is_titled_in_the_technicians_words() {
    assert_eq!(checklist_title("柜门密封", ""), "检查项异常：柜门密封");
    assert_eq!(checklist_title("柜门密封", "  \n"), "检查项异常：柜门密封");
    assert_eq!(
        checklist_title("柜门密封", "\n 左侧门胶条老化开裂 \n需更换"),
        "柜门密封：左侧门胶条老化开裂"
    );
    let long = "裂".repeat(500);
    let title = checklist_title("柜门密封", &long);
    assert_eq!(title.chars().count(), crate::bounds::MAX_SHORT_TEXT);
    assert!(title.starts_with("柜门密封：裂") && title.ends_with('…'));
    // A title at the bound exactly is not cut.
    let fits = "裂".repeat(crate::bounds::MAX_SHORT_TEXT - "柜门密封：".chars().count());
    assert!(!checklist_title("柜门密封", &fits).ends_with('…'));
}
