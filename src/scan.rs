//! Reading a nameplate's code from a photo: the browser's `BarcodeDetector` where
//! it has one (QR and the usual barcodes), else `rqrr` decoding QR codes in wasm.
//! The text read goes to the equipment lookup (`core::installation::find_by_code`).
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Photos are scaled to at most this many pixels a side before decoding: enough
/// for a nameplate's code, and quick on a phone.
const MAX_SIDE: f64 = 1024.0;

/// The text of the first QR code found in a greyscale image (one byte a pixel).
pub fn decode_luma(width: usize, height: usize, luma: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return None;
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// RGBA pixels as luma (ITU-R BT.601 weights, in integers).
pub fn luma_from_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000) as u8
        })
        .collect()
}

/// Why no code was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// The file is not an image the browser can open.
    NotAnImage,
    /// No code found in it.
    NoCode,
}

/// The text of the code in an image file (a photo of a nameplate).
pub async fn read_code(file: &web_sys::Blob) -> Result<String, ScanError> {
    let window = web_sys::window().ok_or(ScanError::NotAnImage)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob(file)
            .map_err(|_| ScanError::NotAnImage)?,
    )
    .await
    .map_err(|_| ScanError::NotAnImage)?
    .unchecked_into();
    if let Some(text) = detect_with_browser(&bitmap).await {
        return Ok(text);
    }
    let scale = (MAX_SIDE / f64::from(bitmap.width().max(bitmap.height()).max(1))).min(1.0);
    let (width, height) = (
        (f64::from(bitmap.width()) * scale).round(),
        (f64::from(bitmap.height()) * scale).round(),
    );
    let canvas: web_sys::HtmlCanvasElement = window
        .document()
        .and_then(|d| d.create_element("canvas").ok())
        .ok_or(ScanError::NotAnImage)?
        .unchecked_into();
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or(ScanError::NotAnImage)?
        .unchecked_into();
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, width, height)
        .map_err(|_| ScanError::NotAnImage)?;
    let pixels = context
        .get_image_data(0.0, 0.0, width, height)
        .map_err(|_| ScanError::NotAnImage)?
        .data();
    decode_luma(width as usize, height as usize, &luma_from_rgba(&pixels)).ok_or(ScanError::NoCode)
}

/// `BarcodeDetector`'s reading, if the browser has one and it finds a code.
async fn detect_with_browser(bitmap: &web_sys::ImageBitmap) -> Option<String> {
    let global = js_sys::global();
    let class = js_sys::Reflect::get(&global, &JsValue::from_str("BarcodeDetector")).ok()?;
    let class: js_sys::Function = class.dyn_into().ok()?;
    let detector = js_sys::Reflect::construct(&class, &js_sys::Array::new()).ok()?;
    let detect: js_sys::Function = js_sys::Reflect::get(&detector, &JsValue::from_str("detect"))
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = detect.call1(&detector, bitmap).ok()?.dyn_into().ok()?;
    let found: js_sys::Array = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    js_sys::Reflect::get(&found.get(0), &JsValue::from_str("rawValue"))
        .ok()?
        .as_string()
}
