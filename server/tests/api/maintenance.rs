//! Maintenance plans on the server (seed 002 §6–§8): each decision is one role's —
//! a supervisor drafts and hands in, the customer-service manager reviews, the
//! customer director approves — and a decision by the wrong role is 403 with
//! nothing changed; every step is signed by who is signed in; a change the plan
//! has moved past is left out and reported; a task is reported done by its
//! assignee or a supervisor; an evaluation is signed by its evaluator.
use crate::helpers::*;
use axum::http::StatusCode;
use chrono::Duration;
use revisit_core::approval::Approvable;
use revisit_core::evaluation::Evaluation;
use revisit_core::kind::Kind;
use revisit_core::maintenance::{MaintenancePlan, Step, Task, TaskReport};
use revisit_core::sync::protocol::Record;
use revisit_core::sync::Change;
use revisit_core::types::DeviceTime;
use uuid::Uuid;

fn at(minutes: i64) -> DeviceTime {
    let now = now();
    DeviceTime::new(now.utc + Duration::minutes(minutes), 480).unwrap()
}

fn plan_id() -> String {
    MaintenancePlan::example().id.to_string()
}

/// The example plan drafted now, with its tasks for 张工.
fn draft() -> MaintenancePlan {
    let example = MaintenancePlan::example();
    let mut plan = MaintenancePlan::draft(example.id, example.content.clone(), now()).unwrap();
    plan.tasks = example.tasks;
    plan
}

async fn stored(app: &TestApp, device: &TestDevice) -> (MaintenancePlan, u64) {
    let pulled = app.pull_all(device).await;
    let found = find(&pulled, &plan_id()).expect("the plan is pulled");
    match &found.record {
        Record::MaintenancePlan(p) => (p.clone(), found.version),
        other => panic!("not a plan: {other:?}"),
    }
}

/// Pushes `change` as `device`'s edit of version `base`, expecting 403 and
/// nothing changed.
async fn refused(app: &TestApp, device: &TestDevice, change: Change, base: Option<u64>) {
    let before = app.fingerprint().await;
    let response = app.push(device, &[(change, base)]).await;
    assert_status(&response, StatusCode::FORBIDDEN);
    assert_eq!(
        app.fingerprint().await,
        before,
        "a refused decision changes nothing"
    );
}

#[tokio::test]
async fn each_approval_is_its_roles_and_signed_by_who_took_it() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let sup = app.device("li", "李主管", Role::Supervisor).await;
    let manager = app
        .device("wang", "王经理", Role::CustomerServiceManager)
        .await;
    let director = app.device("zhao", "赵总监", Role::CustomerDirector).await;
    let quality = app.device("qc", "钱质检", Role::QualityControl).await;

    // Only a supervisor or above drafts a plan.
    refused(&app, &tech, Change::put(draft()), None).await;
    let mut forged = draft().take(Step::Submit, at(1)).unwrap();
    forged.approval.drafted_by = Some(uid("赵总监"));
    forged.approval.steps[0].by = Some(uid("赵总监"));
    app.push_ok(&sup, &[(Change::put(forged), None)]).await;
    let (plan, version) = stored(&app, &tech).await;
    assert_eq!(
        plan.approval.drafted_by,
        Some(uid("李主管")),
        "the server says who drafted it"
    );
    assert_eq!(plan.approval.steps[0].by, Some(uid("李主管")));

    // The review is the manager's: the supervisor, the director, quality control and
    // the technician are refused; the manager returns it with a comment.
    let pass = Step::Pass {
        comment: String::new(),
    };
    for device in [&tech, &sup, &director, &quality] {
        let decided = Change::put(plan.take(pass.clone(), at(2)).unwrap());
        refused(&app, device, decided, Some(version)).await;
    }
    let back = Step::Return {
        comment: "预算偏高，压缩礼品费用".into(),
    };
    app.push_ok(
        &manager,
        &[(Change::put(plan.take(back, at(2)).unwrap()), Some(version))],
    )
    .await;
    let (plan, version) = stored(&app, &sup).await;
    assert_eq!(plan.status(), revisit_core::maintenance::PlanStatus::Draft);
    assert_eq!(plan.approval.steps[1].by, Some(uid("王经理")));

    // Revised and handed in again; passed by the manager; approved by the director only.
    let mut revised = plan.clone();
    revised.content.budget[0].amount = revisit_core::types::Cny(6_000);
    let revised = revised.take(Step::Submit, at(3)).unwrap();
    app.push_ok(&sup, &[(Change::put(revised), Some(version))])
        .await;
    let (plan, version) = stored(&app, &sup).await;
    app.push_ok(
        &manager,
        &[(Change::put(plan.take(pass, at(4)).unwrap()), Some(version))],
    )
    .await;
    let (plan, version) = stored(&app, &sup).await;
    let approve = Step::Approve {
        comment: "同意".into(),
    };
    for device in [&tech, &sup, &manager, &quality] {
        let decided = Change::put(plan.take(approve.clone(), at(5)).unwrap());
        refused(&app, device, decided, Some(version)).await;
    }
    app.push_ok(
        &director,
        &[(
            Change::put(plan.take(approve, at(5)).unwrap()),
            Some(version),
        )],
    )
    .await;
    let (plan, _) = stored(&app, &tech).await;
    assert_eq!(
        plan.status(),
        revisit_core::maintenance::PlanStatus::Approved
    );
    let signers: Vec<_> = plan.approval.steps.iter().map(|s| s.by).collect();
    assert_eq!(
        signers,
        ["李主管", "王经理", "李主管", "王经理", "赵总监"].map(|n| Some(uid(n)))
    );
    assert_eq!(
        plan.content.budget[0].amount,
        revisit_core::types::Cny(6_000)
    );
}

