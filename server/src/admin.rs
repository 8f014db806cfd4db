//! The admin page's API (`/api/admin/*`): users (add, change role, disable), each
//! user's devices (last seen, revoke), and one-time enrollment codes with their link.
//! Admins only (403 for anyone else); the same account code as the command line.
use crate::accounts::{Device, Role, User};
use crate::error::{ApiError, Json};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::Router;
use revisit_core::sync::admin::{CodeRequest, IssuedCode, NewUser, UserChange, UserEntry};
use revisit_core::sync::protocol::ErrorCode;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users).post(add_user))
        .route("/admin/users/{login}", patch(change_user))
        .route("/admin/users/{login}/codes", post(issue_code))
        .route(
            "/admin/users/{login}/devices/{client_id}/revoke",
            post(revoke_device),
        )
}

/// The device's user, if an admin; 403 otherwise.
fn admin(device: &Device) -> Result<(), ApiError> {
    if device.user.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "{} is not an admin: only admins manage users and devices",
            device.user.name
        )))
    }
}

async fn users(
    State(state): State<AppState>,
    device: Device,
) -> Result<Json<Vec<UserEntry>>, ApiError> {
    admin(&device)?;
    Ok(Json(state.db.user_entries().await?))
}

async fn add_user(
    State(state): State<AppState>,
    device: Device,
    Json(new): Json<NewUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    admin(&device)?;
    let user = state
        .db
        .create_user(&new.login, &new.name, new.role)
        .await?;
    tracing::info!(by = %device.user.login, login = %user.login, role = user.role.as_str(), "user added");
    Ok((StatusCode::CREATED, Json(user)))
}

async fn change_user(
    State(state): State<AppState>,
    device: Device,
    Path(login): Path<String>,
    Json(change): Json<UserChange>,
) -> Result<Json<UserEntry>, ApiError> {
    admin(&device)?;
    if login == device.user.login
        && (change.disabled == Some(true) || change.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(ApiError::Conflict(
            "an admin cannot disable themself or give up their own role here: another admin can"
                .into(),
        ));
    }
    if let Some(role) = change.role {
        state.db.set_role(&login, role).await?;
    }
    if let Some(department) = change.department {
        state.db.set_department(&login, department).await?;
    }
    if let Some(disabled) = change.disabled {
        state.db.set_disabled(&login, disabled).await?;
    }
    tracing::info!(
        by = %device.user.login, %login, role = ?change.role, department = ?change.department,
        disabled = ?change.disabled, "user changed"
    );
    let entry = state
        .db
        .user_entries()
        .await?
        .into_iter()
        .find(|e| e.user.login == login)
        .ok_or_else(|| ApiError::bad(ErrorCode::Invalid, format!("no user {login:?}")))?;
    Ok(Json(entry))
}

/// A code for `login`, with the link a phone opens (on the server's HTTPS address,
/// else the admin page's own) and that link as a QR code.
async fn issue_code(
    State(state): State<AppState>,
    device: Device,
    Path(login): Path<String>,
    Json(request): Json<CodeRequest>,
) -> Result<(StatusCode, Json<IssuedCode>), ApiError> {
    admin(&device)?;
    let base = crate::links::base(state.https_url.as_deref(), request.origin)?;
    let (code, expires) = state.db.issue_code(&login).await?;
    let link = crate::cli::accounts::enroll_link(&base, &code);
    let qr_svg = crate::links::qr_svg(&link, 240)?;
    tracing::info!(by = %device.user.login, %login, "enrollment code issued");
    Ok((
        StatusCode::CREATED,
        Json(IssuedCode {
            code,
            expires_at: crate::accounts::timestamp(expires),
            link,
            qr_svg,
        }),
    ))
}

async fn revoke_device(
    State(state): State<AppState>,
    device: Device,
    Path((login, client_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    admin(&device)?;
    let client_id = Uuid::parse_str(&client_id).map_err(|_| {
        ApiError::bad(
            ErrorCode::Invalid,
            format!("{client_id:?} is not a device id"),
        )
    })?;
    if state.db.revoke_users_device(&login, client_id).await? {
        tracing::info!(by = %device.user.login, %login, %client_id, "device revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::bad(
            ErrorCode::Invalid,
            format!("{login} has no device {client_id}"),
        ))
    }
}
