//! The title bar at the top of every page.
use leptos::prelude::*;

#[component]
pub fn PageHeader(children: Children) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{children()}</h1>
        </header>
    }
}
