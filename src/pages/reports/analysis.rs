//! 客户回访分析报告: plan completion and timeliness, each tier's methods against
//! its target, the issues and their closed loop, overdue issues, proposals, what
//! customers asked for (by kind, and by product line and region with its visits)
//! and the year's encouragement award.
use super::controls::{average, percent, Controls, ReportFrame};
use super::encouragement::{customer_name, due_text, EncouragementList};
use super::needs::NeedsTable;
use crate::clock::device_now;
use crate::components::{Bar, BarChart};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::report::analysis::{analysis, AnalysisReport};
use revisit_core::report::csv::csv;
use revisit_core::report::{Context, Rate};
use revisit_core::visit::Method;

#[component]
pub fn AnalysisReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let controls = Controls::new();
    let report = Memo::new(move |_| {
        let data = app.snapshot()?;
        let (period, scope) = (controls.period(), controls.scope.get());
        let _span = crate::timing::span("revisit:report:analysis");
        let now = device_now();
        let ctx = Context::new(&data, &scope, now.local_date());
        Some(analysis(&ctx, period, now.utc))
    });
    let title = Signal::derive(move || t_string!(i18n, reports.analysis).to_string());
    let export = Callback::new(move |()| {
        report
            .get_untracked()
            .map(|r| to_csv(i18n, &r))
            .unwrap_or_default()
    });
    view! {
        <ReportFrame page="analysis-report" title=title controls=controls csv=export>
            {move || report.get().map(|r| view! {
                <section class="report-summary">
                    {rate_card(t_string!(i18n, reports.completion).to_string(), r.completion, "completion", None)}
                    {rate_card(t_string!(i18n, reports.on_time).to_string(), r.on_time, "on_time", None)}
                    {rate_card(t_string!(i18n, reports.resolution).to_string(), r.resolution, "resolution", Some(t_string!(i18n, reports.target_100).to_string()))}
                    {rate_card(t_string!(i18n, reports.confirmation).to_string(), r.confirmation, "confirmation", Some(t_string!(i18n, reports.target_100).to_string()))}
                    {(r.notices_sent > 0 || r.notices_followed.whole > 0).then(|| rate_card(
                        t_string!(i18n, reports.notices_followed).to_string(),
                        r.notices_followed,
                        "notices",
                        Some(format!("{} {}", t_string!(i18n, reports.notices_sent), r.notices_sent)),
                    ))}
                    {(r.time_on_site.on_site > 0).then(|| view! {
                        <div class="card stat" data-time-on-site=r.time_on_site.average_minutes().map(|m| m.to_string())>
                            <h2>{t!(i18n, reports.time_on_site)}</h2>
                            <p class="stat-value">{match r.time_on_site.average_minutes() {
                                Some(m) => t!(i18n, reports.minutes_n, n = m).into_any(),
                                None => "—".into_any(),
                            }}</p>
                            <p class="muted">{t!(i18n, reports.timed_of, timed = r.time_on_site.timed, on_site = r.time_on_site.on_site)}</p>
                        </div>
                    })}
                </section>
                <p class="muted">{t!(i18n, reports.as_of, date = r.as_of.to_string())}</p>
                {r.against_plan.clone().map(|a| view! { <AgainstPlanTable against=a /> })}
                <section class="report-charts">
                    {r.method_mix.iter().map(|mix| {
                        let bars = Method::ALL.iter().filter(|m| mix.target.contains_key(m) || mix.done.contains_key(m)).map(|m| {
                            let share = mix.share(*m);
                            Bar::new(labels::method_text(i18n, *m), share.percent().unwrap_or(0.0), percent(share))
                                .with_target(f64::from(mix.target.get(m).copied().unwrap_or(0)))
                        }).collect::<Vec<_>>();
                        view! {
                            <BarChart
                                title=format!("{} · {}", labels::tier_text(i18n, mix.tier), t_string!(i18n, reports.method_mix))
                                bars=bars
                                max=100.0
                            />
                        }
                    }).collect_view()}
                    {counts(t_string!(i18n, reports.issues_by_category).to_string(),
                        r.issues_by_category.iter().map(|(c, n)| (labels::category_text(i18n, *c), *n)).collect())}
                    {counts(t_string!(i18n, reports.issues_by_source).to_string(), source_rows(i18n, &r))}
                    {counts(t_string!(i18n, reports.issues_by_department).to_string(),
                        r.issues_by_department.iter().map(|(d, n)| (labels::department_text(i18n, *d), *n)).collect())}
                    {counts(t_string!(i18n, reports.overdue_by_department).to_string(),
                        r.overdue_by_department.iter().map(|(d, n)| (labels::department_text(i18n, *d), *n)).collect())}
                    {counts(t_string!(i18n, reports.proposals).to_string(), proposal_rows(i18n, &r))}
                    {counts(t_string!(i18n, reports.needs).to_string(), wanted_rows(i18n, &r))}
                    {counts(t_string!(i18n, reports.actions_opened).to_string(), action_rows(i18n, &r))}
                </section>
                {(!r.needs.is_empty()).then(|| view! { <NeedsTable groups=r.needs.clone() /> })}
                {(!r.encouragement.is_empty()).then(|| view! {
                    <EncouragementList year=r.encouragement_year rows=r.encouragement.clone() />
                })}
            })}
        </ReportFrame>
    }
}

