//! A deterministic demo data set of an instrument / switchgear maker: customers of
//! every tier and region (Chinese names), installations at every lifecycle stage,
//! done and overdue visits, recent events, open and closed issues. The same seed
//! and size give the same data, so it also serves the benchmarks.
use crate::customer::{Channel, Contact, Customer, CustomerKind, PaymentBehaviour};
use crate::dataset::DataSet;
use crate::event::{Event, EventKind};
use crate::installation::Installation;
use crate::issue::{self, Category, Issue, IssueEvent, IssueStatus, Severity, Step};
use crate::rng::SplitMix64;
use crate::settings::{ResponseTime, Settings};
use crate::types::{Cny, DeviceTime, Rating, CHINA_OFFSET_MINUTES};
use crate::user::{Role, UserEntry, UserId};
use crate::visit::{ChecklistAnswer, ContentType, ServiceWanted, Visit, VisitResult, VisitStatus};
use chrono::{Days, Duration, NaiveDate, NaiveTime};
use std::collections::HashSet;
use uuid::Uuid;

const REGIONS: [&str; 7] = ["华东", "华北", "华南", "华中", "西南", "西北", "东北"];
const CITIES: [[&str; 3]; 7] = [
    ["上海", "南京", "杭州"],
    ["北京", "天津", "石家庄"],
    ["广州", "深圳", "佛山"],
    ["武汉", "长沙", "郑州"],
    ["成都", "重庆", "昆明"],
    ["西安", "兰州", "银川"],
    ["沈阳", "长春", "哈尔滨"],
];
const BRANDS: [&str; 48] = [
    "恒通", "华能", "中科", "宏远", "瑞丰", "金桥", "新元", "博越", "德润", "昌盛", "永泰", "海川",
    "天成", "东方", "科隆", "联创", "鼎盛", "华信", "嘉禾", "恒瑞", "宝丰", "正泰", "远航", "卓越",
    "汇通", "明德", "信达", "润泽", "鸿基", "晨光", "九洲", "同力", "安泰", "富源", "光明", "长城",
    "华夏", "锦程", "启航", "盛世", "万隆", "兴业", "祥瑞", "和泰", "国安", "致远", "天润", "龙腾",
];
/// Districts a company may be registered in, when 城市 + 字号 + 行业 is taken.
const BRANCHES: [&str; 8] = [
    "开发区",
    "高新区",
    "新区",
    "港区",
    "东区",
    "西区",
    "南区",
    "北区",
];
const INDUSTRIES: [(&str, &str); 7] = [
    ("电力", "电力工程"),
    ("石化", "石化"),
    ("冶金", "钢铁"),
    ("水务", "水务"),
    ("制药", "制药"),
    ("汽车制造", "汽车部件"),
    ("市政", "城市建设"),
];
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: [&str; 12] = [
    "伟", "芳", "磊", "静", "强", "敏", "军", "洋", "勇", "艳", "杰", "涛",
];
const TITLES: [&str; 5] = [
    "设备部经理",
    "电气主管",
    "采购经理",
    "总工程师",
    "配电室负责人",
];
const LINES: [(&str, &str); 4] = [
    ("automation_instrument", "EJA530E"),
    ("precision_test", "PT-8800"),
    ("environmental_monitoring", "EM-300"),
    ("switchgear", "KYN28A-12"),
];
const TECHNICIANS: [&str; 6] = ["张工", "李工", "王工", "刘工", "陈工", "赵工"];

/// The demo's people: its technicians and a supervisor, with the ids their names
/// stand for (no server gave them any).
pub fn users() -> Vec<UserEntry> {
    TECHNICIANS
        .iter()
        .map(|name| UserEntry::new(UserId::of_name(name), name, Role::Technician))
        .chain([UserEntry::new(
            UserId::of_name("王主管"),
            "王主管",
            Role::Supervisor,
        )])
        .collect()
}

