//! Suggested calls beyond the plan (seed 002): a random sample that changes each
//! day, the least satisfied, those needing follow-up service, and the longest
//! without contact.
use crate::clock::today;
use crate::i18n::*;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use revisit_core::dataset::DataSet;
use revisit_core::suggest::suggest;
use uuid::Uuid;

/// A suggested customer (id, name) and what tells it.
type Entry = ((Uuid, String), String);

#[component]
pub fn SuggestedCalls() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let day = today();
    // The day's number seeds the sample: the same list all day, another tomorrow.
    let seed = (day - NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"))
        .num_days()
        .unsigned_abs();
    // Figured a task after each change of the data, once Today's own lists are
    // on screen: they come first on a slow phone. (Holding no copy of the data,
    // which the app edits in place when nothing else holds it.)
    let figured = RwSignal::new(0u32);
    Effect::new(move |_| {
        app.data.track();
        leptos::task::spawn_local(async move {
            crate::state::next_task().await;
            figured.try_update(|n| *n += 1);
        });
    });
    let lists = Memo::new(move |_| {
        (figured.get() > 0)
            .then(|| app.snapshot_untracked())
            .flatten()
            .map(|data| suggested(&data, seed))
    });
    let list = move |entries: Vec<Entry>, kind: &'static str| {
        view! {
            <ul class="suggest-list" data-suggest=kind>
                {entries.into_iter().map(|((id, name), detail)| view! {
                    <li>
                        <a href=format!("/customers/{id}")>{name}</a>
                        {match (kind, detail.is_empty()) {
                            ("low", false) => Some(view! { <span class="muted">" · " {t!(i18n, suggest.rating, n = detail.clone())}</span> }.into_any()),
                            ("quiet", true) => Some(view! { <span class="muted">" · " {t!(i18n, suggest.never)}</span> }.into_any()),
                            (_, false) => Some(view! { <span class="muted">" · " {detail.clone()}</span> }.into_any()),
                            _ => None,
                        }}
                    </li>
                }).collect_view()}
            </ul>
        }
    };
    view! {
        {move || lists.get().filter(|l| !l.0.is_empty()).map(|(random, low, follow, quiet)| view! {
            <section class="card suggestions" data-section="suggested-calls">
                <h2>{t!(i18n, suggest.title)}</h2>
                <h3>{t!(i18n, suggest.low_satisfaction)}</h3>
                {list(low, "low")}
                <h3>{t!(i18n, suggest.follow_up)}</h3>
                {list(follow, "follow")}
                <h3>{t!(i18n, suggest.quiet)}</h3>
                {list(quiet, "quiet")}
                <h3>{t!(i18n, suggest.random)}</h3>
                {list(random, "random")}
            </section>
        })}
    }
}

/// Today's suggested calls over `data`: each with the customer's name and what
/// tells it (a rating, the last contact).
fn suggested(data: &DataSet, seed: u64) -> (Vec<Entry>, Vec<Entry>, Vec<Entry>, Vec<Entry>) {
    let _s = crate::timing::span("revisit:suggest");
    // A score of names among thousands of customers: looked up, not mapped.
    let name = |id: &Uuid| {
        let found = data.customers.iter().find(|c| c.id == *id);
        (*id, found.map(|c| c.name.clone()).unwrap_or_default())
    };
    let mut settings = data.settings().suggestions;
    settings.list_size = 5;
    let s = suggest(&data.customers, &data.visits, &data.issues, &settings, seed);
    (
        s.random
            .iter()
            .map(|id| (name(id), String::new()))
            .collect::<Vec<_>>(),
        s.low_satisfaction
            .iter()
            .map(|(id, r)| (name(id), r.to_string()))
            .collect::<Vec<_>>(),
        s.follow_up_service
            .iter()
            .map(|id| (name(id), String::new()))
            .collect::<Vec<_>>(),
        s.longest_without_contact
            .iter()
            .map(|(id, d)| (name(id), d.map(|d| d.to_string()).unwrap_or_default()))
            .collect::<Vec<_>>(),
    )
}
