//! Bottom navigation on phones (thumb reach), a side rail on wide screens.
use super::icons::{Icon, IconSvg};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="bottom-nav" aria-label=move || t_string!(i18n, nav.label)>
            <A href="/" exact=true attr:class="nav-item" attr:data-section="today">
                <IconSvg icon=Icon::Today />
                <span>{t!(i18n, nav.today)}</span>
            </A>
            <A href="/customers" attr:class="nav-item" attr:data-section="customers">
                <IconSvg icon=Icon::Customers />
                <span>{t!(i18n, nav.customers)}</span>
            </A>
            <A href="/issues" attr:class="nav-item" attr:data-section="issues">
                <IconSvg icon=Icon::Issues />
                <span>{t!(i18n, nav.issues)}</span>
            </A>
            <A href="/office/reports" attr:class="nav-item" attr:data-section="reports" attr:rel=crate::edition::rel()>
                <IconSvg icon=Icon::Reports />
                <span>{t!(i18n, nav.reports)}</span>
            </A>
            <A href="/settings" attr:class="nav-item" attr:data-section="settings">
                <IconSvg icon=Icon::Settings />
                <span>{t!(i18n, nav.settings)}</span>
            </A>
        </nav>
    }
}