fn id(kind: u128, n: usize) -> Uuid {
    Uuid::from_u128((kind << 96) | n as u128)
}

fn person(rng: &mut SplitMix64) -> String {
    format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN))
}

fn at(date: NaiveDate, hour: u32) -> DeviceTime {
    let local = date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("valid hour"));
    DeviceTime {
        utc: local.and_utc() - Duration::minutes(i64::from(CHINA_OFFSET_MINUTES)),
        offset_minutes: CHINA_OFFSET_MINUTES,
    }
}

fn days_before(date: NaiveDate, days: usize) -> NaiveDate {
    date.checked_sub_days(Days::new(days as u64))
        .unwrap_or(date)
}

/// `customers` customers (about three installations each) as of `today`.
pub fn generate(customers: usize, seed: u64, today: NaiveDate) -> DataSet {
    let mut rng = SplitMix64(seed);
    let settings = Settings::default();
    let mut data = DataSet::default();
    let mut names = HashSet::with_capacity(customers);
    for n in 0..customers {
        let customer = customer(&mut rng, &mut names, n, today, &settings);
        let installations = 1 + rng.below(5); // 1–5, three on average
        for k in 0..installations {
            data.installations
                .push(installation(&mut rng, &customer, n * 8 + k, today));
        }
        if rng.chance(6) {
            let kinds = [
                EventKind::Delivery,
                EventKind::Complaint,
                EventKind::RepairFinished,
                EventKind::RepairDispatched,
                EventKind::ServiceCompletion,
            ];
            data.events.push(Event {
                id: id(4, n),
                customer_id: customer.id,
                installation_id: None,
                kind: *rng.pick(&kinds),
                at: at(days_before(today, rng.below(4)), 9 + rng.below(8) as u32),
                note: String::new(),
                action_id: None,
            });
        }
        if rng.chance(12) {
            data.issues
                .push(issue(&mut rng, &customer, n, today, &settings));
        }
        data.customers.push(customer);
    }
    data.visits = past_visits(&mut rng, &data, today);
    data.users = users();
    data
}

/// Works through the last 13 months of the plan as a real team would: most
/// visits done within a few days of their due date, the older ones nearly all,
/// the recent ones less so, which leaves a realistic handful overdue.
fn past_visits(rng: &mut SplitMix64, data: &DataSet, today: NaiveDate) -> Vec<Visit> {
    // The data has no visits yet: this is the plan before anyone worked on it.
    let past = data.plan(days_before(today, 400), days_before(today, 1), today);
    let owners: std::collections::HashMap<Uuid, Option<UserId>> =
        data.customers.iter().map(|c| (c.id, c.owner)).collect();
    let template = crate::survey::default_template();
    let mut visits = Vec::new();
    for (k, planned) in past.iter().enumerate() {
        let age = (today - planned.due).num_days();
        if !rng.chance(if age > 35 { 92 } else { 75 }) {
            continue;
        }
        let date = (planned.due + Days::new(rng.below(6) as u64)).min(days_before(today, 1));
        // Mostly satisfied; a few low scores to act on.
        let low = rng.chance(8);
        let rating = |rng: &mut SplitMix64| {
            Rating::parse(if low {
                2 + rng.below(2) as u8
            } else {
                4 + rng.below(2) as u8
            })
            .expect("1..=5")
        };
        visits.push(Visit {
            id: id(3, k),
            customer_id: planned.customer_id,
            installation_id: planned.installation_ids.first().copied(),
            status: VisitStatus::Done,
            planned_date: Some(planned.due),
            assignee: owners.get(&planned.customer_id).cloned().flatten(),
            result: Some(VisitResult {
                completed_at: at(date, 9 + rng.below(8) as u32),
                method: planned.method,
                met: format!("{}（{}）", person(rng), rng.pick(&TITLES)),
                product_rating: rating(rng),
                service_rating: rating(rng),
                // A stage's visit answers its checklist (else it would not count).
                checklist: planned
                    .stages
                    .iter()
                    .filter_map(|stage| template.checklist(*stage))
                    .flat_map(|list| {
                        list.items.iter().map(|item| ChecklistAnswer {
                            stage: list.stage,
                            item: item.key.clone(),
                            ok: true,
                            note: None,
                        })
                    })
                    .collect(),
                content_types: vec![*rng.pick(&[
                    ContentType::Explanation,
                    ContentType::Guidance,
                    ContentType::Emotional,
                    ContentType::Promotion,
                ])],
                suggestions: if low {
                    "希望缩短备件供货周期".to_owned()
                } else {
                    String::new()
                },
                wanted: ServiceWanted {
                    maintenance: rng.chance(8),
                    outage_service: rng.chance(4),
                    retrofit: rng.chance(3),
                },
                issue_ids: vec![],
                notes: String::new(),
                template_version: 1,
                check_in: None,
                check_out: None,
                signature: None,
                answered_by: Default::default(),
            }),
        });
    }
    visits
}

