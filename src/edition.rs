//! The two apps built from this crate (`docs/architecture.md`): the technician's
//! (`index.html`) and the office app (`office.html`, `crate::office`), so that the
//! app a phone starts stays small; the office app holds every technician's screen
//! too, so an office user never leaves it. The office's own screens are under one
//! prefix, [`PREFIX`]: the server and the service worker answer a page load there
//! with `office.html`, and the technician's app makes a link there a page load
//! ([`rel`], [`ToOffice`]).
use leptos::prelude::*;

/// Where the office's screens are (the server's `assets::OFFICE`, `sw.js`'s `OFFICE`).
pub const PREFIX: &str = "/office";

/// Which app this is, for the links between the two ([`rel`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    /// The technician's app (`index.html`).
    Field,
    /// The office app (`office.html`).
    Office,
}

/// The `rel` of a link from a technician's screen to an office screen: in the
/// technician's app a page load (`external`: the router leaves it to the
/// browser, and the service worker answers with the office app), in the office
/// app an ordinary link.
pub fn rel() -> Option<&'static str> {
    match use_context::<Edition>() {
        Some(Edition::Office) => None,
        _ => Some("external"),
    }
}

/// In the technician's app, an office screen reached without a page load (a
/// link not marked by [`rel`]): load it. The router puts the address in the bar
/// once this view is up, so the load waits for that.
#[component]
pub fn ToOffice() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let search = location.search.get();
        let query = if search.is_empty() {
            String::new()
        } else {
            format!("?{search}")
        };
        let to = format!("{}{query}{}", location.pathname.get(), location.hash.get());
        set_timeout(
            move || drop(window().location().replace(&to)),
            std::time::Duration::ZERO,
        );
    });
    view! { <div class="page" data-page="to-office"></div> }
}
