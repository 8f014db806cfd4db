//! A 1–5 rating as five big buttons: one tap, readable at arm's length.
use leptos::prelude::*;

#[component]
pub fn RatingPicker(
    /// Names the group for tests and assistive technology.
    name: &'static str,
    label: AnyView,
    low: AnyView,
    high: AnyView,
    value: Signal<Option<u8>>,
    on_pick: Callback<u8>,
) -> impl IntoView {
    view! {
        <fieldset class="rating" data-rating=name>
            <legend>{label}</legend>
            <div class="rating-buttons">
                {(1..=5u8)
                    .map(|n| {
                        view! {
                            <button
                                type="button"
                                class="rating-button"
                                data-value=n
                                aria-pressed=move || (value.get() == Some(n)).to_string()
                                on:click=move |_| on_pick.run(n)
                            >
                                {n}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="rating-ends">
                <span>{low}</span>
                <span>{high}</span>
            </div>
        </fieldset>
    }
}
