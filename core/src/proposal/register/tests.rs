use super::*;
use crate::issue::{route, Category, IssueStatus, Severity};
use crate::proposal::ProposalArea;
use crate::received::Received;
use crate::user::UserId;
use chrono::{Duration, NaiveDate};
use uuid::Uuid;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// 10:00 Beijing time on 2026-`m`-`d`.
fn at(m: u32, d: u32) -> DeviceTime {
    let local = day(m, d).and_hms_opt(10, 0, 0).unwrap();
    DeviceTime::new(local.and_utc() - Duration::hours(8), 480).unwrap()
}

/// A proposal posted on 2 March and recorded when the letter was opened, 5 March.
fn proposal() -> Issue {
    Issue {
        id: Uuid::from_u128(1),
        customer_id: Uuid::from_u128(2),
        installation_id: None,
        visit_id: None,
        category: Category::Proposal,
        proposal_area: Some(ProposalArea::ProductionProcess),
        severity: Severity::Medium,
        title: "改进柜体喷涂工艺".into(),
        description: String::new(),
        departments: route(Category::Proposal, Some(ProposalArea::ProductionProcess)),
        raised_at: at(3, 5),
        due: at(3, 6).utc,
        status: IssueStatus::Recorded,
        history: Vec::new(),
        received: Some(Received {
            channel: Channel::Letter,
            at: at(3, 2),
            contact: "王经理".into(),
        }),
    }
}

fn take(issue: &mut Issue, n: u128, on: DeviceTime, step: Step) -> Result<(), Invalid> {
    issue.apply(IssueEvent {
        id: Uuid::from_u128(100 + n),
        step,
        by: Some(UserId::of_name("刘主管")),
        at: on,
    })
}

fn decide(issue: &mut Issue, n: u128, on: DeviceTime, outcome: Outcome) {
    take(issue, n, on, Step::StartHandling).unwrap();
    take(
        issue,
        n + 1,
        on,
        Step::GiveFeedback {
            resolution: "已电话告知客户评审结果".into(),
            outcome: Some(outcome),
        },
    )
    .unwrap();
}

fn adopted(grade: Grade) -> Outcome {
    Outcome::Adopted {
        grade: Some(grade),
        value: None,
        reason: "可降低返工率".into(),
    }
}

#[test]
fn the_decision_is_due_15_days_after_it_came_in_at_most_20_or_30_with_approval() {
    let s = ProposalSettings::default();
    let mut p = proposal();
    let row = Register::of(&p, &s).unwrap();
    // Counted from the letter (2 March), not from when it was typed in (5 March).
    assert_eq!(row.deadline.target, day(3, 17));
    assert_eq!(row.deadline.latest, day(3, 22));
    assert!(!row.is_decision_overdue(day(3, 22)));
    assert!(row.is_decision_overdue(day(3, 23)));

    take(
        &mut p,
        1,
        at(3, 10),
        Step::ExtendDecision {
            reason: "涉及新产线改造，需现场评估".into(),
        },
    )
    .unwrap();
    let row = Register::of(&p, &s).unwrap();
    assert_eq!(row.deadline.target, day(3, 22));
    assert_eq!(row.deadline.latest, day(4, 1));
    assert!(!row.is_decision_overdue(day(4, 1)));
    assert!(row.is_decision_overdue(day(4, 2)));
    let extended = row.extended.unwrap();
    assert_eq!(extended.event.by, Some(UserId::of_name("刘主管")));
    assert_eq!(extended.event.at, at(3, 10));

    // Decided on 3 April: late even with the extension; decided on 1 April: not.
    let mut late = p.clone();
    decide(
        &mut late,
        2,
        at(4, 3),
        Outcome::NotAdopted {
            reason: "成本过高".into(),
        },
    );
    assert!(Register::of(&late, &s)
        .unwrap()
        .is_decision_overdue(day(4, 3)));
    decide(
        &mut p,
        2,
        at(4, 1),
        Outcome::NotAdopted {
            reason: "成本过高".into(),
        },
    );
    assert!(!Register::of(&p, &s)
        .unwrap()
        .is_decision_overdue(day(12, 31)));
}

#[test]
fn an_extension_is_for_an_undecided_proposal_once_with_a_reason() {
    let extend = |reason: &str| Step::ExtendDecision {
        reason: reason.into(),
    };
    let mut p = proposal();
    assert!(take(&mut p, 1, at(3, 6), extend(" ")).is_err(), "a reason");
    take(&mut p, 2, at(3, 6), extend("需试验验证")).unwrap();
    assert!(take(&mut p, 3, at(3, 7), extend("再延")).is_err(), "once");

    let mut decided = proposal();
    decide(
        &mut decided,
        1,
        at(3, 9),
        Outcome::OnHold {
            reason: "待规划".into(),
        },
    );
    assert!(take(&mut decided, 3, at(3, 10), extend("需试验验证")).is_err());

    let mut complaint = proposal();
    complaint.category = Category::Complaint;
    assert!(take(&mut complaint, 1, at(3, 6), extend("需试验验证")).is_err());
    assert!(extend("x").needs_supervisor());
    assert!(!Step::StartHandling.needs_supervisor());
}