/// `wanted`, or — when another customer has that name — another company of that
/// city and trade, drawn from a stream of its own (the main stream, and so the rest
/// of the data, stays as it is), then one registered in a district of the city: no
/// two customers share a name, and none is a part of another's, as in a real
/// customer file (a technician searches by name).
fn unique_name(
    names: &mut HashSet<String>,
    n: usize,
    wanted: String,
    city: &str,
    suffix: &str,
) -> String {
    let mut side = SplitMix64(0x6E61_6D65 ^ ((n as u64) << 20));
    let redraws = (0..8).map(|_| format!("{city}{}{suffix}有限公司", side.pick(&BRANDS)));
    let districts = BRANCHES.iter().flat_map(|district| {
        BRANDS
            .iter()
            .map(move |brand| format!("{city}{district}{brand}{suffix}有限公司"))
    });
    let name = std::iter::once(wanted)
        .chain(redraws)
        .chain(districts)
        .find(|name| !names.contains(name))
        // 21 cities × 9 × 48 names a trade: beyond 60,000 customers, numbered ones.
        .unwrap_or_else(|| {
            format!(
                "{city}{}{suffix}{}号有限公司",
                BRANDS[n % BRANDS.len()],
                n + 1
            )
        });
    names.insert(name.clone());
    name
}

