//! A small plant for the report tests, every figure countable by hand.
//!
//! | customer | tier (override) | region | owner | installations |
//! |---|---|---|---|---|
//! | 1 | strategic | 华东 | 张工 | 11 switchgear |
//! | 2 | key | 华北 | 李工 | 21 instrument |
//! | 3 | general | 华东 | 李工 | 31 switchgear, 32 instrument |
use crate::customer::Customer;
use crate::dataset::DataSet;
use crate::installation::Installation;
use crate::schedule::{PlannedVisit, Reason, Status, Window};
use crate::tier::{Tier, TierOverride};
use crate::user::{Role, UserEntry, UserId};
use crate::visit::Method;
use crate::visit::Visit;
use chrono::NaiveDate;
use uuid::Uuid;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn customer(n: u128, tier: Tier, region: &str, owner: &str) -> Customer {
    Customer {
        region: region.into(),
        owner: Some(UserId::of_name(owner)),
        tier_override: Some(TierOverride {
            tier,
            reason: "测试".into(),
            by: Some(UserId::of_name("王主管")),
        }),
        ..Customer::new(id(n), &format!("客户{n}")).unwrap()
    }
}

fn installation(n: u128, customer: u128, line: &str) -> Installation {
    Installation::new(id(n), id(customer), line)
}

/// A done visit on `date` (noon, Beijing time) rated `product` / `service`.
pub fn visit(
    n: u128,
    customer: u128,
    installation: Option<u128>,
    date: NaiveDate,
    method: &str,
    ratings: (u8, u8),
) -> Visit {
    serde_json::from_value(serde_json::json!({
        "id": id(n), "customer_id": id(customer),
        "installation_id": installation.map(id),
        "status": "done", "assignee": UserId::of_name("张工"),
        "result": {
            "completed_at": {"utc": format!("{date}T04:00:00Z"), "offset_minutes": 480},
            "method": method, "met": "王经理",
            "product_rating": ratings.0, "service_rating": ratings.1,
            "template_version": 1
        }
    }))
    .expect("a visit")
}

/// The three customers and four installations, no visits yet.
pub fn plant() -> DataSet {
    DataSet {
        customers: vec![
            customer(1, Tier::Strategic, "华东", "张工"),
            customer(2, Tier::Key, "华北", "李工"),
            customer(3, Tier::General, "华东", "李工"),
        ],
        installations: vec![
            installation(11, 1, "switchgear"),
            installation(21, 2, "instrument"),
            installation(31, 3, "switchgear"),
            installation(32, 3, "instrument"),
        ],
        users: ["张工", "李工", "王主管"]
            .map(|name| UserEntry::new(UserId::of_name(name), name, Role::Technician))
            .to_vec(),
        ..DataSet::default()
    }
}

/// A planned visit of customer 1 due on `due`, its window a week either side.
pub fn planned(due: NaiveDate, status: Status, done_by: Option<u128>) -> PlannedVisit {
    PlannedVisit {
        customer_id: id(1),
        tier: Tier::Strategic,
        major_customer: false,
        installation_ids: vec![],
        reasons: vec![Reason::Routine {
            tier: Tier::Strategic,
        }],
        stages: vec![],
        due,
        deadline: None,
        window: Window {
            earliest: due - chrono::Days::new(4),
            latest: due + chrono::Days::new(4),
        },
        last_day: due + chrono::Days::new(4),
        prepare_on: due,
        method: Method::Phone,
        status,
        on_site_required: false,
        done_by: done_by.map(id),
        unmet: vec![],
        assignee: None,
    }
}