#[test]
fn an_acknowledgement_names_a_date_between_arrival_and_the_latest_deadline() {
    let s = ProposalSettings::default();
    let p = proposal();
    assert!(
        acknowledge(&p, day(3, 1), String::new(), &s).is_err(),
        "before it came in"
    );
    assert!(
        acknowledge(&p, day(3, 23), String::new(), &s).is_err(),
        "past 20 days"
    );
    let step = acknowledge(&p, day(3, 17), "已致谢".into(), &s).unwrap();
    let mut p = p;
    take(&mut p, 1, at(3, 5), step).unwrap();
    let row = Register::of(&p, &s).unwrap();
    let ack = row.acknowledged.unwrap();
    assert_eq!(ack.what, day(3, 17));
    assert_eq!(ack.event.at, at(3, 5));

    // With the extension approved, up to 30 days; told again, the latest counts.
    take(
        &mut p,
        2,
        at(3, 12),
        Step::ExtendDecision {
            reason: "复杂".into(),
        },
    )
    .unwrap();
    let again = acknowledge(&p, day(4, 1), String::new(), &s).unwrap();
    take(&mut p, 3, at(3, 12), again).unwrap();
    assert_eq!(
        Register::of(&p, &s).unwrap().acknowledged.unwrap().what,
        day(4, 1)
    );

    // A complaint is acknowledged too (its deadline is its response time); a
    // technical question is not.
    let mut complaint = proposal();
    complaint.category = Category::Complaint;
    acknowledge(&complaint, day(3, 30), String::new(), &s).unwrap();
    let mut question = proposal();
    question.category = Category::Technical;
    assert!(acknowledge(&question, day(3, 10), String::new(), &s).is_err());

    // Once decided, the decision itself was told: no acknowledgement after it.
    decide(
        &mut p,
        4,
        at(3, 14),
        Outcome::OnHold {
            reason: "待规划".into(),
        },
    );
    assert!(acknowledge(&p, day(3, 20), String::new(), &s).is_err());
}

#[test]
fn an_adopted_proposal_is_planned_rewarded_within_its_grade_and_its_use_told() {
    let s = ProposalSettings::default();
    let plan = Step::PlanImplementation {
        measures: "喷涂线增加烘干工位".into(),
        department: Department::Production,
        by_date: day(6, 30),
    };
    let tell = Step::TellUse {
        note: "已电话告知客户实施时间与措施".into(),
    };
    let mut p = proposal();
    assert!(
        take(&mut p, 1, at(3, 6), plan.clone()).is_err(),
        "not yet decided"
    );

    let mut held = proposal();
    decide(
        &mut held,
        1,
        at(3, 9),
        Outcome::OnHold {
            reason: "待规划".into(),
        },
    );
    assert!(
        take(&mut held, 3, at(3, 10), plan.clone()).is_err(),
        "only adopted"
    );
    assert!(pay_reward(&held, Cny(800), &s).is_err());

    decide(&mut p, 1, at(3, 9), adopted(Grade::B));
    assert!(
        take(&mut p, 3, at(3, 10), tell.clone()).is_err(),
        "planned first"
    );
    take(&mut p, 4, at(3, 10), plan).unwrap();
    assert!(pay_reward(&p, Cny(3_500), &s).is_err(), "above B's band");
    assert!(pay_reward(&p, Cny(1_999), &s).is_err(), "below B's band");
    let reward = pay_reward(&p, Cny(2_500), &s).unwrap();
    take(&mut p, 5, at(3, 20), reward).unwrap();
    assert!(pay_reward(&p, Cny(2_500), &s).is_err(), "paid once");
    assert!(
        take(&mut p, 6, at(3, 20), Step::PayReward { amount: Cny(2_500) }).is_err(),
        "paid once, also when replayed"
    );
    take(&mut p, 7, at(7, 1), tell).unwrap();
    assert_eq!(
        p.status,
        IssueStatus::FeedbackGiven,
        "the register does not move the loop"
    );

    let row = Register::of(&p, &s).unwrap();
    assert_eq!(row.grade, Some(Grade::B));
    assert_eq!(row.reward.as_ref().unwrap().what, Cny(2_500));
    assert_eq!(row.reward.unwrap().event.at, at(3, 20));
    assert_eq!(
        row.implementation.unwrap().what.department,
        Department::Production
    );
    assert_eq!(row.told_use.unwrap().event.at, at(7, 1));
    assert_eq!(
        row.decided.unwrap().event.at,
        at(3, 9),
        "told the customer then"
    );
    p.validate().unwrap();

    // A history with the use told before it was planned does not replay.
    let mut broken = p.clone();
    let told = broken.history.pop().unwrap();
    broken.history.insert(2, told);
    assert!(broken.validate().is_err());
}

#[test]
fn other_issues_have_no_register_row() {
    let mut i = proposal();
    i.category = Category::Service;
    assert_eq!(Register::of(&i, &ProposalSettings::default()), None);
}