fn customer(
    rng: &mut SplitMix64,
    names: &mut HashSet<String>,
    n: usize,
    today: NaiveDate,
    settings: &Settings,
) -> Customer {
    let region = rng.below(REGIONS.len());
    let (industry, suffix) = *rng.pick(&INDUSTRIES);
    let city = *rng.pick(&CITIES[region]);
    let brand = *rng.pick(&BRANDS);
    let name = unique_name(
        names,
        n,
        format!("{city}{brand}{suffix}有限公司"),
        city,
        suffix,
    );
    let mut c = Customer::new(id(1, n), &name).expect("generated names are not empty");
    c.short_code = format!("C{:05}", n + 1);
    c.kind = *rng.pick(&[
        CustomerKind::Direct,
        CustomerKind::Direct,
        CustomerKind::Agent,
        CustomerKind::EndUser,
    ]);
    c.region = REGIONS[region].to_owned();
    c.industry = industry.to_owned();
    c.address = format!(
        "{city}市经济技术开发区{}路{}号",
        rng.pick(&BRANDS),
        1 + rng.below(300)
    );
    c.general_manager = person(rng);
    c.legal_representative = person(rng);
    c.employee_count = Some(50 + rng.below(5000) as u32);
    c.payment_behaviour = Some(*rng.pick(&[
        PaymentBehaviour::Prompt,
        PaymentBehaviour::Normal,
        PaymentBehaviour::Normal,
        PaymentBehaviour::Slow,
    ]));
    c.main_business = format!("{industry}生产与运营");
    c.contacts = (0..1 + rng.below(2))
        .map(|k| Contact {
            name: person(rng),
            title: rng.pick(&TITLES).to_string(),
            phone: format!(
                "13{}{:08}",
                rng.below(10),
                (n * 7 + k * 13 + rng.below(1000)) % 100_000_000
            ),
            email: format!("contact{}_{k}@example.cn", n + 1),
            preferred_channel: Some(*rng.pick(&[
                Channel::Phone,
                Channel::Phone,
                Channel::WeChat,
                Channel::Email,
            ])),
        })
        .collect();
    c.cooperation_start = Some(days_before(today, 60 + rng.below(12 * 365)));
    // A few large buyers, a band of steady ones, and many small ones.
    let band = rng.below(100);
    let purchases = match band {
        0..=3 => 2_500_000 + rng.below(4_000_000),
        4..=24 => 400_000 + rng.below(1_200_000),
        _ => 10_000 + rng.below(300_000),
    } as u64;
    let year = chrono::Datelike::year(&today);
    for back in 1..=3 {
        let drift = 80 + rng.below(40) as u64; // ±20 % a year
        c.annual_purchases
            .insert(year - back, Cny(purchases * drift / 100));
    }
    c.flags.industry_leader = band < 2 && rng.chance(50);
    c.flags.regional_core_agent = c.kind == CustomerKind::Agent && rng.chance(20);
    c.flags.scattered_orders = band > 80;
    let owner: &&str = rng.pick(&TECHNICIANS);
    c.owner = Some(UserId::of_name(owner));
    if rng.chance(85) {
        // A score for each indicator of the score card, around a base.
        let base = 45 + rng.below(45) as u32;
        c.evaluation = Some(
            settings
                .evaluation
                .indicators
                .iter()
                .map(|i| (i.key.clone(), (base + rng.below(20) as u32).min(100)))
                .collect(),
        );
    }
    c
}

fn installation(
    rng: &mut SplitMix64,
    customer: &Customer,
    n: usize,
    today: NaiveDate,
) -> Installation {
    let (line, model) = *rng.pick(&LINES);
    // Delivered up to four years ago, so every lifecycle stage is represented.
    let delivery = days_before(today, rng.below(4 * 365 + 60));
    let commissioning = delivery.checked_add_days(Days::new(5 + rng.below(20) as u64));
    let energized =
        commissioning.and_then(|d| d.checked_add_days(Days::new(3 + rng.below(10) as u64)));
    let energized = if line == "switchgear" {
        energized.filter(|d| *d <= today)
    } else {
        None
    };
    Installation {
        id: id(2, n),
        customer_id: customer.id,
        product_line: line.to_owned(),
        model: model.to_owned(),
        serial_number: format!(
            "{}-{}-{:05}",
            &line[..2].to_uppercase(),
            chrono::Datelike::year(&delivery),
            n
        ),
        site: format!("{}号站房", 1 + rng.below(9)),
        contract_amount: Cny(if line == "switchgear" {
            300_000 + rng.below(1_500_000)
        } else {
            20_000 + rng.below(400_000)
        } as u64),
        delivery_date: Some(delivery),
        commissioning_date: commissioning.filter(|d| *d <= today),
        energized_date: energized,
        warranty_months: None,
    }
}

