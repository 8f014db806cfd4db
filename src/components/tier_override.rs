//! A supervisor's tier override, with its required reason (domain §2). Offered to
//! supervisors and admins, and on a device not enrolled (nothing leaves it); not to
//! a technician — the server keeps its own override against a technician's anyway,
//! and signs an override with the supervisor's name.
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::customer::Customer;
use revisit_core::tier::{Tier, TierOverride};

#[component]
pub fn TierOverrideForm(customer: Customer) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let current = customer.tier_override.clone();
    let (tier, set_tier) = signal(current.as_ref().map_or(Tier::Key, |o| o.tier));
    let (reason, set_reason) = signal(
        current
            .as_ref()
            .map(|o| o.reason.clone())
            .unwrap_or_default(),
    );
    let (error, set_error) = signal(None::<String>);
    let has_override = current.is_some();
    let customer = StoredValue::new(customer);
    // Core's rules decide (an override needs its reason); pending while it saves.
    let set_override = Action::new_local(move |tier: &Option<TierOverride>| {
        let tier = tier.clone();
        async move {
            let saved = app.override_tier(customer.get_value(), tier).await;
            set_error.try_set(
                saved
                    .as_ref()
                    .err()
                    .map(|err| labels::store_error(i18n, err)),
            );
            saved
        }
    });
    let saving = set_override.pending();
    let store_with = move |tier: Option<TierOverride>| {
        set_error.set(None);
        set_override.dispatch(tier);
    };
    let may_override = move || app.may_supervise();
    view! {
        <Show when=may_override>
        <details class="override-form" open=has_override>
            <summary>{t!(i18n, tier_override.title)}</summary>
            <label class="field">
                <span>{t!(i18n, tier_override.tier)}</span>
                <select name="override-tier" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(t) = Tier::ALL.into_iter().find(|t| t.number().to_string() == value) {
                        set_tier.set(t);
                    }
                }>
                    {Tier::ALL.into_iter().map(|t| view! {
                        <option value=t.number().to_string() selected=move || tier.get() == t>{labels::tier(t)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, tier_override.reason)}</span>
                <input type="text" name="override-reason" prop:value=move || reason.get() on:input=move |ev| set_reason.set(event_target_value(&ev)) />
            </label>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="actions">
                <button class="button primary" data-action="save-override" disabled=move || saving.get() on:click=move |_| store_with(Some(TierOverride {
                    tier: tier.get_untracked(),
                    reason: reason.get_untracked().trim().to_owned(),
                    by: app.me(),
                }))>{t!(i18n, tier_override.save)}</button>
                {has_override.then(|| view! {
                    <button class="button" data-action="remove-override" disabled=move || saving.get() on:click=move |_| store_with(None)>{t!(i18n, tier_override.remove)}</button>
                })}
            </div>
        </details>
        </Show>
    }
}
