//! One device's odd values never break anyone else's work: values a computation
//! reads are refused at the door (offsets beyond ±14 h, amounts beyond what sums
//! can hold), and a stored row that does not decode is skipped — pulls, plans and
//! reports of everyone go on.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::sync::Change;
use serde_json::json;

const PERIOD: &str = "from=2026-01-01&to=2026-12-31&today=2026-11-23";

/// What every reader gets: 200 for each device's pulls, the plan and the reports.
pub(crate) async fn everyone_reads(app: &TestApp, devices: &[&TestDevice]) {
    for device in devices {
        let records = app.pull_all(device).await;
        assert!(!records.is_empty(), "the good records are still pulled");
        for path in [
            format!("/api/plan?{PERIOD}"),
            format!("/api/reports/satisfaction?{PERIOD}"),
            format!("/api/reports/analysis?{PERIOD}"),
            format!("/api/reports/ledger?{PERIOD}"),
        ] {
            let response = app.send_raw("GET", &path, Some(&device.token), "").await;
            assert_status(&response, StatusCode::OK);
        }
    }
}

#[tokio::test]
async fn values_that_would_break_computations_are_refused_at_the_door() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    app.push_ok(
        &tech,
        &[(Change::put(customer(1, "华东电力", Some("张工"))), None)],
    )
    .await;
    app.push_ok(&tech, &[(Change::put(visit(2, 1)), None)])
        .await;
    let before = app.fingerprint().await;
    let good_customer = serde_json::to_value(
        tech.mutation(Change::put(customer(1, "华东电力", Some("张工"))), None),
    )
    .unwrap();
    let good_visit = serde_json::to_value(tech.mutation(Change::put(visit(3, 1)), None)).unwrap();
    let cases = [
        ("purchases beyond any sum", {
            let mut m = good_customer.clone();
            m["payload"]["annual_purchases"] = json!({"2025": u64::MAX});
            m
        }),
        ("purchases of 1e19 yuan", {
            let mut m = good_customer.clone();
            m["payload"]["annual_purchases"] = json!({"2025": 10_000_000_000_000_000_000u64});
            m
        }),
        ("an offset of 25 hours", {
            let mut m = good_visit.clone();
            m["payload"]["result"]["completed_at"]["offset_minutes"] = json!(1500);
            m
        }),
        ("an offset of 14 h 1 min", {
            let mut m = good_visit.clone();
            m["payload"]["result"]["completed_at"]["offset_minutes"] = json!(841);
            m
        }),
        ("the largest offset", {
            let mut m = good_visit.clone();
            m["payload"]["result"]["completed_at"]["offset_minutes"] = json!(-32768);
            m
        }),
        ("a device time offset beyond 14 h", {
            let mut m = good_visit.clone();
            m["device_time"]["offset_minutes"] = json!(32767);
            m
        }),
    ];
    for (what, mutation) in cases {
        let body = json!({"client_id": tech.client_id, "mutations": [mutation]}).to_string();
        let response = app
            .send_raw("POST", "/api/sync/push", Some(&tech.token), body)
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{what}");
        let error = json(response).await;
        let message = error["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            message.contains("offset") || message.contains("CNY") || message.contains("amount"),
            "{what}: the field at fault is named: {message}"
        );
        assert_eq!(app.fingerprint().await, before, "{what}: nothing stored");
    }
    everyone_reads(&app, &[&tech, &boss]).await;

    // A report of a millennium is refused at once, not computed for a minute.
    for path in [
        "/api/reports/satisfaction?from=1000-01-01&to=3000-12-31",
        "/api/reports/analysis?from=2026-01-01&to=2028-01-01",
        "/api/reports/ledger?from=-262143-01-01&to=+262142-12-31",
        "/api/plan?from=2026-01-01&to=2028-01-01",
    ] {
        let started = std::time::Instant::now();
        let response = app.send_raw("GET", path, Some(&boss.token), "").await;
        assert_status(&response, StatusCode::BAD_REQUEST);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_stored_row_that_does_not_decode_is_skipped_not_fatal() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    app.push_ok(
        &tech,
        &[(Change::put(customer(1, "华东电力", Some("张工"))), None)],
    )
    .await;
    app.push_ok(&tech, &[(Change::put(visit(2, 1)), None)])
        .await;
    // Rows written by something else than this server (an old version, a hand edit):
    // a customer whose body is not JSON, a record of a kind nobody knows, a visit
    // with an offset out of range.
    let mut bad_visit = serde_json::to_value(visit(5, 1)).unwrap();
    bad_visit["result"]["completed_at"]["offset_minutes"] = json!(1500);
    for (n, (kind, id, customer_id, owner, body)) in [
        (
            "customer",
            uuid::Uuid::from_u128(3).to_string(),
            None,
            Some("张工"),
            "not json".to_owned(),
        ),
        (
            "gizmo",
            uuid::Uuid::from_u128(4).to_string(),
            None,
            None,
            "{}".to_owned(),
        ),
        (
            "visit",
            uuid::Uuid::from_u128(5).to_string(),
            Some(uuid::Uuid::from_u128(1).to_string()),
            None,
            bad_visit.to_string(),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        sqlx::query(
            "INSERT INTO records (kind, id, customer_id, owner, version, body) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(kind)
        .bind(id)
        .bind(customer_id)
        .bind(owner)
        .bind(1000 + n as i64)
        .bind(body)
        .execute(app.db.pool())
        .await
        .unwrap();
    }
    sqlx::query("UPDATE counters SET value = 1002 WHERE name = 'version'")
        .execute(app.db.pool())
        .await
        .unwrap();
    everyone_reads(&app, &[&tech, &boss]).await;
    // The pull passed over them: its cursor is at the end, with the good records.
    let pulled = app.pull_all(&boss).await;
    assert!(find(&pulled, &uuid::Uuid::from_u128(2).to_string()).is_some());
    assert!(find(&pulled, &uuid::Uuid::from_u128(3).to_string()).is_none());
    assert_eq!(app.pull(&boss, 0).await.cursor, 1002);
}
