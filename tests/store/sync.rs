//! The sync engine's side of the database: pull pages, acknowledgements, server
//! versions as edit bases, clearing the device.
use super::{customer, fresh, now, planned_visit};
use revisit::store::names::*;
use revisit::wire::PulledPage;
use revisit_core::customer::Customer;
use revisit_core::sync::protocol::{Conflict, PullResponse, Pulled, Record, RecordKind};
use revisit_core::sync::Change;
use uuid::Uuid;
use wasm_bindgen_test::*;

/// A page as the server sends it and the browser parses it.
fn page(last_mutation_id: u64, cursor: u64, records: Vec<(u64, Record)>) -> PulledPage {
    parsed(&response(last_mutation_id, cursor, records))
}

fn parsed(response: &PullResponse) -> PulledPage {
    let text = revisit::json::stringify(response).unwrap();
    revisit::json::from_js(revisit::json::parse(&text).unwrap()).unwrap()
}

fn response(last_mutation_id: u64, cursor: u64, records: Vec<(u64, Record)>) -> PullResponse {
    PullResponse {
        cursor,
        more: false,
        last_mutation_id,
        records: records
            .into_iter()
            .map(|(version, record)| Pulled { version, record })
            .collect(),
        conflicts: vec![],
        latest: cursor,
        company_sales: Default::default(),
    }
}

fn named(n: u128, name: &str) -> Customer {
    let mut c = customer(n, "华东");
    c.name = name.into();
    c
}

#[wasm_bindgen_test]
async fn a_pull_page_writes_records_and_versions_but_never_over_a_queued_edit() {
    let (store, _) = fresh().await;
    let (a, b) = (named(1, "mine A"), named(2, "mine B"));
    store.save_all(vec![Change::put(a)], now()).await.unwrap();
    store.save_all(vec![Change::put(b)], now()).await.unwrap();
    let conflict = Conflict {
        id: Uuid::from_u128(99),
        kind: RecordKind::Customer,
        record_id: Uuid::from_u128(1).to_string(),
        field: "region".into(),
        base: None,
        mine: "华北".into(),
        theirs: "华东".into(),
        version: 5,
        client_id: Uuid::from_u128(7),
        mutation_id: 1,
    };
    let mut pulled = response(
        1,
        7,
        vec![
            (5, Record::Customer(named(1, "theirs A"))),
            (6, Record::Customer(named(2, "theirs B"))),
            (7, Record::Customer(named(3, "theirs C"))),
        ],
    );
    pulled.conflicts = vec![conflict.clone()];

    let applied = store.apply_pull(&parsed(&pulled)).await.unwrap();
    assert_eq!((applied.written, applied.done, applied.held), (2, 1, 1));
    // Mutation 1 was applied by the server: gone. Mutation 2 still waits, and its
    // record keeps the device's value.
    let left: Vec<Option<u64>> = store.outbox().await.unwrap().iter().map(|m| m.id).collect();
    assert_eq!(left, vec![Some(2)]);
    let names: Vec<String> = store
        .all::<Customer>(CUSTOMERS)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["theirs A", "mine B", "theirs C"]);
    let id = |n: u128| Uuid::from_u128(n).to_string();
    assert_eq!(
        store.version(RecordKind::Customer, &id(1)).await.unwrap(),
        Some(5)
    );
    assert_eq!(
        store.version(RecordKind::Customer, &id(2)).await.unwrap(),
        None
    );
    assert_eq!(
        store.version(RecordKind::Customer, &id(3)).await.unwrap(),
        Some(7)
    );
    assert_eq!(store.cursor().await.unwrap(), 7);
    assert_eq!(store.conflicts().await.unwrap(), vec![conflict]);
}

#[wasm_bindgen_test]
async fn an_edit_of_a_synced_customer_is_based_on_the_version_the_device_holds() {
    let (store, _) = fresh().await;
    let synced = named(1, "华东电力");
    store
        .apply_pull(&page(0, 9, vec![(9, Record::Customer(synced.clone()))]))
        .await
        .unwrap();
    let mut edited = synced.clone();
    edited.region = "华北".into();
    let new = named(2, "新客户");
    let visit = planned_visit(3, &new);
    store
        .save_all(
            vec![Change::put(edited), Change::put(new), Change::put(visit)],
            now(),
        )
        .await
        .unwrap();
    let bases: Vec<Option<u64>> = store
        .outbox()
        .await
        .unwrap()
        .iter()
        .map(|m| m.base_version)
        .collect();
    // A new record has no base; visits are append-only and never merged.
    assert_eq!(bases, vec![Some(9), None, None]);
}

