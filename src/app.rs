//! The app shell: locale context, router, and the frame around every page.
use crate::components::{
    BottomNav, Flash, InsecureBanner, StoreNoticeBanner, SyncBar, UpdateBanner,
};
use crate::i18n::{use_i18n, I18nLocaleTrait, I18nSubContextProvider, Locale};
use crate::pages::{
    ActionPage, ActionsPage, AdminPage, AnalysisReportPage, CustomerFormPage, CustomerPage,
    CustomersPage, InstallationFormPage, IssuePage, IssuesPage, LedgerPage, NewActionPage,
    NotFoundPage, PlanPage, RaiseIssuePage, ReportsPage, SatisfactionReportPage, SettingsPage,
    SurveyPage, SyncPage, TodayPage, VisitPage,
};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// Where the chosen language is kept (web storage, `docs/architecture.md`): the
/// next start opens in it, before IndexedDB is open.
pub const LOCALE_KEY: &str = "revisit_locale";

/// The language chosen in Settings on this device, if any.
pub fn saved_locale() -> Option<Locale> {
    use gloo_storage::{LocalStorage, Storage};
    let saved = LocalStorage::get::<String>(LOCALE_KEY).ok().or_else(|| {
        // Before gloo-storage the code was kept bare (`zh`), not as JSON.
        LocalStorage::raw().get_item(LOCALE_KEY).ok().flatten()
    })?;
    saved.parse().ok()
}

/// Remembers the language chosen in Settings.
pub fn remember_locale(locale: Locale) {
    use gloo_storage::{LocalStorage, Storage};
    if let Err(err) = LocalStorage::set(LOCALE_KEY, locale.as_str()) {
        leptos::logging::warn!("the language chosen is not kept for the next start: {err}");
    }
}

#[component]
pub fn App() -> impl IntoView {
    // Without a saved choice the language follows `navigator.languages`, falling back
    // to Chinese. The choice is the context's initial locale, so no first frame shows
    // the other language.
    match saved_locale() {
        Some(locale) => view! {
            <I18nSubContextProvider initial_locale=Signal::stored(locale)><Shell /></I18nSubContextProvider>
        }
        .into_any(),
        None => view! { <I18nSubContextProvider><Shell /></I18nSubContextProvider> }.into_any(),
    }
}

/// The frame around every page, within the language context.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    // `<html lang>` follows the language (screen readers, fonts, hyphenation).
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", locale.as_str());
        }
    });
    let app = crate::state::AppState::provide();
    // Tells tests and styles whether the device's data is open yet.
    let data_state = move || match app.data.get() {
        crate::state::Data::Loading => "loading",
        crate::state::Data::Ready(_) => "ready",
        crate::state::Data::Failed(_) => "failed",
    };
    view! {
            <Router>
                <div class="shell" data-data=data_state>
                    <InsecureBanner />
                    <UpdateBanner />
                    <StoreNoticeBanner />
                    <SyncBar />
                    <Flash />
                    <main class="content" id="main">
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=TodayPage />
                            <Route path=path!("/customers") view=CustomersPage />
                            <Route path=path!("/customers/new") view=CustomerFormPage />
                            <Route path=path!("/customers/:id") view=CustomerPage />
                            <Route path=path!("/customers/:id/edit") view=CustomerFormPage />
                            <Route path=path!("/customers/:id/installations/new") view=InstallationFormPage />
                            <Route path=path!("/customers/:id/installations/:installation") view=InstallationFormPage />
                            <Route path=path!("/issues") view=IssuesPage />
                            <Route path=path!("/issues/new") view=RaiseIssuePage />
                            <Route path=path!("/issues/:id") view=IssuePage />
                            <Route path=path!("/reports") view=ReportsPage />
                            <Route path=path!("/reports/satisfaction") view=SatisfactionReportPage />
                            <Route path=path!("/reports/analysis") view=AnalysisReportPage />
                            <Route path=path!("/reports/ledger") view=LedgerPage />
                            <Route path=path!("/reports/plan") view=PlanPage />
                            <Route path=path!("/actions") view=ActionsPage />
                            <Route path=path!("/actions/new") view=NewActionPage />
                            <Route path=path!("/actions/:id") view=ActionPage />
                            <Route path=path!("/settings") view=SettingsPage />
                            <Route path=path!("/admin") view=AdminPage />
                            <Route path=path!("/sync") view=SyncPage />
                            <Route path=path!("/visit/:key") view=VisitPage />
                            <Route path=path!("/visits/:id/survey") view=SurveyPage />
                        </Routes>
                    </main>
                    <BottomNav />
                </div>
            </Router>
    }
}
