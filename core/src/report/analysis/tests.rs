//! Hand-counted figures: a plan whose visits are built by hand for completion and
//! timeliness, and the fixture's plant with the issues listed in `issues()`.
use super::*;
use crate::received::Channel;
use crate::report::fixture::{d, id, planned, plant, visit};
use crate::report::{Context, Scope};

#[test]
fn completion_counts_what_was_due_by_the_day_and_on_time_what_fell_in_its_window() {
    let plan = [
        planned(d(2026, 11, 5), Status::Done, Some(1)),
        // Recorded against the visit, after its window: done, but late.
        planned(d(2026, 11, 8), Status::Done, Some(2)),
        planned(d(2026, 11, 12), Status::Missed, None),
        planned(d(2026, 11, 18), Status::Overdue, None),
        // Not due yet on the 20th, done early or not: not counted.
        planned(d(2026, 11, 25), Status::Upcoming, None),
        planned(d(2026, 11, 26), Status::Done, Some(6)),
    ];
    let done_on = HashMap::from([
        (id(1), d(2026, 11, 6)),
        (id(2), d(2026, 11, 15)),
        (id(6), d(2026, 11, 19)),
    ]);
    let (completion, on_time) = plan_progress(&plan, &done_on, d(2026, 11, 20));
    assert_eq!(completion, Rate::new(2, 4));
    assert_eq!(completion.percent(), Some(50.0));
    assert_eq!(on_time, Rate::new(1, 2));
    // Nothing due: no rate at all, rather than 0 % or a division by zero.
    let (completion, on_time) = plan_progress(&plan, &done_on, d(2026, 11, 1));
    assert_eq!((completion.percent(), on_time.percent()), (None, None));
}

/// `status` with, for "feedback_given" proposals, the outcome in the history.
fn issue(
    n: u128,
    customer: u128,
    category: &str,
    departments: &[&str],
    raised: NaiveDate,
    due: NaiveDate,
    status: &str,
) -> Issue {
    let mut history = vec![];
    if category == "proposal" && status == "feedback_given" {
        history.push(serde_json::json!({
            "id": id(n + 1000), "by": crate::user::UserId::of_name("研发部"), "at": {"utc": format!("{raised}T09:00:00Z"), "offset_minutes": 480},
            "step": {"step": "give_feedback", "resolution": "采用",
                     "outcome": {"outcome": "adopted", "grade": "B", "reason": "可降低成本"}}
        }));
    }
    serde_json::from_value(serde_json::json!({
        "id": id(n), "customer_id": id(customer), "category": category, "severity": "medium",
        "title": "问题", "departments": departments,
        "raised_at": {"utc": format!("{raised}T02:00:00Z"), "offset_minutes": 480},
        "due": format!("{due}T10:00:00Z"), "status": status, "history": history
    }))
    .expect("an issue")
}

fn data() -> crate::dataset::DataSet {
    let mut data = plant();
    data.visits = vec![
        visit(101, 1, Some(11), d(2026, 11, 3), "on_site", (5, 4)),
        visit(102, 1, Some(11), d(2026, 11, 20), "phone", (4, 4)),
        visit(103, 2, Some(21), d(2026, 11, 10), "phone", (2, 3)),
        visit(104, 3, Some(32), d(2026, 11, 15), "video", (3, 1)),
        visit(105, 3, None, d(2026, 11, 19), "phone", (5, 5)),
        visit(201, 1, Some(11), d(2026, 10, 5), "phone", (3, 3)),
    ];
    let nov = |day| d(2026, 11, day);
    data.issues = vec![
        issue(
            1,
            1,
            "product_quality",
            &["quality_control", "production"],
            nov(2),
            nov(5),
            "verified",
        ),
        issue(
            2,
            2,
            "service",
            &["customer_service"],
            nov(10),
            nov(12),
            "feedback_given",
        ),
        issue(
            3,
            3,
            "technical",
            &["technical_support"],
            nov(15),
            nov(16),
            "handling",
        ),
        issue(
            4,
            3,
            "proposal",
            &["rn_d", "technical_support"],
            nov(16),
            d(2026, 12, 30),
            "feedback_given",
        ),
        issue(
            5,
            1,
            "proposal",
            &["marketing"],
            nov(17),
            d(2026, 12, 30),
            "recorded",
        ),
        issue(
            6,
            2,
            "complaint",
            &["customer_service"],
            nov(18),
            nov(19),
            "withdrawn",
        ),
        issue(
            7,
            1,
            "service",
            &["customer_service"],
            d(2026, 10, 20),
            d(2026, 10, 25),
            "handling",
        ),
    ];
    // Raised by hand: the complaint phoned in, proposal 4 by letter.
    for (n, channel) in [(6, Channel::Phone), (4, Channel::Letter)] {
        let issue = data.issues.iter_mut().find(|i| i.id == id(n)).unwrap();
        issue.received = Some(crate::received::Received {
            channel,
            at: issue.raised_at,
            contact: String::new(),
        });
    }
    data
}

