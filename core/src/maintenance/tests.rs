use super::flow::Refused;
use super::summary::summary;
use super::*;
use crate::evaluation::record::Line;
use crate::evaluation::Recommendation;
use crate::evaluation::{Evaluation, EvaluationSettings};
use crate::kind::{example, Kind};
use chrono::{Days, Duration};

fn later(minutes: i64) -> DeviceTime {
    let at = example::at();
    DeviceTime::new(at.utc + Duration::minutes(minutes), at.offset_minutes).unwrap()
}

fn plan() -> MaintenancePlan {
    let mut plan = MaintenancePlan::example();
    plan.tasks.clear();
    plan
}

fn returned(comment: &str) -> Step {
    Step::Return {
        comment: comment.into(),
    }
}

fn pass() -> Step {
    Step::Pass {
        comment: String::new(),
    }
}

fn approve() -> Step {
    Step::Approve {
        comment: "同意".into(),
    }
}

fn close() -> Step {
    Step::Close {
        conclusion: Conclusion {
            done: "完成四次巡检与一次培训".into(),
            recommendation: Recommendation::MaintainAndDeepen,
        },
    }
}

/// The plan taken through `steps`, a minute apart.
fn through(steps: &[Step]) -> MaintenancePlan {
    steps.iter().enumerate().fold(plan(), |p, (i, s)| {
        p.take(s.clone(), later(i as i64 + 1)).unwrap()
    })
}

#[test]
fn a_plan_goes_draft_review_approval_closed_and_back_to_draft_when_returned() {
    assert_eq!(plan().status(), PlanStatus::Draft);
    assert_eq!(through(&[Step::Submit]).status(), PlanStatus::InReview);
    let back = through(&[Step::Submit, returned("预算偏高")]);
    assert_eq!(back.status(), PlanStatus::Draft);
    assert!(back.approval.returned_with().is_some());
    assert_eq!(
        through(&[Step::Submit, pass()]).status(),
        PlanStatus::AwaitingApproval
    );
    assert_eq!(
        through(&[Step::Submit, pass(), returned("目标不清")]).status(),
        PlanStatus::Draft
    );
    let approved = through(&[
        Step::Submit,
        returned("改"),
        Step::Submit,
        pass(),
        approve(),
    ]);
    assert_eq!(approved.status(), PlanStatus::Approved);
    assert_eq!(approved.approval.returned_with(), None);
    let closed = through(&[Step::Submit, pass(), approve(), close()]);
    assert_eq!(closed.status(), PlanStatus::Closed);
    assert_eq!(
        closed.conclusion().map(|c| c.recommendation),
        Some(Recommendation::MaintainAndDeepen)
    );
}

#[test]
fn illegal_transitions_are_refused() {
    let illegal: [(&[Step], Step); 9] = [
        (&[], pass()),
        (&[], approve()),
        (&[], returned("x")),
        (&[], close()),
        (&[Step::Submit], Step::Submit),
        (&[Step::Submit], approve()),
        (&[Step::Submit, pass()], pass()),
        (&[Step::Submit, pass(), approve()], returned("x")),
        (&[Step::Submit, pass(), approve(), close()], approve()),
    ];
    for (before, step) in illegal {
        let p = through(before);
        assert!(
            p.take(step.clone(), later(60)).is_err(),
            "{step:?} after {before:?}"
        );
    }
    // A return says why; a close says what was done.
    assert!(through(&[Step::Submit])
        .take(returned("  "), later(9))
        .is_err());
    let empty_close = Step::Close {
        conclusion: Conclusion {
            done: " ".into(),
            recommendation: Recommendation::Improve,
        },
    };
    assert!(through(&[Step::Submit, pass(), approve()])
        .take(empty_close, later(9))
        .is_err());
    // Steps in time.
    let submitted = through(&[Step::Submit]);
    assert!(
        submitted.take(pass(), later(1)).is_ok(),
        "the same minute as the last step"
    );
    assert!(
        submitted.take(pass(), example::at()).is_err(),
        "before the last step"
    );
    let mut early = submitted.clone();
    early.approval.steps[0].at =
        DeviceTime::new(example::at().utc - Duration::minutes(1), 480).unwrap();
    assert!(early.validate().is_err());
}

