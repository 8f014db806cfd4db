//! 同步 Sync: enroll the device (a typed code or the enrollment link's
//! `#enroll=CODE`), see and start sync, settle conflicts, sign out.
mod conflicts;

use crate::components::{sync_time, PageHeader};
use crate::i18n::*;
use crate::labels;
use crate::state::{use_app, Data};
use crate::sync::account::AccountProblem;
use crate::sync::Phase;
use conflicts::ConflictsSection;
use leptos::prelude::*;
use revisit_core::sync::client::Failure;

#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // A memo: the sections are built again only when enrollment itself changes.
    let enrolled = Memo::new(move |_| app.sync.state.with(|s| s.account.is_some()));
    // Read once, when the page opens (the address loses it at once).
    let from_link = code_from_link();
    view! {
        <div class="page" data-page="sync">
            <PageHeader>{t!(i18n, sync.title)}</PageHeader>
            {move || if enrolled.get() {
                view! { <StatusSection /> <ConflictsSection /> <SignOutSection /> }.into_any()
            } else {
                view! { <EnrollSection from_link=from_link.clone() /> }.into_any()
            }}
        </div>
    }
}

/// The code in the enrollment link (`…/sync#enroll=CODE`), taken off the address
/// so it is not left in the history.
fn code_from_link() -> Option<String> {
    let location = window().location();
    let code = location.hash().ok()?.strip_prefix("#enroll=")?.to_owned();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/sync"));
    }
    Some(code)
}

#[component]
fn EnrollSection(from_link: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let code = RwSignal::new(from_link.clone().unwrap_or_default());
    let holds_demo = LocalResource::new(move || async move { app.holds_demo().await });
    let enrolling = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move { app.enroll(&code).await }
    });
    let busy = enrolling.pending();
    // The last attempt's problem, once it is over.
    let error = move || {
        (!busy.get())
            .then(|| enrolling.value().get())
            .flatten()
            .and_then(Result::err)
            .map(|problem| enroll_problem(i18n, &problem))
    };
    let enroll = move || {
        if !busy.get_untracked() {
            enrolling.dispatch(code.get_untracked());
        }
    };
    // Opened from the link: enroll as soon as the database is open.
    if from_link.is_some() {
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let ready = matches!(app.data.get(), Data::Ready(_));
            if ready {
                enroll();
            }
            ready
        });
    }
    view! {
        <section class="card" data-section="enroll">
            <h2>{t!(i18n, sync.enroll_title)}</h2>
            <p class="muted">{t!(i18n, sync.not_enrolled)}</p>
            <p>{t!(i18n, sync.enroll_hint)}</p>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); enroll(); }>
                <label class="visually-hidden" for="enroll-code">{t!(i18n, sync.code_label)}</label>
                <input id="enroll-code" type="text" name="code" autocomplete="one-time-code"
                    autocapitalize="characters" spellcheck="false" placeholder="ABCD-2345-WXYZ"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
                <button class="button primary" type="submit" data-action="enroll"
                    disabled=move || busy.get() || !matches!(app.data.get(), Data::Ready(_))>
                    {move || if busy.get() { t!(i18n, sync.enrolling).into_any() } else { t!(i18n, sync.enroll).into_any() }}
                </button>
            </form>
            {move || holds_demo.get().filter(|d| *d).map(|_| view! {
                <p class="muted" data-demo-note>{t!(i18n, sync.demo_will_clear)}</p>
            })}
            {move || error().map(|e| view! { <p class="error" role="alert" data-error="enroll">{e}</p> })}
        </section>
    }
}

fn enroll_problem(i18n: leptos_i18n::I18nContext<Locale>, problem: &AccountProblem) -> String {
    match problem {
        AccountProblem::BadCode => t_string!(i18n, sync.bad_code).to_string(),
        AccountProblem::Server(Failure::SignedOut) => {
            t_string!(i18n, sync.code_refused).to_string()
        }
        AccountProblem::Server(Failure::Unexpected { status: 409, .. }) => {
            t_string!(i18n, sync.code_taken).to_string()
        }
        AccountProblem::Server(failure) => {
            labels::sync_problem(i18n, &crate::sync::Problem::Server(failure.clone()))
        }
        AccountProblem::Device(err) => labels::store_error(i18n, err),
        AccountProblem::Unsent(_) => t_string!(i18n, sync.unsent_plain).to_string(),
    }
}

