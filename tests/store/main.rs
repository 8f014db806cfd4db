//! The device's database in a real browser (IndexedDB in headless Chromium).
#![cfg(target_arch = "wasm32")]

use chrono::{TimeZone, Utc};
use revisit::store::{names::*, Store, StoreError};
use revisit_core::customer::Customer;
use revisit_core::dataset::DataSet;
use revisit_core::installation::Installation;
use revisit_core::issue::{self, Category, Issue, IssueEvent, IssueStatus, Severity, Step};
use revisit_core::settings::Settings;
use revisit_core::survey::default_template;
use revisit_core::sync::Change;
use revisit_core::types::{Cny, DeviceTime};
use revisit_core::user::UserId;
use revisit_core::visit::{Visit, VisitStatus};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod photos;
mod sync;
mod users;

fn now() -> DeviceTime {
    DeviceTime::new(Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(), 480).unwrap()
}

/// A fresh database per test, so tests never see each other's data.
async fn fresh() -> (Store, String) {
    let name = format!("revisit-test-{}", Uuid::new_v4());
    (Store::open(&name).await.expect("opens"), name)
}

fn customer(n: u128, region: &str) -> Customer {
    let mut c = Customer::new(Uuid::from_u128(n), &format!("客户{n}")).unwrap();
    c.region = region.into();
    c.annual_purchases.insert(2025, Cny(1_200_000));
    c
}

/// A visit of `customer` planned for 2026-12-01.
fn planned_visit(n: u128, customer: &Customer) -> Visit {
    Visit {
        id: Uuid::from_u128(n),
        customer_id: customer.id,
        installation_id: None,
        status: VisitStatus::Planned,
        planned_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        assignee: None,
        result: None,
    }
}

fn issue(n: u128, customer: &Customer, category: Category) -> Issue {
    Issue {
        id: Uuid::from_u128(n),
        customer_id: customer.id,
        installation_id: None,
        visit_id: None,
        category,
        proposal_area: None,
        severity: Severity::Medium,
        title: "测量精度偏差".into(),
        description: String::new(),
        departments: issue::route(category, None),
        raised_at: now(),
        due: now().utc,
        status: IssueStatus::Recorded,
        history: vec![],
        received: None,
    }
}

#[wasm_bindgen_test]
async fn a_saved_customer_reads_back_and_is_queued_for_sync() {
    let (store, _) = fresh().await;
    let c = customer(1, "华东");
    let id = store
        .save(Change::put(c.clone()), None, now())
        .await
        .unwrap();
    assert_eq!(id, 1, "the first mutation of a device is 1");
    let read: Customer = store
        .get(CUSTOMERS, &c.id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        read, c,
        "every field round-trips, the per-year purchases included"
    );
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].id, Some(1));
    assert_eq!(outbox[0].record_id, c.id);
    assert_eq!(outbox[0].change, Change::put(c.clone()));
    // Editing it again updates the record and queues a second mutation.
    let mut edited = c.clone();
    edited.region = "华北".into();
    assert_eq!(
        store
            .save(Change::put(edited.clone()), None, now())
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store.all::<Customer>(CUSTOMERS).await.unwrap(),
        vec![edited]
    );
}