#[test]
fn each_decision_is_one_roles() {
    use crate::user::Role::*;
    let cases = [
        (
            Step::Submit,
            PlanStatus::Draft,
            vec![Supervisor, CustomerServiceManager, CustomerDirector, Admin],
        ),
        (pass(), PlanStatus::InReview, vec![CustomerServiceManager]),
        (
            returned("x"),
            PlanStatus::InReview,
            vec![CustomerServiceManager],
        ),
        (
            returned("x"),
            PlanStatus::AwaitingApproval,
            vec![CustomerDirector],
        ),
        (
            approve(),
            PlanStatus::AwaitingApproval,
            vec![CustomerDirector],
        ),
        (
            close(),
            PlanStatus::Approved,
            vec![Supervisor, CustomerServiceManager, CustomerDirector, Admin],
        ),
    ];
    // A step that does not lead on from the status is nobody's.
    for role in crate::user::Role::ALL {
        assert!(super::flow::allowed(&Step::Submit, PlanStatus::Approved, role).is_err());
        assert!(super::flow::allowed(&approve(), PlanStatus::InReview, role).is_err());
    }
    for (step, status, allowed) in cases {
        for role in crate::user::Role::ALL {
            assert_eq!(
                super::flow::allowed(&step, status, role).is_ok(),
                allowed.contains(&role),
                "{role:?} {step:?} at {status:?}"
            );
        }
    }
}

#[test]
fn the_server_admits_each_change_only_from_its_role_and_only_when_it_can_be_made() {
    use crate::user::Role::*;
    let draft = plan();
    assert_eq!(draft.admit(None, Supervisor), Ok(()));
    assert!(matches!(
        draft.admit(None, Technician),
        Err(Refused::NotYours(_))
    ));
    assert!(matches!(
        draft.admit(None, QualityControl),
        Err(Refused::NotYours(_))
    ));

    let submitted = draft.take(Step::Submit, later(1)).unwrap();
    assert_eq!(submitted.admit(Some(&draft), Supervisor), Ok(()));
    let passed = submitted.take(pass(), later(2)).unwrap();
    assert_eq!(
        passed.admit(Some(&submitted), CustomerServiceManager),
        Ok(())
    );
    for role in [Supervisor, CustomerDirector, Admin, Technician, Sales] {
        assert!(
            matches!(
                passed.admit(Some(&submitted), role),
                Err(Refused::NotYours(_))
            ),
            "{role:?} passes a review"
        );
    }
    let approved = passed.take(approve(), later(3)).unwrap();
    assert_eq!(approved.admit(Some(&passed), CustomerDirector), Ok(()));
    assert!(matches!(
        approved.admit(Some(&passed), CustomerServiceManager),
        Err(Refused::NotYours(_))
    ));

    // Content is frozen once handed in; a copy edited before it was submitted is not now.
    let mut edited = draft.clone();
    edited.content.goals = "新的目标".into();
    assert_eq!(edited.admit(Some(&draft), Supervisor), Ok(()));
    assert!(matches!(
        edited.admit(Some(&submitted), Supervisor),
        Err(Refused::NotNow(_))
    ));
    // Tasks are set on an approved plan, by a supervisor, not by the technician.
    let mut tasked = approved.clone();
    tasked
        .tasks
        .push(MaintenancePlan::example().tasks[0].clone());
    assert_eq!(tasked.admit(Some(&approved), Supervisor), Ok(()));
    assert!(matches!(
        tasked.admit(Some(&approved), Technician),
        Err(Refused::NotYours(_))
    ));
    let mut tasked_in_review = submitted.clone();
    tasked_in_review
        .tasks
        .push(MaintenancePlan::example().tasks[0].clone());
    assert!(matches!(
        tasked_in_review.admit(Some(&submitted), Supervisor),
        Err(Refused::NotNow(_))
    ));

    // A copy behind the server's adds nothing and passes; one that decided
    // otherwise meanwhile is not now.
    assert_eq!(submitted.admit(Some(&passed), Technician), Ok(()));
    let returned_instead = submitted.take(returned("重写"), later(2)).unwrap();
    assert!(matches!(
        returned_instead.admit(Some(&passed), CustomerServiceManager),
        Err(Refused::NotNow(_))
    ));
}

