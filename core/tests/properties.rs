//! Properties of the schedule and the tier rule, over generated data.
use chrono::{Days, Duration, NaiveDate};
use proptest::prelude::*;
use revisit_core::calendar::WorkCalendar;
use revisit_core::customer::Customer;
use revisit_core::event::{Event, EventKind};
use revisit_core::installation::Installation;
use revisit_core::schedule::{can_merge, plan, PlanInput, PlannedVisit};
use revisit_core::settings::Settings;
use revisit_core::tier::Tier;
use revisit_core::tiering::classify;
use revisit_core::types::{Cny, DeviceTime};
use revisit_core::visit::Method;
use std::collections::HashMap;
use uuid::Uuid;

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(u64::from(offset))
}

#[derive(Debug, Clone)]
struct World {
    customers: Vec<Customer>,
    installations: Vec<Installation>,
    events: Vec<Event>,
    calendar: WorkCalendar,
}

fn customer_strategy() -> impl Strategy<Value = (u8, u32, u64, bool)> {
    (0u8..4, 0u32..3000, 0u64..8_000_000, any::<bool>())
}

fn world_strategy() -> impl Strategy<Value = World> {
    (
        prop::collection::vec(customer_strategy(), 1..8),
        prop::collection::vec(
            (
                0usize..8,
                0u32..1400,
                0u32..40,
                prop::option::of(0u32..30),
                any::<bool>(),
                0u64..4_000_000,
            ),
            0..12,
        ),
        prop::collection::vec((0usize..8, 0usize..10, 0u32..1100, 0u32..24), 0..10),
        prop::collection::btree_set(0u32..1100, 0..30),
        prop::collection::btree_set(0u32..1100, 0..6),
    )
        .prop_map(|(cs, is, es, holidays, make_up)| {
            let customers: Vec<Customer> = cs
                .iter()
                .enumerate()
                .map(|(n, (flag, start, purchases, scattered))| {
                    let mut c =
                        Customer::new(Uuid::from_u128(n as u128 + 1), &format!("客户{n}")).unwrap();
                    c.flags.industry_leader = *flag == 1;
                    c.flags.regional_core_agent = *flag == 2;
                    c.flags.scattered_orders = *scattered;
                    c.cooperation_start =
                        (*flag != 3).then(|| day(0) - Days::new(u64::from(*start)));
                    c.annual_purchases.insert(2025, Cny(*purchases));
                    c
                })
                .collect();
            let installations = is
                .iter()
                .enumerate()
                .map(
                    |(n, (owner, delivered, to_energize, warranty, switchgear, amount))| {
                        let delivery = day(*delivered);
                        Installation {
                            id: Uuid::from_u128(1000 + n as u128),
                            customer_id: customers[owner % customers.len()].id,
                            product_line: if *switchgear {
                                "switchgear"
                            } else {
                                "precision_test"
                            }
                            .into(),
                            model: String::new(),
                            serial_number: String::new(),
                            site: String::new(),
                            contract_amount: Cny(*amount),
                            delivery_date: Some(delivery),
                            commissioning_date: Some(
                                delivery + Days::new(u64::from(to_energize / 2)),
                            ),
                            energized_date: switchgear
                                .then(|| delivery + Days::new(u64::from(*to_energize))),
                            warranty_months: warranty.map(|w| w + 1),
                        }
                    },
                )
                .collect();
            let events = es
                .iter()
                .enumerate()
                .map(|(n, (owner, kind, on, hour))| Event {
                    id: Uuid::from_u128(5000 + n as u128),
                    customer_id: customers[owner % customers.len()].id,
                    installation_id: None,
                    kind: EventKind::ALL[kind % EventKind::ALL.len()],
                    at: DeviceTime::new(
                        day(*on).and_hms_opt(*hour, 0, 0).unwrap().and_utc() - Duration::hours(8),
                        480,
                    )
                    .unwrap(),
                    note: String::new(),
                    action_id: None,
                })
                .collect();
            let make_up = make_up.into_iter().map(day).collect();
            World {
                customers,
                installations,
                events,
                calendar: WorkCalendar {
                    holidays: holidays.into_iter().map(day).collect(),
                    make_up_workdays: make_up,
                },
            }
        })
}

fn run(world: &World, settings: &Settings) -> Vec<PlannedVisit> {
    plan(&PlanInput {
        customers: &world.customers,
        installations: &world.installations,
        visits: &[],
        events: &world.events,
        settings,
        from: day(0),
        to: day(1095),
        today: day(400),
    })
}

