//! Who records: an issue's history and a visit name the device's user. Until the
//! user is set (Settings, or here), this asks for the name where the record is made.
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn Recorder() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let (name, set_name) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    // The name kept on the device; once set this card gives way to the name itself.
    let keep = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            let kept = app.set_user(name).await;
            set_error.try_set(
                kept.as_ref()
                    .err()
                    .map(|err| labels::store_error(i18n, err)),
            );
            kept
        }
    });
    let save = move |_| {
        let value = name.get_untracked().trim().to_owned();
        if value.is_empty() {
            return;
        }
        set_error.set(None);
        keep.dispatch(value);
    };
    move || {
        let user = app.user.get();
        if !user.is_empty() {
            return view! {
                <p class="muted recorder" data-recorder=user.clone()>{t!(i18n, recorder.by)} " " {user.clone()}</p>
            }
            .into_any();
        }
        view! {
            <div class="card recorder" data-recorder="">
                <label class="field">
                    <span>{t!(i18n, recorder.ask)}</span>
                    <div class="inline-form">
                        <input type="text" name="recorder" prop:value=move || name.get()
                            placeholder=move || t_string!(i18n, settings.user_placeholder)
                            on:input=move |ev| set_name.set(event_target_value(&ev)) />
                        <button class="button primary" data-action="save-recorder" on:click=save>{t!(i18n, settings.save)}</button>
                    </div>
                </label>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
        }
        .into_any()
    }
}
