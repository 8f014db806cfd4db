//! The schedule's rules, with the seeds' own numbers.
use super::*;
use crate::calendar::WorkCalendar;
use crate::event::{Event, EventKind};
use crate::installation::Installation;
use crate::types::{DeviceTime, Rating};
use crate::visit::{VisitResult, VisitStatus};
use chrono::{Duration, NaiveDate};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Beijing local time.
fn at(y: i32, m: u32, day: u32, h: u32) -> DeviceTime {
    let local = d(y, m, day).and_hms_opt(h, 0, 0).unwrap();
    DeviceTime::new(local.and_utc() - Duration::hours(8), 480).unwrap()
}

/// A general (tier 3) customer whose half-yearly routine falls on the 25th of
/// January and July, away from the dates under test.
fn customer(n: u128) -> Customer {
    let mut c = Customer::new(Uuid::from_u128(n), &format!("客户{n}")).unwrap();
    c.cooperation_start = Some(d(2025, 1, 25));
    c
}

fn switchgear(customer: &Customer, energized: NaiveDate) -> Installation {
    Installation {
        id: Uuid::from_u128(customer.id.as_u128() * 100 + 1),
        customer_id: customer.id,
        product_line: "switchgear".into(),
        model: "KYN28A-12".into(),
        serial_number: "SG-001".into(),
        site: "配电室".into(),
        contract_amount: Cny(800_000),
        delivery_date: Some(energized - Duration::days(20)),
        commissioning_date: Some(energized - Duration::days(5)),
        energized_date: Some(energized),
        warranty_months: None,
    }
}

struct World {
    customers: Vec<Customer>,
    installations: Vec<Installation>,
    visits: Vec<Visit>,
    events: Vec<Event>,
    settings: Settings,
}

impl World {
    fn new(customers: Vec<Customer>) -> Self {
        Self {
            customers,
            installations: vec![],
            visits: vec![],
            events: vec![],
            settings: Settings::default(),
        }
    }

    fn plan(&self, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Vec<PlannedVisit> {
        plan(&PlanInput {
            customers: &self.customers,
            installations: &self.installations,
            visits: &self.visits,
            events: &self.events,
            settings: &self.settings,
            from,
            to,
            today,
        })
    }

    fn year_2026(&self) -> Vec<PlannedVisit> {
        self.plan(d(2026, 1, 1), d(2026, 12, 31), d(2026, 1, 1))
    }
}

fn lifecycle_dues(plan: &[PlannedVisit]) -> Vec<(StageKey, NaiveDate)> {
    plan.iter()
        .flat_map(|v| {
            v.reasons
                .iter()
                .filter_map(move |r| r.stage().map(|s| (s, v.due)))
        })
        .collect()
}

#[test]
fn energized_on_10_march_gives_the_seed_001_lifecycle() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    world.installations.push(switchgear(&c, d(2026, 3, 10)));
    let plan = world.plan(d(2026, 1, 1), d(2029, 12, 31), d(2026, 1, 1));
    assert_eq!(
        lifecycle_dues(&plan),
        vec![
            (StageKey::Commissioning, d(2026, 3, 5)),
            (StageKey::OneMonth, d(2026, 4, 10)),
            (StageKey::WarrantyHalf, d(2026, 9, 10)),
            (StageKey::WarrantyEnd, d(2027, 3, 10)),
            (StageKey::PostWarranty, d(2028, 3, 10)),
            (StageKey::PostWarranty, d(2029, 3, 10)),
        ]
    );
    let commissioning = plan
        .iter()
        .find(|v| v.stages == [StageKey::Commissioning])
        .unwrap();
    assert_eq!(
        commissioning.method,
        Method::OnSite,
        "commissioning is on site"
    );
    let one_month = plan
        .iter()
        .find(|v| v.stages == [StageKey::OneMonth])
        .unwrap();
    assert!(matches!(one_month.method, Method::Phone | Method::OnSite));
}

#[test]
fn a_longer_warranty_moves_the_warranty_end_visit() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    let mut i = switchgear(&c, d(2026, 3, 10));
    i.warranty_months = Some(24);
    world.installations.push(i);
    let plan = world.plan(d(2026, 1, 1), d(2029, 12, 31), d(2026, 1, 1));
    let dues = lifecycle_dues(&plan);
    assert!(dues.contains(&(StageKey::WarrantyEnd, d(2028, 3, 10))));
    assert!(dues.contains(&(StageKey::PostWarranty, d(2029, 3, 10))));
    assert!(
        !dues.contains(&(StageKey::PostWarranty, d(2028, 3, 10))),
        "merged into warranty end, not doubled"
    );
}