#[wasm_bindgen_test]
async fn every_index_answers_its_query() {
    let (store, _) = fresh().await;
    let (a, b) = (customer(1, "华东"), customer(2, "西南"));
    for c in [&a, &b] {
        store
            .save(Change::put(c.clone()), None, now())
            .await
            .unwrap();
    }
    let install = Installation {
        serial_number: "SW-1".into(),
        ..Installation::new(Uuid::from_u128(10), b.id, "switchgear")
    };
    store
        .save(Change::put(install.clone()), None, now())
        .await
        .unwrap();
    let visit = planned_visit(20, &a);
    store
        .save(Change::put(visit.clone()), None, now())
        .await
        .unwrap();
    store
        .save(
            Change::put(issue(30, &a, Category::ProductQuality)),
            None,
            now(),
        )
        .await
        .unwrap();
    store
        .save(Change::put(issue(31, &b, Category::Technical)), None, now())
        .await
        .unwrap();

    let in_region: Vec<Customer> = store.by_index(CUSTOMERS, BY_REGION, "西南").await.unwrap();
    assert_eq!(in_region, vec![b.clone()]);
    let named: Vec<Customer> = store.by_index(CUSTOMERS, BY_NAME, "客户1").await.unwrap();
    assert_eq!(named, vec![a.clone()]);
    let installs: Vec<Installation> = store
        .by_index(INSTALLATIONS, BY_CUSTOMER, &b.id.to_string())
        .await
        .unwrap();
    assert_eq!(installs, vec![install]);
    let visits: Vec<Visit> = store
        .by_index(VISITS, BY_CUSTOMER, &a.id.to_string())
        .await
        .unwrap();
    assert_eq!(visits, vec![visit.clone()]);
    assert_eq!(
        store
            .by_index::<Visit>(VISITS, BY_STATUS, "planned")
            .await
            .unwrap(),
        vec![visit.clone()]
    );
    assert_eq!(
        store
            .by_index::<Visit>(VISITS, BY_DATE, "2026-12-01")
            .await
            .unwrap(),
        vec![visit]
    );
    let quality: Vec<Issue> = store
        .by_index(ISSUES, BY_DEPARTMENT, "quality_control")
        .await
        .unwrap();
    assert_eq!(
        quality.len(),
        1,
        "multi-entry: an issue is found by each of its departments"
    );
    assert_eq!(
        store
            .by_index::<Issue>(ISSUES, BY_DEPARTMENT, "production")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .by_index::<Issue>(ISSUES, BY_DEPARTMENT, "technical_support")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .by_index::<Issue>(ISSUES, BY_STATUS, "recorded")
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .by_index::<Issue>(ISSUES, BY_CUSTOMER, &b.id.to_string())
            .await
            .unwrap()
            .len(),
        1
    );
}

