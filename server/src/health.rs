//! `GET /api/health`: is the server up, which version, can it reach its database.
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub database: DatabaseHealth,
    /// The HTTPS address phones use, when the server knows one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub https_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DatabaseHealth {
    pub status: &'static str,
    pub backend: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// 200 when the database answers, 503 (with the reason) when it does not.
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let (status, database) = match state.db.instance_id().await {
        Ok(id) => (
            StatusCode::OK,
            DatabaseHealth {
                status: "ok",
                backend: state.db.backend().name(),
                instance_id: Some(id),
                error: None,
            },
        ),
        Err(err) => (
            StatusCode::SERVICE_UNAVAILABLE,
            DatabaseHealth {
                status: "error",
                backend: state.db.backend().name(),
                instance_id: None,
                error: Some(err.to_string()),
            },
        ),
    };
    let overall = if status.is_success() {
        "ok"
    } else {
        "degraded"
    };
    (
        status,
        Json(Health {
            status: overall,
            version: env!("CARGO_PKG_VERSION"),
            database,
            https_url: state.https_url.clone(),
        }),
    )
}
