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

/// A request from `address`, as a real connection gives it.
fn from(
    address: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: String,
) -> axum::http::Request<Body> {
    let mut request = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let mut request = request.body(Body::from(body)).unwrap();
    let peer: std::net::SocketAddr = format!("{address}:40000").parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    request
}

#[tokio::test]
async fn codes_cannot_be_guessed_an_address_is_limited_then_locked_out() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let guess = |n: usize| {
        json!({"code": format!("AAAA-BBBB-{n:04}"), "client_id": uuid::Uuid::new_v4()}).to_string()
    };
    // Ten tries a minute from one address, then 429 with when to come back.
    for n in 0..10 {
        let response = app
            .request(from("10.0.0.1", "POST", "/api/enroll", None, guess(n)))
            .await;
        assert_status(&response, StatusCode::UNAUTHORIZED);
    }
    let limited = app
        .request(from("10.0.0.1", "POST", "/api/enroll", None, guess(10)))
        .await;
    assert_status(&limited, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&limited, "retry-after"), "5");
    // Another address is not held up: its right code enrolls.
    let (code, _) = app.db.issue_code("zhang").await.unwrap();
    assert_eq!(code.len(), 14, "XXXX-XXXX-XXXX: {code}");
    let body = json!({"code": code, "client_id": uuid::Uuid::new_v4()}).to_string();
    let ok = app
        .request(from("10.0.0.2", "POST", "/api/enroll", None, body))
        .await;
    assert_status(&ok, StatusCode::CREATED);

    // Unknown tokens count as failures: after thirty in an hour the address is locked
    // out, its valid token too, while others go on.
    for n in 0..=revisit_server::limit::FAILURES_PER_HOUR {
        let response = app
            .request(from(
                "10.0.0.3",
                "GET",
                "/api/session",
                Some(&format!("rv1_guess{n}")),
                String::new(),
            ))
            .await;
        assert_status(&response, StatusCode::UNAUTHORIZED);
    }
    let locked = app
        .request(from(
            "10.0.0.3",
            "GET",
            "/api/session",
            Some(&tech.token),
            String::new(),
        ))
        .await;
    assert_status(&locked, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = app
        .request(from(
            "10.0.0.4",
            "GET",
            "/api/session",
            Some(&tech.token),
            String::new(),
        ))
        .await;
    assert_status(&elsewhere, StatusCode::OK);
}

#[tokio::test]
async fn revoking_a_user_ends_their_unused_codes_and_codes_expire_in_a_day() {
    let app = spawn_app().await;
    app.db
        .create_user("li", "李工", Role::Technician)
        .await
        .unwrap();
    let (code, expires) = app.db.issue_code("li").await.unwrap();
    let hours = (expires - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((23.9..=24.0).contains(&hours), "valid {hours} h");
    assert!(app.db.issue_code_for("li", 0).await.is_err());
    assert!(app.db.issue_code_for("li", 721).await.is_err());
    app.db.revoke_devices("li").await.unwrap();
    let response = app
        .send_json(
            "POST",
            "/api/enroll",
            None,
            &json!({"code": code, "client_id": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_status(&response, StatusCode::UNAUTHORIZED);
}