fn settings_for(world: &World) -> Settings {
    Settings {
        calendar: world.calendar.clone(),
        ..Settings::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_window_holds_its_due_date_and_preparation_precedes_it(world in world_strategy()) {
        let settings = settings_for(&world);
        for v in run(&world, &settings) {
            prop_assert!(v.window.earliest <= v.due && v.due <= v.window.latest, "{v:?}");
            prop_assert!(v.due <= v.last_day && v.last_day <= v.window.latest, "{v:?}");
            prop_assert!(v.window.latest <= v.due.checked_add_months(chrono::Months::new(1)).unwrap(), "never more than a month late: {v:?}");
            prop_assert!(v.prepare_on <= v.due, "{v:?}");
            prop_assert!(world.calendar.is_working_day(v.prepare_on), "{v:?}");
        }
    }

    #[test]
    fn no_two_mergeable_visits_of_a_customer_fall_within_the_merge_span(world in world_strategy()) {
        let settings = settings_for(&world);
        let visits = run(&world, &settings);
        for (i, a) in visits.iter().enumerate() {
            for b in &visits[i + 1..] {
                if a.customer_id == b.customer_id && (a.due - b.due).num_days().abs() <= i64::from(settings.merge_span_days) {
                    prop_assert!(!can_merge(a, b), "these could be one visit:\n{a:?}\n{b:?}");
                }
            }
        }
    }

    #[test]
    fn the_plan_does_not_depend_on_input_order(world in world_strategy(), seed in any::<u64>()) {
        let settings = settings_for(&world);
        let before = run(&world, &settings);
        let mut shuffled = world.clone();
        let rotate = |n: usize| if n == 0 { 0 } else { (seed as usize) % n };
        let (c, i, e) = (rotate(shuffled.customers.len()), rotate(shuffled.installations.len()), rotate(shuffled.events.len()));
        shuffled.customers.rotate_left(c);
        shuffled.customers.reverse();
        shuffled.installations.rotate_left(i);
        shuffled.events.rotate_left(e);
        shuffled.events.reverse();
        prop_assert_eq!(run(&shuffled, &settings), before);
    }

    #[test]
    fn the_tier_never_drops_when_share_or_years_grow(
        (flag, start, purchases, scattered) in customer_strategy(),
        more_purchases in 0u64..5_000_000,
        more_years in 0u32..3000,
    ) {
        let settings = Settings::default();
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let total = Cny(20_000_000);
        let mut c = Customer::new(Uuid::from_u128(1), "客户").unwrap();
        c.flags.industry_leader = flag == 1;
        c.flags.regional_core_agent = flag == 2;
        c.flags.scattered_orders = scattered;
        c.cooperation_start = Some(today - Days::new(u64::from(start)));
        c.annual_purchases.insert(2025, Cny(purchases));
        let before = classify(&c, total, &settings.tiers, today).tier;
        let mut grown = c.clone();
        grown.annual_purchases.insert(2025, Cny(purchases + more_purchases));
        grown.cooperation_start = Some(today - Days::new(u64::from(start + more_years)));
        let after = classify(&grown, total, &settings.tiers, today).tier;
        // Strategic < Key < General in the enum's order: a lower value is a higher tier.
        prop_assert!(after <= before, "{before:?} → {after:?}");
    }

    /// Routine visits only (no extra series, installations or events, no major
    /// customers): over a year, each tier's methods are within one visit of its mix.
    #[test]
    fn each_tier_meets_its_method_mix_within_one_visit(cs in prop::collection::vec(customer_strategy(), 1..40)) {
        let mut settings = Settings::default();
        settings.strategic.extra = None;
        settings.key.extra = None;
        let customers: Vec<Customer> = cs.iter().enumerate().map(|(n, (flag, start, purchases, _))| {
            let mut c = Customer::new(Uuid::from_u128(n as u128 + 1), "客户").unwrap();
            c.flags.industry_leader = *flag == 1;
            c.flags.regional_core_agent = *flag == 2;
            c.cooperation_start = Some(day(0) - Days::new(u64::from(*start)));
            c.annual_purchases.insert(2025, Cny(*purchases));
            c
        }).collect();
        let visits = plan(&PlanInput {
            customers: &customers, installations: &[], visits: &[], events: &[], settings: &settings,
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        });
        let mut counts: HashMap<Tier, HashMap<Method, f64>> = HashMap::new();
        for v in &visits {
            *counts.entry(v.tier).or_default().entry(v.method).or_default() += 1.0;
        }
        for (tier, by_method) in counts {
            let n: f64 = by_method.values().sum();
            for method in Method::ALL {
                let target = f64::from(settings.policy(tier).method_mix.get(&method).copied().unwrap_or(0)) / 100.0 * n;
                let actual = by_method.get(&method).copied().unwrap_or(0.0);
                prop_assert!((actual - target).abs() <= 1.0, "{tier:?} {method:?}: {actual} of {n}, target {target}");
            }
        }
    }
}
