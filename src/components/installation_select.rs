//! Picking one of a customer's installations, or none, in a form (an event, an
//! issue raised by hand); nothing shown for a customer without installations.
use crate::i18n::*;
use leptos::prelude::*;
use revisit_core::installation::Installation;
use uuid::Uuid;

#[component]
pub fn InstallationSelect(
    /// The field's name (tests and autofill find it by that).
    name: &'static str,
    label: AnyView,
    installations: Vec<Installation>,
    on_pick: Callback<Option<Uuid>>,
) -> impl IntoView {
    let i18n = use_i18n();
    (!installations.is_empty()).then(|| {
        view! {
            <label class="field">
                <span>{label}</span>
                <select name=name on:change=move |ev| on_pick.run(event_target_value(&ev).parse().ok())>
                    <option value="">{t!(i18n, customers.none)}</option>
                    {installations.iter().map(|i| view! {
                        <option value=i.id.to_string()>{format!("{} {} {}", i.model, i.serial_number, i.site)}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    })
}