/// The period against its approved visit plan: each tier's approved and done
/// visits, and the rates and ratings beside the plan's targets.
#[component]
fn AgainstPlanTable(against: revisit_core::report::analysis::AgainstPlan) -> impl IntoView {
    let i18n = use_i18n();
    let t = against.targets;
    let rating = |r: u16| format!("{:.2}", f64::from(r) / 100.0);
    let rows = against
        .tiers
        .iter()
        .map(|row| {
            view! {
                <tr data-tier=crate::json::wire_name(&row.tier)>
                    <th scope="row">{labels::tier_text(i18n, row.tier)}</th>
                    <td data-approved>{row.approved}</td>
                    <td data-done>{row.done}</td>
                </tr>
            }
        })
        .collect_view();
    let below = against
        .completion
        .percent()
        .is_some_and(|p| p < f64::from(t.completion_pct));
    view! {
        <section class="card report-table" data-section="against-plan" data-plan-period=against.period.key()>
            <h2>{t!(i18n, reports.against_plan)} " · " {against.period.key()}</h2>
            <table>
                <thead><tr>
                    <th scope="col">{t!(i18n, reports.group)}</th>
                    <th scope="col">{t!(i18n, reports.against_approved)}</th>
                    <th scope="col">{t!(i18n, reports.against_done)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <table>
                <thead><tr>
                    <th scope="col"></th>
                    <th scope="col">{t!(i18n, reports.against_target)}</th>
                    <th scope="col">{t!(i18n, reports.against_actual)}</th>
                </tr></thead>
                <tbody>
                    <tr data-measure="completion">
                        <th scope="row">{t!(i18n, reports.completion)}</th>
                        <td>{t.completion_pct} "%"</td>
                        <td class:warn=below>{percent(against.completion)}</td>
                    </tr>
                    <tr data-measure="product">
                        <th scope="row">{t!(i18n, visit_plan.product)}</th>
                        <td>{rating(t.product_rating)}</td>
                        <td>{average(against.product)}</td>
                    </tr>
                    <tr data-measure="service">
                        <th scope="row">{t!(i18n, visit_plan.service)}</th>
                        <td>{rating(t.service_rating)}</td>
                        <td>{average(against.service)}</td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

fn rate_card(
    title: String,
    rate: Rate,
    key: &'static str,
    target: Option<String>,
) -> impl IntoView {
    let below_target = target.is_some() && rate.percent().is_some_and(|p| p < 100.0);
    view! {
        <div class="card stat" data-rate=key data-below-target=below_target.to_string()>
            <h2>{title}</h2>
            <p class="stat-value">{percent(rate)}</p>
            <p class="muted">{format!("{} / {}", rate.part, rate.whole)} {target.map(|t| format!(" · {t}"))}</p>
        </div>
    }
}

fn counts(title: String, rows: Vec<(String, u32)>) -> impl IntoView {
    let bars = rows
        .into_iter()
        .map(|(label, n)| Bar::new(label, f64::from(n), n.to_string()))
        .collect::<Vec<_>>();
    (!bars.is_empty()).then(|| view! { <BarChart title=title bars=bars /> })
}

/// The period's actions by status, then how many are overdue; none opened: no chart.
fn action_rows(i18n: leptos_i18n::I18nContext<Locale>, r: &AnalysisReport) -> Vec<(String, u32)> {
    if r.actions.is_empty() {
        return vec![];
    }
    let mut rows: Vec<(String, u32)> = r
        .actions
        .iter()
        .map(|(status, n)| (crate::pages::actions_status_text(i18n, *status), *n))
        .collect();
    rows.push((
        t_string!(i18n, actions.overdue).to_string(),
        r.actions_overdue,
    ));
    rows
}

fn proposal_rows(i18n: leptos_i18n::I18nContext<Locale>, r: &AnalysisReport) -> Vec<(String, u32)> {
    let p = &r.proposals;
    if p.adopted + p.on_hold + p.not_adopted + p.undecided == 0 {
        return vec![];
    }
    vec![
        (t_string!(i18n, reports.adopted).to_string(), p.adopted),
        (t_string!(i18n, reports.on_hold).to_string(), p.on_hold),
        (
            t_string!(i18n, reports.not_adopted).to_string(),
            p.not_adopted,
        ),
        (t_string!(i18n, reports.undecided).to_string(), p.undecided),
    ]
}

/// Every figure as a row: section, item, part, whole, percent (empty for counts).
fn to_csv(i18n: leptos_i18n::I18nContext<Locale>, r: &AnalysisReport) -> String {
    let rate = |section: String, item: String, rate: Rate| {
        vec![
            section,
            item,
            rate.part.to_string(),
            rate.whole.to_string(),
            rate.percent()
                .map(|p| format!("{p:.1}"))
                .unwrap_or_default(),
        ]
    };
    let count = |section: String, item: String, n: u32| {
        vec![section, item, n.to_string(), String::new(), String::new()]
    };
    let overall = t_string!(i18n, reports.overall).to_string();
    let mut rows = vec![
        rate(
            t_string!(i18n, reports.completion).to_string(),
            overall.clone(),
            r.completion,
        ),
        rate(
            t_string!(i18n, reports.on_time).to_string(),
            overall.clone(),
            r.on_time,
        ),
        rate(
            t_string!(i18n, reports.resolution).to_string(),
            overall.clone(),
            r.resolution,
        ),
        rate(
            t_string!(i18n, reports.confirmation).to_string(),
            overall,
            r.confirmation,
        ),
    ];
    for mix in &r.method_mix {
        let section = format!(
            "{} · {}",
            t_string!(i18n, reports.method_mix),
            labels::tier_text(i18n, mix.tier)
        );
        for method in Method::ALL {
            rows.push(rate(
                section.clone(),
                labels::method_text(i18n, method),
                mix.share(method),
            ));
        }
    }
    let section = t_string!(i18n, reports.issues_by_category).to_string();
    rows.extend(
        r.issues_by_category
            .iter()
            .map(|(c, n)| count(section.clone(), labels::category_text(i18n, *c), *n)),
    );
    let section = t_string!(i18n, reports.issues_by_source).to_string();
    rows.extend(
        source_rows(i18n, r)
            .into_iter()
            .map(|(item, n)| count(section.clone(), item, n)),
    );
    let section = t_string!(i18n, reports.issues_by_department).to_string();
    rows.extend(
        r.issues_by_department
            .iter()
            .map(|(d, n)| count(section.clone(), labels::department_text(i18n, *d), *n)),
    );
    let section = t_string!(i18n, reports.overdue_by_department).to_string();
    rows.extend(
        r.overdue_by_department
            .iter()
            .map(|(d, n)| count(section.clone(), labels::department_text(i18n, *d), *n)),
    );
    let section = t_string!(i18n, reports.proposals).to_string();
    rows.extend(
        proposal_rows(i18n, r)
            .into_iter()
            .map(|(item, n)| count(section.clone(), item, n)),
    );
    rows.push(count(
        t_string!(i18n, reports.notices_sent).to_string(),
        t_string!(i18n, reports.overall).to_string(),
        r.notices_sent,
    ));
    rows.push(rate(
        t_string!(i18n, reports.notices_followed).to_string(),
        t_string!(i18n, reports.overall).to_string(),
        r.notices_followed,
    ));
    let section = t_string!(i18n, reports.needs).to_string();
    rows.extend(
        wanted_rows(i18n, r)
            .into_iter()
            .map(|(item, n)| count(section.clone(), item, n)),
    );
    let section = t_string!(i18n, reports.actions_opened).to_string();
    rows.extend(
        action_rows(i18n, r)
            .into_iter()
            .map(|(item, n)| count(section.clone(), item, n)),
    );
    // The encouragement list: a customer's proposals of the year, and what is due.
    let section = format!(
        "{} {}",
        t_string!(i18n, reports.encouragement_plain),
        r.encouragement_year
    );
    rows.extend(r.encouragement.iter().map(|e| {
        let item = format!(
            "{} · {}",
            customer_name(e.customer_id),
            due_text(i18n, e.encouragement)
        );
        count(section.clone(), item, e.made())
    }));
    csv(
        &[
            t_string!(i18n, reports.section),
            t_string!(i18n, reports.item),
            t_string!(i18n, reports.part),
            t_string!(i18n, reports.whole),
            t_string!(i18n, reports.percent),
        ],
        rows,
    )
}

/// How the period's issues came in: found on visits, then each channel.
fn source_rows(i18n: leptos_i18n::I18nContext<Locale>, r: &AnalysisReport) -> Vec<(String, u32)> {
    let found = (r.issues_found_on_visits > 0).then(|| {
        (
            t_string!(i18n, reports.found_on_visits).to_string(),
            r.issues_found_on_visits,
        )
    });
    found
        .into_iter()
        .chain(
            r.issues_by_channel
                .iter()
                .map(|(c, n)| (labels::channel_text(i18n, *c), *n)),
        )
        .collect()
}

/// What customers asked for on the period's visits, by kind (none: no chart).
fn wanted_rows(i18n: leptos_i18n::I18nContext<Locale>, r: &AnalysisReport) -> Vec<(String, u32)> {
    let w = &r.wanted;
    if w.suggestions + w.maintenance + w.outage_service + w.retrofit == 0 {
        return vec![];
    }
    vec![
        (
            t_string!(i18n, reports.needs_suggestions).to_string(),
            w.suggestions,
        ),
        (
            t_string!(i18n, visit.maintenance).to_string(),
            w.maintenance,
        ),
        (
            t_string!(i18n, visit.outage_service).to_string(),
            w.outage_service,
        ),
        (t_string!(i18n, visit.retrofit).to_string(), w.retrofit),
    ]
}