#[component]
fn StatusSection() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = app.sync.state;
    let busy = move || sync.with(|s| s.phase != Phase::Idle);
    view! {
        <section class="card" data-section="sync-status">
            <dl class="facts">
                <dt>{t!(i18n, sync.account)}</dt>
                <dd data-account>{move || sync.with(|s| s.account.as_ref().map(|a| {
                    format!("{}（{}）· {}", a.user.name, a.user.login, labels::role(i18n, a.user.role))
                }))}</dd>
                <dt>{t!(i18n, sync.last_sync)}</dt>
                <dd data-last-sync>{move || sync.with(|s| match s.last_sync {
                    Some(at) => sync_time(at),
                    None => t_string!(i18n, sync.never).to_string(),
                })}</dd>
                <dt>{t!(i18n, sync.queued_label)}</dt>
                <dd data-queued>{move || sync.with(|s| s.queued)}</dd>
                <dt>{t!(i18n, sync.photos_waiting_label)}</dt>
                <dd data-photos-waiting>{move || sync.with(|s| s.photos_waiting)}</dd>
            </dl>
            {move || sync.with(|s| match s.phase {
                Phase::Pulling { done, total } => Some(view! {
                    <p role="status"><progress max=total.to_string() value=done.to_string()></progress>
                    " " {t!(i18n, sync.pulling)}</p>
                }.into_any()),
                Phase::Pushing { sent, total } => Some(view! {
                    <p role="status">{t!(i18n, sync.pushing, sent = sent, total = total)}</p>
                }.into_any()),
                Phase::Uploading { done, total } => Some(view! {
                    <p role="status"><progress max=total.to_string() value=done.to_string()></progress>
                    " " {t!(i18n, sync.uploading, done = done, total = total)}</p>
                }.into_any()),
                Phase::Starting => Some(view! { <p role="status">{t!(i18n, sync.syncing)}</p> }.into_any()),
                Phase::Idle => None,
            })}
            {move || sync.with(|s| s.problem.clone()).map(|p| view! {
                <p class="error" role="alert" data-problem>{labels::sync_problem(i18n, &p)}</p>
            })}
            <div class="actions">
                <button class="button primary" data-action="sync-now" disabled=busy
                    on:click=move |_| app.sync.sync_now()>
                    {move || if busy() { t!(i18n, sync.syncing).into_any() } else { t!(i18n, sync.sync_now).into_any() }}
                </button>
            </div>
        </section>
    }
}

#[component]
fn SignOutSection() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let queued = move || app.sync.state.with(|s| s.queued);
    // With edits unsent, a backup of them first (`true`): never lost unseen.
    let signing_out = Action::new_local(move |export: &bool| {
        let export = *export;
        async move {
            if export {
                app.export_backup().await?;
            }
            app.sign_out(export)
                .await
                .map_err(|problem| enroll_problem(i18n, &problem))
        }
    });
    let error = move || signing_out.value().get().and_then(Result::err);
    let sign_out = move |export: bool| {
        signing_out.dispatch(export);
    };
    view! {
        <section class="card" data-section="sign-out">
            <h2>{t!(i18n, sync.sign_out)}</h2>
            <p class="muted">{t!(i18n, sync.sign_out_hint)}</p>
            {move || if queued() > 0 {
                view! {
                    <p class="error" data-unsent=queued()>{t!(i18n, sync.unsent, n = queued())}</p>
                    <button class="button" data-action="export-sign-out" disabled=move || signing_out.pending().get() on:click=move |_| sign_out(true)>
                        {t!(i18n, sync.export_and_sign_out)}
                    </button>
                }.into_any()
            } else {
                view! {
                    <button class="button" data-action="sign-out" disabled=move || signing_out.pending().get() on:click=move |_| sign_out(false)>
                        {t!(i18n, sync.sign_out)}
                    </button>
                }.into_any()
            }}
            {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
