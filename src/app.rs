//! The app shell: locale context, router, and the frame around every page.
use crate::components::{BottomNav, UpdateBanner};
use crate::i18n::{I18nContextProvider, Locale};
use crate::pages::{
    CustomerFormPage, CustomerPage, CustomersPage, InstallationFormPage, IssuePage, IssuesPage,
    NotFoundPage, ReportsPage, SettingsPage, TodayPage, VisitPage,
};
use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// Name of the cookie that remembers the chosen language.
pub const LOCALE_COOKIE: &str = "revisit_locale";

/// Ten years: the language choice should outlive any browser session.
const LOCALE_COOKIE_MAX_AGE_MS: i64 = 10 * 365 * 24 * 3600 * 1000;

#[component]
pub fn App() -> impl IntoView {
    let app = crate::state::AppState::provide();
    // Tells tests and styles whether the device's data is open yet.
    let data_state = move || match app.data.get() {
        crate::state::Data::Loading => "loading",
        crate::state::Data::Ready(_) => "ready",
        crate::state::Data::Failed(_) => "failed",
    };
    // Without a saved choice the locale follows `navigator.languages`, falling back to Chinese.
    let cookie_options = CookieOptions::<Locale>::default()
        .path("/")
        .max_age(LOCALE_COOKIE_MAX_AGE_MS);
    view! {
        <I18nContextProvider cookie_name=LOCALE_COOKIE cookie_options=cookie_options>
            <Router>
                <div class="shell" data-data=data_state>
                    <UpdateBanner />
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
                            <Route path=path!("/issues/:id") view=IssuePage />
                            <Route path=path!("/reports") view=ReportsPage />
                            <Route path=path!("/settings") view=SettingsPage />
                            <Route path=path!("/visit/:key") view=VisitPage />
                        </Routes>
                    </main>
                    <BottomNav />
                </div>
            </Router>
        </I18nContextProvider>
    }
}
