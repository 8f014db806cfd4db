//! Photos' images (`docs/sync.md`, "Photos"). A photo's record syncs like any
//! other; its image comes apart, in chunks, to `/api/photos/{id}`:
//!
//! - `HEAD` says how many bytes the server holds (`Upload-Offset`) of how many
//!   (`Upload-Length`, from the record);
//! - `PATCH` with `Upload-Offset: n` appends the body if the server holds exactly
//!   `n` bytes, and answers 409 with the offset it does hold otherwise;
//! - `GET` serves the image once it is whole.
//!
//! What the server holds is the length of the file on disk, so a chunk whose
//! answer was lost, or a server that died mid-write, is resumed where the bytes
//! end: nothing is sent twice and nothing is lost. The whole image is checked
//! against the record's SHA-256 before the database points at it.
use crate::accounts::Device;
use crate::error::ApiError;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use revisit_core::photo::{Photo, Sha256};
use sha2::Digest;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

/// The header of the tus resumable-upload protocol this follows.
pub const UPLOAD_OFFSET: &str = "upload-offset";
pub const UPLOAD_LENGTH: &str = "upload-length";

pub fn router() -> Router<AppState> {
    Router::new().route("/photos/{id}", get(image).head(progress).patch(upload))
}

/// The directory photos are kept in, and the uploads under way.
#[derive(Debug)]
pub struct PhotoFiles {
    dir: PathBuf,
    /// Photos a request is appending to now: a second one waits its turn.
    busy: Mutex<HashSet<Uuid>>,
}

impl PhotoFiles {
    pub fn new(dir: PathBuf) -> Arc<Self> {
        Arc::new(Self {
            dir,
            busy: Mutex::default(),
        })
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    fn part(&self, id: Uuid) -> PathBuf {
        self.dir.join(format!("{id}.part"))
    }

    fn whole(&self, photo: &Photo) -> PathBuf {
        self.dir.join(photo.file_name())
    }

    /// Marks `id` busy until the guard drops; `None` if it already is.
    fn claim(self: &Arc<Self>, id: Uuid) -> Option<Claim> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.insert(id).then(|| Claim {
            files: self.clone(),
            id,
        })
    }
}

struct Claim {
    files: Arc<PhotoFiles>,
    id: Uuid,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut busy = self.files.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.remove(&self.id);
    }
}

/// How much of a photo's image the server holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    Whole,
    Part(u64),
}

impl Held {
    fn offset(self, photo: &Photo) -> u64 {
        match self {
            Held::Whole => photo.bytes,
            Held::Part(n) => n,
        }
    }
}

/// The photo `id`'s record, if `device`'s user may see its customer.
async fn visible_photo(state: &AppState, device: &Device, id: &str) -> Result<Photo, ApiError> {
    let id: Uuid = id
        .parse()
        .map_err(|_| ApiError::bad("bad_id", format!("{id:?} is not a photo id (a UUID)")))?;
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
    let photo: Photo = serde_json::from_str(&body)
        .map_err(|err| ApiError::Internal(format!("stored photo {id}: {err}")))?;
    if !device.user.role.sees_all() {
        let owner: Option<Option<String>> =
            sqlx::query_scalar("SELECT owner FROM records WHERE kind = 'customer' AND id = $1")
                .bind(photo.customer_id.to_string())
                .fetch_optional(state.db.pool())
                .await?;
        if owner.flatten().as_deref() != Some(device.user.name.as_str()) {
            return Err(ApiError::Forbidden(format!(
                "photo {id} belongs to a customer {} does not look after",
                device.user.name
            )));
        }
    }
    Ok(photo)
}

/// What the server holds of `photo`. An image renamed into place whose row was
/// not written (the server stopped between the two) is checked and recorded now.
async fn held(state: &AppState, photo: &Photo, client: Uuid) -> Result<Held, ApiError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT path FROM photo_files WHERE photo_id = $1")
            .bind(photo.id.to_string())
            .fetch_optional(state.db.pool())
            .await?;
    if stored.is_some() {
        return Ok(Held::Whole);
    }
    let files = &state.photos;
    if tokio::fs::try_exists(files.whole(photo))
        .await
        .unwrap_or(false)
    {
        if digest_of(files.whole(photo)).await? == photo.sha256 {
            record(state, photo, client).await?;
            return Ok(Held::Whole);
        }
        tokio::fs::remove_file(files.whole(photo))
            .await
            .map_err(io)?;
    }
    match tokio::fs::metadata(files.part(photo.id)).await {
        Ok(meta) => Ok(Held::Part(meta.len())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Held::Part(0)),
        Err(err) => Err(io(err)),
    }
}