#[test]
fn instruments_without_an_energized_date_follow_seed_002() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    let mut i = switchgear(&c, d(2026, 3, 10));
    i.product_line = "precision_test".into();
    i.energized_date = None;
    i.commissioning_date = Some(d(2026, 3, 2));
    world.installations.push(i);
    let plan = world.plan(d(2026, 1, 1), d(2028, 12, 31), d(2026, 1, 1));
    assert_eq!(
        lifecycle_dues(&plan),
        vec![
            (StageKey::GenericFirst, d(2026, 3, 9)),
            (StageKey::GenericFollowUp, d(2026, 8, 2)),
            (StageKey::GenericFollowUp, d(2027, 2, 2)),
            (StageKey::GenericFollowUp, d(2028, 3, 2)),
        ]
    );
}

#[test]
fn a_window_runs_from_a_week_before_to_a_month_after() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    world.installations.push(switchgear(&c, d(2026, 3, 10)));
    let plan = world.year_2026();
    let one_month = plan
        .iter()
        .find(|v| v.stages == [StageKey::OneMonth])
        .unwrap();
    assert_eq!(
        one_month.window,
        Window {
            earliest: d(2026, 4, 3),
            latest: d(2026, 5, 10)
        }
    );
    assert_eq!(one_month.deadline, None);
}

#[test]
fn preparation_starts_three_working_days_before_skipping_holidays_honouring_make_up_days() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    // Energized 13 September → one-month visit due Tuesday 13 October 2026.
    world.installations.push(switchgear(&c, d(2026, 9, 13)));
    world.settings.calendar = WorkCalendar {
        holidays: (1..=7).map(|day| d(2026, 10, day)).collect(),
        make_up_workdays: [d(2026, 9, 20), d(2026, 10, 10)].into(),
    };
    let plan = world.year_2026();
    let visit = plan
        .iter()
        .find(|v| v.stages == [StageKey::OneMonth])
        .unwrap();
    assert_eq!(visit.due, d(2026, 10, 13));
    // Mon 12, Sat 10 (make-up), Fri 9.
    assert_eq!(visit.prepare_on, d(2026, 10, 9));
}

#[test]
fn each_tier_has_its_cadence() {
    let mut strategic = customer(1);
    strategic.flags.industry_leader = true;
    strategic.cooperation_start = Some(d(2019, 1, 3));
    let mut key = customer(2);
    key.flags.regional_core_agent = true;
    key.cooperation_start = Some(d(2019, 1, 3));
    let general = customer(3);
    let world = World::new(vec![strategic, key, general]);
    let plan = world.year_2026();
    let count = |n: u128, pred: &dyn Fn(&Reason) -> bool| {
        plan.iter()
            .filter(|v| v.customer_id == Uuid::from_u128(n) && v.reasons.iter().any(pred))
            .count()
    };
    let routine = |r: &Reason| matches!(r, Reason::Routine { .. });
    let executive = |r: &Reason| {
        matches!(
            r,
            Reason::Extra {
                extra: ExtraKind::Executive
            }
        )
    };
    let on_site_review = |r: &Reason| {
        matches!(
            r,
            Reason::Extra {
                extra: ExtraKind::OnSiteReview
            }
        )
    };
    assert_eq!(count(1, &routine), 12, "strategic: monthly");
    assert_eq!(
        count(1, &executive),
        4,
        "strategic: quarterly executive visit"
    );
    assert_eq!(count(2, &routine), 4, "key: quarterly");
    assert_eq!(count(2, &on_site_review), 2, "key: half-yearly on site");
    assert_eq!(count(3, &routine), 2, "general: half-yearly");
    for v in plan
        .iter()
        .filter(|v| v.reasons.iter().any(|r| matches!(r, Reason::Extra { .. })))
    {
        assert_eq!(v.method, Method::OnSite);
    }
}

fn event(customer: &Customer, n: u128, kind: EventKind, when: DeviceTime) -> Event {
    Event {
        id: Uuid::from_u128(n),
        customer_id: customer.id,
        installation_id: None,
        kind,
        at: when,
        note: String::new(),
        action_id: None,
    }
}

