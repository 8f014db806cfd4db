//! Photos' images up to the server, after their records have gone with the push.
//! Each image goes in chunks from where the server's bytes end (it says, `HEAD`),
//! so a dropped connection costs one chunk and a lost answer sends nothing twice;
//! a photo leaves the queue only when the server says its image is stored whole.
use super::{api, Phase, Problem, SyncEngine};
use crate::store::{names, Image, Store};
use leptos::prelude::*;
use revisit_core::photo::{next_chunk, Photo, UPLOAD_CHUNK};
use revisit_core::sync::client::Failure;

impl SyncEngine {
    /// Uploads every queued photo's image. A failure that waiting may cure (no
    /// network, a busy server) stops at once, for the engine to retry; one photo's
    /// refusal leaves that photo queued and the others go on.
    pub(super) async fn upload_photos(&self, store: &Store, token: &str) -> Result<(), Problem> {
        let pending = store.pending_uploads().await.map_err(Problem::Device)?;
        let total = pending.len();
        // What is left in the queue, counted down as photos leave it (no re-read).
        let mut waiting = total as u32;
        let mut refused = None;
        for (done, id) in pending.iter().enumerate() {
            self.set_state
                .update(|s| s.phase = Phase::Uploading { done, total });
            let photo: Option<Photo> = store
                .get(names::PHOTOS, id)
                .await
                .map_err(Problem::Device)?;
            let Some(photo) = photo else {
                leptos::logging::warn!("photo {id} is queued for upload but has no record");
                continue;
            };
            let Some(image) = store
                .photo_image(id, Image::Full)
                .await
                .map_err(Problem::Device)?
            else {
                // Nothing to send will ever appear: the queue must not stall on it.
                leptos::logging::warn!("photo {id}'s image is gone from this device");
                self.dequeue(store, id, &mut waiting).await?;
                continue;
            };
            match upload(token, &photo, &image).await {
                Ok(()) => self.dequeue(store, id, &mut waiting).await?,
                Err(failure) if failure.retries() || failure == Failure::SignedOut => {
                    return Err(Problem::Server(failure))
                }
                Err(failure) => {
                    leptos::logging::warn!("photo {id} not uploaded: {failure:?}");
                    refused = Some(failure);
                }
            }
        }
        match refused {
            Some(failure) => Err(Problem::Server(failure)),
            None => Ok(()),
        }
    }

    /// Takes photo `id` off the upload queue, and says how many wait now.
    async fn dequeue(&self, store: &Store, id: &str, waiting: &mut u32) -> Result<(), Problem> {
        store.uploaded(id).await.map_err(Problem::Device)?;
        *waiting = waiting.saturating_sub(1);
        let left = *waiting;
        self.set_state.update(|s| s.photos_waiting = left);
        Ok(())
    }
}

/// Sends what the server lacks of `photo`'s `image`, and returns once the server
/// says it holds the image whole and checked.
async fn upload(token: &str, photo: &Photo, image: &web_sys::Blob) -> Result<(), Failure> {
    let id = photo.id.to_string();
    let mut held = api::photo_held(token, &id).await?;
    let _span = crate::timing::span("revisit:sync:photo");
    while let Some(range) =
        next_chunk(held.offset, photo.bytes, UPLOAD_CHUNK).filter(|_| !held.complete)
    {
        let chunk = image
            .slice_with_f64_and_f64(range.start as f64, range.end as f64)
            .map_err(|err| Failure::Unexpected {
                status: 0,
                message: format!("{err:?}"),
            })?;
        held = api::send_photo_chunk(token, &id, range.start, &chunk).await?;
    }
    if !held.complete {
        // Every byte is there but the server has not said it stored them (it
        // stopped before checking them; this asks it to finish).
        held = api::photo_held(token, &id).await?;
    }
    // If not stored yet, the photo stays queued for the next sync.
    if held.complete {
        Ok(())
    } else {
        Err(Failure::Busy)
    }
}
