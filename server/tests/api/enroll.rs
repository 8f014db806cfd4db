//! Enrollment with one-time codes, bearer tokens, revocation, rate limits.
use crate::helpers::*;
use axum::body::Body;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_code_enrolls_one_device_once() {
    let app = spawn_app().await;
    app.db
        .create_user("zhang", "张工", Role::Technician)
        .await
        .unwrap();
    let (code, _) = app.db.issue_code("zhang").await.unwrap();
    let typed = code.to_lowercase().replace('-', " ");
    let first = app
        .send_json(
            "POST",
            "/api/enroll",
            None,
            &json!({"code": typed, "client_id": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_status(&first, StatusCode::CREATED);
    let session = json(first).await;
    assert_eq!(session["user"]["name"], "张工");
    assert_eq!(session["user"]["role"], "technician");
    assert!(session["token"].as_str().unwrap().starts_with("rv1_"));
    // The token itself is nowhere in the database, only its hash.
    let token = session["token"].as_str().unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM devices WHERE token_hash = $1")
        .bind(token)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(stored, 0);

    let again = app
        .send_json(
            "POST",
            "/api/enroll",
            None,
            &json!({"code": code, "client_id": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_status(&again, StatusCode::UNAUTHORIZED);
    assert_eq!(json(again).await["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn an_unknown_code_is_refused() {
    let app = spawn_app().await;
    let response = app
        .send_json(
            "POST",
            "/api/enroll",
            None,
            &json!({"code": "ABCD-EFGH", "client_id": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_status(&response, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_opens_the_session_until_it_is_revoked() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    let session = |token: Option<String>| {
        let app = &app;
        async move {
            app.send_raw("GET", "/api/session", token.as_deref(), Body::empty())
                .await
        }
    };
    let ok = session(Some(phone.token.clone())).await;
    assert_status(&ok, StatusCode::OK);
    assert_eq!(json(ok).await["client_id"], phone.client_id.to_string());
    assert_status(&session(None).await, StatusCode::UNAUTHORIZED);
    assert_status(
        &session(Some("rv1_not-a-token".into())).await,
        StatusCode::UNAUTHORIZED,
    );

    assert_eq!(app.db.revoke_devices("zhang").await.unwrap(), 1);
    let revoked = session(Some(phone.token.clone())).await;
    assert_status(&revoked, StatusCode::UNAUTHORIZED);
    let body = json(revoked).await;
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("revoked"));
}

#[tokio::test]
async fn signing_out_revokes_the_devices_token() {
    let app = spawn_app().await;
    let phone = app.device("li", "李工", Role::Technician).await;
    let out = app
        .send_raw("DELETE", "/api/session", Some(&phone.token), Body::empty())
        .await;
    assert_status(&out, StatusCode::NO_CONTENT);
    let after = app.pull_response(&phone, "/api/sync/pull").await;
    assert_status(&after, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_device_cannot_be_enrolled_for_a_second_user() {
    let app = spawn_app().await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    app.db
        .create_user("li", "李工", Role::Technician)
        .await
        .unwrap();
    let (code, _) = app.db.issue_code("li").await.unwrap();
    let response = app
        .send_json(
            "POST",
            "/api/enroll",
            None,
            &json!({"code": code, "client_id": phone.client_id}),
        )
        .await;
    assert_status(&response, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_device_over_its_rate_is_told_to_wait() {
    let app = spawn_app_limited(1).await;
    let phone = app.device("zhang", "张工", Role::Technician).await;
    // A burst of three is allowed at one request a second; the fourth is not.
    for _ in 0..3 {
        assert_status(
            &app.pull_response(&phone, "/api/sync/pull").await,
            StatusCode::OK,
        );
    }
    let limited = app.pull_response(&phone, "/api/sync/pull").await;
    assert_status(&limited, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json(limited).await["error"]["code"], "rate_limited");
    // Another device is not held back by this one.
    let other = app.device("li", "李工", Role::Technician).await;
    assert_status(
        &app.pull_response(&other, "/api/sync/pull").await,
        StatusCode::OK,
    );
}
