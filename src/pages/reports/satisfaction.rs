//! 顾客满意度测量报告: the averages against the period before, the distribution of
//! ratings, the breakdowns, and the visits and items that need action.
use super::controls::{average, Controls, ReportFrame};
use super::findings::{action_chips, declining_lines};
use super::needs::NeedsTable;
use crate::clock::today;
use crate::components::{Bar, BarChart, LineChart, Series};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::report::csv::csv;
use revisit_core::report::satisfaction::{
    monthly_trend, satisfaction, Satisfaction, SatisfactionReport, Scores,
};
use revisit_core::report::Context;
use revisit_core::report::Period;
use revisit_core::survey::StageKey;
use std::collections::HashMap;
use uuid::Uuid;

#[component]
pub fn SatisfactionReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let controls = Controls::new();
    let report = Memo::new(move |_| {
        let data = app.snapshot()?;
        let (period, scope) = (controls.period(), controls.scope.get());
        let _span = crate::timing::span("revisit:report:satisfaction");
        let ctx = Context::new(&data, &scope, today());
        // With the twelve months up to the period's end, for the trend.
        Some((
            satisfaction(&ctx, period),
            monthly_trend(&ctx, period.to, 12),
        ))
    });
    // Product lines by the name the settings give them.
    let line_name = move |key: &str| {
        app.snapshot()
            .and_then(|data| {
                data.settings()
                    .product_line(key)
                    .map(|p| labels::pick(&p.name))
            })
            .unwrap_or_else(|| key.to_owned())
    };
    // A checklist item in the words its template asks it (the key if none knows it).
    let item_text = move |stage: StageKey, key: &str| {
        app.snapshot()
            .and_then(|data| data.checklist_item_text(stage, key))
            .map(|text| labels::pick(&text))
            .unwrap_or_else(|| key.to_owned())
    };
    let names = Memo::new(move |_| {
        app.snapshot()
            .map(|data| {
                data.customers
                    .iter()
                    .map(|c| (c.id, c.name.clone()))
                    .collect::<HashMap<Uuid, String>>()
            })
            .unwrap_or_default()
    });
    let title = Signal::derive(move || t_string!(i18n, reports.satisfaction).to_string());
    let export = Callback::new(move |()| {
        report
            .get_untracked()
            .map(|(r, _)| to_csv(i18n, &r, line_name))
            .unwrap_or_default()
    });
    view! {
        <ReportFrame page="satisfaction-report" title=title controls=controls csv=export>
            {move || report.get().map(|(r, trend)| {
                // The actions opened on the findings, read once for all of them.
                let data = app.snapshot_untracked();
                let opened = data.as_ref().map_or(&[][..], |d| d.actions.as_slice());
                view! {
                    <section class="report-summary">
                        {summary(i18n, t_string!(i18n, reports.product_quality).to_string(), &r.current.product, &r.previous.product, "product")}
                        {summary(i18n, t_string!(i18n, reports.service_quality).to_string(), &r.current.service, &r.previous.service, "service")}
                    </section>
                    // How many answers the customers gave themselves (seed 001: the
                    // customer fills the survey), not the technician for them.
                    {(r.current.product.count > 0).then(|| view! {
                        <p class="muted" data-by-customer=r.current.by_customer>
                            {t!(i18n, reports.by_customer, n = r.current.by_customer, total = r.current.product.count)}
                        </p>
                    })}
                    <section class="report-charts">
                        {trend_chart(i18n, &trend)}
                        {distribution(i18n, t_string!(i18n, reports.product_quality).to_string(), &r.current.product)}
                        {distribution(i18n, t_string!(i18n, reports.service_quality).to_string(), &r.current.service)}
                        <BarChart
                            title=format!("{} · {}", t_string!(i18n, reports.by_tier), t_string!(i18n, reports.product_avg))
                            bars=r.by_tier.iter().map(|(t, s)| Bar::new(labels::tier_text(i18n, *t), s.product.average().unwrap_or(0.0), average(s.product.average()))).collect()
                            max=5.0
                        />
                    </section>
                    {breakdown(i18n, t_string!(i18n, reports.by_tier).to_string(), "tier",
                        r.by_tier.iter().map(|(t, s)| (labels::tier_text(i18n, *t), s.clone())).collect())}
                    {breakdown(i18n, t_string!(i18n, reports.by_line).to_string(), "line",
                        r.by_product_line.iter().map(|(k, s)| (line_name(k), s.clone())).collect())}
                    {breakdown(i18n, t_string!(i18n, reports.by_region).to_string(), "region",
                        r.by_region.iter().map(|(k, s)| (k.clone(), s.clone())).collect())}
                    {declining_lines(i18n, &r.declining_lines, opened, app.may_handle_actions(), line_name)}
                    {action_needed(i18n, &r, opened, &names.get(), item_text)}
                    {(!r.needs.is_empty()).then(|| view! { <NeedsTable groups=r.needs.clone() /> })}
                }
            })}
        </ReportFrame>
    }
}