fn event_visit(plan: &[PlannedVisit], n: u128) -> &PlannedVisit {
    plan.iter()
        .find(|v| {
            v.reasons.iter().any(
                |r| matches!(r, Reason::Event { event_id, .. } if *event_id == Uuid::from_u128(n)),
            )
        })
        .expect("the event's visit is planned")
}

#[test]
fn a_repair_finished_on_friday_is_confirmed_3_to_5_days_later() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    world.events.push(event(
        &c,
        50,
        EventKind::RepairFinished,
        at(2026, 3, 13, 16),
    ));
    let plan = world.year_2026();
    let visit = event_visit(&plan, 50);
    assert_eq!(
        visit.window.earliest,
        d(2026, 3, 16),
        "from Monday, 3 days after"
    );
    assert_eq!(visit.due, d(2026, 3, 18), "due by Wednesday, 5 days after");
    assert_eq!(visit.last_day, d(2026, 3, 18));
}

#[test]
fn a_delivery_calls_for_a_visit_within_24_hours_keeping_the_hour() {
    let mut c = customer(1);
    c.flags.regional_core_agent = true; // key tier
    let mut world = World::new(vec![c.clone()]);
    world
        .events
        .push(event(&c, 51, EventKind::Delivery, at(2026, 3, 9, 15)));
    let plan = world.year_2026();
    let visit = event_visit(&plan, 51);
    assert_eq!(visit.due, d(2026, 3, 10));
    assert_eq!(visit.deadline, Some(at(2026, 3, 10, 15).utc));
}

#[test]
fn a_delivery_to_a_general_customer_is_confirmed_within_a_week() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    world
        .events
        .push(event(&c, 52, EventKind::Delivery, at(2026, 3, 9, 15)));
    let plan = world.year_2026();
    let visit = event_visit(&plan, 52);
    assert_eq!(visit.due, d(2026, 3, 16));
    assert!(matches!(visit.method, Method::Phone | Method::OnlineSurvey));
}

#[test]
fn complaints_proposals_and_overdue_repairs_are_visited_the_same_day() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    world
        .events
        .push(event(&c, 53, EventKind::Complaint, at(2026, 5, 6, 9)));
    world.events.push(event(
        &c,
        54,
        EventKind::ProposalReceived,
        at(2026, 6, 8, 9),
    ));
    world
        .events
        .push(event(&c, 55, EventKind::RepairOverdue, at(2026, 8, 4, 9)));
    let plan = world.year_2026();
    for (n, day) in [
        (53, d(2026, 5, 6)),
        (54, d(2026, 6, 8)),
        (55, d(2026, 8, 4)),
    ] {
        let visit = event_visit(&plan, n);
        assert_eq!(visit.due, day);
        assert_eq!(
            visit
                .deadline
                .map(|t| t.with_timezone(&at(2026, 1, 1, 0).offset()).date_naive()),
            Some(day)
        );
    }
}

#[test]
fn visits_within_a_week_merge_into_one_due_at_the_earliest() {
    let c = customer(1); // routine due 25 July
    let mut world = World::new(vec![c.clone()]);
    world.installations.push(switchgear(&c, d(2026, 6, 28))); // one-month due 28 July
    let plan = world.year_2026();
    let merged = plan
        .iter()
        .find(|v| v.due == d(2026, 7, 25))
        .expect("routine visit");
    assert_eq!(merged.reasons.len(), 2);
    assert!(matches!(merged.reasons[0], Reason::Routine { .. }));
    assert_eq!(merged.stages, vec![StageKey::OneMonth]);
    assert!(
        plan.iter().all(|v| v.due != d(2026, 7, 28)),
        "no second visit that week"
    );
}

#[test]
fn a_merge_never_postpones_an_event_nor_comes_before_it() {
    let c = customer(1); // routine due 25 July
    let mut world = World::new(vec![c.clone()]);
    world.events.push(event(
        &c,
        56,
        EventKind::ServiceCompletion,
        at(2026, 7, 27, 10),
    ));
    let plan = world.year_2026();
    let visit = event_visit(&plan, 56);
    assert_eq!(visit.reasons.len(), 2, "merged with the routine visit");
    assert_eq!(visit.due, d(2026, 7, 27), "not before the event");
    assert_eq!(
        visit.deadline,
        Some(at(2026, 7, 28, 10).utc),
        "its 24-hour deadline kept"
    );
    assert!(visit.due <= visit.last_day);
}

