//! `GET /api/reports/{satisfaction,analysis}`: the core's reports over the whole
//! database, the same figures a device computes on the same records.
use crate::helpers::*;
use axum::http::StatusCode;
use chrono::{Datelike, Utc};
use revisit_core::cancel::Cancel;
use revisit_core::dataset::DataSet;
use revisit_core::report::{Period, Scope};
use revisit_core::tier::Tier;
use revisit_server::report::{compute, Kind};

/// The demo plant as of today, imported.
async fn plant() -> (TestApp, DataSet) {
    let app = spawn_app().await;
    let data = revisit_core::demo::generate(60, 7, Utc::now().date_naive());
    revisit_server::sync::import(&app.db, &data.clone().into_records())
        .await
        .expect("the demo imports");
    (app, data)
}

/// Last calendar month: wholly past, so a second's difference in "now" changes nothing.
fn last_month() -> Period {
    let first = Utc::now().date_naive().with_day(1).unwrap();
    let before = first.pred_opt().unwrap();
    Period::month(before.year(), before.month()).unwrap()
}

async fn fetch(app: &TestApp, device: &TestDevice, path: &str) -> serde_json::Value {
    let response = app.pull_response(device, path).await;
    assert_status(&response, StatusCode::OK);
    json(response).await
}

fn expected(data: &DataSet, kind: Kind, period: Period, scope: Scope) -> serde_json::Value {
    let report = compute(data, kind, period, &scope, Utc::now(), &Cancel::never());
    serde_json::to_value(report.expect("never cancelled")).unwrap()
}

#[tokio::test]
async fn a_supervisor_gets_the_companys_reports_as_the_core_computes_them() {
    let (app, data) = plant().await;
    let supervisor = app.device("wang", "王主管", Role::Supervisor).await;
    let period = last_month();
    let range = format!("from={}&to={}", period.from, period.to);
    let satisfaction = fetch(
        &app,
        &supervisor,
        &format!("/api/reports/satisfaction?{range}"),
    )
    .await;
    assert_eq!(satisfaction["report"], "satisfaction");
    assert!(
        satisfaction["current"]["product"]["count"]
            .as_u64()
            .unwrap()
            > 0,
        "the demo has visits last month"
    );
    assert_eq!(
        satisfaction,
        expected(&data, Kind::Satisfaction, period, Scope::default())
    );
    let analysis = fetch(&app, &supervisor, &format!("/api/reports/analysis?{range}")).await;
    assert_eq!(analysis["report"], "analysis");
    assert!(analysis["completion"]["whole"].as_u64().unwrap() > 0);
    assert_eq!(
        analysis,
        expected(&data, Kind::Analysis, period, Scope::default())
    );

    let key = fetch(
        &app,
        &supervisor,
        &format!("/api/reports/satisfaction?{range}&tier=key&region=华东"),
    )
    .await;
    let scope = Scope {
        tier: Some(Tier::Key),
        region: Some("华东".into()),
        ..Scope::default()
    };
    assert_eq!(key, expected(&data, Kind::Satisfaction, period, scope));
    assert_ne!(key, satisfaction);

    let ledger = fetch(&app, &supervisor, &format!("/api/reports/ledger?{range}")).await;
    assert_eq!(ledger["report"], "ledger");
    assert!(!ledger["rows"].as_array().unwrap().is_empty());
    assert_eq!(
        ledger,
        expected(&data, Kind::Ledger, period, Scope::default())
    );
}

#[tokio::test]
async fn a_technician_gets_the_reports_of_their_own_customers_only() {
    let (app, data) = plant().await;
    let owner = data
        .customers
        .iter()
        .find_map(|c| c.owner)
        .expect("owners in the demo");
    let phone = app
        .device("tech", &data.user_name(owner), Role::Technician)
        .await;
    let period = last_month();
    let range = format!("from={}&to={}", period.from, period.to);
    let own = fetch(&app, &phone, &format!("/api/reports/analysis?{range}")).await;
    let scope = Scope {
        technician: Some(owner),
        ..Scope::default()
    };
    assert_eq!(own, expected(&data, Kind::Analysis, period, scope));
    assert_ne!(
        own,
        expected(&data, Kind::Analysis, period, Scope::default())
    );
    let response = app
        .pull_response(
            &phone,
            &format!("/api/reports/analysis?{range}&technician={}", uid("别人")),
        )
        .await;
    assert_status(&response, StatusCode::FORBIDDEN);
    let response = app.get(&format!("/api/reports/analysis?{range}")).await;
    assert_status(&response, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_report_query_that_makes_no_sense_is_refused_saying_why() {
    let app = spawn_app().await;
    let supervisor = app.device("wang", "王主管", Role::Supervisor).await;
    for (path, status, says) in [
        (
            "/api/reports/satisfaction?from=2026-12-01&to=2026-11-01",
            StatusCode::BAD_REQUEST,
            "before it starts",
        ),
        (
            "/api/reports/satisfaction?from=2026-11-01",
            StatusCode::BAD_REQUEST,
            "to",
        ),
        (
            "/api/reports/analysis?from=2026-11-01&to=2026-11-30&tier=vip",
            StatusCode::BAD_REQUEST,
            "tier",
        ),
        (
            "/api/reports/forecast?from=2026-11-01&to=2026-11-30",
            StatusCode::NOT_FOUND,
            "forecast",
        ),
    ] {
        let response = app.pull_response(&supervisor, path).await;
        assert_status(&response, status);
        let body = json(response).await;
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{path}: {message}");
    }
    // An empty database: reports of nothing, not errors.
    let empty = fetch(
        &app,
        &supervisor,
        "/api/reports/analysis?from=2026-11-01&to=2026-11-30",
    )
    .await;
    assert_eq!(
        empty["completion"],
        serde_json::json!({"part": 0, "whole": 0})
    );
}