fn io(err: std::io::Error) -> ApiError {
    ApiError::Internal(format!("photo storage: {err}"))
}

async fn digest_of(path: PathBuf) -> Result<Sha256, ApiError> {
    let mut file = tokio::fs::File::open(path).await.map_err(io)?;
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).await.map_err(io)?;
        if n == 0 {
            return Ok(Sha256::from_hasher(hasher));
        }
        hasher.update(&buffer[..n]);
    }
}

/// Points the database at `photo`'s whole image.
async fn record(state: &AppState, photo: &Photo, client: Uuid) -> Result<(), ApiError> {
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO photo_files (photo_id, path, bytes, sha256, media_type, client_id, stored_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (photo_id) DO NOTHING",
    )
    .bind(photo.id.to_string())
    .bind(photo.file_name())
    .bind(i64::try_from(photo.bytes).unwrap_or(i64::MAX))
    .bind(photo.sha256.as_str().to_owned())
    .bind(photo.media_type.as_str())
    .bind(client.to_string())
    .bind(crate::clock::now().to_rfc3339())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

fn offset_headers(offset: u64, length: u64) -> [(header::HeaderName, HeaderValue); 3] {
    [
        (
            header::HeaderName::from_static(UPLOAD_OFFSET),
            offset.into(),
        ),
        (
            header::HeaderName::from_static(UPLOAD_LENGTH),
            length.into(),
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
    let offset = held(&state, &photo, device.client_id).await?.offset(&photo);
    Ok((StatusCode::OK, offset_headers(offset, photo.bytes)).into_response())
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
                "bad_offset",
                "send Upload-Offset: the number of bytes the server holds",
            )
        })?;
    let _claim = state.photos.claim(photo.id).ok_or_else(|| {
        ApiError::Locked(format!(
            "photo {} is being uploaded by another request",
            photo.id
        ))
    })?;
    let at = match held(&state, &photo, device.client_id).await? {
        Held::Whole => {
            return Err(ApiError::UploadOffset {
                held: photo.bytes,
                message: format!("photo {} is already uploaded whole", photo.id),
            })
        }
        Held::Part(at) => at,
    };
    if offset != at {
        return Err(ApiError::UploadOffset {
            held: at,
            message: format!(
                "the server holds {at} bytes of photo {}, not {offset}",
                photo.id
            ),
        });
    }
    let end = at + body.len() as u64;
    if end > photo.bytes {
        return Err(ApiError::bad(
            "too_long",
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
    if end == photo.bytes {
        if digest_of(files.part(photo.id)).await? != photo.sha256 {
            tokio::fs::remove_file(files.part(photo.id))
                .await
                .map_err(io)?;
            return Err(ApiError::Unprocessable(format!(
                "photo {}'s image does not match its SHA-256: send it again from the start",
                photo.id
            )));
        }
        tokio::fs::rename(files.part(photo.id), files.whole(&photo))
            .await
            .map_err(io)?;
        record(&state, &photo, device.client_id).await?;
        tracing::info!(photo = %photo.id, bytes = photo.bytes, "photo stored");
    }
    Ok((StatusCode::NO_CONTENT, offset_headers(end, photo.bytes)).into_response())
}

async fn image(
    State(state): State<AppState>,
    device: Device,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let photo = visible_photo(&state, &device, &id).await?;
    if held(&state, &photo, device.client_id).await? != Held::Whole {
        return Err(ApiError::NotFound(format!(
            "photo {}'s image is not uploaded yet",
            photo.id
        )));
    }
    let bytes = tokio::fs::read(state.photos.whole(&photo))
        .await
        .map_err(io)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(photo.media_type.as_str()),
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_request_at_a_time_appends_to_a_photo() {
        let files = PhotoFiles::new(PathBuf::from("photos"));
        let id = Uuid::from_u128(1);
        let first = files.claim(id).expect("free");
        assert!(files.claim(id).is_none(), "busy while the first writes");
        assert!(files.claim(Uuid::from_u128(2)).is_some(), "others are free");
        drop(first);
        assert!(files.claim(id).is_some(), "free again once it is done");
    }
}
