//! Today (今日): what is overdue, due today, to prepare, and due this week — from
//! core's scheduler over the device's data. One tap on a row opens the visit.
use crate::components::{EmptyState, MaintenanceTasks, PageHeader, SuggestedCalls};
use crate::i18n::*;
use crate::labels;
use crate::state::{use_app, Data};
use leptos::prelude::*;
use revisit_core::schedule::Reason;
use revisit_core::today::{Bucket, Row};

/// How many rows a list shows at first, and more on each "show more".
const ROWS_AT_ONCE: usize = 50;

/// What the page can show.
#[derive(Clone, Debug, PartialEq)]
enum Mode {
    Waiting,
    Failed(String),
    /// An empty device: offer the demo.
    Empty,
    Lists,
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let mode = Memo::new(move |_| match app.data.get() {
        Data::Failed(err) => Mode::Failed(labels::store_error(i18n, &err)),
        Data::Ready(data) if data.customers.is_empty() => Mode::Empty,
        _ if app.today.with(Option::is_some) => Mode::Lists,
        _ => Mode::Waiting,
    });
    let (bucket, set_bucket) = signal(Bucket::Due);
    // A long list grows on demand: the first rows show at once even with thousands due.
    let (shown, set_shown) = signal(ROWS_AT_ONCE);
    Effect::new(move |_| {
        bucket.track();
        set_shown.set(ROWS_AT_ONCE);
    });
    // Once the user picks a list, the automatic choice below stays out of the way.
    let (picked, set_picked) = signal(false);
    let count = move |b: Bucket| app.today.with(|t| t.as_ref().map_or(0, |t| t.total(b)));
    // Open on the most urgent list that has something in it.
    Effect::new(move |chosen: Option<bool>| {
        if chosen == Some(true) || picked.get_untracked() {
            return true;
        }
        match app.today.with(|t| t.as_ref().and_then(|t| t.most_urgent())) {
            Some(first) => {
                set_bucket.set(first);
                true
            }
            // Until there is something to show, keep looking.
            None => false,
        }
    });
    let tab = move |b: Bucket, label: AnyView| {
        view! {
            <button
                class=format!("bucket {}", b.name())
                role="tab"
                data-bucket=b.name()
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
            // The day the lists are for: planned again when it changes (state.rs).
            {move || app.today.with(|t| t.as_ref().map(|t| t.date)).map(|date| view! {
                <p class="muted today-date" data-today-date=date.to_string()>{labels::day(date)}</p>
            })}
            {move || match mode.get() {
                Mode::Waiting => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                Mode::Failed(err) => view! {
                    <p class="error" role="alert">{t!(i18n, today.storage_failed)} {err}</p>
                }.into_any(),
                Mode::Empty => view! { <DemoOffer /> }.into_any(),
                Mode::Lists => view! {
                    <div class="buckets" role="tablist">
                        {tab(Bucket::Overdue, t!(i18n, today.overdue).into_any())}
                        {tab(Bucket::Due, t!(i18n, today.due_today).into_any())}
                        {tab(Bucket::Prepare, t!(i18n, today.prepare).into_any())}
                        {tab(Bucket::Week, t!(i18n, today.this_week).into_any())}
                    </div>
                    // Shown from what the last run kept until the fresh plan is ready.
                    <Show when=move || app.agenda.with(Option::is_none)>
                        <p class="muted updating" data-updating="true" role="status">{t!(i18n, today.updating)}</p>
                    </Show>
                    <ul class="visit-list" data-list=move || bucket.get().name()>
                        <For
                            each=move || {
                                let b = bucket.get();
                                let n = shown.get();
                                app.today.with(|t| {
                                    t.as_ref()
                                        .and_then(|t| t.list(b))
                                        .map(|l| l.rows.iter().take(n).cloned().collect::<Vec<_>>())
                                        .unwrap_or_default()
                                })
                            }
                            key=|row| (row.visit.key(), row.visit.status)
                            children=move |row| view! { <VisitRow row=row /> }
                        />
                    </ul>
                    <Show when=move || shown.get() < count(bucket.get())>
                        <button class="button more" data-action="show-more"
                            on:click=move |_| set_shown.update(|n| *n += ROWS_AT_ONCE)>
                            {move || t!(i18n, today.show_more, n = count(bucket.get()).saturating_sub(shown.get()))}
                        </button>
                    </Show>
                    <Show when=move || count(bucket.get()) == 0>
                        <p class="muted empty-list">{t!(i18n, today.list_empty)}</p>
                    </Show>
                    <MaintenanceTasks />
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
    let key = v.key();
    let href = format!("/visit/{key}");
    // What the visit is for, by kind (routine, extra, lifecycle, event and the event's
    // kind, e.g. complaint): for tests, which pick visits by what they are, not by place.
    let kinds = v
        .reasons
        .iter()
        .flat_map(|r| {
            let event = match r {
                Reason::Event { event, .. } => Some(crate::json::wire_name(event)),
                _ => None,
            };
            std::iter::once(r.kind_name().to_owned()).chain(event)
        })
        .collect::<Vec<_>>()
        .join(" ");
    let reasons = v
        .reasons
        .iter()
        .map(|r| view! { <span class="chip">{labels::reason(r)}</span> })
        .collect_view();
    let offset = crate::clock::device_now().offset();
    let deadline = v
        .deadline
        .map(|t| t.with_timezone(&offset).format("%m-%d %H:%M").to_string());
    view! {
        <li>
            <a class="visit-row" href=href data-status=format!("{:?}", v.status).to_lowercase()
                data-visit-key=key data-customer=v.customer_id.to_string() data-reasons=kinds
                data-checklist=(!v.stages.is_empty()).then_some("")
                data-on-site=v.on_site_required.then_some("")>
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
                {v.unmet.first().map(|u| view! { <p class="row-unmet" data-unmet=u.visit_id.to_string()>{labels::unmet(u)}</p> })}
            </a>
        </li>
    }
}

/// An empty device: offer the demo data set, so a newcomer sees a living app.
#[component]
fn DemoOffer() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let load_demo = Action::new_local(move |_: &()| async move { app.load_demo().await });
    let busy = load_demo.pending();
    let error = move || {
        load_demo
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| labels::store_error(i18n, &e))
    };
    let load = move |_| {
        load_demo.dispatch(());
    };
    // An enrolled device gets its data from the server, never the demo.
    if app.sync.state.with_untracked(|s| s.account.is_some()) {
        return view! {
            <EmptyState title=t!(i18n, today.empty_title).into_any() body=t!(i18n, today.empty_enrolled).into_any() />
        }
        .into_any();
    }
    view! {
        <EmptyState title=t!(i18n, today.empty_title).into_any() body=t!(i18n, today.empty_body).into_any() />
        <section class="card demo-offer">
            <p>{t!(i18n, today.demo_hint)}</p>
            <button class="button primary" data-action="load-demo" disabled=move || busy.get() on:click=load>
                {move || if busy.get() { t!(i18n, today.loading_demo).into_any() } else { t!(i18n, today.load_demo).into_any() }}
            </button>
            {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
    .into_any()
}
