//! `POST /api/enroll` (a one-time code for a device token), `DELETE /api/session`
//! (sign out), and the extractor every authenticated endpoint takes.
use super::{AccountError, Device};
use crate::error::{ApiError, Json};
use crate::limit::ClientAddress;
use crate::AppState;
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::Router;
pub use revisit_core::sync::account::{EnrollRequest, Session};
use revisit_core::sync::protocol::ErrorCode;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/enroll", post(enroll))
        .route("/session", delete(sign_out).get(session))
}

impl From<AccountError> for ApiError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::Database(err) => ApiError::Database(err),
            AccountError::BadCode => ApiError::Unauthorized(err.to_string()),
            AccountError::OtherUsersDevice | AccountError::Taken => {
                ApiError::Conflict(err.to_string())
            }
            AccountError::Invalid(_) | AccountError::NoSuchUser(_) => {
                ApiError::bad(ErrorCode::Invalid, err.to_string())
            }
        }
    }
}

async fn enroll(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Json(request): Json<EnrollRequest>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    state.limiter.attempt(address)?;
    let label: String = request.label.trim().chars().take(80).collect();
    let enrolled = state
        .db
        .enroll(&request.code, request.client_id, &label)
        .await;
    if matches!(enrolled, Err(AccountError::BadCode)) {
        state.limiter.failed(address);
    }
    let (token, user) = enrolled?;
    tracing::info!(user = %user.login, client_id = %request.client_id, "device enrolled");
    Ok((
        StatusCode::CREATED,
        Json(Session {
            token: Some(token),
            client_id: request.client_id,
            user,
            server_id: state.db.instance_id().await?,
        }),
    ))
}

async fn session(State(state): State<AppState>, device: Device) -> Result<Json<Session>, ApiError> {
    Ok(Json(Session {
        token: None,
        client_id: device.client_id,
        user: device.user,
        server_id: state.db.instance_id().await?,
    }))
}

async fn sign_out(State(state): State<AppState>, device: Device) -> Result<StatusCode, ApiError> {
    state.db.revoke_device(device.client_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The device behind the request's `Authorization: Bearer …`; 401 otherwise.
impl<S> FromRequestParts<S> for Device
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::Unauthorized("sign in: this needs an enrolled device's token".into())
            })?;
        let address = crate::limit::client_address(parts);
        state.limiter.not_locked(address)?;
        let Some(device) = state.db.authenticate(token).await? else {
            state.limiter.failed(address);
            return Err(ApiError::Unauthorized(
                "this device's token is unknown or was revoked: enroll again".into(),
            ));
        };
        state.limiter.check(&device.client_id)?;
        Ok(device)
    }
}
