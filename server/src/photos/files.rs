//! Where photos' images are kept, and how an upload becomes a stored image: the
//! bytes arrive in `{id}.part`, and once they are all there they are checked
//! against the record's SHA-256, renamed to the image's file and recorded in
//! `photo_files`. A server killed anywhere in between finishes the work on the
//! next request for the photo, or at start-up ([`finish_uploads`]), so a device
//! that sent every byte is never left with an image the server will not serve.
use crate::error::ApiError;
use crate::AppState;
use revisit_core::photo::{Photo, Sha256};
use sha2::Digest;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::io::AsyncReadExt;
use uuid::Uuid;

/// The directory photos are kept in, and the uploads under way.
#[derive(Debug)]
pub struct PhotoFiles {
    dir: PathBuf,
    /// Photos a request is appending to or finishing now: a second one waits.
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

    pub(super) fn part(&self, id: Uuid) -> PathBuf {
        self.dir.join(format!("{id}.part"))
    }

    fn whole(&self, photo: &Photo) -> PathBuf {
        self.dir.join(photo.file_name())
    }

    /// Marks `id` busy until the guard drops; `None` if it already is.
    pub(super) fn claim(self: &Arc<Self>, id: Uuid) -> Option<Claim> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.insert(id).then(|| Claim {
            files: self.clone(),
            id,
        })
    }
}

/// A photo marked busy; free again when this drops.
pub(super) struct Claim {
    files: Arc<PhotoFiles>,
    id: Uuid,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut busy = self.files.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.remove(&self.id);
    }
}

/// A stored image, as `photo_files` recorded it when it was checked: what is
/// served, whatever a later copy of the record says.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Stored {
    pub path: String,
    pub bytes: i64,
    pub sha256: String,
    pub media_type: String,
}

impl Stored {
    /// Whether `photo` describes this image (a photo's record may not change
    /// once its image is stored).
    pub fn matches(&self, photo: &Photo) -> bool {
        u64::try_from(self.bytes).ok() == Some(photo.bytes)
            && self.sha256 == photo.sha256.as_str()
            && self.media_type == photo.media_type.as_str()
    }
}

/// The stored image of photo `id`, if any.
pub async fn stored<'e, E>(executor: E, id: Uuid) -> Result<Option<Stored>, ApiError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_as(
        "SELECT path, bytes, sha256, media_type FROM photo_files WHERE photo_id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(executor)
    .await?)
}

/// How much of a photo's image the server holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Held {
    Whole(Stored),
    Part(u64),
}

impl Held {
    pub(super) fn offset(&self, photo: &Photo) -> u64 {
        match self {
            Held::Whole(_) => photo.bytes,
            Held::Part(n) => *n,
        }
    }
}

/// What the server holds of `photo`, finishing an upload whose bytes are all on
/// disk (unless another request is at it: then its bytes are reported as a part,
/// which a device does not take for done).
pub(super) async fn held(state: &AppState, photo: &Photo, client: Uuid) -> Result<Held, ApiError> {
    if let Some(stored) = stored(state.db.pool(), photo.id).await? {
        return Ok(Held::Whole(stored));
    }
    let Some(_claim) = state.photos.claim(photo.id) else {
        return Ok(Held::Part(part_len(state, photo).await?));
    };
    held_claimed(state, photo, client).await
}

/// [`held`], for a caller that holds the photo's claim.
pub(super) async fn held_claimed(
    state: &AppState,
    photo: &Photo,
    client: Uuid,
) -> Result<Held, ApiError> {
    if let Some(stored) = stored(state.db.pool(), photo.id).await? {
        return Ok(Held::Whole(stored));
    }
    let files = &state.photos;
    // An image renamed into place whose row was not written.
    if tokio::fs::try_exists(files.whole(photo))
        .await
        .unwrap_or(false)
    {
        if digest_of(files.whole(photo)).await? == photo.sha256 {
            return Ok(Held::Whole(record(state, photo, client).await?));
        }
        tokio::fs::remove_file(files.whole(photo))
            .await
            .map_err(io)?;
    }
    let len = part_len(state, photo).await?;
    if len == photo.bytes {
        return finish(state, photo, client).await;
    }
    if len > photo.bytes {
        // Bytes of an earlier copy of the record: useless for this one.
        tracing::warn!(photo = %photo.id, len, bytes = photo.bytes, "dropping an over-long partial upload");
        remove_part(state, photo.id).await?;
        return Ok(Held::Part(0));
    }
    Ok(Held::Part(len))
}

