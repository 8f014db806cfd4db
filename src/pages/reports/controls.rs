//! What every report page shares: the period (a month or a year, stepped back and
//! forth), the scope (tier, region, product line, technician), the line saying
//! which data the figures cover, and the export and print buttons.
use crate::clock::today;
use crate::components::{sync_time, PageHeader};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::Datelike;
use leptos::prelude::*;
use revisit_core::report::{Period, Scope};
use revisit_core::tier::Tier;
use revisit_core::user::UserId;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Month,
    Year,
}

/// The chosen period and scope.
#[derive(Clone, Copy)]
pub struct Controls {
    pub span: RwSignal<Span>,
    /// The month (its first day) or the year the report is about.
    pub at: RwSignal<chrono::NaiveDate>,
    pub scope: RwSignal<Scope>,
}

impl Controls {
    /// This month, every customer.
    pub fn new() -> Self {
        let now = today();
        Self {
            span: RwSignal::new(Span::Month),
            at: RwSignal::new(now.with_day(1).unwrap_or(now)),
            scope: RwSignal::new(Scope::default()),
        }
    }

    pub fn period(&self) -> Period {
        let at = self.at.get();
        let period = match self.span.get() {
            Span::Month => Period::month(at.year(), at.month()),
            Span::Year => Period::year(at.year()),
        };
        period.expect("a month or year of a valid date")
    }

    /// "2026-11" or "2026": the same in both languages, for titles and file names.
    pub fn label(&self) -> String {
        let at = self.at.get();
        match self.span.get() {
            Span::Month => format!("{}-{:02}", at.year(), at.month()),
            Span::Year => at.year().to_string(),
        }
    }

    fn step(&self, forward: bool) {
        let months = chrono::Months::new(if self.span.get_untracked() == Span::Month {
            1
        } else {
            12
        });
        self.at.update(|at| {
            let moved = if forward {
                at.checked_add_months(months)
            } else {
                at.checked_sub_months(months)
            };
            // Only to periods a report covers (the years 1970 to 2200): `period`
            // can then always make one.
            let span = self.span.get_untracked();
            if let Some(moved) = moved.filter(|m| {
                match span {
                    Span::Month => Period::month(m.year(), m.month()),
                    Span::Year => Period::year(m.year()),
                }
                .is_ok()
            }) {
                *at = moved;
            }
        });
    }
}

/// The regions, product lines and technicians a scope can pick.
#[derive(Clone, PartialEq)]
struct Choices {
    regions: BTreeSet<String>,
    lines: BTreeSet<String>,
    /// Owners and those visits were handed to, by name.
    owners: Vec<(UserId, String)>,
}

