//! The pieces every form is made of: a labelled input bound to one field of the
//! form's state, the problem shown beside it, and saving then leaving.
use crate::i18n::*;
use crate::labels;
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use revisit_core::sync::Change;

/// A labelled input of `kind` (text, date, tel…) showing `get(form)` and writing
/// what is typed through `set`; `problem` is shown beside it when there is one.
pub fn text_field<F: Send + Sync + 'static>(
    form: RwSignal<F>,
    name: &'static str,
    label: AnyView,
    get: fn(&F) -> String,
    set: fn(&mut F, String),
    kind: &'static str,
    problem: impl IntoView + 'static,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type=kind name=name prop:value=move || form.with(get)
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) />
            {problem}
        </label>
    }
}

/// A field's problem, announced to screen readers; `field` names it for tests.
pub fn field_error(field: &'static str, text: AnyView) -> impl IntoView {
    view! { <span class="field-error" role="alert" data-error=field>{text}</span> }
}

/// Saves one edit (with its outbox entry), then goes to `to`. If the device could
/// not store it, `failed` gets the reason in the user's words and nothing moves.
pub fn save_then_go(
    app: AppState,
    i18n: leptos_i18n::I18nContext<Locale>,
    change: Change,
    to: String,
    go: impl Fn(&str) + 'static,
    failed: impl Fn(String) + 'static,
) {
    spawn_local(async move {
        match app.save(vec![change]).await {
            Ok(()) => go(&to),
            Err(err) => failed(labels::store_error(i18n, &err)),
        }
    });
}
