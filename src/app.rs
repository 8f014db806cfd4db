//! The app shell: locale context, router, and the frame around every page; the
//! technician's routes (the office app adds its own: `crate::office`).
use crate::components::{
    BottomNav, Flash, InsecureBanner, StoreNoticeBanner, SyncBar, UpdateBanner,
};
use crate::i18n::{use_i18n, I18nLocaleTrait, I18nSubContextProvider, Locale};
use leptos::prelude::*;
use leptos_router::components::Router;

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

/// Which routes a build answers: the technician's app, or the office app, which
/// holds them all (`crate::office`).
pub type Routes = fn() -> AnyView;

#[component]
pub fn App(routes: Routes, edition: crate::edition::Edition) -> impl IntoView {
    provide_context(edition);
    // Without a saved choice the language follows `navigator.languages`, falling back
    // to Chinese. The choice is the context's initial locale, so no first frame shows
    // the other language.
    match saved_locale() {
        Some(locale) => view! {
            <I18nSubContextProvider initial_locale=Signal::stored(locale)><Shell routes=routes /></I18nSubContextProvider>
        }
        .into_any(),
        None => view! { <I18nSubContextProvider><Shell routes=routes /></I18nSubContextProvider> }.into_any(),
    }
}

/// The frame around every page, within the language context.
#[component]
fn Shell(routes: Routes) -> impl IntoView {
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
    // Customer mode: the survey alone, without the bar, the banners or the tabs.
    let handed = move || app.handed_over.with(Option::is_some).to_string();
    view! {
            <Router>
                <HandOverGuard />
                <div class="shell" data-data=data_state data-handed=handed>
                    <InsecureBanner />
                    <UpdateBanner />
                    <StoreNoticeBanner />
                    <SyncBar />
                    <Flash />
                    <main class="content" id="main">{routes()}</main>
                    <BottomNav />
                </div>
            </Router>
    }
}

/// In customer mode, wherever the customer goes (the back gesture, a typed
/// address) leads back to the survey they were handed.
#[component]
fn HandOverGuard() -> impl IntoView {
    let app = crate::state::use_app();
    let location = leptos_router::hooks::use_location();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        let Some(key) = app.handed_over.get() else {
            return;
        };
        let path = location.pathname.get();
        let here = js_sys::decode_uri_component(&path)
            .ok()
            .and_then(|p| p.as_string())
            .unwrap_or(path);
        let survey = format!("/visit/{key}");
        if here != survey {
            let replace = leptos_router::NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&survey, replace);
        }
    });
}

/// The app's routes: the technician's screens, then `$more` (the office app's own,
/// or the field app's way to them). Written once for both builds.
macro_rules! routes_with {
    ($($more:tt)*) => {{
        use leptos::prelude::*;
        use leptos_router::components::{Route, Routes};
        use leptos_router::path;
        use $crate::pages::{
            CustomerFormPage, CustomerPage, CustomersPage, EvaluatePage, InstallationFormPage, IssuePage,
            IssuesPage, NotFoundPage, RaiseIssuePage, SettingsPage, SyncPage,
            TaskPage, TodayPage, VisitPage,
        };
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=TodayPage />
                <Route path=path!("/customers") view=CustomersPage />
                <Route path=path!("/customers/new") view=CustomerFormPage />
                <Route path=path!("/customers/:id") view=CustomerPage />
                <Route path=path!("/customers/:id/edit") view=CustomerFormPage />
                <Route path=path!("/customers/:id/evaluate") view=EvaluatePage />
                <Route path=path!("/customers/:id/installations/new") view=InstallationFormPage />
                <Route path=path!("/customers/:id/installations/:installation") view=InstallationFormPage />
                <Route path=path!("/issues") view=IssuesPage />
                <Route path=path!("/issues/new") view=RaiseIssuePage />
                <Route path=path!("/issues/:id") view=IssuePage />
                <Route path=path!("/settings") view=SettingsPage />
                <Route path=path!("/sync") view=SyncPage />
                <Route path=path!("/visit/:key") view=VisitPage />
                <Route path=path!("/tasks/:plan/:task") view=TaskPage />
                $($more)*
            </Routes>
        }
        .into_any()
    }};
}
pub(crate) use routes_with;

/// The technician's app: its screens, and the office's a page load away (the
/// office app answers them: `edition::ToOffice`).
pub fn field_routes() -> AnyView {
    routes_with!(<Route path=path!("/office/*any") view=crate::edition::ToOffice />)
}
