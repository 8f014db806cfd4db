//! A supervisor hands a planned visit to another technician: the assignee's device
//! then pulls that customer's records, may record the visit, and the server's plan
//! lists the visit as theirs, no longer its owner's.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::assignment::Assignment;
use revisit_core::sync::protocol::{Record, RecordKind};
use revisit_core::sync::Change;
use revisit_server::plan::PlanResponse;

const RANGE: &str = "from=2026-11-01&to=2026-12-31&today=2026-11-23";

fn example() -> revisit_core::dataset::DataSet {
    let path = format!(
        "{}/../docs/examples/plant-data.json",
        env!("CARGO_MANIFEST_DIR")
    );
    revisit_server::cli::plan::read_data(std::path::Path::new(&path)).expect("the example reads")
}

async fn plan_of(app: &TestApp, device: &TestDevice) -> PlanResponse {
    let response = app
        .pull_response(device, &format!("/api/plan?{RANGE}"))
        .await;
    assert_status(&response, StatusCode::OK);
    serde_json::from_value(json(response).await).expect("a plan")
}

fn customers_of(records: &[revisit_core::sync::protocol::Pulled]) -> Vec<uuid::Uuid> {
    records
        .iter()
        .filter_map(|p| match &p.record {
            Record::Customer(c) => Some(c.id),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_visit_handed_on_brings_its_customer_to_the_assignee_and_is_theirs() {
    let app = spawn_app().await;
    revisit_server::sync::import(&app.db, &example().into_records())
        .await
        .unwrap();
    let supervisor = app.device("wang", "王主管", Role::Supervisor).await;
    let plan = plan_of(&app, &supervisor).await;
    let row = plan
        .visits
        .iter()
        .find(|r| r.owner.is_some())
        .expect("a visit of an owned customer");
    let owner = row.owner.unwrap();
    let other = plan
        .visits
        .iter()
        .filter_map(|r| r.owner)
        .find(|o| *o != owner)
        .expect("a second technician in the example");
    let (owner_login, other_login) = ("owner", "other");
    let name = |id| example().user_name(id);
    let owner_device = app
        .device(owner_login, &name(owner), Role::Technician)
        .await;
    let other_device = app
        .device(other_login, &name(other), Role::Technician)
        .await;
    let before = app.pull_all(&other_device).await;
    assert!(!customers_of(&before).contains(&row.visit.customer_id));

    // A technician cannot hand visits on.
    let handed = Assignment::new(&row.visit, other, owner, now()).unwrap();
    let refused = app
        .push(&owner_device, &[(Change::put(handed.clone()), None)])
        .await;
    assert_status(&refused, StatusCode::FORBIDDEN);
    // Nor record a visit of a customer not theirs.
    let mut visit = visit(900, 0);
    visit.customer_id = row.visit.customer_id;
    visit.assignee = Some(other);
    let not_yet = app
        .push(&other_device, &[(Change::put(visit.clone()), None)])
        .await;
    assert_status(&not_yet, StatusCode::FORBIDDEN);

    // The supervisor hands it on.
    let handed = Assignment::new(&row.visit, other, uid("王主管"), now()).unwrap();
    app.push_ok(&supervisor, &[(Change::put(handed.clone()), None)])
        .await;

    // The assignee's next pull, from where it stood, brings the customer's file
    // (records older than its cursor come again with new versions).
    let cursor = before.iter().map(|p| p.version).max().unwrap_or(0);
    let mut after = Vec::new();
    let mut at = cursor;
    loop {
        let page = app.pull(&other_device, at).await;
        after.extend(page.records);
        at = page.cursor;
        if !page.more {
            break;
        }
    }
    assert!(customers_of(&after).contains(&row.visit.customer_id));
    let kinds: std::collections::HashSet<RecordKind> = after
        .iter()
        .filter(|p| p.record.customer_id() == Some(row.visit.customer_id))
        .map(|p| p.record.kind())
        .collect();
    assert!(kinds.contains(&RecordKind::Assignment));
    assert!(kinds.contains(&RecordKind::Installation) || row.visit.installation_ids.is_empty());
    // The server's plan: the assignee's now, not the owner's.
    let theirs = plan_of(&app, &other_device).await;
    let mine = |plan: &PlanResponse| plan.visits.iter().any(|r| r.visit.key() == row.visit.key());
    assert!(mine(&theirs));
    let same = theirs
        .visits
        .iter()
        .find(|r| r.visit.key() == row.visit.key())
        .unwrap();
    assert_eq!(same.visit.assignee, Some(other));
    assert!(!mine(&plan_of(&app, &owner_device).await));

    // And the assignee records it.
    app.push_ok(&other_device, &[(Change::put(visit), None)])
        .await;
}

#[tokio::test]
async fn a_device_handed_a_customer_edits_its_records_without_false_conflicts() {
    let app = spawn_app().await;
    let supervisor = app.device("wang", "王主管", Role::Supervisor).await;
    let li = app.device("li", "李工", Role::Technician).await;
    app.push_ok(
        &supervisor,
        &[
            (Change::put(customer(1, "华东电力", Some("张工"))), None),
            (Change::put(installation(2, 1)), None),
        ],
    )
    .await;
    // The customer is handed to 李工: its records are brought along with new versions.
    let base = find(
        &app.pull_all(&supervisor).await,
        &uuid::Uuid::from_u128(1).to_string(),
    )
    .unwrap()
    .version;
    app.push_ok(
        &supervisor,
        &[(
            Change::put(customer(1, "华东电力", Some("李工"))),
            Some(base),
        )],
    )
    .await;
    let pulled = app.pull_all(&li).await;
    let held = find(&pulled, &uuid::Uuid::from_u128(2).to_string()).expect("brought along");
    let Record::Installation(mut edited) = held.record.clone() else {
        panic!("an installation");
    };
    // Meanwhile the office corrects the model…
    let mut corrected = edited.clone();
    corrected.model = "KYN28A-12".into();
    app.push_ok(&supervisor, &[(Change::put(corrected), Some(held.version))])
        .await;
    // …and 李工, on the version brought along, the site: each keeps their field.
    edited.site = "二号配电室".into();
    let answer = app
        .push_ok(&li, &[(Change::put(edited), Some(held.version))])
        .await;
    assert!(answer.conflicts.is_empty(), "{:?}", answer.conflicts);
    let Record::Installation(merged) = app.record(&li, &uuid::Uuid::from_u128(2).to_string()).await
    else {
        panic!("an installation");
    };
    assert_eq!(
        (merged.site.as_str(), merged.model.as_str()),
        ("二号配电室", "KYN28A-12")
    );
}
