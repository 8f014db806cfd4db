//! What a list shows when it has nothing in it: say why, and what fills it.
use leptos::prelude::*;

#[component]
pub fn EmptyState(title: AnyView, body: AnyView) -> impl IntoView {
    view! {
        <section class="empty-state">
            <h2>{title}</h2>
            <p>{body}</p>
        </section>
    }
}