fn report(scope: &Scope) -> AnalysisReport {
    let data = data();
    let ctx = Context::new(&data, scope, d(2026, 11, 20));
    let now = "2026-11-20T12:00:00Z".parse().unwrap();
    analysis(&ctx, Period::month(2026, 11).unwrap(), now)
}

#[test]
fn each_tiers_methods_against_its_target() {
    let r = report(&Scope::default());
    assert_eq!(r.as_of, d(2026, 11, 20));
    let done: Vec<_> = r
        .method_mix
        .iter()
        .map(|m| (m.tier, m.done.clone()))
        .collect();
    assert_eq!(
        done,
        vec![
            (
                Tier::Strategic,
                BTreeMap::from([(Method::OnSite, 1), (Method::Phone, 1)])
            ),
            (Tier::Key, BTreeMap::from([(Method::Phone, 1)])),
            (
                Tier::General,
                BTreeMap::from([(Method::Phone, 1), (Method::Video, 1)])
            ),
        ]
    );
    assert_eq!(r.method_mix[0].share(Method::OnSite), Rate::new(1, 2));
    assert_eq!(r.method_mix[1].share(Method::OnSite), Rate::new(0, 1));
    let settings = crate::settings::Settings::default();
    assert_eq!(r.method_mix[0].target, settings.strategic.method_mix);
    assert_eq!(r.method_mix[0].target.values().sum::<u32>(), 100);
}

#[test]
fn time_on_site_averages_the_visits_with_arrival_and_departure() {
    let mut data = data();
    let timed = |n: u128, day: u32, minutes: i64| {
        let mut v = visit(n, 2, Some(21), d(2026, 11, day), "on_site", (5, 5));
        let result = v.result.as_mut().unwrap();
        let arrived = crate::visit::CheckIn::new(result.completed_at, 31.3, 120.6, 10.0).unwrap();
        result.check_in = Some(arrived);
        let left =
            crate::types::DeviceTime::new(arrived.at.utc + chrono::Duration::minutes(minutes), 480)
                .unwrap();
        result.check_out = Some(crate::visit::CheckIn {
            at: left,
            ..arrived
        });
        v
    };
    data.visits.extend([timed(301, 4, 40), timed(302, 11, 75)]);
    let scope = Scope::default();
    let ctx = Context::new(&data, &scope, d(2026, 11, 20));
    let now = "2026-11-20T12:00:00Z".parse().unwrap();
    let r = analysis(&ctx, Period::month(2026, 11).unwrap(), now);
    // Visit 101 was on site without a check-out: counted, not timed.
    assert_eq!(
        r.time_on_site,
        TimeOnSite {
            on_site: 3,
            timed: 2,
            minutes: 115
        }
    );
    assert_eq!(r.time_on_site.average_minutes(), Some(57));
    assert_eq!(
        report(&Scope::default()).time_on_site.average_minutes(),
        None
    );
}

