//! Photos' images on the device: the photo and its thumbnail as blobs under the
//! photo's id (IndexedDB keeps blobs as they are, without copying them into
//! JavaScript strings), and the photos whose image the server still lacks.
use super::{names::*, Result, Store};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::{JsCast, JsValue};

/// Which image of a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Image {
    Full,
    Thumb,
}

impl Image {
    fn field(self) -> &'static str {
        match self {
            Image::Full => "full",
            Image::Thumb => "thumb",
        }
    }
}

fn blob_of(files: &JsValue, image: Image) -> Option<web_sys::Blob> {
    js_sys::Reflect::get(files, &JsValue::from_str(image.field()))
        .ok()?
        .dyn_into()
        .ok()
}

impl Store {
    /// Keeps a photo's images (before its record is saved: a visit's photos are
    /// taken while its form is still a draft).
    pub async fn keep_photo_files(
        &self,
        id: &str,
        full: &web_sys::Blob,
        thumb: &web_sys::Blob,
    ) -> Result<()> {
        let files = js_sys::Object::new();
        let set = |name: &str, blob: &web_sys::Blob| {
            js_sys::Reflect::set(&files, &JsValue::from_str(name), blob).map(|_| ())
        };
        set(Image::Full.field(), full)
            .and_then(|()| set(Image::Thumb.field(), thumb))
            .map_err(|err| super::StoreError::Failed(format!("{err:?}")))?;
        let tx = self
            .db
            .transaction(over([PHOTO_FILES]))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.store(PHOTO_FILES)?
            .put(JsValue::from(files))
            .with_key(id.to_owned())
            .primitive()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// One of a photo's images, if this device holds it.
    pub async fn photo_image(&self, id: &str, image: Image) -> Result<Option<web_sys::Blob>> {
        let tx = self.db.transaction(over([PHOTO_FILES])).build()?;
        let files: Option<JsValue> = tx
            .store(PHOTO_FILES)?
            .get(id.to_owned())
            .primitive()?
            .await?;
        Ok(files.and_then(|f| blob_of(&f, image)))
    }

    /// Drops a photo's images (a photo taken by mistake, before its visit is saved).
    pub async fn forget_photo_files(&self, id: &str) -> Result<()> {
        self.delete_keyed(PHOTO_FILES, id).await
    }

    /// The photos whose image is still to be uploaded, by id.
    pub async fn pending_uploads(&self) -> Result<Vec<String>> {
        let tx = self.db.transaction(over([UPLOADS])).build()?;
        let keys: Vec<String> = tx
            .store(UPLOADS)?
            .get_all_keys()
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        Ok(keys)
    }

    /// Notes that the server holds the photo's whole image.
    pub async fn uploaded(&self, id: &str) -> Result<()> {
        self.delete_keyed(UPLOADS, id).await
    }

    /// Drops the full images of photos the server holds whole (their record saved,
    /// no upload waiting), keeping the thumbnails: the photo itself is fetched from
    /// the server when opened. A draft's photos, not saved yet, are kept. Returns
    /// how many photos and bytes were freed.
    pub async fn free_uploaded_photos(&self) -> Result<(u32, f64)> {
        let tx = self
            .db
            .transaction(over([PHOTOS, PHOTO_FILES, UPLOADS]))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let saved: Vec<String> = tx
            .store(PHOTOS)?
            .get_all_keys()
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        let waiting: std::collections::HashSet<String> = tx
            .store(UPLOADS)?
            .get_all_keys()
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        let files = tx.store(PHOTO_FILES)?;
        let (mut photos, mut bytes) = (0, 0.0);
        for id in saved.into_iter().filter(|id| !waiting.contains(id)) {
            let held: Option<JsValue> = files.get(id.clone()).primitive()?.await?;
            let Some(held) = held else { continue };
            let (Some(full), Some(thumb)) =
                (blob_of(&held, Image::Full), blob_of(&held, Image::Thumb))
            else {
                continue;
            };
            let kept = js_sys::Object::new();
            js_sys::Reflect::set(&kept, &JsValue::from_str(Image::Thumb.field()), &thumb)
                .map_err(|err| super::StoreError::Failed(format!("{err:?}")))?;
            files.put(JsValue::from(kept)).with_key(id).primitive()?;
            photos += 1;
            bytes += full.size();
        }
        tx.commit().await?;
        Ok((photos, bytes))
    }

    /// Bytes the photos' images take on this device.
    pub async fn photo_space(&self) -> Result<f64> {
        let tx = self.db.transaction(over([PHOTO_FILES])).build()?;
        let all: Vec<JsValue> = tx
            .store(PHOTO_FILES)?
            .get_all()
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        // A blob's size is known without reading it.
        Ok(all
            .iter()
            .flat_map(|files| [blob_of(files, Image::Full), blob_of(files, Image::Thumb)])
            .flatten()
            .map(|blob| blob.size())
            // Not `sum()`: a float sum of nothing is -0.0, shown as "-0.0 MB".
            .fold(0.0, |total, size| total + size))
    }
}
