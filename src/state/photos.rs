//! Intents for photos: keep a picture taken or picked (shrunk, checked for room,
//! its images stored), show one (this device's copy or the server's), forget one
//! taken off a draft, and see or free the space they take.
use super::AppState;
use crate::clock::{device_now, new_id};
use crate::photos::{shrink, ObjectUrl, ShrinkError};
use crate::store::{Image, StoreError};
use revisit_core::photo::{room_for, MediaType, NoRoom, Photo, PhotoSubject};
use uuid::Uuid;

/// Why a picture was not kept.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    NotAnImage,
    NoRoom(NoRoom),
    Store(StoreError),
    Encode(String),
}

impl AppState {
    /// Shrinks `picture`, checks there is room, keeps its images: the photo's
    /// record, not yet saved (the caller saves it with its visit or issue).
    pub async fn keep_photo(
        &self,
        picture: web_sys::File,
        customer_id: Uuid,
        subject: PhotoSubject,
    ) -> Result<Photo, Refusal> {
        let _span = crate::timing::span("revisit:photo:keep");
        let shrunk = shrink(&picture).await.map_err(|err| match err {
            ShrinkError::NotAnImage => Refusal::NotAnImage,
            ShrinkError::Encode(why) => Refusal::Encode(why),
        })?;
        let storage = crate::pwa::storage_state().await;
        let incoming = shrunk.bytes + shrunk.thumb.size() as u64;
        room_for(incoming, storage.usage_bytes, storage.quota_bytes).map_err(Refusal::NoRoom)?;
        let store = self.open_store().map_err(Refusal::Store)?;
        let photo = Photo {
            id: new_id(),
            customer_id,
            subject,
            taken_at: device_now(),
            media_type: MediaType::Jpeg,
            bytes: shrunk.bytes,
            width: shrunk.width,
            height: shrunk.height,
            sha256: shrunk.sha256,
        };
        let _stored = crate::timing::span("revisit:photo:store");
        store
            .keep_photo_files(&photo.id.to_string(), &shrunk.full, &shrunk.thumb)
            .await
            .map_err(Refusal::Store)?;
        Ok(photo)
    }

    /// Files a kept photo on its subject at once (an issue's evidence, which has no
    /// draft to wait in): its record saved and queued, its image for upload.
    pub async fn file_photo(&self, photo: Photo) -> Result<(), StoreError> {
        self.save(vec![revisit_core::sync::Change::put(photo)])
            .await
    }

    /// An image of `photo` to show: this device's copy, or the server's when this
    /// device has none (another's photo) and can reach it.
    pub async fn photo_url(&self, photo: &Photo, image: Image) -> Option<ObjectUrl> {
        let id = photo.id.to_string();
        let store = self.store()?;
        if let Ok(Some(blob)) = store.photo_image(&id, image).await {
            return ObjectUrl::new(&blob);
        }
        let token = self.sync.token()?;
        let blob = crate::sync::api::photo_image(&token, &id).await.ok()?;
        ObjectUrl::new(&blob)
    }

    /// Drops the image of a photo taken and then removed before it was saved.
    pub async fn forget_photo(&self, id: Uuid) {
        if let Some(store) = self.store() {
            let _ = store.forget_photo_files(&id.to_string()).await;
        }
    }

    /// The bytes photos' images take on this device.
    pub async fn photo_space(&self) -> Option<f64> {
        self.store()?.photo_space().await.ok()
    }

    /// Lets go of the images the server already holds whole: how many, and the
    /// bytes freed.
    pub async fn free_uploaded_photos(&self) -> Result<(u32, f64), StoreError> {
        self.open_store()?.free_uploaded_photos().await
    }
}
