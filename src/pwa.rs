//! The app's side of installability: is a service worker in control (so the app
//! starts offline), and is a new version waiting. The service worker itself and its
//! registration live in `public/sw.js` and `index.html`.
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Fired on `window` by the registration script when a new version has installed
/// and is waiting for this page to let it take over.
pub const UPDATE_READY_EVENT: &str = "revisit-update-ready";

#[wasm_bindgen]
extern "C" {
    /// Defined by index.html: tells the waiting worker to take over, then reloads.
    #[wasm_bindgen(catch, js_namespace = window, js_name = revisitApplyUpdate)]
    fn revisit_apply_update() -> Result<(), JsValue>;
}

/// True on a secure origin (HTTPS, or localhost): elsewhere browsers give no service
/// worker, persistent storage, camera or location.
pub fn secure_context() -> bool {
    web_sys::window().is_some_and(|w| w.is_secure_context())
}

/// True when a service worker controls this page: the app shell is cached.
pub fn offline_ready() -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    // `navigator.serviceWorker` is absent outside a secure context.
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false)
        && navigator.service_worker().controller().is_some()
}

/// True when a new version is installed and waiting (announced before the app mounted).
pub fn update_waiting() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("revisitWaitingWorker")).ok())
        .is_some_and(|worker| !worker.is_undefined() && !worker.is_null())
}

/// Switches to the waiting version now; the page reloads when it takes control.
pub fn apply_update() {
    if let Err(err) = revisit_apply_update() {
        leptos::logging::warn!("update could not be applied: {err:?}");
    }
}

/// Storage the browser may not evict, and how much is used.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageState {
    pub persisted: Option<bool>,
    pub usage_bytes: Option<f64>,
    pub quota_bytes: Option<f64>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Absent on insecure origins and old browsers.
    js_sys::Reflect::has(&navigator, &JsValue::from_str("storage"))
        .ok()?
        .then(|| navigator.storage())
}

async fn promise(p: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
    wasm_bindgen_futures::JsFuture::from(p.ok()?).await.ok()
}

/// Asks the browser to keep this app's data (`navigator.storage.persist()`).
pub async fn request_persistence() -> Option<bool> {
    promise(storage_manager()?.persist()).await?.as_bool()
}

pub async fn storage_state() -> StorageState {
    let Some(manager) = storage_manager() else {
        return StorageState {
            persisted: None,
            usage_bytes: None,
            quota_bytes: None,
        };
    };
    let persisted = promise(manager.persisted()).await.and_then(|v| v.as_bool());
    let estimate: Option<web_sys::StorageEstimate> = promise(manager.estimate())
        .await
        .map(|v| v.unchecked_into());
    StorageState {
        persisted,
        usage_bytes: estimate.as_ref().and_then(|e| e.get_usage()),
        quota_bytes: estimate.as_ref().and_then(|e| e.get_quota()),
    }
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}
