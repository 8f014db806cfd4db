//! Customers (客户): the customer files, searchable, with their tiers.
use crate::components::{EmptyState, Icon, IconSvg, PageHeader};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page" data-page="customers">
            <PageHeader>{t!(i18n, customers.title)}</PageHeader>
            <label class="search">
                <IconSvg icon=Icon::Search />
                <input
                    type="search"
                    placeholder=move || t_string!(i18n, customers.search_placeholder)
                    aria-label=move || t_string!(i18n, customers.search_placeholder)
                />
            </label>
            <EmptyState
                title=t!(i18n, customers.empty_title).into_any()
                body=t!(i18n, customers.empty_body).into_any()
            />
        </div>
    }
}