/// A phone visit of `customer` done at `done`, recorded against `planned` (if any).
fn phone_visit(
    id: u128,
    customer: &Customer,
    planned: Option<NaiveDate>,
    done: DeviceTime,
) -> Visit {
    Visit {
        id: Uuid::from_u128(id),
        customer_id: customer.id,
        installation_id: None,
        status: VisitStatus::Done,
        planned_date: planned,
        assignee: None,
        result: Some(VisitResult {
            completed_at: done,
            method: Method::Phone,
            met: String::new(),
            product_rating: Rating::parse(4).unwrap(),
            service_rating: Rating::parse(4).unwrap(),
            checklist: vec![],
            content_types: vec![],
            suggestions: String::new(),
            wanted: Default::default(),
            issue_ids: vec![],
            notes: String::new(),
            template_version: 1,
            check_in: None,
            check_out: None,
            signature: None,
            answered_by: Default::default(),
        }),
    }
}

#[test]
fn a_completed_visit_in_the_window_marks_the_planned_one_done() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    // Routine due 25 July: 16 days late, within the month.
    world
        .visits
        .push(phone_visit(900, &c, None, at(2026, 8, 10, 10)));
    let plan = world.plan(d(2026, 1, 1), d(2026, 12, 31), d(2026, 9, 1));
    let july = plan.iter().find(|v| v.due == d(2026, 7, 25)).unwrap();
    assert_eq!(july.status, Status::Done);
    assert_eq!(july.done_by, Some(Uuid::from_u128(900)));
    let january = plan.iter().find(|v| v.due == d(2026, 1, 25)).unwrap();
    assert_eq!(january.status, Status::Missed);
}

#[test]
fn a_missed_visit_recorded_late_against_its_plan_is_done() {
    let c = customer(1); // routine due 25 January 2026
    let mut world = World::new(vec![c.clone()]);
    // Five weeks late.
    let late = |id: u128, planned| phone_visit(id, &c, planned, at(2026, 3, 2, 10));
    // A visit done that late, not recorded against the plan, does not count…
    world.visits.push(late(901, None));
    let status = |world: &World| world.plan(d(2026, 1, 1), d(2026, 2, 28), d(2026, 3, 3))[0].status;
    assert_eq!(status(&world), Status::Missed);
    // …but one recorded against the January visit closes it (done late).
    world.visits.push(late(902, Some(d(2026, 1, 25))));
    assert_eq!(status(&world), Status::Done);
}

#[test]
fn a_file_opened_today_owes_no_earlier_routine_visits() {
    let mut c = customer(1); // routine due on the 25th of January and July
    c.since = Some(d(2026, 3, 1));
    let world = World::new(vec![c]);
    let plan = world.year_2026();
    let dues: Vec<NaiveDate> = plan.iter().map(|v| v.due).collect();
    assert_eq!(
        dues,
        vec![d(2026, 7, 25)],
        "January's visit predates the file"
    );
}

#[test]
fn status_against_today() {
    let c = customer(1); // routine due Saturday 25 July 2026
    let world = World::new(vec![c]);
    let status_on = |today| {
        let plan = world.plan(d(2026, 7, 1), d(2026, 7, 31), today);
        assert_eq!(plan.len(), 1);
        (plan[0].prepare_on, plan[0].status)
    };
    // Three working days before Saturday 25 July: Wed 22.
    assert_eq!(
        status_on(d(2026, 7, 21)),
        (d(2026, 7, 22), Status::Upcoming)
    );
    assert_eq!(status_on(d(2026, 7, 22)).1, Status::Preparing);
    assert_eq!(status_on(d(2026, 7, 25)).1, Status::Due);
    assert_eq!(status_on(d(2026, 7, 26)).1, Status::Overdue);
    assert_eq!(
        status_on(d(2026, 8, 25)).1,
        Status::Overdue,
        "still within the month"
    );
    assert_eq!(status_on(d(2026, 8, 26)).1, Status::Missed);
}

