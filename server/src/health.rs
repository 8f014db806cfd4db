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
    // A read of the table every push writes, not only of the small meta table: a
    // file damaged where the records are answers here as it answers the API.
    let read = async {
        let id = state.db.instance_id().await?;
        sqlx::query_scalar::<_, i64>("SELECT value FROM counters WHERE name = 'version'")
            .fetch_one(state.db.pool())
            .await?;
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM (SELECT 1 FROM records ORDER BY version DESC LIMIT 1) AS newest",
        )
        .fetch_one(state.db.pool())
        .await?;
        Ok::<_, sqlx::Error>(id)
    };
    let (status, database) = match read.await {
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
