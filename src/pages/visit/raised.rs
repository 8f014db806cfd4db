//! What the customer raises on a visit — a complaint, a question, a proposal, a
//! need — on any visit, with or without a checklist: each a line with its
//! category, raised as an issue with the visit when it is saved (`draft::finish`,
//! through `core::intake`; channel "on a visit", so no second visit is planned to
//! acknowledge it).
use super::draft::{Draft, RaisedOnVisit};
use crate::i18n::*;
use crate::labels;
use leptos::prelude::*;
use revisit_core::issue::Category;

#[component]
pub fn RaisedOnVisitCard(draft: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    // The lines are drawn again only when one is added or removed, not on every
    // keystroke (the input being typed in keeps its focus).
    let rows = Memo::new(move |_| draft.with(|d| d.raised.len()));
    let row = move |at: usize| {
        view! {
            <li class="raised-row" data-raised=at>
                <select name="raised-category" aria-label=move || t_string!(i18n, raise.category)
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(c) = Category::ALL.into_iter().find(|c| format!("{c:?}") == value) {
                            draft.update(|d| if let Some(r) = d.raised.get_mut(at) { r.category = c });
                        }
                    }>
                    {Category::ALL.map(|c| view! {
                        <option value=format!("{c:?}") selected=move || draft.with(|d| d.raised.get(at).is_some_and(|r| r.category == c))>
                            {labels::category(c)}
                        </option>
                    }).collect_view()}
                </select>
                <input type="text" name="raised-summary" aria-label=move || t_string!(i18n, raise.summary)
                    placeholder=move || t_string!(i18n, raise.summary)
                    prop:value=move || draft.with(|d| d.raised.get(at).map(|r| r.summary.clone()).unwrap_or_default())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        draft.update(|d| if let Some(r) = d.raised.get_mut(at) { r.summary = text });
                    } />
                <button type="button" class="button small" data-action="drop-raised"
                    on:click=move |_| draft.update(|d| if at < d.raised.len() { d.raised.remove(at); })>
                    {t!(i18n, visit.raised_drop)}
                </button>
            </li>
        }
    };
    view! {
        <fieldset class="card raised" data-section="raised-on-visit">
            <legend>{t!(i18n, visit.raised_title)}</legend>
            <ul class="plain-list">{move || (0..rows.get()).map(row).collect_view()}</ul>
            <button type="button" class="button" data-action="add-raised"
                on:click=move |_| draft.update(|d| d.raised.push(RaisedOnVisit::default()))>
                "+ " {t!(i18n, visit.raised_add)}
            </button>
            <p class="muted">{t!(i18n, visit.raised_hint)}</p>
        </fieldset>
    }
}