#[test]
fn major_customers_are_visited_on_site() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    let mut big = switchgear(&c, d(2025, 1, 10));
    big.contract_amount = Cny(3_000_000);
    world.installations.push(big);
    let plan = world.year_2026();
    assert!(!plan.is_empty());
    assert!(plan
        .iter()
        .all(|v| v.major_customer && v.method == Method::OnSite));
}

#[test]
fn the_plan_does_not_depend_on_the_order_of_its_inputs() {
    let mut customers: Vec<Customer> = (1..=6).map(customer).collect();
    customers[1].flags.industry_leader = true;
    customers[2].flags.regional_core_agent = true;
    let mut world = World::new(customers.clone());
    world.installations = customers
        .iter()
        .map(|c| switchgear(c, d(2026, 2, 10)))
        .collect();
    world.events = customers
        .iter()
        .enumerate()
        .map(|(i, c)| event(c, 70 + i as u128, EventKind::Complaint, at(2026, 4, 3, 9)))
        .collect();
    let before = world.year_2026();
    world.customers.reverse();
    world.installations.reverse();
    world.events.reverse();
    assert_eq!(world.year_2026(), before);
}

#[test]
fn a_reasons_kind_name_is_its_wire_tag() {
    let reasons = [
        Reason::Routine { tier: Tier::Key },
        Reason::Extra {
            extra: ExtraKind::Executive,
        },
        Reason::Lifecycle {
            installation_id: Uuid::from_u128(1),
            stage: StageKey::Commissioning,
            months: 0,
        },
        Reason::Event {
            event_id: Uuid::from_u128(2),
            event: EventKind::Complaint,
        },
    ];
    for reason in reasons {
        let wire = serde_json::to_value(&reason).unwrap();
        assert_eq!(wire["kind"], reason.kind_name());
    }
}

#[test]
fn an_installations_next_visit_is_the_soonest_still_to_make_never_a_done_or_missed_one() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    let i = switchgear(&c, d(2026, 3, 10));
    world.installations.push(i.clone());
    // On 1 June the commissioning (5 March) and one-month (10 April) visits are past
    // their windows, never made; the warranty-half one (10 September) is next.
    let mut plan = world.plan(d(2026, 1, 1), d(2027, 12, 31), d(2026, 6, 1));
    let next_of = |plan: &[PlannedVisit]| {
        next_open(plan)
            .into_iter()
            .find(|v| v.installation_ids.contains(&i.id))
            .map(|v| (v.stages.clone(), v.due))
    };
    assert_eq!(
        next_of(&plan),
        Some((vec![StageKey::WarrantyHalf], d(2026, 9, 10)))
    );
    // Once that one is done, the next is the warranty end's.
    let half = plan
        .iter_mut()
        .find(|v| v.stages == [StageKey::WarrantyHalf])
        .unwrap();
    half.status = Status::Done;
    assert_eq!(
        next_of(&plan),
        Some((vec![StageKey::WarrantyEnd], d(2027, 3, 10)))
    );
}

/// `phone_visit`, made by `method`, answering `stages`' checklists (one item each).
fn done_visit(
    id: u128,
    customer: &Customer,
    done: DeviceTime,
    method: Method,
    stages: &[StageKey],
) -> Visit {
    let mut v = phone_visit(id, customer, None, done);
    let result = v.result.as_mut().unwrap();
    result.method = method;
    result.checklist = stages
        .iter()
        .map(|stage| crate::visit::ChecklistAnswer {
            stage: *stage,
            item: "外观检查".into(),
            ok: true,
            note: None,
        })
        .collect();
    v
}

