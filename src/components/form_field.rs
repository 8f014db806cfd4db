//! The pieces every form is made of: a labelled input bound to one field of the
//! form's state and the problem shown beside it.
use leptos::prelude::*;

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

/// Brings the form's first problem into sight and its input into focus, once it
/// is drawn: a save tapped at the foot of a long form must not seem to do nothing
/// while its message sits off-screen at the top.
pub fn reveal_first_problem() {
    use wasm_bindgen::JsCast;
    request_animation_frame(|| {
        let Some(error) = document().query_selector("[data-error]").ok().flatten() else {
            return;
        };
        let field = error
            .closest(".field, fieldset, li")
            .ok()
            .flatten()
            .unwrap_or(error);
        field.scroll_into_view();
        if let Some(input) = field
            .query_selector("input, select, textarea")
            .ok()
            .flatten()
            .and_then(|input| input.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = input.focus();
        }
    });
}

/// An amount in whole yuan as typed (`1,250,000`, `1 250 000` and `1，250，000`
/// too): `None` when left empty; `Err` when it is not a whole number, is negative
/// or is beyond what a `Cny` holds.
pub fn typed_yuan(text: &str) -> Result<Option<revisit_core::types::Cny>, NotAnAmount> {
    match text.trim() {
        "" => Ok(None),
        text => {
            let amount: i64 = text
                .replace([',', '，', ' '], "")
                .parse()
                .map_err(|_| NotAnAmount)?;
            revisit_core::types::Cny::parse(amount, "form", "amount")
                .map(Some)
                .map_err(|_| NotAnAmount)
        }
    }
}

/// What [`typed_yuan`] says of a text that is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnAmount;
