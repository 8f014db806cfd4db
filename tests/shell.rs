//! Browser tests of the app shell (wasm-bindgen-test in headless Chromium):
//! it mounts, every route renders its page, the navigation works, and the
//! language switch changes the text and is remembered.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::Owner;
use leptos::view;
use revisit::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Puts the browser on `path` before the app mounts (as a deep link would).
fn visit(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

fn set_saved_locale(locale: Option<&str>) {
    use gloo_storage::{LocalStorage, Storage};
    match locale {
        Some(locale) => LocalStorage::set(revisit::app::LOCALE_KEY, locale).unwrap(),
        None => LocalStorage::delete(revisit::app::LOCALE_KEY),
    }
}

fn saved_locale() -> Option<String> {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get(revisit::app::LOCALE_KEY).ok()
}

/// Lets the reactive system and the router settle.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

/// A mounted app in its own container. Dropping it unmounts the view and cleans up
/// its reactive owner, which removes the router's window listeners (a dropped
/// `UnmountHandle` alone leaves them until the last owner reference goes).
struct Mounted {
    root: HtmlElement,
    owner: Owner,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Mounted {
    /// The app at `path`: the office app under `/office` (as the server and the
    /// service worker serve it), the technician's elsewhere.
    async fn at(path: &str) -> Self {
        use revisit::edition::Edition;
        let (routes, edition): (revisit::app::Routes, _) =
            if path.starts_with(revisit::edition::PREFIX) {
                (revisit::office::routes, Edition::Office)
            } else {
                (revisit::app::field_routes, Edition::Field)
            };
        visit(path);
        let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&root).unwrap();
        let owner = Owner::new();
        let handle = owner.with(|| {
            leptos::mount::mount_to(
                root.clone(),
                move || view! { <App routes=routes edition=edition /> },
            )
        });
        settle().await;
        Mounted {
            root,
            owner,
            handle: Some(Box::new(handle)),
        }
    }

    fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(selector)
            .unwrap()
            .map(|el| el.unchecked_into())
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector)
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .text_content()
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.take();
        self.owner.cleanup();
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn the_shell_mounts_with_five_sections_in_chinese() {
    set_saved_locale(Some("zh"));
    let app = Mounted::at("/").await;
    assert_eq!(app.count(".bottom-nav .nav-item"), 5);
    assert_eq!(app.text(".bottom-nav"), "今日客户问题报表设置");
    assert_eq!(app.text("h1"), "今日回访");
    let current = app
        .find(".nav-item[aria-current=page]")
        .expect("the current section is marked");
    assert_eq!(
        current.get_attribute("data-section").as_deref(),
        Some("today")
    );
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh")
    );
}

#[wasm_bindgen_test]
async fn every_route_renders_its_page() {
    set_saved_locale(Some("zh"));
    for (path, page, title) in [
        ("/", "today", "今日回访"),
        ("/customers", "customers", "客户"),
        ("/issues", "issues", "问题闭环"),
        ("/office/reports", "reports", "报表"),
        ("/office/customers", "not-found", "页面不存在"),
        ("/settings", "settings", "设置"),
        ("/no/such/page", "not-found", "页面不存在"),
    ] {
        let app = Mounted::at(path).await;
        assert!(
            app.find(&format!("[data-page={page}]")).is_some(),
            "{path} renders {page}"
        );
        assert_eq!(app.text("h1"), title, "{path}");
        assert_eq!(app.count("[data-page]"), 1, "{path} renders one page");
    }
}

#[wasm_bindgen_test]
async fn the_navigation_changes_the_page() {
    set_saved_locale(Some("zh"));
    let app = Mounted::at("/").await;
    app.find("a[data-section=customers]").unwrap().click();
    settle().await;
    assert!(app.find("[data-page=customers]").is_some());
    assert_eq!(
        web_sys::window().unwrap().location().pathname().unwrap(),
        "/customers"
    );
    let current = app.find(".nav-item[aria-current=page]").unwrap();
    assert_eq!(
        current.get_attribute("data-section").as_deref(),
        Some("customers")
    );
}

