//! Revisit's web app: a Leptos client-side app for customer follow-up visits.
//!
//! Views live in `pages/` (one per route) and `components/` (reusable pieces);
//! the business rules live in the pure `revisit_core` crate.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod app;
pub mod clock;
pub mod components;
pub mod json;
pub mod labels;
pub mod pages;
pub mod photos;
pub mod pwa;
pub mod scan;
pub mod state;
pub mod store;
pub mod sync;
pub mod timing;
pub mod wire;

pub use app::App;

/// Mounts the app on `<body>`; called once by `main`.
pub fn mount() {
    console_error_panic_hook::set_once();
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        // When the app starts (its wasm is running): the bench measures from here.
        let _ = p.mark("revisit:start");
    }
    leptos::mount::mount_to_body(App);
}
