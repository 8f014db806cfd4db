//! Reading a nameplate's code from a photo: the browser's `BarcodeDetector` where
//! it has one (QR and the usual barcodes), else the QR worker (`src/bin/qr_worker.rs`,
//! `core::nameplate`), started on the first photo that needs it. The text read goes
//! to the equipment lookup (`core::installation::find_by_code`).
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Photos are scaled to at most this many pixels a side before decoding: enough
/// for a nameplate's code, and quick on a phone.
const MAX_SIDE: f64 = 1024.0;

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
    let bitmap = crate::photos::decode(file)
        .await
        .ok_or(ScanError::NotAnImage)?;
    if let Some(text) = detect_with_browser(bitmap.as_ref()).await {
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
    let luma = revisit_core::nameplate::luma_from_rgba(&pixels);
    decode_in_worker(width as usize, height as usize, &luma)
        .await
        .ok_or(ScanError::NoCode)
}

/// A live camera's frames are read at most this many pixels a side.
const FRAME_SIDE: f64 = 800.0;

/// The code in the frame `video` shows now, if any: the browser's detector, else
/// the QR worker (started on the first frame that needs it, then kept).
pub async fn read_video_frame(
    video: &web_sys::HtmlVideoElement,
    canvas: &web_sys::HtmlCanvasElement,
    worker: &mut Option<QrWorker>,
) -> Option<String> {
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 {
        return None;
    }
    if let Some(text) = detect_with_browser(video.as_ref()).await {
        return Some(text);
    }
    let scale = (FRAME_SIDE / f64::from(w.max(h))).min(1.0);
    let (width, height) = (
        (f64::from(w) * scale).round(),
        (f64::from(h) * scale).round(),
    );
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten()?.unchecked_into();
    context
        .draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, width, height)
        .ok()?;
    let pixels = context.get_image_data(0.0, 0.0, width, height).ok()?.data();
    let luma = revisit_core::nameplate::luma_from_rgba(&pixels);
    if worker.is_none() {
        *worker = QrWorker::start().await;
    }
    worker
        .as_mut()?
        .decode(width as usize, height as usize, &luma)
        .await
}

/// Where Trunk puts the worker's loader (named after its binary).
const WORKER: &str = "/qr_worker_loader.js";

/// The QR worker's reading of a greyscale image; `None` when it finds no code or
/// cannot start.
async fn decode_in_worker(width: usize, height: usize, luma: &[u8]) -> Option<String> {
    QrWorker::start().await?.decode(width, height, luma).await
}

/// The QR worker, started once and kept for as many images as a live scan reads.
pub struct QrWorker {
    worker: web_sys::Worker,
    replies: futures::channel::mpsc::UnboundedReceiver<Option<JsValue>>,
    /// Kept while the worker lives: its message and error listeners.
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn()>,
}

impl QrWorker {
    /// Starts the worker and waits until it listens; `None` if it cannot start
    /// (its files missing offline).
    pub async fn start() -> Option<Self> {
        use futures::StreamExt;
        let worker = web_sys::Worker::new(WORKER).ok()?;
        let (send, mut replies) = futures::channel::mpsc::unbounded();
        let failed = {
            let send = send.clone();
            Closure::<dyn Fn()>::new(move || {
                let _ = send.unbounded_send(None);
            })
        };
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let _ = send.unbounded_send(Some(event.data()));
            });
        worker.set_onerror(Some(failed.as_ref().unchecked_ref()));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The worker says `true` once it listens.
        match replies.next().await.flatten() {
            Some(ready) if ready.as_bool() == Some(true) => Some(Self {
                worker,
                replies,
                _on_message: on_message,
                _on_error: failed,
            }),
            _ => {
                worker.terminate();
                None
            }
        }
    }

    /// The text of the QR code in a greyscale image, if it holds one.
    pub async fn decode(&mut self, width: usize, height: usize, luma: &[u8]) -> Option<String> {
        use futures::StreamExt;
        let message = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            js_sys::Reflect::set(&message, &JsValue::from_str(key), value)
        };
        set("width", &JsValue::from(width as u32)).ok()?;
        set("height", &JsValue::from(height as u32)).ok()?;
        set("luma", &js_sys::Uint8Array::from(luma)).ok()?;
        self.worker.post_message(&message).ok()?;
        self.replies.next().await.flatten()?.as_string()
    }
}

impl Drop for QrWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// `BarcodeDetector`'s reading, if the browser has one and it finds a code.
async fn detect_with_browser(source: &JsValue) -> Option<String> {
    let global = js_sys::global();
    let class = js_sys::Reflect::get(&global, &JsValue::from_str("BarcodeDetector")).ok()?;
    let class: js_sys::Function = class.dyn_into().ok()?;
    let detector = js_sys::Reflect::construct(&class, &js_sys::Array::new()).ok()?;
    let detect: js_sys::Function = js_sys::Reflect::get(&detector, &JsValue::from_str("detect"))
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = detect.call1(&detector, source).ok()?.dyn_into().ok()?;
    let found: js_sys::Array = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    js_sys::Reflect::get(&found.get(0), &JsValue::from_str("rawValue"))
        .ok()?
        .as_string()
}
