//! Settings (设置): who uses the device, language, storage and backups, and what
//! this installation of the app is.
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::pwa::{self, StorageState};
use crate::state::use_app;
use crate::state::BackupProblem;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let is = move |locale: Locale| move || i18n.get_locale() == locale;
    let choose = move |locale: Locale| {
        i18n.set_locale(locale);
        crate::app::remember_locale(locale);
    };
    let app = use_app();
    let is_admin = move || {
        app.sync.state.with(|s| {
            s.account
                .as_ref()
                .is_some_and(|a| a.user.role == revisit_core::sync::account::Role::Admin)
        })
    };
    view! {
        <div class="page" data-page="settings">
            <PageHeader>{t!(i18n, settings.title)}</PageHeader>
            <UserSection />
            <section class="card" data-section="sync-link">
                <h2>{t!(i18n, sync.title)}</h2>
                <p class="muted">{t!(i18n, settings.sync_hint)}</p>
                <a class="button" href="/sync" data-action="open-sync">{t!(i18n, sync.title)}</a>
            </section>
            <Show when=is_admin>
                <section class="card" data-section="admin-link">
                    <h2>{t!(i18n, admin.title)}</h2>
                    <a class="button" href="/office/admin" rel=crate::edition::rel() data-action="open-admin">{t!(i18n, admin.open)}</a>
                </section>
            </Show>
            <section class="card">
                <h2 id="language-heading">{t!(i18n, settings.language)}</h2>
                <p class="muted">{t!(i18n, settings.language_hint)}</p>
                <div class="segmented" role="group" aria-labelledby="language-heading">
                    <button class="segment" lang="zh-CN" data-locale="zh"
                        aria-pressed=move || is(Locale::zh)().to_string()
                        on:click=move |_| choose(Locale::zh)>
                        {t!(i18n, settings.lang_zh)}
                    </button>
                    <button class="segment" lang="en" data-locale="en"
                        aria-pressed=move || is(Locale::en)().to_string()
                        on:click=move |_| choose(Locale::en)>
                        {t!(i18n, settings.lang_en)}
                    </button>
                </div>
            </section>
            <StorageSection />
            <BackupSection />
            <section class="card">
                <h2>{t!(i18n, settings.about)}</h2>
                <dl class="facts">
                    <dt>{t!(i18n, settings.version)}</dt>
                    <dd>{env!("CARGO_PKG_VERSION")}</dd>
                </dl>
                <p class="muted" data-offline-ready=pwa::offline_ready().to_string()>
                    {if pwa::offline_ready() {
                        t!(i18n, settings.offline_ready).into_any()
                    } else {
                        t!(i18n, settings.offline_pending).into_any()
                    }}
                </p>
            </section>
        </div>
    }
}

#[component]
fn UserSection() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let (name, set_name) = signal(app.user.get_untracked());
    let save = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move { app.set_user(name).await }
    });
    // Saved, until the name is typed again.
    let (typed, set_typed) = signal(false);
    let saved = move || !typed.get() && matches!(save.value().get(), Some(Ok(())));
    view! {
        <section class="card">
            <h2>{t!(i18n, settings.user)}</h2>
            <p class="muted">{t!(i18n, settings.user_hint)}</p>
            <div class="inline-form">
                <input type="text" name="user" prop:value=move || name.get()
                    placeholder=move || t_string!(i18n, settings.user_placeholder)
                    on:input=move |ev| { set_name.set(event_target_value(&ev)); set_typed.set(true); } />
                <button class="button primary" data-action="save-user" disabled=move || save.pending().get() on:click=move |_| {
                    set_typed.set(false);
                    save.dispatch(name.get_untracked().trim().to_owned());
                }>{t!(i18n, settings.save)}</button>
            </div>
            <Show when=saved><p class="ok-text" data-saved="true">{t!(i18n, settings.saved)}</p></Show>
        </section>
    }
}

fn megabytes(bytes: Option<f64>) -> String {
    bytes.map_or_else(|| "—".to_owned(), |b| format!("{:.1} MB", b / 1_048_576.0))
}