async fn part_len(state: &AppState, photo: &Photo) -> Result<u64, ApiError> {
    match tokio::fs::metadata(state.photos.part(photo.id)).await {
        Ok(meta) => Ok(meta.len()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(err) => Err(io(err)),
    }
}

async fn remove_part(state: &AppState, id: Uuid) -> Result<(), ApiError> {
    match tokio::fs::remove_file(state.photos.part(id)).await {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(io(err)),
        _ => Ok(()),
    }
}

/// Checks a complete `.part` against the record's digest and stores it, or drops
/// it (the device then sends the image again from the start).
pub(super) async fn finish(
    state: &AppState,
    photo: &Photo,
    client: Uuid,
) -> Result<Held, ApiError> {
    let files = &state.photos;
    if digest_of(files.part(photo.id)).await? != photo.sha256 {
        remove_part(state, photo.id).await?;
        return Err(ApiError::Unprocessable(format!(
            "photo {}'s image does not match its SHA-256: send it again from the start",
            photo.id
        )));
    }
    tokio::fs::rename(files.part(photo.id), files.whole(photo))
        .await
        .map_err(io)?;
    let stored = record(state, photo, client).await?;
    tracing::info!(photo = %photo.id, bytes = photo.bytes, "photo stored");
    Ok(Held::Whole(stored))
}

pub(super) fn io(err: std::io::Error) -> ApiError {
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
async fn record(state: &AppState, photo: &Photo, client: Uuid) -> Result<Stored, ApiError> {
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
    let stored = stored(&mut *tx, photo.id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("photo {} was not recorded", photo.id)))?;
    tx.commit().await?;
    Ok(stored)
}

/// At start-up: every upload whose bytes all arrived before the server stopped
/// is checked and stored now, before any device asks. Returns how many were.
pub async fn finish_uploads(state: &AppState) -> anyhow::Result<usize> {
    let dir = state.photos.dir();
    let mut entries = match tokio::fs::read_dir(dir).await {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(err) => return Err(anyhow::anyhow!("cannot read {}: {err}", dir.display())),
    };
    let mut finished = 0;
    while let Some(entry) = entries.next_entry().await? {
        let name = entry.file_name();
        let Some(id) = name
            .to_str()
            .and_then(|n| n.strip_suffix(".part"))
            .and_then(|id| Uuid::parse_str(id).ok())
        else {
            continue;
        };
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM records WHERE kind = 'photo' AND id = $1")
                .bind(id.to_string())
                .fetch_optional(state.db.pool())
                .await?;
        let Some(photo) = body.and_then(|b| serde_json::from_str::<Photo>(&b).ok()) else {
            continue;
        };
        if entry.metadata().await?.len() != photo.bytes {
            continue;
        }
        let client: Option<String> = sqlx::query_scalar(
            "SELECT client_id FROM mutations WHERE kind = 'photo' AND record_id = $1 ORDER BY applied_at DESC LIMIT 1",
        )
        .bind(id.to_string())
        .fetch_optional(state.db.pool())
        .await
        .unwrap_or(None);
        let client = client
            .and_then(|c| Uuid::parse_str(&c).ok())
            .unwrap_or(Uuid::nil());
        match finish(state, &photo, client).await {
            Ok(_) => finished += 1,
            Err(err) => tracing::warn!(photo = %id, %err, "a complete upload did not check out"),
        }
    }
    if finished > 0 {
        tracing::info!(finished, "finished photo uploads cut by the last stop");
    }
    Ok(finished)
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
