//! Raising an issue from the Issues list (登记问题): first whose it is — a customer
//! found by name, code or region as you type — then the same form as on the
//! customer's file (`components::RaiseIssueForm`). With `?visit=…` a suggestion
//! made on that visit is taken up as a proposal (from the reports' needs table).
use crate::clock::today;
use crate::components::{FromVisit, PageHeader, RaiseIssueForm};
use crate::i18n::*;
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use revisit_core::schedule::tier_all;
use revisit_core::tier::Tier;
use uuid::Uuid;

/// Customers offered at a time: the list narrows as more is typed.
const SHOWN: usize = 8;

#[component]
pub fn RaiseIssuePage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let query = use_query_map();
    let chosen = RwSignal::new(
        query.with_untracked(|q| q.get("customer").and_then(|id| id.parse::<Uuid>().ok())),
    );
    let from_visit =
        query.with_untracked(|q| q.get("visit").and_then(|id| id.parse::<Uuid>().ok()));
    let (search, set_search) = signal(String::new());
    let found = Memo::new(move |_| {
        let data = app.snapshot()?;
        let text = search.get();
        let text = text.trim();
        if text.is_empty() {
            return Some(Vec::new());
        }
        Some(
            data.customers
                .iter()
                .filter(|c| {
                    c.name.contains(text) || c.short_code.contains(text) || c.region.contains(text)
                })
                .take(SHOWN)
                .map(|c| (c.id, c.name.clone(), c.short_code.clone()))
                .collect::<Vec<_>>(),
        )
    });
    let form = move || {
        let id = chosen.get()?;
        let data = app.snapshot()?;
        let customer = data.customers.iter().find(|c| c.id == id)?.clone();
        let day = today();
        let own = data.for_customer(id, day);
        let from_visit = from_visit.and_then(|visit_id| {
            let visit = own.visits.iter().find(|v| v.id == visit_id)?;
            let result = visit.result.as_ref()?;
            Some(FromVisit {
                visit_id,
                came_in: result.completed_at,
                suggestion: result.suggestions.clone(),
            })
        });
        let tier = tier_all(&own.customers, &own.settings(), day)
            .remove(&id)
            .map_or(Tier::General, |d| d.tier);
        Some(view! {
            <section class="card" data-section="raise-for">
                <p><strong class="customer">{customer.name.clone()}</strong> " "
                    <span class="muted">{customer.short_code.clone()}</span></p>
                <button type="button" class="button small" data-action="other-customer"
                    on:click=move |_| chosen.set(None)>{t!(i18n, raise.other_customer)}</button>
            </section>
            <RaiseIssueForm customer_id=id installations=own.installations.clone()
                contacts=customer.contacts.clone() tier=tier open=true from_visit=from_visit />
        })
    };
    view! {
        <div class="page" data-page="raise-issue">
            <PageHeader>{t!(i18n, raise.title)}</PageHeader>
            <Show when=move || chosen.get().is_none()>
                <section class="card">
                    <label class="field">
                        <span>{t!(i18n, raise.whose)}</span>
                        <input type="search" name="raise-customer-search" prop:value=move || search.get()
                            on:input=move |ev| set_search.set(event_target_value(&ev)) />
                    </label>
                    <ul class="plain-list">
                        {move || found.get().unwrap_or_default().into_iter().map(|(id, name, code)| view! {
                            <li><button type="button" class="button block" data-customer=id.to_string()
                                on:click=move |_| chosen.set(Some(id))>{name} " " <span class="muted">{code}</span></button></li>
                        }).collect_view()}
                    </ul>
                </section>
            </Show>
            {form}
        </div>
    }
}