/// The period and scope pickers, and the data the report covers.
#[component]
pub fn ReportControls(controls: Controls) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // The choices the device's data offers.
    let choices = Memo::new(move |_| {
        let data = app.snapshot()?;
        let set = |values: Vec<String>| values.into_iter().filter(|v| !v.is_empty()).collect();
        Some(Choices {
            regions: set(data.customers.iter().map(|c| c.region.clone()).collect()),
            lines: set(data
                .installations
                .iter()
                .map(|i| i.product_line.clone())
                .collect()),
            // Owners, and those visits were handed to (`assignment`).
            owners: data
                .technicians()
                .into_iter()
                .map(|id| (id, app.name_of(id)))
                .collect(),
        })
    });
    // Product lines by the name the settings give them, in the user's language.
    let line_name = move |key: &str| {
        app.snapshot_untracked()
            .and_then(|data| {
                data.settings()
                    .product_line(key)
                    .map(|l| labels::pick(&l.name))
            })
            .unwrap_or_else(|| key.to_owned())
    };
    let options = move |pick: fn(&Choices) -> &BTreeSet<String>, named: bool| {
        choices.get().map(|c| {
            pick(&c)
                .iter()
                .map(|v| {
                    let shown = if named { line_name(v) } else { v.clone() };
                    view! { <option value=v.clone()>{shown}</option> }
                })
                .collect_view()
        })
    };
    let set_text = move |value: String, field: fn(&mut Scope) -> &mut Option<String>| {
        controls
            .scope
            .update(|s| *field(s) = Some(value).filter(|v| !v.is_empty()));
    };
    let span_button = move |span: Span, label: AnyView| {
        view! {
            <button type="button" class="chip-button" aria-pressed=move || (controls.span.get() == span).to_string()
                data-span=move || if span == Span::Month { "month" } else { "year" }
                on:click=move |_| controls.span.set(span)>{label}</button>
        }
    };
    view! {
        <section class="report-controls no-print" aria-label=move || t_string!(i18n, reports.title).to_string()>
            <div class="chips">
                {span_button(Span::Month, t!(i18n, reports.month).into_any())}
                {span_button(Span::Year, t!(i18n, reports.year).into_any())}
            </div>
            <div class="period-step">
                <button type="button" class="button" data-action="previous-period" on:click=move |_| controls.step(false)>
                    "‹ " {t!(i18n, reports.previous)}
                </button>
                <strong data-period>{move || controls.label()}</strong>
                <button type="button" class="button" data-action="next-period" on:click=move |_| controls.step(true)>
                    {t!(i18n, reports.next)} " ›"
                </button>
            </div>
            <div class="filters">
                <select data-filter="tier" on:change=move |ev| {
                    let tier = match event_target_value(&ev).as_str() {
                        "strategic" => Some(Tier::Strategic),
                        "key" => Some(Tier::Key),
                        "general" => Some(Tier::General),
                        _ => None,
                    };
                    controls.scope.update(|s| s.tier = tier);
                }>
                    <option value="">{t!(i18n, reports.all_tiers)}</option>
                    <option value="strategic">{labels::tier(Tier::Strategic)}</option>
                    <option value="key">{labels::tier(Tier::Key)}</option>
                    <option value="general">{labels::tier(Tier::General)}</option>
                </select>
                <select data-filter="region" on:change=move |ev| set_text(event_target_value(&ev), |s| &mut s.region)>
                    <option value="">{t!(i18n, reports.all_regions)}</option>
                    {move || options(|c| &c.regions, false)}
                </select>
                <select data-filter="product_line" on:change=move |ev| set_text(event_target_value(&ev), |s| &mut s.product_line)>
                    <option value="">{t!(i18n, reports.all_lines)}</option>
                    {move || options(|c| &c.lines, true)}
                </select>
                <select data-filter="technician" on:change=move |ev| {
                    let picked = UserId::parse(&event_target_value(&ev));
                    controls.scope.update(|s| s.technician = picked);
                }>
                    <option value="">{t!(i18n, reports.all_technicians)}</option>
                    {move || choices.get().map(|c| {
                        c.owners
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                            .collect_view()
                    })}
                </select>
            </div>
        </section>
    }
}

/// A report page: its title, the period and scope pickers, the export and print
/// buttons and the print header, then the report itself.
#[component]
pub fn ReportFrame(
    page: &'static str,
    title: Signal<String>,
    controls: Controls,
    csv: Callback<(), String>,
    children: Children,
) -> impl IntoView {
    let period = Signal::derive(move || controls.label());
    view! {
        <div class="page report" data-page=page>
            <PageHeader>{title}</PageHeader>
            <ReportControls controls=controls />
            <ReportActions title=title period=period csv=csv />
            {children()}
        </div>
    }
}

/// The print header (shown on paper only) and the export / print buttons.
#[component]
pub fn ReportActions(
    title: Signal<String>,
    period: Signal<String>,
    csv: Callback<(), String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = app.sync.state;
    let covers = move || {
        sync.with(|s| match (&s.account, s.last_sync) {
            (Some(_), Some(at)) => t!(i18n, reports.covers_synced, at = sync_time(at)).into_any(),
            (Some(_), None) => t!(i18n, reports.covers_unsynced).into_any(),
            (None, _) => t!(i18n, reports.covers_device).into_any(),
        })
    };
    let export = move |_| {
        let name = format!("{}_{}.csv", title.get_untracked(), period.get_untracked());
        if let Err(err) = crate::pwa::download(&name, &csv.run(()), "text/csv;charset=utf-8") {
            leptos::logging::error!("CSV export failed: {err:?}");
        }
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <div class="report-actions no-print">
            <button type="button" class="button" data-action="export-csv" on:click=export>{t!(i18n, reports.export_csv)}</button>
            <button type="button" class="button" data-action="print" on:click=print>{t!(i18n, reports.print)}</button>
        </div>
        <div class="print-only print-header">
            <h1>{title}</h1>
            <p>{period} " · " {t!(i18n, reports.printed_on, date = today().to_string())}</p>
        </div>
        <p class="muted report-covers" data-covers>{covers}</p>
    }
}

/// "75.0%" or "—" for no rate.
pub fn percent(rate: revisit_core::report::Rate) -> String {
    rate.percent()
        .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
}

/// "4.25" or "—".
pub fn average(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}