#[test]
fn the_server_signs_new_steps_and_keeps_old_signatures() {
    let zhang = crate::user::UserId::of_name("张工");
    let wang = crate::user::UserId::of_name("王经理");
    let mut submitted = plan().take(Step::Submit, later(1)).unwrap();
    submitted.sign(zhang, None);
    assert_eq!(submitted.approval.drafted_by, Some(zhang));
    assert_eq!(submitted.approval.steps[0].by, Some(zhang));
    let mut passed = submitted.take(pass(), later(2)).unwrap();
    passed.approval.steps[0].by = Some(wang); // a tampered body
    passed.approval.drafted_by = Some(wang);
    passed.sign(wang, Some(&submitted));
    assert_eq!(passed.approval.drafted_by, Some(zhang));
    assert_eq!(passed.approval.steps[0].by, Some(zhang));
    assert_eq!(passed.approval.steps[1].by, Some(wang));
}

#[test]
fn a_draft_has_what_the_seed_asks_for() {
    let good = plan();
    let bad = |f: fn(&mut PlanContent)| {
        let mut c = good.content.clone();
        f(&mut c);
        MaintenancePlan::draft(good.id, c, example::at()).is_err()
    };
    assert!(bad(|c| c.title = " ".into()));
    assert!(bad(|c| c.goals.clear()));
    assert!(bad(|c| c.measures.clear()));
    assert!(bad(|c| c.responsible.clear()));
    assert!(bad(|c| c.to = c.from - Days::new(1)));
    assert!(bad(|c| c.budget[0].item = "".into()));
    let mut twice = MaintenancePlan::example();
    twice.tasks.push(twice.tasks[0].clone());
    assert!(twice.validate().is_err());
    assert_eq!(MaintenancePlan::example().validate(), Ok(()));
    // Revised while a draft; not once handed in.
    let submitted = good.take(Step::Submit, later(1)).unwrap();
    assert!(good.revised(good.content.clone()).is_ok());
    assert!(submitted.revised(good.content.clone()).is_err());
    assert!(submitted.with_tasks(vec![]).is_err());
}

#[test]
fn a_task_is_reported_once_on_an_approved_plan() {
    let mut p = MaintenancePlan::example();
    let task = p.tasks[0].id;
    let day = example::at().local_date();
    let plan_id = p.id;
    let report = |id: u128, task: Uuid| {
        TaskReport::new(
            Uuid::from_u128(id),
            plan_id,
            task,
            day,
            Cny(10),
            " 好 ",
            later(5),
        )
        .unwrap()
    };
    let first = report(1, task);
    assert_eq!(first.note, "好");
    assert!(
        first.first_of(&p, &[]).is_err(),
        "a draft's task is not done yet"
    );
    p = p
        .take(Step::Submit, later(1))
        .and_then(|p| p.take(pass(), later(2)))
        .and_then(|p| p.take(approve(), later(3)))
        .unwrap();
    assert_eq!(first.first_of(&p, &[]), Ok(()));
    assert_eq!(
        first.first_of(&p, std::slice::from_ref(&first)),
        Ok(()),
        "itself again"
    );
    assert!(
        report(2, task)
            .first_of(&p, std::slice::from_ref(&first))
            .is_err(),
        "reported twice"
    );
    assert!(
        report(3, Uuid::from_u128(0xbad)).first_of(&p, &[]).is_err(),
        "no such task"
    );
    let future = TaskReport::new(
        Uuid::from_u128(4),
        p.id,
        task,
        day + Days::new(1),
        Cny(1),
        "",
        later(5),
    );
    assert!(future.is_err(), "done after it was reported");
    assert_eq!(TaskReport::example().validate(), Ok(()));
}

fn evaluation(id: u128, customer: Uuid, on: NaiveDate, score: u32) -> Evaluation {
    let settings = EvaluationSettings::default();
    let lines = Line::alike(&settings, score, "");
    let at = DeviceTime::new(
        on.and_hms_opt(9, 0, 0).unwrap().and_utc() - Duration::hours(8),
        480,
    )
    .unwrap();
    Evaluation::new(Uuid::from_u128(id), customer, on, lines, &settings, at).unwrap()
}