/// One kind of rating: its average, how many, and the period before.
fn summary(
    i18n: leptos_i18n::I18nContext<Locale>,
    title: String,
    now: &Scores,
    before: &Scores,
    key: &'static str,
) -> impl IntoView {
    let count = now.count;
    let headline = match now.average() {
        Some(_) => t!(i18n, reports.rated_n, n = count).into_any(),
        None => t!(i18n, reports.no_ratings).into_any(),
    };
    let trend = match (now.average(), before.average()) {
        (Some(a), Some(b)) if a > b => "up",
        (Some(a), Some(b)) if a < b => "down",
        _ => "flat",
    };
    let previous = match before.average() {
        Some(avg) => t!(i18n, reports.vs_previous, avg = format!("{avg:.2}")).into_any(),
        None => t!(i18n, reports.vs_previous_none).into_any(),
    };
    let arrow = match trend {
        "up" => "▲ ",
        "down" => "▼ ",
        _ => "",
    };
    view! {
        <div class="card stat" data-score=key data-trend=trend>
            <h2>{title}</h2>
            <p class="stat-value">{average(now.average())}</p>
            <p>{headline}</p>
            <p class="muted">{arrow}{previous}</p>
        </div>
    }
}

fn trend_chart(
    i18n: leptos_i18n::I18nContext<Locale>,
    trend: &[(Period, Satisfaction)],
) -> impl IntoView {
    let labels = trend
        .iter()
        .map(|(p, _)| p.from.format("%m").to_string())
        .collect();
    let series = vec![
        Series {
            name: t_string!(i18n, reports.product_short).to_string(),
            class: "product",
            values: trend.iter().map(|(_, s)| s.product.average()).collect(),
        },
        Series {
            name: t_string!(i18n, reports.service_short).to_string(),
            class: "service",
            values: trend.iter().map(|(_, s)| s.service.average()).collect(),
        },
    ];
    view! { <LineChart title=t_string!(i18n, reports.trend).to_string() labels=labels series=series low=1.0 high=5.0 /> }
}

fn distribution(
    i18n: leptos_i18n::I18nContext<Locale>,
    what: String,
    scores: &Scores,
) -> impl IntoView {
    let bars = (1..=5u8)
        .rev()
        .map(|n| {
            let count = scores.distribution[usize::from(n - 1)];
            Bar::new(format!("{n} ★"), f64::from(count), count.to_string())
        })
        .collect();
    view! { <BarChart title=format!("{what} · {}", t_string!(i18n, reports.distribution)) bars=bars /> }
}

