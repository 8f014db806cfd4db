//! Revisit's web app: a Leptos client-side app for customer follow-up visits.
//!
//! Views live in `pages/` (one per route) and `components/` (reusable pieces);
//! the business rules live in the pure `revisit_core` crate.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod app;
pub mod clock;
pub mod components;
pub mod edition;
pub mod json;
pub mod labels;
pub mod office;
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

/// Mounts the app with `routes` on `<body>`; called once by each binary's `main`
/// (the technician's app, the office app).
pub fn mount(routes: app::Routes, edition: edition::Edition) {
    console_error_panic_hook::set_once();
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        // When the app starts (its wasm is running): the bench measures from here.
        let _ = p.mark("revisit:start");
    }
    leptos::mount::mount_to_body(move || leptos::view! { <App routes=routes edition=edition /> });
}