fn issue(
    rng: &mut SplitMix64,
    customer: &Customer,
    n: usize,
    today: NaiveDate,
    settings: &Settings,
) -> Issue {
    let titles = [
        (Category::ProductQuality, "压力变送器测量精度偏差"),
        (Category::Technical, "操作界面参数设置不清楚"),
        (Category::Service, "维修人员到场不及时"),
        (Category::DeliveryLogistics, "到货外包装破损"),
        (Category::Documents, "合格证与装箱单不一致"),
        (Category::Complaint, "书面投诉：开关柜异响"),
        (Category::Proposal, "提案：优化开关柜散热风道"),
    ];
    let (category, title) = *rng.pick(&titles);
    let proposal_area = (category == Category::Proposal)
        .then_some(crate::proposal::ProposalArea::ProductionTechnology);
    // Raised yesterday at the latest, with steps two hours apart: the demo's history
    // never lies in the future, whatever the hour it is loaded.
    let raised = at(
        days_before(today, 1 + rng.below(39)),
        9 + rng.below(8) as u32,
    );
    let response = if rng.chance(30) {
        ResponseTime::ClockHours(24)
    } else {
        ResponseTime::WorkingDays(5)
    };
    let mut issue = Issue {
        id: id(5, n),
        customer_id: customer.id,
        installation_id: None,
        visit_id: None,
        category,
        proposal_area,
        severity: *rng.pick(&[Severity::Low, Severity::Medium, Severity::High]),
        title: title.to_owned(),
        description: String::new(),
        departments: issue::route(category, proposal_area),
        raised_at: raised,
        due: issue::due_time(raised, response, &settings.calendar),
        status: IssueStatus::Recorded,
        history: vec![],
        received: None,
    };
    let steps = [
        Step::StartHandling,
        Step::GiveFeedback {
            resolution: "已派技术人员处理并反馈客户".to_owned(),
            // A proposal's feedback is its decision.
            outcome: (category == Category::Proposal).then(|| crate::proposal::Outcome::Adopted {
                grade: Some(crate::proposal::Grade::B),
                value: Some(Cny(2_500)),
                reason: "已采纳，纳入下一版工艺改进".to_owned(),
            }),
        },
        Step::Verify {
            customer_confirmation: "客户确认问题已解决".to_owned(),
        },
    ];
    let by = customer.owner;
    for (k, step) in steps.into_iter().take(rng.below(4)).enumerate() {
        let event = IssueEvent {
            id: id(6, n * 4 + k),
            step,
            by,
            at: DeviceTime {
                utc: raised.utc + Duration::hours(2 * (k as i64 + 1)),
                ..raised
            },
        };
        issue.apply(event).expect("the demo follows the loop");
    }
    issue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Status;
    use crate::tier::Tier;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_demo_is_deterministic_and_valid() {
        let a = generate(300, 7, today());
        assert_eq!(a, generate(300, 7, today()));
        assert_ne!(a.customers[0], generate(300, 8, today()).customers[0]);
        a.validate().unwrap();
        assert_eq!(a.customers.len(), 300);
        assert!(
            (600..=1200).contains(&a.installations.len()),
            "{}",
            a.installations.len()
        );
    }

    #[test]
    fn no_two_customers_share_a_name_or_a_code() {
        for (size, seed) in [(300, 7), (300, 8), (10_000, 7)] {
            let data = generate(size, seed, today());
            let names: HashSet<&str> = data.customers.iter().map(|c| c.name.as_str()).collect();
            let codes: HashSet<&str> = data
                .customers
                .iter()
                .map(|c| c.short_code.as_str())
                .collect();
            assert_eq!(names.len(), size, "names of {size} customers, seed {seed}");
            assert_eq!(codes.len(), size, "codes of {size} customers, seed {seed}");
        }
        // Nor is one a part of another (a search for one finds only it).
        let demo = generate(300, 7, today());
        for a in &demo.customers {
            let within = demo
                .customers
                .iter()
                .filter(|b| b.name.contains(&a.name))
                .count();
            assert_eq!(within, 1, "{} is part of another name", a.name);
        }
        // Names follow the seed alone, not the day the demo is made on.
        let later = generate(300, 7, NaiveDate::from_ymd_opt(2027, 2, 6).unwrap());
        let names = |d: &DataSet| {
            d.customers
                .iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&later), names(&generate(300, 7, today())));
    }

    /// Whatever the day a newcomer loads it (a month's end, a weekend, the eve of the
    /// Spring Festival, New Year's Day), the demo shows every list and kind of work:
    /// something overdue and due, a plain routine visit and one with a checklist, the
    /// suggested calls, a proposal in hand, last month's done visits.
    #[test]
    fn the_demo_shows_every_kind_of_work_on_any_day() {
        let specials = [
            (2026, 11, 30),
            (2026, 12, 5),
            (2027, 2, 6),
            (2026, 12, 31),
            (2027, 1, 1),
        ];
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let sampled = (0..58).map(|k| start + Days::new(k * 13));
        let days = specials
            .iter()
            .map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
            .chain(sampled);
        for day in days {
            let data = generate(300, 7, day);
            let agenda = data.plan(day - Days::new(62), day + Days::new(31), day);
            let lists = crate::today::TodayLists::build(&data, &agenda, day);
            let rows: Vec<&crate::today::Row> = lists.lists.iter().flat_map(|l| &l.rows).collect();
            for bucket in [crate::today::Bucket::Overdue, crate::today::Bucket::Week] {
                assert!(lists.total(bucket) > 0, "{day}: {bucket:?} is empty");
            }
            let plain = rows.iter().any(|r| {
                r.visit.stages.is_empty()
                    && r.visit.reasons.iter().all(|r| r.kind_name() == "routine")
            });
            assert!(plain, "{day}: no plain routine visit on Today");
            assert!(
                rows.iter().any(|r| !r.visit.stages.is_empty()),
                "{day}: no visit with a checklist on Today"
            );
            let mut settings = data.settings().suggestions;
            settings.list_size = 5;
            let s =
                crate::suggest::suggest(&data.customers, &data.visits, &data.issues, &settings, 1);
            assert!(
                !s.random.is_empty()
                    && !s.low_satisfaction.is_empty()
                    && !s.follow_up_service.is_empty()
                    && !s.longest_without_contact.is_empty(),
                "{day}: a list of suggested calls is empty"
            );
            assert!(
                data.issues
                    .iter()
                    .any(|i| i.category == Category::Proposal && i.status == IssueStatus::Handling),
                "{day}: no proposal in hand"
            );
            let month_ago = day - Days::new(31);
            assert!(
                data.visits
                    .iter()
                    .any(|v| v.done_on().is_some_and(|d| d >= month_ago)),
                "{day}: no visit done in the last month"
            );
        }
    }

    #[test]
    fn the_demo_shows_a_living_business() {
        let data = generate(300, 7, today());
        let settings = data.settings();
        let tiers = crate::schedule::tier_all(&data.customers, &settings, today());
        let seen: HashSet<Tier> = tiers.values().map(|d| d.tier).collect();
        assert_eq!(seen.len(), 3, "every tier");
        let regions: HashSet<&str> = data.customers.iter().map(|c| c.region.as_str()).collect();
        assert_eq!(regions.len(), REGIONS.len(), "every region");
        let visits = data.plan(today() - Days::new(62), today() + Days::new(31), today());
        let statuses: HashSet<Status> = visits.iter().map(|v| v.status).collect();
        for status in [
            Status::Done,
            Status::Overdue,
            Status::Missed,
            Status::Upcoming,
            Status::Preparing,
        ] {
            assert!(statuses.contains(&status), "{status:?} in {statuses:?}");
        }
        let stages: HashSet<_> = visits
            .iter()
            .flat_map(|v| v.stages.iter().copied())
            .collect();
        assert!(stages.len() >= 5, "lifecycle stages {stages:?}");
        assert!(data.issues.iter().any(|i| i.status.is_closed()));
        assert!(data.issues.iter().any(|i| !i.status.is_closed()));
        assert!(
            data.issues.iter().any(|i| i.category == Category::Proposal),
            "proposals too"
        );
        // Nothing happened after the start of the day the demo is made for.
        let start_of_today = today().and_hms_opt(0, 0, 0).unwrap().and_utc()
            - Duration::minutes(CHINA_OFFSET_MINUTES.into());
        for issue in &data.issues {
            assert!(issue.raised_at.utc < start_of_today);
            assert!(issue.history.iter().all(|e| e.at.utc < start_of_today));
        }
        assert!(!data.events.is_empty());
    }
}
