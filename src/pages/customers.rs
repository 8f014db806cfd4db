//! Customers (客户): the customer files, searchable by name, code or region, each
//! with its tier.
use crate::clock::today;
use crate::components::{EmptyState, Icon, IconSvg, LiveScan, PageHeader};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::schedule::tier_all;
use revisit_core::tier::Tier;
use uuid::Uuid;

/// How many rows the list renders at once; typing narrows the rest.
const SHOWN: usize = 100;

#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: Uuid,
    name: String,
    code: String,
    region: String,
    industry: String,
    tier: Tier,
}

/// Reading a nameplate's photo.
#[derive(Clone, Debug, PartialEq)]
enum Scan {
    Reading,
    Read(String),
    NoCode,
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let (query, set_query) = signal(String::new());
    let (scan, set_scan) = signal(None::<Scan>);
    let all = Memo::new(move |_| {
        app.snapshot().map(|data| {
            let tiers = tier_all(&data.customers, &data.settings(), today());
            let mut rows: Vec<Row> = data
                .customers
                .iter()
                .map(|c| Row {
                    id: c.id,
                    name: c.name.clone(),
                    code: c.short_code.clone(),
                    region: c.region.clone(),
                    industry: c.industry.clone(),
                    tier: tiers.get(&c.id).map_or(Tier::General, |d| d.tier),
                })
                .collect();
            rows.sort_by(|a, b| (a.tier, &a.name).cmp(&(b.tier, &b.name)));
            rows
        })
    });
    let matching = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        all.get()
            .unwrap_or_default()
            .into_iter()
            .filter(|r| {
                q.is_empty()
                    || [&r.name, &r.code, &r.region, &r.industry]
                        .iter()
                        .any(|f| f.to_lowercase().contains(&q))
            })
            .collect::<Vec<_>>()
    });
    // A serial number (typed, or read off a nameplate) finds its installation.
    let equipment = Memo::new(move |_| {
        let code = query.get();
        let data = app.snapshot()?;
        let found: Vec<(Uuid, Uuid, String, String)> =
            revisit_core::installation::find_by_code(&data.installations, &code)
                .into_iter()
                .map(|i| {
                    let customer = data
                        .customers
                        .iter()
                        .find(|c| c.id == i.customer_id)
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    (
                        i.id,
                        i.customer_id,
                        format!("{} {}", i.serial_number, i.model).trim().to_owned(),
                        customer,
                    )
                })
                .collect();
        (!found.is_empty()).then_some(found)
    });
    view! {
        <div class="page" data-page="customers">
            <PageHeader>{t!(i18n, customers.title)}</PageHeader>
            <a class="button primary add" href="/customers/new" data-action="new-customer">"+ " {t!(i18n, customer_form.add)}</a>
            <label class="search">
                <IconSvg icon=Icon::Search />
                <input
                    type="search"
                    name="customer-search"
                    placeholder=move || t_string!(i18n, customers.search_placeholder)
                    aria-label=move || t_string!(i18n, customers.search_placeholder)
                    prop:value=query
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
            </label>
            <label class="button file-button scan-photo" data-action="scan-photo">
                {t!(i18n, customers.scan_nameplate)}
                <input type="file" accept="image/*" capture="environment" name="nameplate-photo" on:change=move |ev| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
                    set_scan.set(Some(Scan::Reading));
                    leptos::task::spawn_local(async move {
                        match crate::scan::read_code(&file).await {
                            Ok(text) => {
                                set_query.set(text.clone());
                                set_scan.set(Some(Scan::Read(text)));
                            }
                            Err(_) => set_scan.set(Some(Scan::NoCode)),
                        }
                    });
                    input.set_value("");
                } />
            </label>
            <LiveScan on_read=Callback::new(move |text: String| {
                set_query.set(text.clone());
                set_scan.set(Some(Scan::Read(text)));
            }) />
            {move || scan.get().map(|s| match s {
                Scan::Reading => view! { <p class="muted" data-scan="reading">{t!(i18n, customers.scan_reading)}</p> }.into_any(),
                Scan::Read(text) => view! { <p class="muted" data-scan="read">{t!(i18n, customers.scan_read, text = text)}</p> }.into_any(),
                Scan::NoCode => view! { <p class="warn" role="status" data-scan="none">{t!(i18n, customers.scan_none)}</p> }.into_any(),
            })}
            {move || equipment.get().map(|found| view! {
                <ul class="card-list equipment-found">
                    {found.into_iter().map(|(id, customer, label, name)| view! {
                        <li class="card">
                            <a class="card-link" data-installation=id.to_string() href=format!("/customers/{customer}#installation-{id}")>
                                <strong>{t!(i18n, customers.equipment)} " " {label}</strong>
                                <span class="muted block">{name}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {move || match all.get() {
                Some(rows) if rows.is_empty() => view! {
                    <EmptyState title=t!(i18n, customers.empty_title).into_any() body=t!(i18n, customers.empty_body).into_any() />
                }.into_any(),
                Some(_) => {
                    let n = matching.with(Vec::len);
                    view! {
                        <p class="muted" data-count=n>
                            {if n > SHOWN {
                                t!(i18n, customers.showing, shown = SHOWN, n = n).into_any()
                            } else if n == 0 && equipment.with(Option::is_some) {
                                // The serial matched an installation (listed above): no
                                // "nothing found" beside what was found.
                                t!(i18n, customers.found_by_serial).into_any()
                            } else if n == 0 {
                                t!(i18n, customers.no_match).into_any()
                            } else {
                                t!(i18n, customers.count, n = n).into_any()
                            }}
                        </p>
                        <ul class="visit-list customer-list">
                            <For
                                each=move || matching.get().into_iter().take(SHOWN)
                                key=|row| row.id
                                children=move |row| {
                                    let code = row.code.clone();
                                    view! {
                                    <li>
                                        <a class="visit-row customer-row" href=format!("/customers/{}", row.id) data-customer=row.id.to_string() data-code=code>
                                            <div class="row-top">
                                                <strong class="customer">{row.name}</strong>
                                                <span class=format!("badge tier-{}", row.tier.number())>{labels::tier(row.tier)}</span>
                                            </div>
                                            <div class="row-meta">
                                                <span>{row.code}</span>
                                                <span>{row.region}</span>
                                                <span>{row.industry}</span>
                                            </div>
                                        </a>
                                    </li>
                                    }
                                }
                            />
                        </ul>
                    }.into_any()
                }
                None => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
            }}
        </div>
    }
}