#[test]
fn issues_by_category_and_department_and_the_closed_loop_rates() {
    let r = report(&Scope::default());
    assert_eq!(
        r.issues_by_category,
        BTreeMap::from([
            (Category::ProductQuality, 1),
            (Category::Technical, 1),
            (Category::Service, 1),
            (Category::Complaint, 1),
            (Category::Proposal, 2),
        ])
    );
    // Of November's six, four found on visits, two raised by hand.
    assert_eq!(r.issues_found_on_visits, 4);
    assert_eq!(
        r.issues_by_channel,
        BTreeMap::from([(Channel::Phone, 1), (Channel::Letter, 1)])
    );
    assert_eq!(
        r.issues_by_department,
        BTreeMap::from([
            (Department::CustomerService, 2),
            (Department::TechnicalSupport, 2),
            (Department::QualityControl, 1),
            (Department::Production, 1),
            (Department::RnD, 1),
            (Department::Marketing, 1),
        ])
    );
    // Five real issues (the withdrawn complaint is not), three with feedback, one confirmed.
    assert_eq!(r.resolution, Rate::new(3, 5));
    assert_eq!(r.confirmation, Rate::new(1, 3));
    // Open past their due time at noon on the 20th: 2 (feedback given, not yet
    // confirmed), 3, and October's 7.
    assert_eq!(
        r.overdue_by_department,
        BTreeMap::from([
            (Department::CustomerService, 2),
            (Department::TechnicalSupport, 1)
        ])
    );
    assert_eq!(
        r.proposals,
        Proposals {
            adopted: 1,
            undecided: 1,
            ..Proposals::default()
        }
    );
}

#[test]
fn a_technicians_report_counts_only_their_customers() {
    let r = report(&Scope {
        technician: Some(crate::user::UserId::of_name("张工")),
        ..Scope::default()
    });
    assert_eq!(
        r.issues_by_category,
        BTreeMap::from([(Category::ProductQuality, 1), (Category::Proposal, 1)])
    );
    assert_eq!(r.resolution, Rate::new(1, 2));
    assert_eq!(
        r.overdue_by_department,
        BTreeMap::from([(Department::CustomerService, 1)])
    );
    assert_eq!(
        r.method_mix[1].done,
        BTreeMap::new(),
        "no key customer of 张工's"
    );
    assert_eq!(r.method_mix[1].share(Method::Phone).percent(), None);
}

#[test]
fn an_empty_period_has_no_rates() {
    let data = data();
    let scope = Scope::default();
    let ctx = Context::new(&data, &scope, d(2026, 11, 20));
    let r = analysis(
        &ctx,
        Period::month(2025, 6).unwrap(),
        "2026-11-20T12:00:00Z".parse().unwrap(),
    );
    assert_eq!(r.resolution.percent(), None);
    assert_eq!(r.confirmation.percent(), None);
    assert!(r.issues_by_category.is_empty());
    assert_eq!(r.proposals, Proposals::default());
    // What is overdue is overdue now, whatever the period.
    assert_eq!(r.overdue_by_department.values().sum::<u32>(), 3);
}

#[test]
fn the_years_encouragement_counts_proposals_outside_the_period_in_scope() {
    use crate::proposal::award::Encouragement;
    let mut data = data();
    // Customer 2 (not 张工's): three proposals not adopted in 2026, two before November.
    for (n, raised) in [
        (41, d(2026, 3, 2)),
        (42, d(2026, 10, 9)),
        (43, d(2026, 11, 5)),
    ] {
        let mut p = issue(
            n,
            2,
            "proposal",
            &["marketing"],
            raised,
            d(2026, 12, 30),
            "recorded",
        );
        for (k, step) in [
            serde_json::json!({"step": "start_handling"}),
            serde_json::json!({"step": "give_feedback", "resolution": "已告知",
                "outcome": {"outcome": "not_adopted", "reason": "成本过高"}}),
        ]
        .into_iter()
        .enumerate()
        {
            let event = serde_json::from_value(serde_json::json!({
                "id": id(n * 10 + k as u128), "step": step,
                "at": {"utc": format!("{raised}T09:00:00Z"), "offset_minutes": 480}
            }))
            .unwrap();
            p.apply(event).unwrap();
        }
        data.issues.push(p);
    }
    let now = "2026-11-20T12:00:00Z".parse().unwrap();
    let for_scope = |scope: &Scope| {
        let ctx = Context::new(&data, scope, d(2026, 11, 20));
        analysis(&ctx, Period::month(2026, 11).unwrap(), now)
    };
    let r = for_scope(&Scope::default());
    assert_eq!(r.encouragement_year, 2026);
    assert_eq!(r.encouragement.len(), 1, "{:?}", r.encouragement);
    let due = &r.encouragement[0];
    assert_eq!(due.customer_id, id(2));
    assert_eq!(
        due.encouragement,
        Encouragement::Award(crate::types::Cny(300))
    );
    assert_eq!((due.made(), due.not_adopted), (3, 3));
    assert_eq!(
        r.proposals.not_adopted, 1,
        "the period counts November's alone"
    );

    let zhang = for_scope(&Scope {
        technician: Some(crate::user::UserId::of_name("张工")),
        ..Scope::default()
    });
    assert!(zhang.encouragement.is_empty(), "not 张工's customer");
}

