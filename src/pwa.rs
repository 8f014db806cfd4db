//! The app's side of installability: is a service worker in control (so the app
//! starts offline), and is a new version waiting. The service worker itself and its
//! registration live in `public/sw.js` and `index.html`.
use wasm_bindgen::prelude::*;

/// Fired on `window` by the registration script when a new version has installed
/// and is waiting for this page to let it take over.
pub const UPDATE_READY_EVENT: &str = "revisit-update-ready";

#[wasm_bindgen]
extern "C" {
    /// Defined by index.html: tells the waiting worker to take over, then reloads.
    #[wasm_bindgen(catch, js_namespace = window, js_name = revisitApplyUpdate)]
    fn revisit_apply_update() -> Result<(), JsValue>;
}

/// True when a service worker controls this page: the app shell is cached.
pub fn offline_ready() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().service_worker().controller())
        .is_some()
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