#[tokio::test]
async fn a_change_the_plan_has_moved_past_is_left_out_and_reported() {
    let app = spawn_app().await;
    let sup = app.device("li", "李主管", Role::Supervisor).await;
    let other = app.device("sun", "孙主管", Role::Supervisor).await;
    app.push_ok(&sup, &[(Change::put(draft()), None)]).await;
    let (plan, version) = stored(&app, &sup).await;
    // One supervisor hands it in; the other, still on the draft, edits its goals.
    app.push_ok(
        &sup,
        &[(
            Change::put(plan.take(Step::Submit, at(1)).unwrap()),
            Some(version),
        )],
    )
    .await;
    let mut stale = plan.clone();
    stale.content.goals = "新的目标".into();
    let answer = app
        .push_ok(&other, &[(Change::put(stale), Some(version))])
        .await;
    assert_eq!(answer.skipped.len(), 1, "{answer:?}");
    assert!(answer.skipped[0].reason.contains("frozen"), "{answer:?}");
    let (kept, _) = stored(&app, &sup).await;
    assert_eq!(kept.content.goals, plan.content.goals);
    assert_eq!(
        kept.status(),
        revisit_core::maintenance::PlanStatus::InReview
    );
}

#[tokio::test]
async fn a_task_is_reported_by_its_assignee_on_an_approved_plan() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let other = app.device("chen", "陈工", Role::Technician).await;
    let sup = app.device("li", "李主管", Role::Supervisor).await;
    let manager = app
        .device("wang", "王经理", Role::CustomerServiceManager)
        .await;
    let director = app.device("zhao", "赵总监", Role::CustomerDirector).await;
    app.push_ok(&sup, &[(Change::put(draft()), None)]).await;
    let task = draft().tasks[0].clone();
    assert_eq!(task.assignee, uid("张工"));
    let report = |id: u128| {
        let report = TaskReport::new(
            Uuid::from_u128(id),
            draft().id,
            task.id,
            now().local_date(),
            revisit_core::types::Cny(1_500),
            "巡检完成",
            now(),
        )
        .unwrap();
        TaskReport {
            by: Some(uid("赵总监")),
            ..report
        }
    };

    // On a draft the report is left out.
    let answer = app.push_ok(&tech, &[(Change::put(report(1)), None)]).await;
    assert_eq!(answer.skipped.len(), 1, "{answer:?}");

    // Approved, the supervisor adds a task for 陈工; 张工 reports his, signed as him.
    for (device, step) in [
        (&sup, Step::Submit),
        (
            &manager,
            Step::Pass {
                comment: String::new(),
            },
        ),
        (
            &director,
            Step::Approve {
                comment: String::new(),
            },
        ),
    ] {
        let (plan, version) = stored(&app, device).await;
        let next = plan
            .take(step, at(plan.approval.steps.len() as i64 + 1))
            .unwrap();
        app.push_ok(device, &[(Change::put(next), Some(version))])
            .await;
    }
    let (plan, version) = stored(&app, &sup).await;
    let mut tasks = plan.tasks.clone();
    tasks.push(Task {
        id: Uuid::from_u128(0x77),
        what: "年度技术培训".into(),
        assignee: uid("陈工"),
        ..task.clone()
    });
    let tasked = plan.with_tasks(tasks).unwrap();
    refused(&app, &tech, Change::put(tasked.clone()), Some(version)).await;
    app.push_ok(&sup, &[(Change::put(tasked), Some(version))])
        .await;

    // 陈工 may not report 张工's task.
    refused(&app, &other, Change::put(report(2)), None).await;
    let answer = app.push_ok(&tech, &[(Change::put(report(3)), None)]).await;
    assert!(answer.skipped.is_empty(), "{answer:?}");
    let Record::TaskReport(stored_report) = app.record(&sup, &Uuid::from_u128(3).to_string()).await
    else {
        panic!("not a task report")
    };
    assert_eq!(stored_report.by, Some(uid("张工")));
    assert_eq!(stored_report.cost, revisit_core::types::Cny(1_500));
}