#[test]
fn quality_notices_sent_in_the_period_and_their_visits_are_counted() {
    let mut data = data();
    // No other visits: what closes a notice's visit is a visit made for it.
    data.visits.clear();
    // Two notices on 3 November (due within two weeks).
    for (n, customer) in [(61u128, 1u128), (62, 2)] {
        data.events.push(crate::event::Event {
            id: id(n),
            customer_id: id(customer),
            installation_id: None,
            kind: crate::event::EventKind::QualityNotice,
            at: serde_json::from_value(
                serde_json::json!({"utc": "2026-11-03T02:00:00Z", "offset_minutes": 480}),
            )
            .unwrap(),
            note: "门锁已改进".into(),
            action_id: Some(id(0xac)),
        });
    }
    let all = Scope::default();
    let now = "2026-11-20T12:00:00Z".parse().unwrap();
    let november = Period::month(2026, 11).unwrap();
    let report = |data: &crate::dataset::DataSet| {
        analysis(&Context::new(data, &all, d(2026, 11, 20)), november, now)
    };
    let before = report(&data);
    assert_eq!(before.notices_sent, 2);
    assert_eq!(
        before.notices_followed,
        Rate::new(0, 2),
        "both due by the 17th, none made"
    );
    // A call to customer 2 on the 10th.
    data.visits
        .push(visit(301, 2, Some(21), d(2026, 11, 10), "phone", (4, 4)));
    assert_eq!(report(&data).notices_followed, Rate::new(1, 2));
    // December's report counts no notice sent then.
    let december = analysis(
        &Context::new(&data, &all, d(2026, 12, 20)),
        Period::month(2026, 12).unwrap(),
        "2026-12-20T12:00:00Z".parse().unwrap(),
    );
    assert_eq!(december.notices_sent, 0);
}

#[test]
fn actions_opened_in_the_period_are_counted_by_status_and_overdue() {
    use crate::action::{Action, ActionKind, ActionStatus, Decision, Evidence};
    use crate::department::Department;
    let at = |day: u32| {
        serde_json::from_value::<crate::types::DeviceTime>(serde_json::json!({
            "utc": format!("2026-11-{day:02}T02:00:00Z"), "offset_minutes": 480
        }))
        .unwrap()
    };
    let open = |n: u128, day: u32| {
        Action::open(
            id(n),
            ActionKind::Corrective,
            "到场不及时",
            "服务评分 2 分",
            vec![Evidence::LowServiceRating { visit_id: id(101) }],
            at(day),
        )
        .unwrap()
    };
    let act = |due: u32| Decision::Act {
        owner: Department::CustomerService,
        due: d(2026, 11, due),
    };
    let mut data = data();
    data.actions = vec![
        // Awaiting review.
        open(71, 2),
        // Reviewed to act by the 10th, nothing done by the 20th: overdue.
        open(72, 3).reviewed(act(10), at(4)).unwrap(),
        // Due the 25th: in progress, not overdue.
        open(73, 3).reviewed(act(25), at(4)).unwrap(),
        // Done and verified.
        open(74, 5)
            .reviewed(act(12), at(6))
            .unwrap()
            .measured("增派人员", at(8))
            .unwrap()
            .verified(true, "无同类投诉", at(15))
            .unwrap(),
        // Opened in October: not this period's.
        {
            let mut october = open(75, 2);
            october.opened_at = serde_json::from_value(
                serde_json::json!({"utc": "2026-10-20T02:00:00Z", "offset_minutes": 480}),
            )
            .unwrap();
            october
        },
    ];
    let all = Scope::default();
    let r = analysis(
        &Context::new(&data, &all, d(2026, 11, 20)),
        Period::month(2026, 11).unwrap(),
        "2026-11-20T12:00:00Z".parse().unwrap(),
    );
    assert_eq!(
        r.actions,
        BTreeMap::from([
            (ActionStatus::AwaitingReview, 1),
            (ActionStatus::InProgress, 2),
            (ActionStatus::Verified, 1),
        ])
    );
    assert_eq!(r.actions_overdue, 1);
}