#[test]
fn a_phone_call_does_not_close_a_visit_that_must_be_on_site() {
    // A strategic (tier 1) customer: its executive visits are on site.
    let mut c = customer(1);
    c.flags.industry_leader = true;
    c.cooperation_start = Some(d(2019, 1, 3));
    let mut world = World::new(vec![c.clone()]);
    let plan = world.year_2026();
    let executive = plan
        .iter()
        .find(|v| v.reasons.iter().any(|r| matches!(r, Reason::Extra { .. })))
        .expect("an executive visit in 2026")
        .clone();
    assert!(executive.on_site_required);
    assert_eq!(executive.method, Method::OnSite);
    let routine_only = plan
        .iter()
        .find(|v| {
            v.reasons
                .iter()
                .all(|r| matches!(r, Reason::Routine { .. }))
        })
        .expect("a routine visit");
    assert!(!routine_only.on_site_required, "a routine call is fine");

    let on = |date: NaiveDate| {
        use chrono::Datelike;
        at(date.year(), date.month(), date.day(), 10)
    };
    world
        .visits
        .push(done_visit(900, &c, on(executive.due), Method::Phone, &[]));
    let today = executive.window.latest;
    let find = |world: &World| {
        world
            .plan(d(2026, 1, 1), d(2026, 12, 31), today)
            .into_iter()
            .find(|v| v.key() == executive.key())
            .unwrap()
    };
    let after_call = find(&world);
    assert_ne!(
        after_call.status,
        Status::Done,
        "a call is not an executive visit"
    );
    assert_eq!(after_call.done_by, None);
    assert_eq!(
        after_call.unmet,
        [Unmet {
            visit_id: Uuid::from_u128(900),
            date: executive.due,
            shortfall: Shortfall::NotOnSite {
                method: Method::Phone
            },
        }]
    );

    world.visits.push(done_visit(
        901,
        &c,
        on(executive.due + Duration::days(1)),
        Method::OnSite,
        &[],
    ));
    let after_visit = find(&world);
    assert_eq!(after_visit.status, Status::Done);
    assert_eq!(after_visit.done_by, Some(Uuid::from_u128(901)));
    assert!(after_visit.unmet.is_empty());
}

#[test]
fn a_lifecycle_stage_is_done_only_when_its_checklist_was_answered() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    world.installations.push(switchgear(&c, d(2026, 3, 10)));
    let key = |plan: &[PlannedVisit]| {
        plan.iter()
            .find(|v| v.stages == [StageKey::OneMonth])
            .unwrap()
            .clone()
    };
    let one_month = key(&world.year_2026()); // due 10 April, phone or on site
    assert!(!one_month.on_site_required);
    world
        .visits
        .push(done_visit(900, &c, at(2026, 4, 10, 10), Method::Phone, &[]));
    let today = d(2026, 4, 11);
    let plan = world.plan(d(2026, 1, 1), d(2026, 12, 31), today);
    let open = key(&plan);
    assert_eq!(
        open.status,
        Status::Overdue,
        "a call without the checklist leaves it open"
    );
    assert_eq!(
        open.unmet[0].shortfall,
        Shortfall::ChecklistNotAnswered {
            stage: StageKey::OneMonth
        }
    );
    // Another stage's checklist does not answer this one either…
    world.visits.push(done_visit(
        901,
        &c,
        at(2026, 4, 11, 9),
        Method::Phone,
        &[StageKey::WarrantyHalf],
    ));
    assert_eq!(
        key(&world.plan(d(2026, 1, 1), d(2026, 12, 31), today))
            .unmet
            .len(),
        2
    );
    // …its own does, by phone.
    world.visits.push(done_visit(
        902,
        &c,
        at(2026, 4, 11, 10),
        Method::Phone,
        &[StageKey::OneMonth],
    ));
    let done = key(&world.plan(d(2026, 1, 1), d(2026, 12, 31), today));
    assert_eq!(
        (done.status, done.done_by),
        (Status::Done, Some(Uuid::from_u128(902)))
    );

    // Commissioning must be on site *and* answered.
    let commissioning = world
        .plan(d(2026, 1, 1), d(2026, 12, 31), d(2026, 3, 6))
        .into_iter()
        .find(|v| v.stages.contains(&StageKey::Commissioning))
        .unwrap();
    assert!(commissioning.on_site_required);
}

#[test]
fn a_major_customers_phone_only_event_stays_a_call() {
    let c = customer(1);
    let mut world = World::new(vec![c.clone()]);
    let mut big = switchgear(&c, d(2025, 1, 10));
    big.contract_amount = Cny(3_000_000);
    world.installations.push(big);
    world
        .events
        .push(event(&c, 7, EventKind::RepairDispatched, at(2026, 5, 6, 9)));
    let plan = world.year_2026();
    let call = event_visit(&plan, 7);
    assert_eq!(
        call.reasons.len(),
        1,
        "in May, away from the routine visits"
    );
    assert!(!call.on_site_required);
    assert_eq!(call.method, Method::Phone);
    assert!(plan
        .iter()
        .filter(|v| v
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::Routine { .. })))
        .all(|v| v.on_site_required && v.method == Method::OnSite));
}