#[wasm_bindgen_test]
async fn an_acknowledgement_removes_only_what_the_server_applied() {
    let (store, _) = fresh().await;
    for n in 1..=3 {
        store
            .save_all(vec![Change::put(customer(n, "华东"))], now())
            .await
            .unwrap();
    }
    store.acknowledge(2).await.unwrap();
    let left: Vec<Option<u64>> = store.outbox().await.unwrap().iter().map(|m| m.id).collect();
    assert_eq!(left, vec![Some(3)]);
    assert_eq!(store.outbox_head(500).await.unwrap().len(), 1);
    // The records stay: only their queue entries are done.
    assert_eq!(store.count(CUSTOMERS).await.unwrap(), 3);
}

#[wasm_bindgen_test]
async fn clearing_the_device_empties_it_and_mutation_ids_keep_increasing() {
    let (store, _) = fresh().await;
    store
        .save_all(vec![Change::put(customer(1, "华东"))], now())
        .await
        .unwrap();
    store.mark_demo().await.unwrap();
    store.set_last_sync(now().utc).await.unwrap();
    store.clear_all().await.unwrap();
    for name in [CUSTOMERS, OUTBOX, META, VERSIONS] {
        assert_eq!(store.count(name).await.unwrap(), 0, "{name}");
    }
    assert!(!store.holds_demo().await.unwrap());
    assert_eq!(store.cursor().await.unwrap(), 0);
    // The server keys replays by (client, mutation id): ids are never reused.
    let ids = store
        .save_all(vec![Change::put(customer(2, "华东"))], now())
        .await
        .unwrap();
    assert_eq!(ids, vec![2]);
}

#[wasm_bindgen_test]
async fn pulled_settings_and_templates_are_read_back_by_the_app() {
    use revisit_core::settings::Settings;
    use revisit_core::survey::default_template;
    let (store, _) = fresh().await;
    let mut settings = Settings::default();
    settings.proposals.decide_days = 9;
    let mut v2 = default_template();
    v2.version = 2;
    let installation = revisit_core::installation::Installation::new(
        Uuid::from_u128(5),
        Uuid::from_u128(1),
        "switchgear",
    );
    store
        .apply_pull(&page(
            0,
            4,
            vec![
                (1, Record::Settings(settings.clone())),
                (2, Record::Template(default_template())),
                (3, Record::Template(v2.clone())),
                (4, Record::Installation(installation.clone())),
            ],
        ))
        .await
        .unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.settings, Some(settings));
    assert_eq!(loaded.template(), v2);
    assert_eq!(loaded.installations, vec![installation]);
    assert_eq!(
        store
            .version(RecordKind::Installation, &Uuid::from_u128(5).to_string())
            .await
            .unwrap(),
        Some(4)
    );
}

#[wasm_bindgen_test]
async fn a_technicians_device_tiers_on_the_company_sales_its_last_pull_brought() {
    use revisit_core::settings::Settings;
    use revisit_core::types::Cny;
    let (store, _) = fresh().await;
    let mut own = named(1, "张工的客户");
    own.annual_purchases.insert(2025, Cny(1_000_000));
    let mut settings = Settings::default();
    // The administrator fixed 2024; the server's sum for it does not replace that.
    settings.company_sales.insert(2024, Cny(7));
    let mut last = response(
        0,
        2,
        vec![
            (1, Record::Settings(settings)),
            (2, Record::Customer(own.clone())),
        ],
    );
    last.company_sales = [(2024, Cny(99)), (2025, Cny(10_000_000))].into();
    let applied = store.apply_pull(&parsed(&last)).await.unwrap();
    assert!(applied.new_company_sales);
    let loaded = store.load().await.unwrap();
    let company = loaded.settings().company_sales;
    assert_eq!(company[&2025], Cny(10_000_000));
    assert_eq!(company[&2024], Cny(7));
    // Tiered on the company: 10 %, not the 100 % of what the device holds.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let total = revisit_core::tiering::company_sales(
        &loaded.settings().company_sales,
        &loaded.customers,
        2025,
    );
    let decision = revisit_core::tiering::classify(&own, total, &loaded.settings().tiers, today);
    assert_eq!(decision.share_bp, 1_000);
    // The same sums again change nothing, so the engine need not plan again.
    last.records.clear();
    assert!(
        !store
            .apply_pull(&parsed(&last))
            .await
            .unwrap()
            .new_company_sales
    );
}
