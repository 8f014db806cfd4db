//! `POST /api/sync/push` and `GET /api/sync/pull` (architecture.md, "Sync
//! protocol"): a device sends its outbox, then fetches what changed since its
//! cursor. Who may see and change what is decided here, per mutation.
mod decide;
mod known;
mod pending;
mod pull;
mod push;
mod scope;
mod users;

use crate::accounts::Device;
use crate::error::{ApiError, Json};
use crate::AppState;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::Router;
use revisit_core::sync::protocol::ErrorCode;
use revisit_core::sync::protocol::{PullResponse, PushRequest, PushResponse};
use serde::Deserialize;

pub use pull::{pull, DEFAULT_PAGE, MAX_PAGE};
pub use push::{import, import_in, push};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sync/push", post(push_handler))
        .route("/sync/pull", get(pull_handler))
}

async fn push_handler(
    State(state): State<AppState>,
    device: Device,
    Json(mut body): Json<serde_json::Value>,
) -> Result<Json<PushResponse>, ApiError> {
    users::make_ids(&state.db, &mut body).await?;
    let request: PushRequest = serde_json::from_value(body).map_err(|err| {
        ApiError::bad(
            ErrorCode::BadJson,
            format!("Failed to deserialize the JSON body into the target type: {err}"),
        )
    })?;
    if request.client_id != device.client_id {
        return Err(ApiError::Forbidden(
            "this push names another device's client id".into(),
        ));
    }
    request
        .check(crate::clock::now())
        .map_err(|err| ApiError::bad(ErrorCode::BadMutation, err.to_string()))?;
    Ok(Json(push(&state.db, &device, &request).await?))
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    #[serde(default)]
    cursor: u64,
    limit: Option<u32>,
}

async fn pull_handler(
    State(state): State<AppState>,
    device: Device,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(query) = query?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::bad(
            ErrorCode::BadQuery,
            format!("limit must be 1 to {MAX_PAGE}"),
        ));
    }
    let page = pull(&state.db, &device, query.cursor, limit).await?;
    if !page.more {
        // The end of a sync: what the admin page shows as the device's last sync
        // (a push records it too). One small write a sync, not one a page, and only
        // a note: a pull still answers when the disk is full.
        if let Err(err) = seen(&state, &device).await {
            tracing::warn!(%err, "the device's last sync not recorded");
        }
    }
    Ok(Json(page))
}

async fn seen(state: &AppState, device: &Device) -> Result<(), sqlx::Error> {
    let mut tx = state.db.begin_write().await?;
    sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE client_id = $2")
        .bind(crate::accounts::timestamp(crate::clock::now()))
        .bind(device.client_id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// A database number as the protocol's unsigned one.
fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The protocol's unsigned number as the database's signed one.
fn signed(n: u64) -> Result<i64, ApiError> {
    i64::try_from(n).map_err(|_| ApiError::bad(ErrorCode::OutOfRange, format!("{n} is too large")))
}

use crate::db::placeholders;
