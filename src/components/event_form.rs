//! Records an event for a customer (a delivery, a complaint, a repair…); the visit
//! it calls for appears on Today with its deadline.
use super::InstallationSelect;
use crate::clock::{device_now, new_id};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::event::{Event, EventKind};
use revisit_core::installation::Installation;
use uuid::Uuid;

/// The kinds in the form's order: a written complaint, the most common on site,
/// first; the others as core declares them.
fn kinds() -> impl Iterator<Item = EventKind> {
    std::iter::once(EventKind::Complaint).chain(
        EventKind::ALL
            .into_iter()
            .filter(|k| *k != EventKind::Complaint),
    )
}

#[component]
pub fn EventForm(
    customer_id: Uuid,
    installations: Vec<Installation>,
    /// Held by the page: the file re-renders when the data reloads, the outcome stays.
    outcome: RwSignal<Option<Result<(), String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let (kind, set_kind) = signal(EventKind::Complaint);
    let (installation, set_installation) = signal(None::<Uuid>);
    let (note, set_note) = signal(String::new());
    // Saved and queued; pending while it runs. The page holds the outcome, since
    // the file re-renders (and this form with it) when the data changes.
    let save = Action::new_local(move |event: &Event| {
        let event = event.clone();
        async move {
            let result = app
                .record_event(event)
                .await
                .map_err(|e| labels::store_error(i18n, &e));
            if result.is_ok() {
                set_note.try_set(String::new());
            }
            outcome.set(Some(result));
        }
    });
    let saving = save.pending();
    let record = move |_| {
        let event = Event {
            id: new_id(),
            customer_id,
            installation_id: installation.get_untracked(),
            kind: kind.get_untracked(),
            at: device_now(),
            note: note.get_untracked().trim().to_owned(),
            action_id: None,
        };
        save.dispatch(event);
    };
    view! {
        <section class="card" data-section="record-event">
            <h2>{t!(i18n, customers.record_event)}</h2>
            <label class="field">
                <span>{t!(i18n, customers.event_kind)}</span>
                <select name="event-kind" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(k) = kinds().find(|k| format!("{k:?}") == value) {
                        set_kind.set(k);
                    }
                }>
                    {kinds().map(|k| view! { <option value=format!("{k:?}")>{labels::event_kind(k)}</option> }).collect_view()}
                </select>
            </label>
            <InstallationSelect name="event-installation" label=t!(i18n, customers.event_installation).into_any()
                installations=installations.clone()
                on_pick=Callback::new(move |picked| set_installation.set(picked)) />
            <label class="field">
                <span>{t!(i18n, customers.event_note)}</span>
                <input type="text" name="event-note" prop:value=move || note.get() on:input=move |ev| set_note.set(event_target_value(&ev)) />
            </label>
            <button class="button primary" data-action="record-event" disabled=move || saving.get() on:click=record>{t!(i18n, customers.record_event)}</button>
            {move || outcome.get().map(|r| match r {
                Ok(()) => view! { <p class="ok-text" data-event="saved">{t!(i18n, customers.event_saved)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}