#[tokio::test]
async fn an_evaluation_is_signed_by_its_evaluator() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    app.push_ok(
        &tech,
        &[(Change::put(customer(0xc1, "华东电力", Some("张工"))), None)],
    )
    .await;
    let mut evaluation = Evaluation::example();
    evaluation.by = Some(uid("赵总监"));
    app.push_ok(&tech, &[(Change::put(evaluation.clone()), None)])
        .await;
    let Record::Evaluation(stored) = app.record(&tech, &evaluation.id.to_string()).await else {
        panic!("not an evaluation")
    };
    assert_eq!(stored.by, Some(uid("张工")));
    assert_eq!(stored.lines, evaluation.lines);
}

#[tokio::test]
async fn a_visit_plan_is_drawn_up_by_customer_service_and_approved_by_top_management_only() {
    use revisit_core::visit_plan::{VisitPlan, VisitPlanStatus};
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let sup = app.device("li", "李主管", Role::Supervisor).await;
    let manager = app
        .device("wang", "王经理", Role::CustomerServiceManager)
        .await;
    let director = app.device("zhao", "赵总监", Role::CustomerDirector).await;
    let admin = app.device("root", "管理员", Role::Admin).await;
    let draft = VisitPlan {
        approval: revisit_core::approval::Approval::drafted(now()),
        ..VisitPlan::example()
    };
    let id = draft.id.to_string();

    // A technician draws up no plan.
    refused(&app, &tech, Change::put(draft.clone()), None).await;
    app.push_ok(
        &sup,
        &[(Change::put(draft.take(Step::Submit, at(1)).unwrap()), None)],
    )
    .await;
    let pulled = app.pull_all(&sup).await;
    let found = find(&pulled, &id).unwrap();
    let Record::VisitPlan(submitted) = found.record.clone() else {
        panic!("not a visit plan")
    };
    assert_eq!(submitted.approval.drafted_by, Some(uid("李主管")));
    let version = found.version;

    let approved = submitted
        .take(
            Step::Approve {
                comment: "同意".into(),
            },
            at(2),
        )
        .unwrap();
    for device in [&sup, &manager, &admin, &tech] {
        refused(&app, device, Change::put(approved.clone()), Some(version)).await;
    }
    app.push_ok(&director, &[(Change::put(approved), Some(version))])
        .await;
    let Record::VisitPlan(stored) = app.record(&tech, &id).await else {
        panic!("not a visit plan")
    };
    assert_eq!(stored.status(), VisitPlanStatus::Approved);
    assert_eq!(stored.approval.steps[1].by, Some(uid("赵总监")));
}