fn breakdown(
    i18n: leptos_i18n::I18nContext<Locale>,
    title: String,
    key: &'static str,
    rows: Vec<(String, Satisfaction)>,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(group, s)| {
            view! {
                <tr>
                    <th scope="row">{group}</th>
                    <td>{s.product.count}</td>
                    <td>{average(s.product.average())}</td>
                    <td>{average(s.service.average())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card report-table" data-breakdown=key>
            <h2>{title}</h2>
            <table>
                <thead><tr>
                    <th scope="col">{t!(i18n, reports.group)}</th>
                    <th scope="col">{t!(i18n, reports.visits)}</th>
                    <th scope="col">{t!(i18n, reports.product_avg)}</th>
                    <th scope="col">{t!(i18n, reports.service_avg)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// How many low-rated visits are listed (the lowest): a year of a big company has
/// thousands, more than a page should draw.
const LOW_SHOWN: usize = 50;

/// The visits rated 2 or less, and the checklist items not OK: each with the
/// issues raised for it, or a way to the customer to raise one.
fn action_needed(
    i18n: leptos_i18n::I18nContext<Locale>,
    r: &SatisfactionReport,
    opened: &[revisit_core::action::Action],
    names: &HashMap<Uuid, String>,
    item_text: impl Fn(StageKey, &str) -> String,
) -> impl IntoView {
    let issues = |ids: &[Uuid]| {
        if ids.is_empty() {
            view! { <span class="chip warn">{t!(i18n, reports.raise_issue)}</span> }.into_any()
        } else {
            ids.iter()
                .map(|id| view! { <a class="chip" href=format!("/issues/{id}")>{t!(i18n, reports.issue_link)}</a> })
                .collect_view()
                .into_any()
        }
    };
    // The corrective actions opened on each finding, or (for a supervisor) a way
    // to open one.
    let may = use_app().may_handle_actions();
    let actions = |found, open| action_chips(i18n, found, open, may);
    let low = r
        .low
        .iter()
        .take(LOW_SHOWN)
        .map(|l| {
            let finding = if l.product <= l.service { "low_product" } else { "low_service" };
            let open = format!("/office/actions/new?finding={finding}&visit={}", l.visit_id);
            view! {
                <li class="row" data-low=l.visit_id.to_string()>
                    <a href=format!("/customers/{}", l.customer_id)>{names.get(&l.customer_id).cloned().unwrap_or_default()}</a>
                    <span class="muted">{l.date.to_string()}</span>
                    <span>{format!("{} / {}", l.product, l.service)}</span>
                    {issues(&l.issue_ids)}
                    {actions(revisit_core::action::on_visit(opened, l.visit_id), open)}
                </li>
            }
        })
        .collect_view();
    let failed = r
        .failed_items
        .iter()
        .map(|f| {
            view! {
                <li class="row" data-failed=format!("{:?}/{}", f.stage, f.item)>
                    <span>{labels::stage(f.stage)} " · " {item_text(f.stage, &f.item)}</span>
                    <span class="muted">{t!(i18n, reports.failed_times, n = f.visit_ids.len())}</span>
                    {issues(&f.issue_ids)}
                    {actions(
                        revisit_core::action::on_item(opened, f.stage, &f.item),
                        format!(
                            "/office/actions/new?finding=failed&stage={}&item={}&visits={}",
                            crate::json::wire_name(&f.stage),
                            js_sys::encode_uri_component(&f.item),
                            f.visit_ids.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",")
                        ),
                    )}
                </li>
            }
        })
        .collect_view();
    let none = r
        .low
        .is_empty()
        .then(|| view! { <p class="muted">{t!(i18n, reports.low_none)}</p> });
    view! {
        <section class="card" data-section="low">
            <h2>{t!(i18n, reports.low_scores)}</h2>
            <p class="muted">{t!(i18n, reports.low_legend)}</p>
            {none}
            <ul class="plain-list">{low}</ul>
            {(r.low.len() > LOW_SHOWN).then(|| {
                view! { <p class="muted" data-low-more>{t!(i18n, reports.low_more, n = r.low.len() - LOW_SHOWN)}</p> }
            })}
        </section>
        {(!r.failed_items.is_empty()).then(|| view! {
            <section class="card" data-section="failed">
                <h2>{t!(i18n, reports.failed_items)}</h2>
                <ul class="plain-list">{failed}</ul>
            </section>
        })}
    }
}

/// The report as a CSV file: one row per group, this period and the one before.
fn to_csv(
    i18n: leptos_i18n::I18nContext<Locale>,
    r: &SatisfactionReport,
    line_name: impl Fn(&str) -> String,
) -> String {
    let row = |section: String, group: String, s: &Satisfaction| {
        vec![
            section,
            group,
            s.product.count.to_string(),
            average(s.product.average()),
            average(s.service.average()),
        ]
    };
    let overall = t_string!(i18n, reports.overall).to_string();
    let mut rows = vec![
        row(
            t_string!(i18n, reports.current_period).to_string(),
            overall.clone(),
            &r.current,
        ),
        row(
            t_string!(i18n, reports.previous_period).to_string(),
            overall,
            &r.previous,
        ),
    ];
    let tier = t_string!(i18n, reports.by_tier).to_string();
    rows.extend(
        r.by_tier
            .iter()
            .map(|(t, s)| row(tier.clone(), labels::tier_text(i18n, *t), s)),
    );
    let line = t_string!(i18n, reports.by_line).to_string();
    rows.extend(
        r.by_product_line
            .iter()
            .map(|(k, s)| row(line.clone(), line_name(k), s)),
    );
    let region = t_string!(i18n, reports.by_region).to_string();
    rows.extend(
        r.by_region
            .iter()
            .map(|(k, s)| row(region.clone(), k.clone(), s)),
    );
    csv(
        &[
            t_string!(i18n, reports.section),
            t_string!(i18n, reports.group),
            t_string!(i18n, reports.visits),
            t_string!(i18n, reports.product_avg),
            t_string!(i18n, reports.service_avg),
        ],
        rows,
    )
}
