//! Photos' images (`docs/sync.md`, "Photos"). A photo's record syncs like any
//! other; its image comes apart, in chunks, to `/api/photos/{id}`:
//!
//! - `HEAD` says how many bytes the server holds (`Upload-Offset`) of how many
//!   (`Upload-Length`, from the record), and whether the image is stored whole
//!   and servable (`Upload-Complete: ?1`);
//! - `PATCH` with `Upload-Offset: n` appends the body if the server holds exactly
//!   `n` bytes, and answers 409 with the offset it does hold otherwise;
//! - `GET` serves the image once it is whole.
//!
//! What the server holds is the length of the file on disk, so a chunk whose
//! answer was lost, or a server that died mid-write, is resumed where the bytes
//! end: nothing is sent twice and nothing is lost. The whole image is checked
//! against the record's SHA-256 before the database points at it (`files`).
mod files;

pub use files::{finish_uploads, stored, PhotoFiles, Stored};

use crate::accounts::Device;
use crate::error::ApiError;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use files::{finish, held, held_claimed, io, Held};
use revisit_core::photo::Photo;
use revisit_core::sync::protocol::ErrorCode;
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use revisit_core::photo::upload::{
    COMPLETE as UPLOAD_COMPLETE, LENGTH as UPLOAD_LENGTH, OFFSET as UPLOAD_OFFSET,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/photos/{id}", get(image).head(progress).patch(upload))
}

/// The photo `id`'s record, if `device`'s user may see its customer: their own,
/// or one with a visit handed to them.
async fn visible_photo(state: &AppState, device: &Device, id: &str) -> Result<Photo, ApiError> {
    let id: Uuid = id.parse().map_err(|_| {
        ApiError::bad(
            ErrorCode::BadId,
            format!("{id:?} is not a photo id (a UUID)"),
        )
    })?;
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM records WHERE kind = 'photo' AND id = $1")
            .bind(id.to_string())
            .fetch_optional(state.db.pool())
            .await?;
    let body = body.ok_or_else(|| {
        ApiError::NotFound(format!(
            "no photo {id} on the server: push its record before its image"
        ))
    })?;
    let photo: Photo = serde_json::from_str(&body).map_err(|err| {
        tracing::error!(photo = %id, %err, "a stored photo record does not decode");
        ApiError::NotFound(format!("photo {id}'s record on the server is unreadable"))
    })?;
    if !device.user.role.sees_all() {
        let customer = photo.customer_id.to_string();
        let owner: Option<Option<String>> =
            sqlx::query_scalar("SELECT owner FROM records WHERE kind = 'customer' AND id = $1")
                .bind(&customer)
                .fetch_optional(state.db.pool())
                .await?;
        let own = owner.flatten() == Some(device.user.id.to_string());
        let handed: Option<i64> = if own {
            None
        } else {
            sqlx::query_scalar(
                "SELECT 1 FROM records WHERE kind = 'assignment' AND customer_id = $1 AND owner = $2 LIMIT 1",
            )
            .bind(&customer)
            .bind(device.user.id.to_string())
            .fetch_optional(state.db.pool())
            .await?
        };
        if !own && handed.is_none() {
            return Err(ApiError::Forbidden(format!(
                "photo {id} belongs to a customer {} does not look after",
                device.user.name
            )));
        }
    }
    Ok(photo)
}

fn offset_headers(
    offset: u64,
    length: u64,
    complete: bool,
) -> [(header::HeaderName, HeaderValue); 4] {
    [
        (
            header::HeaderName::from_static(UPLOAD_OFFSET),
            offset.into(),
        ),
        (
            header::HeaderName::from_static(UPLOAD_LENGTH),
            length.into(),
        ),
        (
            header::HeaderName::from_static(UPLOAD_COMPLETE),
            HeaderValue::from_static(if complete { "?1" } else { "?0" }),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]
}

async fn progress(
    State(state): State<AppState>,
    device: Device,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let photo = visible_photo(&state, &device, &id).await?;
    let held = held(&state, &photo, device.client_id).await?;
    let complete = matches!(held, Held::Whole(_));
    Ok((
        StatusCode::OK,
        offset_headers(held.offset(&photo), photo.bytes, complete),
    )
        .into_response())
}

async fn upload(
    State(state): State<AppState>,
    device: Device,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let photo = visible_photo(&state, &device, &id).await?;
    let offset: u64 = headers
        .get(UPLOAD_OFFSET)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            ApiError::bad(
                ErrorCode::BadOffset,
                "send Upload-Offset: the number of bytes the server holds",
            )
        })?;
    let _claim = state.photos.claim(photo.id).ok_or_else(|| {
        ApiError::Locked(format!(
            "photo {} is being uploaded by another request",
            photo.id
        ))
    })?;
    let at = match held_claimed(&state, &photo, device.client_id).await? {
        Held::Whole(_) => {
            return Err(ApiError::UploadOffset {
                held: photo.bytes,
                complete: true,
                message: format!("photo {} is already uploaded whole", photo.id),
            })
        }
        Held::Part(at) => at,
    };
    if offset != at {
        return Err(ApiError::UploadOffset {
            held: at,
            complete: false,
            message: format!(
                "the server holds {at} bytes of photo {}, not {offset}",
                photo.id
            ),
        });
    }
    let end = at + body.len() as u64;
    if end > photo.bytes {
        return Err(ApiError::bad(
            ErrorCode::TooLong,
            format!(
                "photo {} is {} bytes; this would make it {end}",
                photo.id, photo.bytes
            ),
        ));
    }
    let files = &state.photos;
    tokio::fs::create_dir_all(files.dir()).await.map_err(io)?;
    let mut part = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(files.part(photo.id))
        .await
        .map_err(io)?;
    part.write_all(&body).await.map_err(io)?;
    // On disk before the answer: an acknowledged byte is never asked for again.
    part.sync_data().await.map_err(io)?;
    drop(part);
    let complete = end == photo.bytes;
    if complete {
        // Where a test kills the server: every byte on disk, nothing checked yet.
        fail::fail_point!("photo-bytes-on-disk");
        finish(&state, &photo, device.client_id).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        offset_headers(end, photo.bytes, complete),
    )
        .into_response())
}

async fn image(
    State(state): State<AppState>,
    device: Device,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let photo = visible_photo(&state, &device, &id).await?;
    let Held::Whole(stored) = held(&state, &photo, device.client_id).await? else {
        return Err(ApiError::NotFound(format!(
            "photo {}'s image is not uploaded yet",
            photo.id
        )));
    };
    // What was checked when it was stored is served, whatever the record says.
    let bytes = tokio::fs::read(state.photos.dir().join(&stored.path))
        .await
        .map_err(io)?;
    let media_type = HeaderValue::from_str(&stored.media_type)
        .map_err(|_| ApiError::Internal(format!("photo {}: stored media type", photo.id)))?;
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            // A photo never changes under its id.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response())
}
