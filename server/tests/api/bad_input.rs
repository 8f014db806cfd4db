//! Every kind of bad input gets a 4xx with a JSON error, and changes nothing.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::sync::Change;
use serde_json::json;

/// Sends `body` as a push with `token` and checks the refusal: `status`, a JSON
/// error with `code` and a message, and the database unchanged. `what` names the case.
async fn refused(
    app: &TestApp,
    what: &str,
    token: &str,
    body: String,
    status: StatusCode,
    code: &str,
) {
    let before = app.fingerprint().await;
    let response = app
        .send_raw("POST", "/api/sync/push", Some(token), body)
        .await;
    assert_eq!(response.status(), status, "{what}");
    let error = json(response).await;
    assert_eq!(error["error"]["code"], code, "{what}: {error}");
    assert!(
        !error["error"]["message"].as_str().unwrap().is_empty(),
        "{what}"
    );
    assert_eq!(app.fingerprint().await, before, "{what}: nothing changed");
}

fn push_of(device: &TestDevice, mutations: serde_json::Value) -> String {
    json!({"client_id": device.client_id, "mutations": mutations}).to_string()
}

/// A good mutation as JSON, with `edit` applied to it.
fn edited(good: &serde_json::Value, edit: impl Fn(&mut serde_json::Value)) -> serde_json::Value {
    let mut m = good.clone();
    edit(&mut m);
    json!([m])
}

#[tokio::test]
async fn malformed_mistyped_or_rule_breaking_pushes_are_400() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    let good =
        serde_json::to_value(phone.mutation(Change::put(customer(1, "华东电力", None)), None))
            .unwrap();
    let push = |mutations| push_of(&phone, mutations);
    let done = serde_json::to_value(phone.mutation(Change::put(visit(2, 1)), None)).unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a signature that is not a PNG",
            push(edited(&done, |m| {
                m["payload"]["result"]["signature"] = json!("data:text/html;base64,PGI+")
            })),
            "bad_json",
        ),
        (
            "a check-in off the Earth",
            push(edited(&done, |m| {
                m["payload"]["result"]["check_in"] = json!({"at": now(), "latitude_e6": 95_000_000,
                    "longitude_e6": 0, "accuracy_m": 5})
            })),
            "bad_mutation",
        ),
        ("cut short", "{\"client_id\": ".into(), "bad_json"),
        ("not an object", "[]".into(), "bad_json"),
        (
            "an id of the wrong type",
            push(edited(&good, |m| m["id"] = json!("seven"))),
            "bad_json",
        ),
        (
            "an unknown kind",
            push(edited(&good, |m| m["kind"] = json!("delete_everything"))),
            "bad_json",
        ),
        (
            "an impossible date",
            push(edited(&good, |m| {
                m["payload"]["cooperation_start"] = json!("2026-02-30")
            })),
            "bad_json",
        ),
        (
            "a malformed uuid",
            push(edited(&good, |m| m["record_id"] = json!("not-a-uuid"))),
            "bad_json",
        ),
        (
            "a device time from the future",
            push(edited(&good, |m| {
                m["device_time"]["utc"] = json!("2099-01-01T00:00:00Z")
            })),
            "bad_mutation",
        ),
        (
            "a device time before the app",
            push(edited(&good, |m| {
                m["device_time"]["utc"] = json!("1970-01-01T00:00:00Z")
            })),
            "bad_mutation",
        ),
        (
            "the same id twice",
            push(json!([good, good])),
            "bad_mutation",
        ),
        (
            "a customer without a name",
            push(edited(&good, |m| m["payload"]["name"] = json!("  "))),
            "bad_mutation",
        ),
        (
            "no id",
            push(edited(&good, |m| {
                m.as_object_mut().unwrap().remove("id");
            })),
            "bad_mutation",
        ),
        (
            "an id too large to store",
            push(edited(&good, |m| m["id"] = json!(u64::MAX))),
            "out_of_range",
        ),
    ];
    for (what, body, code) in cases {
        refused(
            &app,
            what,
            &phone.token,
            body,
            StatusCode::BAD_REQUEST,
            code,
        )
        .await;
    }
}

#[tokio::test]
async fn a_base_version_from_the_future_is_400() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    app.push_ok(
        &phone,
        &[(Change::put(customer(1, "华东电力", None)), None)],
    )
    .await;
    let m = phone.mutation(Change::put(customer(1, "华东电力集团", None)), Some(999));
    refused(
        &app,
        "a base version from the future",
        &phone.token,
        push_of(&phone, json!([m])),
        StatusCode::BAD_REQUEST,
        "bad_mutation",
    )
    .await;
}

#[tokio::test]
async fn a_push_in_another_devices_name_is_403() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    let other = app.device("zhao", "赵主管", Role::Supervisor).await;
    let m = phone.mutation(Change::put(customer(1, "华东电力", None)), None);
    refused(
        &app,
        "another device's client id",
        &other.token,
        push_of(&phone, json!([m])),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn a_push_without_a_valid_token_is_401() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    let m = phone.mutation(Change::put(customer(1, "华东电力", None)), None);
    refused(
        &app,
        "a forged token",
        "rv1_forged",
        push_of(&phone, json!([m])),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    let mut big = customer(1, "华东电力", None);
    big.notes = "长".repeat(revisit_server::BODY_LIMIT / 3 + 1);
    let m = phone.mutation(Change::put(big), None);
    refused(
        &app,
        "a body over the limit",
        &phone.token,
        push_of(&phone, json!([m])),
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
    )
    .await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_400() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    let before = app.fingerprint().await;
    let response = app
        .request(
            axum::http::Request::post("/api/sync/push")
                .header("authorization", format!("Bearer {}", phone.token))
                .header("content-type", "text/plain")
                .body(axum::body::Body::from("hello"))
                .unwrap(),
        )
        .await;
    assert_status(&response, StatusCode::BAD_REQUEST);
    assert_eq!(json(response).await["error"]["code"], "not_json");
    assert_eq!(app.fingerprint().await, before);
}

#[tokio::test]
async fn bad_pull_queries_are_400() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    for (path, code) in [
        ("/api/sync/pull?cursor=-1", "bad_query"),
        ("/api/sync/pull?cursor=abc", "bad_query"),
        ("/api/sync/pull?limit=0", "bad_query"),
        ("/api/sync/pull?limit=100000", "bad_query"),
        // A cursor the server never gave: its database was replaced.
        ("/api/sync/pull?cursor=50", "cursor_ahead"),
    ] {
        let response = app.pull_response(&phone, path).await;
        assert_status(&response, StatusCode::BAD_REQUEST);
        assert_eq!(json(response).await["error"]["code"], code, "{path}");
    }
}
