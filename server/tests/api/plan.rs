//! `GET /api/plan`: the plan of the server's records, by the same core code as a
//! device's, with each technician seeing their own and supervisors everyone's.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::cancel::Cancel;
use revisit_core::event::EventKind;
use revisit_core::schedule::Reason;
use revisit_server::plan::{rows, PlanResponse, PlanRow};

const RANGE: &str = "from=2026-11-01&to=2026-12-31&today=2026-11-23";

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

/// The example plant's file, as the admin imports it.
fn example() -> revisit_core::dataset::DataSet {
    let path = format!(
        "{}/../docs/examples/plant-data.json",
        env!("CARGO_MANIFEST_DIR")
    );
    revisit_server::cli::plan::read_data(std::path::Path::new(&path)).expect("the example reads")
}

/// An app holding the example plant, and its file's plan of November–December.
async fn plant() -> (TestApp, Vec<PlanRow>) {
    let app = spawn_app().await;
    revisit_server::sync::import(&app.db, &example().into_records())
        .await
        .expect("the example imports");
    let expected = rows(
        &example(),
        date("2026-11-01"),
        date("2026-12-31"),
        date("2026-11-23"),
        None,
        &Cancel::never(),
    )
    .expect("never cancelled");
    (app, expected)
}

async fn plan_of(app: &TestApp, device: &TestDevice, query: &str) -> PlanResponse {
    let response = app
        .pull_response(device, &format!("/api/plan?{query}"))
        .await;
    assert_status(&response, StatusCode::OK);
    serde_json::from_value(json(response).await).expect("a plan")
}

#[tokio::test]
async fn a_supervisor_gets_every_technicians_plan_as_the_file_plans_it() {
    let (app, expected) = plant().await;
    let supervisor = app.device("wang", "王主管", Role::Supervisor).await;
    let plan = plan_of(&app, &supervisor, RANGE).await;
    assert_eq!(plan.today, date("2026-11-23"));
    assert_eq!(plan.technician, None);
    assert_eq!(plan.visits.len(), 7);
    assert_eq!(plan.visits, expected);
    let owners: std::collections::BTreeSet<_> =
        plan.visits.iter().filter_map(|v| v.owner).collect();
    assert_eq!(owners, [uid("张工"), uid("李工")].into());
    // This morning's complaint is due today, on 李工's list.
    let complaint = plan
        .visits
        .iter()
        .find(|v| {
            matches!(
                v.visit.reasons[0],
                Reason::Event {
                    event: EventKind::Complaint,
                    ..
                }
            )
        })
        .unwrap();
    assert_eq!(complaint.customer_name, "西安德润制药有限公司");
    assert_eq!(complaint.owner, Some(uid("李工")));
    assert_eq!(complaint.visit.due, date("2026-11-23"));

    // One technician's work, picked by a supervisor.
    let li = plan_of(
        &app,
        &supervisor,
        &format!("{RANGE}&technician={}", uid("李工")),
    )
    .await;
    assert_eq!(li.technician, Some(uid("李工")));
    let theirs: Vec<_> = expected
        .iter()
        .filter(|v| v.owner == Some(uid("李工")))
        .collect();
    assert!(!theirs.is_empty() && theirs.len() < expected.len());
    assert_eq!(li.visits.iter().collect::<Vec<_>>(), theirs);
}

#[tokio::test]
async fn a_technician_gets_their_own_customers_tiered_among_all() {
    let (app, expected) = plant().await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    let plan = plan_of(&app, &zhang, RANGE).await;
    assert_eq!(plan.technician, Some(uid("张工")));
    // The same rows as in the company plan: tiers are shares of the whole company.
    let own: Vec<_> = expected
        .into_iter()
        .filter(|v| v.owner == Some(uid("张工")))
        .collect();
    assert!(!own.is_empty());
    assert_eq!(plan.visits, own);

    let response = app
        .pull_response(
            &zhang,
            &format!("/api/plan?{RANGE}&technician={}", uid("李工")),
        )
        .await;
    assert_status(&response, StatusCode::FORBIDDEN);
    assert_eq!(json(response).await["error"]["code"], "forbidden");

    let response = app.get(&format!("/api/plan?{RANGE}")).await;
    assert_status(&response, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_plan_query_that_makes_no_sense_is_a_400_saying_why() {
    let app = spawn_app().await;
    let supervisor = app.device("wang", "王主管", Role::Supervisor).await;
    for (query, says) in [
        ("from=2026-12-01&to=2026-11-01", "is after"),
        ("from=2026-01-01&to=2027-12-31", "400 days"),
        ("from=2026-11-01", "to"),
        ("from=2026-11-31&to=2026-12-31", "from"),
        ("from=2026-11-01&to=2026-12-31&today=tomorrow", "today"),
    ] {
        let response = app
            .pull_response(&supervisor, &format!("/api/plan?{query}"))
            .await;
        assert_status(&response, StatusCode::BAD_REQUEST);
        let body = json(response).await;
        assert_eq!(body["error"]["code"], "bad_query", "{query}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{query}: {message}");
    }
    // An empty database plans nothing, and says so with an empty list.
    let plan = plan_of(&app, &supervisor, RANGE).await;
    assert!(plan.visits.is_empty());
}