#[wasm_bindgen_test]
async fn an_issue_step_and_its_outbox_entry_are_written_together_or_not_at_all() {
    let (store, _) = fresh().await;
    let c = customer(1, "华东");
    let i = issue(30, &c, Category::Service);
    store
        .save(Change::put(i.clone()), None, now())
        .await
        .unwrap();
    let step = |n: u128, step: Step| Change::IssueStep {
        issue_id: i.id,
        event: IssueEvent {
            id: Uuid::from_u128(n),
            step,
            by: Some(UserId::of_name("张工")),
            at: now(),
        },
    };
    // Verifying a recorded issue is illegal: the outbox entry the save added first
    // must be rolled back with it.
    let err = store
        .save(
            step(
                40,
                Step::Verify {
                    customer_confirmation: String::new(),
                },
            ),
            None,
            now(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert_eq!(
        store.count(OUTBOX).await.unwrap(),
        1,
        "only the issue's creation is queued"
    );
    let unchanged: Issue = store.get(ISSUES, &i.id.to_string()).await.unwrap().unwrap();
    assert_eq!(unchanged, i);
    // A legal step writes both.
    store
        .save(step(41, Step::StartHandling), None, now())
        .await
        .unwrap();
    let handled: Issue = store.get(ISSUES, &i.id.to_string()).await.unwrap().unwrap();
    assert_eq!(handled.status, IssueStatus::Handling);
    assert_eq!(handled.history.len(), 1);
    assert_eq!(store.count(OUTBOX).await.unwrap(), 2);
}

#[wasm_bindgen_test]
async fn a_draft_survives_closing_the_database() {
    let (store, name) = fresh().await;
    let draft = serde_json::json!({"product_rating": 4, "met": "王伟", "checklist": {"training_needed": false}});
    store.save_draft("visit:abc", &draft).await.unwrap();
    store.close();
    let reopened = Store::open(&name).await.unwrap();
    let read: Option<serde_json::Value> = reopened.draft("visit:abc").await.unwrap();
    assert_eq!(read, Some(draft));
    reopened.delete_draft("visit:abc").await.unwrap();
    assert_eq!(
        reopened
            .draft::<serde_json::Value>("visit:abc")
            .await
            .unwrap(),
        None
    );
}

/// A database at an older schema `version`, holding one customer it saved.
async fn written_by_version(version: u32) -> (Store, String, Customer) {
    let name = format!("revisit-test-{}", Uuid::new_v4());
    let old = Store::open_at(&name, version, || ()).await.unwrap();
    let c = customer(u128::from(version), "华东");
    old.save(Change::put(c.clone()), None, now()).await.unwrap();
    (old, name, c)
}

#[wasm_bindgen_test]
async fn a_database_written_by_version_1_is_upgraded_with_its_data_intact() {
    let (old, name, c) = written_by_version(1).await;
    old.set_meta("device", &"phone-1").await.unwrap();
    assert!(
        old.save_draft("k", &1).await.is_err(),
        "version 1 has no drafts"
    );
    old.close();

    let upgraded = Store::open(&name).await.unwrap();
    assert_eq!(upgraded.all::<Customer>(CUSTOMERS).await.unwrap(), vec![c]);
    assert_eq!(upgraded.outbox().await.unwrap().len(), 1);
    assert_eq!(
        upgraded.meta::<String>("device").await.unwrap().as_deref(),
        Some("phone-1")
    );
    upgraded.save_draft("k", &1).await.unwrap();
    assert_eq!(upgraded.draft::<i32>("k").await.unwrap(), Some(1));
}

#[wasm_bindgen_test]
async fn a_database_written_by_version_2_keeps_its_drafts_and_gains_settings() {
    let (old, name, c) = written_by_version(2).await;
    old.save_draft("visit-1", &"半填的表").await.unwrap();
    let with_settings = DataSet {
        settings: Some(Settings::default()),
        ..DataSet::default()
    };
    assert!(
        old.import(&with_settings, |_, _| ()).await.is_err(),
        "version 2 has no settings store"
    );
    old.close();

    let upgraded = Store::open(&name).await.unwrap();
    assert_eq!(
        upgraded
            .draft::<String>("visit-1")
            .await
            .unwrap()
            .as_deref(),
        Some("半填的表")
    );
    let loaded = upgraded.load().await.unwrap();
    assert_eq!(loaded.customers, vec![c]);
    assert_eq!(loaded.settings, None, "no settings until some arrive");
    upgraded.import(&with_settings, |_, _| ()).await.unwrap();
    assert!(upgraded.load().await.unwrap().settings.is_some());
}

#[wasm_bindgen_test]
async fn settings_and_every_template_version_are_kept() {
    let (store, _) = fresh().await;
    let mut settings = Settings::default();
    settings.proposals.decide_days = 9;
    let mut v2 = default_template();
    v2.version = 2;
    v2.title.zh = "第二版".into();
    let data = DataSet {
        settings: Some(settings.clone()),
        templates: vec![default_template(), v2.clone()],
        ..DataSet::default()
    };
    store.import(&data, |_, _| ()).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.settings, Some(settings));
    assert_eq!(loaded.templates.len(), 2);
    assert_eq!(loaded.template(), v2, "new visits use the highest version");
    assert_eq!(loaded.template_version(1), Some(default_template()));
}

#[wasm_bindgen_test]
async fn a_store_bigger_than_a_page_loads_whole() {
    let (store, _) = fresh().await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let data = revisit_core::demo::generate(700, 11, today);
    assert!(
        data.visits.len() > 2_000,
        "more visits than a page of the load"
    );
    store.import(&data, |_, _| ()).await.unwrap();
    let loaded = store.load().await.unwrap();
    let ids = |v: &[Visit]| {
        let mut ids: Vec<Uuid> = v.iter().map(|v| v.id).collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(&loaded.visits),
        ids(&data.visits),
        "each visit once, none lost"
    );
}

#[wasm_bindgen_test]
async fn edits_saved_together_are_written_together_or_not_at_all() {
    let (store, _) = fresh().await;
    let c = customer(70, "华东");
    let i = issue(71, &c, Category::ProductQuality);
    // A customer put and an illegal step of an issue that does not exist yet.
    let bad = Change::IssueStep {
        issue_id: i.id,
        event: IssueEvent {
            id: Uuid::from_u128(72),
            step: Step::StartHandling,
            by: Some(UserId::of_name("张工")),
            at: now(),
        },
    };
    let err = store
        .save_all(vec![Change::put(c.clone()), bad], now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert_eq!(store.count(CUSTOMERS).await.unwrap(), 0);
    assert_eq!(store.count(OUTBOX).await.unwrap(), 0);
    // The visit's issue and the customer, together.
    let ids = store
        .save_all(vec![Change::put(c.clone()), Change::put(i.clone())], now())
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    assert!(ids[0] < ids[1], "queued in order");
    assert_eq!(store.count(CUSTOMERS).await.unwrap(), 1);
    assert_eq!(store.count(ISSUES).await.unwrap(), 1);
    assert_eq!(store.count(OUTBOX).await.unwrap(), 2);
}

#[wasm_bindgen_test]
async fn the_demo_data_loads_without_queuing_anything() {
    let (store, _) = fresh().await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let data = revisit_core::demo::generate(40, 7, today);
    let reports = std::cell::RefCell::new(Vec::new());
    store
        .import(&data, |done, total| {
            reports.borrow_mut().push((done, total))
        })
        .await
        .unwrap();
    let reports = reports.into_inner();
    let total = data.customers.len()
        + data.installations.len()
        + data.visits.len()
        + data.events.len()
        + data.issues.len()
        + data.users.len();
    assert_eq!(
        reports.last(),
        Some(&(total, total)),
        "progress ends at the total"
    );
    assert!(
        reports.windows(2).all(|w| w[0].0 < w[1].0),
        "progress only grows"
    );
    let loaded = store.load().await.unwrap();
    let sorted = |mut v: Vec<Customer>| {
        v.sort_by_key(|c| c.id);
        v
    };
    assert_eq!(sorted(loaded.customers), sorted(data.customers.clone()));
    assert_eq!(loaded.installations.len(), data.installations.len());
    assert_eq!(loaded.visits.len(), data.visits.len());
    assert_eq!(loaded.issues.len(), data.issues.len());
    assert_eq!(store.count(OUTBOX).await.unwrap(), 0);
}

#[wasm_bindgen_test]
async fn an_older_tab_blocks_the_upgrade_until_it_closes_and_the_user_is_told() {
    let name = format!("revisit-test-{}", Uuid::new_v4());
    let old = Store::open_at(&name, 1, || ()).await.unwrap();
    let blocked = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = blocked.clone();
    let upgrade = Store::open_at(&name, revisit::store::schema::VERSION, move || {
        flag.set(true)
    });
    // The older connection closes a little later, as when the user closes that tab.
    let closing = async {
        gloo_timers::future::TimeoutFuture::new(100).await;
        old.close();
    };
    let (upgraded, ()) = futures_join(upgrade, closing).await;
    assert!(blocked.get(), "the user was told while the upgrade waited");
    upgraded.unwrap().save_draft("k", &1).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_newer_tab_makes_this_one_close_and_say_it_is_outdated() {
    let name = format!("revisit-test-{}", Uuid::new_v4());
    let old = Store::open_at(&name, 1, || ()).await.unwrap();
    let outdated = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = outdated.clone();
    old.on_outdated(move || flag.set(true));
    let blocked = std::rc::Rc::new(std::cell::Cell::new(false));
    let was_blocked = blocked.clone();
    let newer = Store::open_at(&name, revisit::store::schema::VERSION, move || {
        was_blocked.set(true)
    })
    .await
    .unwrap();
    assert!(outdated.get(), "this tab knows it is outdated");
    assert!(
        !blocked.get(),
        "it stepped aside: the upgrade was never blocked"
    );
    newer.save_draft("k", &1).await.unwrap();
}

/// Runs two futures to completion together (no executor crate needed).
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none() {
            if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let std::task::Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

#[wasm_bindgen_test]
async fn every_record_kind_has_its_store_and_comes_back_from_an_import() {
    use revisit_core::record::RecordKind;
    let (store, _) = fresh().await;
    let one = revisit_core::dataset::DataSet::one_of_each();
    assert_eq!(one.len(), RecordKind::ALL.len(), "one of each kind");
    store
        .import(&one, |_, _| ())
        .await
        .expect("every kind has a store");
    let loaded = store.load().await.unwrap();
    for kind in RecordKind::ALL {
        assert_eq!(
            loaded.records_of(kind).len(),
            1,
            "{} comes back",
            kind.collection()
        );
    }
    assert_eq!(loaded, one);
}

#[wasm_bindgen_test]
async fn every_typed_store_name_is_a_store_of_the_database() {
    let (store, _) = fresh().await;
    let all = StoreName::all();
    for name in &all {
        // (The metadata holds the mark of the step to ids: `store::users`.)
        let expected = if *name == META { 1 } else { 0 };
        assert_eq!(
            store.count(*name).await,
            Ok(expected),
            "{name} is in the schema"
        );
    }
    let mut names: Vec<&str> = all.iter().map(|n| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "no two typed names share a store");
}

#[wasm_bindgen_test]
async fn a_record_the_server_would_refuse_is_refused_on_the_device_and_nothing_is_queued() {
    let (store, _) = fresh().await;
    let c = customer(85, "华东");
    let mut visit = planned_visit(86, &c);
    // A done visit without its result: `Record::validate` refuses it, as a push would.
    visit.status = VisitStatus::Done;
    visit.result = None;
    store.save_draft("visit-draft", &"半填的表").await.unwrap();
    let err = store
        .save_all_finishing(
            vec![Change::put(c.clone()), Change::put(visit.clone())],
            now(),
            Some("visit-draft"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert_eq!(store.count(OUTBOX).await.unwrap(), 0);
    assert_eq!(store.count(VISITS).await.unwrap(), 0);
    assert_eq!(
        store.count(CUSTOMERS).await.unwrap(),
        0,
        "none of the batch"
    );
    // A single edit (how a settled conflict is saved) is checked the same way.
    let err = store
        .save(Change::put(visit.clone()), None, now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert_eq!(store.count(OUTBOX).await.unwrap(), 0);
    assert_eq!(
        store
            .draft::<String>("visit-draft")
            .await
            .unwrap()
            .as_deref(),
        Some("半填的表")
    );
}

#[wasm_bindgen_test]
async fn a_finished_draft_goes_with_the_visit_it_became_and_only_then() {
    let (store, _) = fresh().await;
    let c = customer(80, "华东");
    let visit = planned_visit(81, &c);
    let i = issue(82, &c, Category::ProductQuality);
    store.save_draft("visit-draft", &"半填的表").await.unwrap();
    // Refused (an illegal step): nothing written, and the draft is still there.
    let bad = Change::IssueStep {
        issue_id: Uuid::from_u128(83),
        event: IssueEvent {
            id: Uuid::from_u128(84),
            step: Step::StartHandling,
            by: Some(UserId::of_name("张工")),
            at: now(),
        },
    };
    let err = store
        .save_all_finishing(
            vec![Change::put(visit.clone()), bad],
            now(),
            Some("visit-draft"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert_eq!(store.count(VISITS).await.unwrap(), 0);
    assert_eq!(
        store
            .draft::<String>("visit-draft")
            .await
            .unwrap()
            .as_deref(),
        Some("半填的表"),
        "the draft stays when the visit is not saved"
    );
    // Saved: the visit, its issue, their outbox entries, and no draft.
    store
        .save_all_finishing(
            vec![Change::put(i), Change::put(visit)],
            now(),
            Some("visit-draft"),
        )
        .await
        .unwrap();
    assert_eq!(store.count(VISITS).await.unwrap(), 1);
    assert_eq!(store.count(ISSUES).await.unwrap(), 1);
    assert_eq!(store.count(OUTBOX).await.unwrap(), 2);
    assert_eq!(store.draft::<String>("visit-draft").await.unwrap(), None);
}
