//! Shown for a client route that does not exist.
use crate::components::PageHeader;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page" data-page="not-found">
            <PageHeader>{t!(i18n, not_found.title)}</PageHeader>
            <A href="/" attr:class="button primary">{t!(i18n, not_found.back)}</A>
        </div>
    }
}
