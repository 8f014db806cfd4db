//! Settings (设置): language, and what this installation of the app is.
use crate::components::PageHeader;
use crate::i18n::*;
use crate::pwa;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let is = move |locale: Locale| move || i18n.get_locale() == locale;
    view! {
        <div class="page" data-page="settings">
            <PageHeader>{t!(i18n, settings.title)}</PageHeader>
            <section class="card">
                <h2 id="language-heading">{t!(i18n, settings.language)}</h2>
                <p class="muted">{t!(i18n, settings.language_hint)}</p>
                <div class="segmented" role="group" aria-labelledby="language-heading">
                    <button
                        class="segment"
                        lang="zh-CN"
                        data-locale="zh"
                        aria-pressed=move || is(Locale::zh)().to_string()
                        on:click=move |_| i18n.set_locale(Locale::zh)
                    >
                        {t!(i18n, settings.lang_zh)}
                    </button>
                    <button
                        class="segment"
                        lang="en"
                        data-locale="en"
                        aria-pressed=move || is(Locale::en)().to_string()
                        on:click=move |_| i18n.set_locale(Locale::en)
                    >
                        {t!(i18n, settings.lang_en)}
                    </button>
                </div>
            </section>
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
