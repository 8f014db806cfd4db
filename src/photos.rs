//! A camera picture made into a photo: shrunk to `core::photo::MAX_EDGE` and
//! re-encoded as JPEG (a 12-megapixel picture of 4 MB becomes 150–500 KB), with
//! a thumbnail for lists and the digest the server checks the upload against.
use futures::channel::oneshot;
use revisit_core::photo::{fit, Sha256, MAX_EDGE, QUALITY, THUMB_EDGE, THUMB_QUALITY};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A picture ready to keep: the photo, its thumbnail, and what its record says.
pub struct Shrunk {
    pub full: web_sys::Blob,
    pub thumb: web_sys::Blob,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub sha256: Sha256,
}

/// Why a picture could not be made into a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShrinkError {
    /// Not an image this browser can open.
    NotAnImage,
    /// The browser could not encode it (out of memory on a huge picture…).
    Encode(String),
}

/// Shrinks and encodes `picture` (a file from the camera or the gallery).
pub async fn shrink(picture: &web_sys::Blob) -> Result<Shrunk, ShrinkError> {
    use crate::timing::span;
    let decoding = span("revisit:photo:decode");
    let bitmap = decode(picture).await.ok_or(ShrinkError::NotAnImage)?;
    drop(decoding);
    let encoding = span("revisit:photo:encode");
    let (width, height) = fit(bitmap.width(), bitmap.height(), MAX_EDGE);
    let full = encode(&bitmap, (width, height), QUALITY).await?;
    let thumb = encode(
        &bitmap,
        fit(bitmap.width(), bitmap.height(), THUMB_EDGE),
        THUMB_QUALITY,
    )
    .await?;
    bitmap.close();
    drop(encoding);
    let _digest = span("revisit:photo:digest");
    let bytes = read_bytes(&full)
        .await
        .map_err(|err| ShrinkError::Encode(format!("{err:?}")))?;
    Ok(Shrunk {
        width,
        height,
        bytes: bytes.len() as u64,
        sha256: Sha256::of(&bytes),
        full,
        thumb,
    })
}

/// The picture in an image file, turned as the camera's EXIF orientation says
/// (`createImageBitmap`'s default); `None` if it is no image the browser opens.
pub async fn decode(file: &web_sys::Blob) -> Option<web_sys::ImageBitmap> {
    let promise = web_sys::window()?
        .create_image_bitmap_with_blob(file)
        .ok()?;
    Some(JsFuture::from(promise).await.ok()?.unchecked_into())
}

/// `bitmap` drawn at `size` and encoded as JPEG at `quality`.
async fn encode(
    bitmap: &web_sys::ImageBitmap,
    (width, height): (u32, u32),
    quality: f64,
) -> Result<web_sys::Blob, ShrinkError> {
    let failed = |err: JsValue| ShrinkError::Encode(format!("{err:?}"));
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(ShrinkError::NotAnImage)?
        .create_element("canvas")
        .map_err(failed)?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(failed)?
        .ok_or_else(|| ShrinkError::Encode("no 2D canvas".into()))?
        .unchecked_into();
    context.set_image_smoothing_enabled(true);
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(failed)?;
    let (send, receive) = oneshot::channel();
    let callback = Closure::once(move |blob: JsValue| {
        let _ = send.send(blob.dyn_into::<web_sys::Blob>().ok());
    });
    canvas
        .to_blob_with_type_and_encoder_options(
            callback.as_ref().unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(quality),
        )
        .map_err(failed)?;
    receive
        .await
        .ok()
        .flatten()
        .ok_or_else(|| ShrinkError::Encode("the browser made no JPEG".into()))
}

/// The bytes of `blob`.
pub async fn read_bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(blob.array_buffer()).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A URL an `<img>` shows `blob` from, revoked when the returned guard drops.
pub struct ObjectUrl(String);

impl ObjectUrl {
    pub fn new(blob: &web_sys::Blob) -> Option<Self> {
        web_sys::Url::create_object_url_with_blob(blob)
            .ok()
            .map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        let _ = web_sys::Url::revoke_object_url(&self.0);
    }
}