#[wasm_bindgen_test]
async fn the_language_switch_changes_the_text_and_is_remembered() {
    set_saved_locale(Some("zh"));
    {
        let app = Mounted::at("/settings").await;
        assert_eq!(app.text("h1"), "设置");
        assert_eq!(
            app.find("button[data-locale=zh]")
                .unwrap()
                .get_attribute("aria-pressed")
                .as_deref(),
            Some("true")
        );
        app.find("button[data-locale=en]").unwrap().click();
        settle().await;
        assert_eq!(app.text("h1"), "Settings");
        assert_eq!(
            app.text(".bottom-nav"),
            "TodayCustomersIssuesReportsSettings"
        );
        assert_eq!(
            app.find("button[data-locale=en]")
                .unwrap()
                .get_attribute("aria-pressed")
                .as_deref(),
            Some("true")
        );
        assert_eq!(saved_locale().as_deref(), Some("en"));
    }
    // A new start (another mount reading the saved choice) comes up in English.
    {
        let app = Mounted::at("/").await;
        assert_eq!(app.text("h1"), "Today's visits");
        app.find("a[data-section=settings]").unwrap().click();
        settle().await;
        app.find("button[data-locale=zh]").unwrap().click();
        settle().await;
        assert_eq!(app.text("h1"), "设置");
    }
    assert_eq!(saved_locale().as_deref(), Some("zh"));
    let app = Mounted::at("/").await;
    assert_eq!(app.text("h1"), "今日回访");
}

#[wasm_bindgen_test]
async fn a_language_kept_bare_by_an_older_app_is_still_read() {
    // Before gloo-storage the code was stored as it is, not as JSON.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item(revisit::app::LOCALE_KEY, "en").unwrap();
    {
        let app = Mounted::at("/").await;
        assert_eq!(app.text("h1"), "Today's visits");
    }
    set_saved_locale(Some("zh"));
    assert_eq!(
        storage
            .get_item(revisit::app::LOCALE_KEY)
            .unwrap()
            .as_deref(),
        Some("\"zh\""),
        "kept as JSON now"
    );
}

#[wasm_bindgen_test]
fn new_record_ids_are_time_ordered() {
    let ids: Vec<uuid::Uuid> = (0..50).map(|_| revisit::clock::new_id()).collect();
    assert!(ids.iter().all(|id| id.get_version_num() == 7));
    // Within one millisecond the random bits decide; across milliseconds, time does.
    let first = ids[0].get_timestamp().unwrap().to_unix();
    let now = js_sys::Date::now() as u64 / 1000;
    assert!(first.0.abs_diff(now) <= 1, "{first:?} vs {now}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
}

/// A bar chart is an image with a title and its figures as text; bars are scaled
/// to the largest value (or the given maximum), and a target is a mark of its own.
#[wasm_bindgen_test]
async fn a_bar_chart_scales_its_bars_and_says_its_figures() {
    use revisit::components::{Bar, BarChart};
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let bars = vec![
        Bar::new("现场走访", 50.0, "50.0%").with_target(40.0),
        Bar::new("电话", 25.0, "25.0%").with_target(60.0),
    ];
    let owner = Owner::new();
    let handle = owner.with(|| {
        leptos::mount::mount_to(root.clone(), move || {
            leptos::view! { <BarChart title="战略客户 · 回访方式占比".to_string() bars=bars.clone() max=100.0 /> }
        })
    });
    settle().await;
    let svg = root.query_selector("svg[role=img]").unwrap().unwrap();
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("战略客户 · 回访方式占比")
    );
    let desc = root
        .query_selector("svg desc")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(desc, "现场走访: 50.0%; 电话: 25.0%");
    let widths: Vec<f64> = (0..2)
        .map(|i| {
            let rect = root
                .query_selector_all("rect.chart-bar")
                .unwrap()
                .get(i)
                .unwrap();
            let rect: web_sys::Element = rect.unchecked_into();
            rect.get_attribute("width").unwrap().parse().unwrap()
        })
        .collect();
    assert!(
        (widths[0] - 2.0 * widths[1]).abs() < 0.01,
        "{widths:?}: half the value, half the bar"
    );
    assert_eq!(
        root.query_selector_all("line.chart-target")
            .unwrap()
            .length(),
        2
    );
    drop(handle);
    owner.cleanup();
    root.remove();
}
