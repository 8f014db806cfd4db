//! Settings (设置): who uses the device, language, storage and backups, and what
//! this installation of the app is.
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::pwa::{self, StorageState};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use revisit_core::backup::{self, MergeReport};
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
                    <a class="button" href="/admin" data-action="open-admin">{t!(i18n, admin.open)}</a>
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
    let (saved, set_saved) = signal(false);
    view! {
        <section class="card">
            <h2>{t!(i18n, settings.user)}</h2>
            <p class="muted">{t!(i18n, settings.user_hint)}</p>
            <div class="inline-form">
                <input type="text" name="user" prop:value=move || name.get()
                    placeholder=move || t_string!(i18n, settings.user_placeholder)
                    on:input=move |ev| { set_name.set(event_target_value(&ev)); set_saved.set(false); } />
                <button class="button primary" data-action="save-user" on:click=move |_| {
                    let value = name.get_untracked().trim().to_owned();
                    spawn_local(async move {
                        if app.set_user(value).await.is_ok() {
                            set_saved.set(true);
                        }
                    });
                }>{t!(i18n, settings.save)}</button>
            </div>
            <Show when=move || saved.get()><p class="ok-text" data-saved="true">{t!(i18n, settings.saved)}</p></Show>
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
    let (freed, set_freed) = signal(None::<Result<(u32, f64), String>>);
    // Only an enrolled device uploads photos, so only it has images to let go.
    let enrolled = move || app.sync.state.with(|s| s.account.is_some());
    spawn_local(async move { state.set(Some(pwa::storage_state().await)) });
    // Once the database is open (and again when the data changes).
    Effect::new(move |_| {
        if app.snapshot().is_some() {
            spawn_local(async move {
                if let Some(store) = app.store() {
                    photos.set(store.photo_space().await.ok());
                }
            });
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
                        <button class="button" data-action="free-photos" on:click=move |_| spawn_local(async move {
                            let Some(store) = app.store() else { return };
                            set_freed.set(Some(store.free_uploaded_photos().await.map_err(|e| labels::store_error(i18n, &e))));
                            photos.set(store.photo_space().await.ok());
                            state.set(Some(pwa::storage_state().await));
                        })>{t!(i18n, settings.free_photos)}</button>
                    })}
                    {move || freed.get().map(|result| match result {
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
    let (report, set_report) = signal(None::<Result<MergeReport, String>>);
    let export = move |_| {
        spawn_local(async move {
            if let Err(err) = crate::backup::export(&app).await {
                leptos::logging::warn!("backup export failed: {err}");
            }
        });
    };
    // Records written so far, of how many: a big import takes seconds.
    let progress = RwSignal::new(None::<(usize, usize)>);
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().expect("input").unchecked_into();
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Cleared, so choosing the same file again imports it again.
        input.set_value("");
        spawn_local(async move {
            let result = async {
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .map_err(|e| format!("{e:?}"))?;
                let backup = crate::backup::parse(&text)?;
                let store = app.store().ok_or("storage not open")?;
                // Memory holds what the store holds: no need to read it again.
                let local = app.snapshot_untracked().ok_or("storage not open")?;
                let queued = store
                    .outbox()
                    .await
                    .map_err(|e| labels::store_error(i18n, &e))?;
                let (add, requeue, report) = {
                    let _s = crate::timing::span("revisit:import:merge");
                    backup::merge(&local, &queued, &backup)
                };
                let writing = crate::timing::span("revisit:import:write");
                store
                    .import(&add, |done, total| progress.set(Some((done, total))))
                    .await
                    .map_err(|e| labels::store_error(i18n, &e))?;
                store
                    .requeue(&requeue)
                    .await
                    .map_err(|e| labels::store_error(i18n, &e))?;
                drop(writing);
                let mut merged = (*local).clone();
                merged.append(add);
                Ok::<_, String>((report, merged))
            }
            .await;
            progress.set(None);
            match result {
                Ok((report, merged)) => {
                    set_report.set(Some(Ok(report)));
                    app.set_data(merged).await;
                }
                Err(err) => set_report.set(Some(Err(err))),
            }
        });
    };
    // Nothing to export to or import into until the database is open.
    let closed = move || !matches!(app.data.get(), crate::state::Data::Ready(_));
    view! {
        <section class="card" data-section="backup">
            <h2>{t!(i18n, settings.backup)}</h2>
            <p class="muted">{t!(i18n, settings.backup_hint)}</p>
            <div class="actions">
                <button class="button primary" data-action="export" disabled=closed on:click=export>{t!(i18n, settings.export)}</button>
                <label class="button file-button">
                    {t!(i18n, settings.import)}
                    <input type="file" name="backup" accept=".json,application/json"
                        disabled=move || closed() || progress.with(Option::is_some) on:change=import />
                </label>
            </div>
            {move || progress.get().map(|(done, total)| view! {
                <p class="import-progress" role="status">
                    <progress max=total value=done></progress>
                    {t!(i18n, settings.importing, done = done, total = total)}
                </p>
            })}
            {move || report.get().map(|r| match r {
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