#[test]
fn the_summary_sets_cost_against_budget_and_the_score_before_against_after() {
    let mut p = MaintenancePlan::example(); // budget 8,000 yuan
    let second = Task {
        id: Uuid::from_u128(0x3d),
        what: "年度培训".into(),
        ..p.tasks[0].clone()
    };
    p.tasks.push(second.clone());
    p.content.budget.push(BudgetLine {
        item: "礼品".into(),
        amount: Cny(2_000),
    });
    let reports = vec![
        TaskReport {
            cost: Cny(6_500),
            ..TaskReport::example()
        },
        TaskReport {
            id: Uuid::from_u128(0x99),
            task_id: second.id,
            cost: Cny(4_000),
            ..TaskReport::example()
        },
    ];
    let start = p.content.from; // 2026-12-01
    let customer = example::CUSTOMER;
    let evaluations = vec![
        evaluation(1, customer, start - Days::new(40), 50),
        evaluation(2, customer, start - Days::new(5), 62),
        evaluation(3, customer, start + Days::new(90), 81),
        evaluation(4, Uuid::from_u128(0x77), start + Days::new(90), 10),
    ];
    let settings = EvaluationSettings::default();
    let s = summary(
        &p,
        &reports,
        &evaluations,
        &[customer],
        &settings,
        start + Days::new(100),
    );
    assert_eq!(s.budget, Cny(10_000));
    assert_eq!(s.spent, Cny(10_500));
    assert_eq!(s.over_budget(), Some(Cny(500)));
    assert_eq!(s.done(), 2);
    assert_eq!(s.score_before, Some(62.0));
    assert_eq!(s.score_after, Some(81.0));
    // One made on the first day is the starting point, not an "after".
    let on_the_day = vec![evaluation(5, customer, start, 70)];
    let s = summary(
        &p,
        &reports,
        &on_the_day,
        &[customer],
        &settings,
        start + Days::new(100),
    );
    assert_eq!((s.score_before, s.score_after), (Some(70.0), None));
    // Before any evaluation since the start there is no "after" yet.
    let early = summary(
        &p,
        &reports[..1],
        &evaluations,
        &[customer],
        &settings,
        start + Days::new(10),
    );
    assert_eq!(early.score_after, None);
    assert_eq!(early.spent, Cny(6_500));
    assert_eq!(early.over_budget(), None);
    assert_eq!(early.done(), 1);
    // A tier's plan averages its customers.
    let both = [customer, Uuid::from_u128(0x77)];
    let tier = summary(
        &p,
        &[],
        &evaluations,
        &both,
        &settings,
        start + Days::new(100),
    );
    assert_eq!(
        tier.score_before,
        Some(62.0),
        "only who was evaluated before"
    );
    assert_eq!(tier.score_after, Some(45.5));
}

#[test]
fn a_technician_sees_their_open_tasks_of_approved_plans_earliest_first() {
    let zhang = crate::user::UserId::of_name("张工");
    let chen = crate::user::UserId::of_name("陈工");
    let mut p = MaintenancePlan::example();
    let first = p.tasks[0].clone();
    let later_task = Task {
        id: Uuid::from_u128(0x3e),
        due: first.due + Days::new(30),
        ..first.clone()
    };
    let earlier = Task {
        id: Uuid::from_u128(0x3f),
        due: first.due - Days::new(10),
        ..first.clone()
    };
    let chens = Task {
        id: Uuid::from_u128(0x40),
        assignee: chen,
        ..first.clone()
    };
    p.tasks = vec![later_task.clone(), first.clone(), earlier.clone(), chens];
    assert!(
        super::open_tasks(std::slice::from_ref(&p), &[], zhang).is_empty(),
        "a draft's tasks wait"
    );
    let p = through_on(p, &[Step::Submit, pass(), approve()]);
    let plans = vec![p];
    let ids = |reports: &[TaskReport]| -> Vec<Uuid> {
        super::open_tasks(&plans, reports, zhang)
            .iter()
            .map(|o| o.task.id)
            .collect()
    };
    assert_eq!(ids(&[]), [earlier.id, first.id, later_task.id]);
    let done = TaskReport {
        task_id: first.id,
        plan_id: plans[0].id,
        ..TaskReport::example()
    };
    assert_eq!(ids(&[done]), [earlier.id, later_task.id]);
}

/// `plan` taken through `steps`, a minute apart.
fn through_on(plan: MaintenancePlan, steps: &[Step]) -> MaintenancePlan {
    steps.iter().enumerate().fold(plan, |p, (i, s)| {
        p.take(s.clone(), later(i as i64 + 1)).unwrap()
    })
}

#[test]
fn a_steps_key_is_its_name_on_the_wire() {
    for step in [Step::Submit, returned("x"), pass(), approve(), close()] {
        let wire = serde_json::to_value(&step).unwrap();
        let name = match &wire {
            serde_json::Value::String(name) => name.clone(),
            serde_json::Value::Object(one) => one.keys().next().unwrap().clone(),
            other => panic!("{other}"),
        };
        assert_eq!(name, step.key(), "{step:?}");
    }
}
