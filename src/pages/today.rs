//! Today (今日): what is overdue, due today, to prepare, and due this week — from
//! core's scheduler over the device's data. One tap on a row opens the visit.
use crate::components::{EmptyState, PageHeader, SuggestedCalls};
use crate::i18n::*;
use crate::labels;
use crate::state::{today, use_app, Data};
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use revisit_core::dataset::DataSet;
use revisit_core::schedule::{PlannedVisit, Status};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bucket {
    Overdue,
    Today,
    Prepare,
    Week,
}

impl Bucket {
    fn holds(self, v: &PlannedVisit, today: NaiveDate) -> bool {
        match self {
            Bucket::Overdue => matches!(v.status, Status::Overdue | Status::Missed),
            Bucket::Today => v.status == Status::Due,
            Bucket::Prepare => v.status == Status::Preparing,
            Bucket::Week => {
                v.status != Status::Done && v.due > today && v.due <= today + Days::new(7)
            }
        }
    }
}

/// What a row shows besides the planned visit.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    visit: PlannedVisit,
    customer: String,
    site: String,
}

fn rows(data: &DataSet, agenda: &[PlannedVisit]) -> Vec<Row> {
    let names: HashMap<Uuid, &str> = data
        .customers
        .iter()
        .map(|c| (c.id, c.name.as_str()))
        .collect();
    let sites: HashMap<Uuid, &str> = data
        .installations
        .iter()
        .map(|i| (i.id, i.site.as_str()))
        .collect();
    agenda
        .iter()
        .cloned()
        .map(|visit| Row {
            customer: names
                .get(&visit.customer_id)
                .copied()
                .unwrap_or_default()
                .to_owned(),
            site: visit
                .installation_ids
                .iter()
                .filter_map(|id| sites.get(id).copied())
                .collect::<Vec<_>>()
                .join("、"),
            visit,
        })
        .collect()
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let today = today();
    let rows = Memo::new(move |_| {
        let agenda = app.agenda.get()?;
        app.snapshot().map(|data| rows(&data, &agenda))
    });
    let (bucket, set_bucket) = signal(Bucket::Today);
    // Once the user picks a list, the automatic choice below stays out of the way.
    let (picked, set_picked) = signal(false);
    let count = move |b: Bucket| {
        rows.with(|r| {
            r.as_ref().map_or(0, |r| {
                r.iter().filter(|row| b.holds(&row.visit, today)).count()
            })
        })
    };
    // Open on the most urgent list that has something in it.
    Effect::new(move |chosen: Option<bool>| {
        if chosen == Some(true) || picked.get_untracked() || rows.with(Option::is_none) {
            return chosen.unwrap_or(false);
        }
        let first = [
            Bucket::Overdue,
            Bucket::Today,
            Bucket::Prepare,
            Bucket::Week,
        ]
        .into_iter()
        .find(|b| count(*b) > 0);
        if let Some(first) = first {
            set_bucket.set(first);
        }
        // Until there is something to show, keep looking.
        first.is_some()
    });
    let tab = move |b: Bucket, class: &'static str, label: AnyView| {
        view! {
            <button
                class=format!("bucket {class}")
                role="tab"
                data-bucket=class
                aria-selected=move || (bucket.get() == b).to_string()
                on:click=move |_| {
                    set_picked.set(true);
                    set_bucket.set(b);
                }
            >
                <span class="bucket-count">{move || count(b)}</span>
                <span class="bucket-label">{label}</span>
            </button>
        }
    };
    view! {
        <div class="page" data-page="today">
            <PageHeader>{t!(i18n, today.title)}</PageHeader>
            {move || match app.data.get() {
                Data::Loading => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                Data::Failed(err) => view! {
                    <p class="error" role="alert">{t!(i18n, today.storage_failed)} {err.to_string()}</p>
                }.into_any(),
                Data::Ready(data) if data.customers.is_empty() => view! { <DemoOffer /> }.into_any(),
                Data::Ready(_) => view! {
                    <div class="buckets" role="tablist">
                        {tab(Bucket::Overdue, "overdue", t!(i18n, today.overdue).into_any())}
                        {tab(Bucket::Today, "due", t!(i18n, today.due_today).into_any())}
                        {tab(Bucket::Prepare, "prepare", t!(i18n, today.prepare).into_any())}
                        {tab(Bucket::Week, "week", t!(i18n, today.this_week).into_any())}
                    </div>
                    <ul class="visit-list" data-list=move || format!("{:?}", bucket.get()).to_lowercase()>
                        <For
                            each=move || {
                                let b = bucket.get();
                                let mut list: Vec<Row> = rows
                                    .get()
                                    .unwrap_or_default()
                                    .into_iter()
                                    .filter(|r| b.holds(&r.visit, today))
                                    .collect();
                                // Still recoverable (overdue) before already missed; then by due date.
                                list.sort_by_key(|r| (r.visit.status == Status::Missed, r.visit.due));
                                list
                            }
                            key=|row| (row.visit.key(), row.visit.status)
                            children=move |row| view! { <VisitRow row=row /> }
                        />
                    </ul>
                    <Show when=move || count(bucket.get()) == 0>
                        <p class="muted empty-list">{t!(i18n, today.list_empty)}</p>
                    </Show>
                    <SuggestedCalls />
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn VisitRow(row: Row) -> impl IntoView {
    let i18n = use_i18n();
    let v = row.visit;
    let href = format!("/visit/{}", v.key());
    let reasons = v
        .reasons
        .iter()
        .map(|r| view! { <span class="chip">{labels::reason(r)}</span> })
        .collect_view();
    let offset = crate::state::device_now().offset();
    let deadline = v
        .deadline
        .map(|t| t.with_timezone(&offset).format("%m-%d %H:%M").to_string());
    view! {
        <li>
            <a class="visit-row" href=href data-status=format!("{:?}", v.status).to_lowercase()>
                <div class="row-top">
                    <strong class="customer">{row.customer}</strong>
                    <span class=format!("badge tier-{}", v.tier.number())>{labels::tier(v.tier)}</span>
                    {v.major_customer.then(|| view! { <span class="badge major">{t!(i18n, tier.major)}</span> })}
                </div>
                <div class="row-reasons">{reasons}</div>
                <div class="row-meta">
                    {match deadline {
                        Some(at) => view! { <span>{t!(i18n, today.deadline_label)} " " {at}</span> }.into_any(),
                        None => view! { <span>{t!(i18n, today.due_label)} " " {v.due.format("%m-%d").to_string()}</span> }.into_any(),
                    }}
                    <span class="method">{labels::method(v.method)}</span>
                    {(!row.site.is_empty()).then(|| view! { <span class="site">{row.site}</span> })}
                    <span class=format!("status status-{:?}", v.status).to_lowercase()>{labels::status(v.status)}</span>
                </div>
            </a>
        </li>
    }
}

/// An empty device: offer the demo data set, so a newcomer sees a living app.
#[component]
fn DemoOffer() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let (busy, set_busy) = signal(false);
    let (error, set_error) = signal(None::<String>);
    let load = move |_| {
        set_busy.set(true);
        spawn_local(async move {
            let day = today();
            let data = revisit_core::demo::generate(300, 7, day);
            let result = match app.store() {
                Some(store) => store.import(&data).await.map_err(|e| e.to_string()),
                None => Err("storage not open".to_owned()),
            };
            if let Err(err) = result {
                set_error.set(Some(err));
            }
            app.reload().await;
            set_busy.set(false);
        });
    };
    view! {
        <EmptyState title=t!(i18n, today.empty_title).into_any() body=t!(i18n, today.empty_body).into_any() />
        <section class="card demo-offer">
            <p>{t!(i18n, today.demo_hint)}</p>
            <button class="button primary" data-action="load-demo" disabled=move || busy.get() on:click=load>
                {move || if busy.get() { t!(i18n, today.loading_demo).into_any() } else { t!(i18n, today.load_demo).into_any() }}
            </button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
