//! Tells the user a new version is ready. It never reloads by itself: a technician
//! may be halfway through a visit form. The new version takes over on the next
//! start, or now if they tap "update".
use crate::i18n::*;
use crate::pwa;
use leptos::prelude::*;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let (ready, set_ready) = signal(pwa::update_waiting());
    let listener =
        window_event_listener_untyped(pwa::UPDATE_READY_EVENT, move |_| set_ready.set(true));
    on_cleanup(move || listener.remove());
    view! {
        <Show when=move || ready.get()>
            <div class="update-banner" role="status">
                <p>
                    <strong>{t!(i18n, update.ready)}</strong>
                    " "
                    {t!(i18n, update.hint)}
                </p>
                <div class="update-actions">
                    <button class="button primary" on:click=move |_| pwa::apply_update()>
                        {t!(i18n, update.reload)}
                    </button>
                    <button class="button" on:click=move |_| set_ready.set(false)>
                        {t!(i18n, update.later)}
                    </button>
                </div>
            </div>
        </Show>
    }
}