#[component]
fn StorageSection() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let state = RwSignal::new(None::<StorageState>);
    let photos = RwSignal::new(None::<f64>);
    let free = Action::new_local(move |_: &()| async move {
        let freed = app.free_uploaded_photos().await;
        photos.set(app.photo_space().await);
        state.set(Some(pwa::storage_state().await));
        freed
    });
    let freed = move || {
        free.value()
            .get()
            .map(|r| r.map_err(|e| labels::store_error(i18n, &e)))
    };
    // Only an enrolled device uploads photos, so only it has images to let go.
    let enrolled = move || app.sync.state.with(|s| s.account.is_some());
    spawn_local(async move { state.set(Some(pwa::storage_state().await)) });
    // Once the database is open (and again when the data changes).
    Effect::new(move |_| {
        if app.snapshot().is_some() {
            spawn_local(async move { photos.set(app.photo_space().await) });
        }
    });
    view! {
        <section class="card" data-section="storage">
            <h2>{t!(i18n, settings.storage)}</h2>
            {move || state.get().map(|s| {
                let persisted = match s.persisted {
                    Some(true) => t!(i18n, settings.persisted_yes).into_any(),
                    Some(false) => t!(i18n, settings.persisted_no).into_any(),
                    None => t!(i18n, settings.persisted_unknown).into_any(),
                };
                view! {
                    <p data-persisted=format!("{:?}", s.persisted)>{persisted}</p>
                    <dl class="facts">
                        <dt>{t!(i18n, settings.usage)}</dt>
                        <dd data-usage>{megabytes(s.usage_bytes)} " / " {megabytes(s.quota_bytes)}</dd>
                        <dt>{t!(i18n, settings.photo_space)}</dt>
                        <dd data-photo-space>{move || megabytes(photos.get())}</dd>
                    </dl>
                    {move || enrolled().then(|| view! {
                        <button class="button" data-action="free-photos" disabled=move || free.pending().get()
                            on:click=move |_| { free.dispatch(()); }>{t!(i18n, settings.free_photos)}</button>
                    })}
                    {move || freed().map(|result| match result {
                        Ok((n, bytes)) => view! {
                            <p class="muted" role="status" data-freed=n>
                                {t!(i18n, settings.freed_photos, n = n, size = megabytes(Some(bytes)))}
                            </p>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                    })}
                    {(s.persisted == Some(false)).then(|| view! {
                        <button class="button" data-action="persist" on:click=move |_| spawn_local(async move {
                            pwa::request_persistence().await;
                            state.set(Some(pwa::storage_state().await));
                        })>{t!(i18n, settings.request_persist)}</button>
                    })}
                }
            })}
        </section>
    }
}

#[component]
fn BackupSection() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let export = Action::new_local(move |_: &()| async move { app.export_backup().await });
    // Records written so far, of how many: a big import takes seconds.
    let progress = RwSignal::new(None::<(usize, usize)>);
    let importing = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            let report = app
                .import_backup(file, move |done, total| progress.set(Some((done, total))))
                .await;
            progress.set(None);
            report
        }
    });
    let report = move || {
        importing.value().get().map(|r| {
            r.map_err(|problem| match problem {
                BackupProblem::NotABackup(why) => why,
                BackupProblem::Store(err) => labels::store_error(i18n, &err),
            })
        })
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().expect("input").unchecked_into();
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Cleared, so choosing the same file again imports it again.
        input.set_value("");
        importing.dispatch(file);
    };
    // Nothing to export to or import into until the database is open.
    let closed = move || !matches!(app.data.get(), crate::state::Data::Ready(_));
    view! {
        <section class="card" data-section="backup">
            <h2>{t!(i18n, settings.backup)}</h2>
            <p class="muted">{t!(i18n, settings.backup_hint)}</p>
            <div class="actions">
                <button class="button primary" data-action="export" disabled=move || closed() || export.pending().get()
                    on:click=move |_| { export.dispatch(()); }>{t!(i18n, settings.export)}</button>
                <label class="button file-button">
                    {t!(i18n, settings.import)}
                    <input type="file" name="backup" accept=".json,application/json"
                        disabled=move || closed() || importing.pending().get() on:change=import />
                </label>
            </div>
            {move || progress.get().map(|(done, total)| view! {
                <p class="import-progress" role="status">
                    <progress max=total value=done></progress>
                    {t!(i18n, settings.importing, done = done, total = total)}
                </p>
            })}
            {move || export.value().get().and_then(Result::err).map(|e| view! {
                <p class="error" role="alert" data-export="failed">{t!(i18n, settings.export_failed)} {e}</p>
            })}
            {move || report().map(|r| match r {
                Ok(r) => view! {
                    <p class="ok-text" data-import="done">
                        {t!(i18n, settings.import_done, added = r.added, unchanged = r.unchanged, kept = r.kept_local, requeued = r.requeued)}
                    </p>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{t!(i18n, settings.import_failed)} {e}</p> }.into_any(),
            })}
        </section>
    }
}