#[test]
fn the_month_is_measured_against_its_approved_visit_plan_only() {
    use crate::approval::{Approvable, Step};
    use crate::visit_plan::{PlanPeriod, PlannedCount, Targets, VisitPlan};
    let mut data = plant();
    data.visits = vec![
        visit(101, 1, None, d(2026, 11, 5), "phone", (5, 4)),
        visit(102, 2, None, d(2026, 11, 6), "on_site", (3, 4)),
    ];
    let month = PlanPeriod::Month {
        year: 2026,
        month: 11,
    };
    let counts = vec![
        PlannedCount {
            tier: Tier::Strategic,
            month: 11,
            count: 4,
        },
        PlannedCount {
            tier: Tier::Key,
            month: 11,
            count: 2,
        },
    ];
    let at = |day| {
        crate::types::DeviceTime::parse_local(&format!("2026-10-{day:02}T10:00"), 480).unwrap()
    };
    let mut plan = VisitPlan {
        id: month.plan_id(),
        period: month,
        targets: Targets::default(),
        planned: counts,
        note: String::new(),
        approval: crate::approval::Approval::drafted(at(20)),
    };
    // What the plan computes now: customer 1's visits (strategic), one done, one not.
    let planned_now = [
        planned(d(2026, 11, 5), Status::Done, Some(101)),
        planned(d(2026, 11, 12), Status::Missed, None),
        planned(d(2026, 11, 28), Status::Upcoming, None),
    ];
    let period = Period::month(2026, 11).unwrap();
    let scope = Scope::default();
    let as_of = d(2026, 11, 20);
    // A draft, or a plan awaiting approval, measures nothing.
    data.visit_plans = vec![plan.clone()];
    let ctx = Context::new(&data, &scope, as_of);
    assert_eq!(against::against(&ctx, period, &planned_now, as_of), None);
    plan = plan
        .take(Step::Submit, at(21))
        .and_then(|p| {
            p.take(
                Step::Approve {
                    comment: String::new(),
                },
                at(22),
            )
        })
        .unwrap();
    data.visit_plans = vec![plan];
    let ctx = Context::new(&data, &scope, as_of);
    let measured = against::against(&ctx, period, &planned_now, as_of).unwrap();
    let rows: Vec<(Tier, u32, u32)> = measured
        .tiers
        .iter()
        .map(|t| (t.tier, t.approved, t.done))
        .collect();
    assert_eq!(
        rows,
        [
            (Tier::Strategic, 4, 1),
            (Tier::Key, 2, 0),
            (Tier::General, 0, 0)
        ]
    );
    assert_eq!(measured.completion, Rate::new(1, 6));
    // The month's ratings: (5 + 3) / 2 and (4 + 4) / 2.
    assert_eq!((measured.product, measured.service), (Some(4.0), Some(4.0)));
    // A tier's report: that tier alone. A region's, or another period: none.
    let key = Scope {
        tier: Some(Tier::Key),
        ..Scope::default()
    };
    let ctx = Context::new(&data, &key, as_of);
    let measured = against::against(&ctx, period, &planned_now, as_of).unwrap();
    assert_eq!(measured.completion, Rate::new(0, 2));
    let region = Scope {
        region: Some("华东".into()),
        ..Scope::default()
    };
    assert_eq!(
        against::against(
            &Context::new(&data, &region, as_of),
            period,
            &planned_now,
            as_of
        ),
        None
    );
    let ctx = Context::new(&data, &scope, as_of);
    let december = Period::month(2026, 12).unwrap();
    assert_eq!(against::against(&ctx, december, &planned_now, as_of), None);
    let half = Period::new(d(2026, 11, 1), d(2026, 11, 15)).unwrap();
    assert_eq!(
        against::against(&ctx, half, &planned_now, as_of),
        None,
        "not a whole month"
    );
}
