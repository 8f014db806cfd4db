use crate::helpers::{assert_status, header, json, spawn_app};
use axum::body::Body;
use axum::http::{Request, StatusCode};

#[tokio::test]
async fn health_reports_version_and_database() {
    let app = spawn_app().await;
    let response = app.get("/api/health").await;
    assert_status(&response, StatusCode::OK);
    assert!(header(&response, "content-type").starts_with("application/json"));
    let body = json(response).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["database"]["status"], "ok");
    let backend = if crate::helpers::on_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"]["backend"], backend);
    assert_eq!(
        body["database"]["instance_id"].as_str().map(str::len),
        Some(32)
    );
}

#[tokio::test]
async fn the_database_instance_id_survives_a_restart() {
    let app = spawn_app().await;
    let first = json(app.get("/api/health").await).await["database"]["instance_id"].clone();
    app.db.close().await;
    let reopened = revisit_server::db::Database::open(&app.url).await.unwrap();
    assert_eq!(
        serde_json::Value::String(reopened.instance_id().await.unwrap()),
        first
    );
}

#[tokio::test]
async fn health_is_503_with_the_reason_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;
    let response = app.get("/api/health").await;
    assert_status(&response, StatusCode::SERVICE_UNAVAILABLE);
    let body = json(response).await;
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["database"]["status"], "error");
    assert!(body["database"]["error"]
        .as_str()
        .is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    let app = spawn_app().await;
    for request in [
        Request::get("/api/nothing-here")
            .body(Body::empty())
            .unwrap(),
        Request::post("/api/sync/nope")
            .body(Body::from("{}"))
            .unwrap(),
        Request::get("/api/health/extra")
            .body(Body::empty())
            .unwrap(),
    ] {
        let path = request.uri().path().to_owned();
        let response = app.request(request).await;
        assert_status(&response, StatusCode::NOT_FOUND);
        assert!(
            header(&response, "content-type").starts_with("application/json"),
            "{path}"
        );
        let body = json(response).await;
        assert_eq!(body["error"]["code"], "not_found", "{path}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(&path),
            "{path}: {body}"
        );
    }
}

#[tokio::test]
async fn an_in_memory_database_works_across_requests() {
    let db = revisit_server::db::Database::open("sqlite::memory:")
        .await
        .unwrap();
    let first = db.instance_id().await.unwrap();
    for _ in 0..5 {
        assert_eq!(db.instance_id().await.unwrap(), first);
    }
}
