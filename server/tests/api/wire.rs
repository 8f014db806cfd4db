//! An old device's push still goes through: the push recorded from the app as it
//! was on 2026-12-02 (`core/tests/fixtures`), before the record-kind registry.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::sync::protocol::PushResponse;
use revisit_server::accounts::Role;

#[tokio::test]
async fn a_push_recorded_before_the_registry_is_taken_whole() {
    let app = spawn_app().await;
    // The customers it refers to, as the demo of that day made them.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let demo = revisit_core::demo::generate(60, 7, day);
    let customers = demo
        .customers
        .into_iter()
        .map(Into::into)
        .collect::<Vec<_>>();
    revisit_server::sync::import(&app.db, &customers)
        .await
        .expect("the customers import");
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    let mut push: serde_json::Value = serde_json::from_str(include_str!(
        "../../../core/tests/fixtures/push-2026-12-02.json"
    ))
    .unwrap();
    push["client_id"] = boss.client_id.to_string().into();
    let response = app
        .send_json("POST", "/api/sync/push", Some(&boss.token), &push)
        .await;
    assert_status(&response, StatusCode::OK);
    let answer: PushResponse = serde_json::from_value(json(response).await).unwrap();
    assert_eq!(answer.last_mutation_id, 8, "every mutation applied");
    assert!(answer.skipped.is_empty(), "{:?}", answer.skipped);
    let pulled = app.pull_all(&boss).await;
    for m in push["mutations"].as_array().unwrap() {
        let id = m["record_id"].as_str().unwrap();
        let record = find(&pulled, id).unwrap_or_else(|| panic!("{id} is stored"));
        let kind = m["kind"].as_str().unwrap();
        assert!(
            kind == "issue_step" || kind == format!("put_{}", record.record.kind().as_str()),
            "{kind} stored as {:?}",
            record.record.kind()
        );
    }
    let issue = app
        .record(&boss, "00000000-0000-0000-0000-000000000032")
        .await;
    let revisit_core::record::Record::Issue(issue) = issue else {
        panic!("an issue")
    };
    assert_eq!(issue.history.len(), 1, "its step was taken");
}

#[tokio::test]
async fn every_record_kind_is_stored_served_and_scoped() {
    use revisit_core::record::RecordKind;
    let app = spawn_app().await;
    let one = revisit_core::dataset::DataSet::one_of_each();
    assert_eq!(one.len(), RecordKind::ALL.len(), "one of each kind");
    revisit_server::sync::import(&app.db, &one.clone().into_records())
        .await
        .expect("every kind imports");
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    let mut kinds: Vec<RecordKind> = app
        .pull_all(&boss)
        .await
        .iter()
        .map(|p| p.record.kind())
        .collect();
    kinds.sort_by_key(|k| k.as_str());
    kinds.dedup(); // the example's user entry and the devices' own
    let mut all = RecordKind::ALL.to_vec();
    all.sort_by_key(|k| k.as_str());
    assert_eq!(kinds, all, "a supervisor pulls every kind");
    // Someone with no customers gets what belongs to no customer, and nothing else.
    let stranger = app.device("nobody", "无名", Role::Technician).await;
    for pulled in app.pull_all(&stranger).await {
        assert_eq!(
            pulled.record.customer_id(),
            None,
            "{:?}",
            pulled.record.kind()
        );
    }
}
