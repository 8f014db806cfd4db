//! 回访台账: every visit of the period with its results, narrowed by scope, status
//! and customer name, drawn a page at a time and exported whole.
use super::controls::{Controls, ReportFrame};
use crate::clock::today;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::report::csv::csv;
use revisit_core::report::ledger::{ledger, LedgerRow};
use revisit_core::report::Context;
use revisit_core::settings::Settings;
use revisit_core::visit::VisitStatus;

/// Rows drawn at first, and added by "show more".
const PAGE: usize = 100;

fn status_text(i18n: leptos_i18n::I18nContext<Locale>, status: VisitStatus) -> String {
    match status {
        VisitStatus::Done => t_string!(i18n, reports.status_done),
        VisitStatus::Planned => t_string!(i18n, reports.status_planned),
        VisitStatus::Missed => t_string!(i18n, reports.status_missed),
        VisitStatus::Cancelled => t_string!(i18n, reports.status_cancelled),
    }
    .to_string()
}

fn status_key(status: VisitStatus) -> &'static str {
    match status {
        VisitStatus::Done => "done",
        VisitStatus::Planned => "planned",
        VisitStatus::Missed => "missed",
        VisitStatus::Cancelled => "cancelled",
    }
}

#[component]
pub fn LedgerPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let controls = Controls::new();
    let (status, set_status) = signal(None::<VisitStatus>);
    let (query, set_query) = signal(String::new());
    let (shown, set_shown) = signal(PAGE);
    let all = Memo::new(move |_| {
        let data = app.snapshot()?;
        let (period, scope) = (controls.period(), controls.scope.get());
        let _span = crate::timing::span("revisit:report:ledger");
        let ctx = Context::new(&data, &scope, today());
        Some(ledger(&ctx, period))
    });
    let rows = Memo::new(move |_| {
        let wanted = query.get();
        let wanted = wanted.trim();
        all.get()
            .unwrap_or_default()
            .into_iter()
            .filter(|r| status.get().is_none_or(|s| r.status == s))
            .filter(|r| wanted.is_empty() || r.customer.contains(wanted))
            .collect::<Vec<_>>()
    });
    // A new filter starts from the first page again.
    Effect::new(move |_| {
        rows.track();
        set_shown.set(PAGE);
    });
    let title = Signal::derive(move || t_string!(i18n, reports.ledger).to_string());
    let export = Callback::new(move |()| {
        let settings = app
            .snapshot_untracked()
            .map(|d| d.settings())
            .unwrap_or_default();
        to_csv(i18n, &settings, &rows.get_untracked())
    });
    let status_button = move |value: Option<VisitStatus>, label: String| {
        view! {
            <button type="button" class="chip-button" aria-pressed=move || (status.get() == value).to_string()
                data-status=value.map_or("all", status_key) on:click=move |_| set_status.set(value)>{label}</button>
        }
    };
    view! {
        <ReportFrame page="ledger" title=title controls=controls csv=export>
            <div class="chips no-print">
                {status_button(None, t_string!(i18n, reports.status_all).to_string())}
                {[VisitStatus::Done, VisitStatus::Planned, VisitStatus::Missed, VisitStatus::Cancelled]
                    .into_iter()
                    .map(|s| status_button(Some(s), status_text(i18n, s)))
                    .collect_view()}
            </div>
            <input class="search no-print" type="search" name="ledger-search"
                placeholder=move || t_string!(i18n, reports.search).to_string()
                on:input=move |ev| set_query.set(event_target_value(&ev)) />
            <p class="muted" data-rows=move || rows.with(Vec::len)>{move || t!(i18n, reports.rows_n, n = rows.with(Vec::len))}</p>
            <div class="card report-table ledger">
                <table>
                    <thead><tr>
                        <th scope="col">{t!(i18n, reports.col_date)}</th>
                        <th scope="col">{t!(i18n, reports.col_customer)}</th>
                        <th scope="col">{t!(i18n, reports.col_method)}</th>
                        <th scope="col">{t!(i18n, reports.col_ratings)}</th>
                        <th scope="col">{t!(i18n, reports.col_status)}</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.with(|rows| rows.iter().take(shown.get()).map(|r| view! {
                            <tr data-visit=r.visit_id.to_string()>
                                <td>{r.date.format("%m-%d").to_string()}</td>
                                <td>
                                    <a href=format!("/customers/{}", r.customer_id)>{r.customer.clone()}</a>
                                    <span class="muted block">{r.tier.map(|t| labels::tier_text(i18n, t))} " · " {r.technician.clone()}</span>
                                </td>
                                <td>{r.method.map(|m| labels::method_text(i18n, m))}</td>
                                <td>
                                    {r.product.zip(r.service).map(|(p, s)| format!("{p} / {s}"))}
                                    {r.answered_by.is_customer().then(|| view! {
                                        <span class="muted block" data-answered-by=labels::answered_by_key(r.answered_by)>
                                            {labels::answered_by_text(i18n, r.answered_by)}
                                        </span>
                                    })}
                                </td>
                                <td>
                                    {status_text(i18n, r.status)}
                                    {r.check_in.map(|c| view! {
                                        <span class="muted block" data-check-in-at=c.at.local().format("%H:%M").to_string()
                                            title=format!("{:.5}, {:.5} ±{}m", c.latitude(), c.longitude(), c.accuracy_m)>
                                            "📍 " {c.at.local().format("%H:%M").to_string()}
                                            {r.check_out.map(|o| format!("–{}", o.at.local().format("%H:%M")))}
                                            {r.minutes_on_site.map(|m| view! { " · " <span data-minutes-on-site=m>{t!(i18n, reports.on_site_n, n = m)}</span> })}
                                        </span>
                                    })}
                                    {r.far_m.map(|m| view! {
                                        <span class="warn block" data-far-m=m>
                                            {t!(i18n, reports.far_from_site, km = format!("{:.1}", f64::from(m) / 1000.0))}
                                        </span>
                                    })}
                                    {r.signed.then(|| view! {
                                        <a class="muted block" data-signed href=format!("/office/visits/{}/survey", r.visit_id)>
                                            "✍ " {t!(i18n, reports.signed)}
                                        </a>
                                    })}
                                    {(r.photos > 0).then(|| view! {
                                        <span class="muted block" data-photos=r.photos>"📷 " {r.photos}</span>
                                    })}
                                </td>
                            </tr>
                        }).collect_view())}
                    </tbody>
                </table>
                {move || {
                    let left = rows.with(Vec::len).saturating_sub(shown.get());
                    (left > 0).then(|| view! {
                        <button type="button" class="button no-print" data-action="show-more"
                            on:click=move |_| set_shown.update(|n| *n += PAGE)>{t!(i18n, reports.more, n = left)}</button>
                    })
                }}
            </div>
        </ReportFrame>
    }
}

/// Every row shown by the filters, every column.
fn to_csv(
    i18n: leptos_i18n::I18nContext<Locale>,
    settings: &Settings,
    rows: &[LedgerRow],
) -> String {
    let lines = rows.iter().map(|r| {
        vec![
            r.date.to_string(),
            r.customer.clone(),
            r.tier
                .map(|t| labels::tier_text(i18n, t))
                .unwrap_or_default(),
            r.region.clone(),
            // The line's name in the user's language, as the screens show it.
            r.product_line
                .as_deref()
                .map(|key| {
                    settings
                        .product_line(key)
                        .map_or_else(|| key.to_owned(), |l| labels::pick_in(i18n, &l.name))
                })
                .unwrap_or_default(),
            r.technician.clone().unwrap_or_default(),
            status_text(i18n, r.status),
            r.method
                .map(|m| labels::method_text(i18n, m))
                .unwrap_or_default(),
            r.product.map(|p| p.to_string()).unwrap_or_default(),
            r.service.map(|s| s.to_string()).unwrap_or_default(),
            // Who rated: said only on a done visit.
            r.product
                .map(|_| labels::answered_by_text(i18n, r.answered_by))
                .unwrap_or_default(),
            r.met.clone(),
            r.suggestions.clone(),
            r.issues.to_string(),
            r.check_in
                .map(|c| c.at.local().format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            r.check_in
                .map(|c| {
                    format!(
                        "{:.6},{:.6} ±{}m",
                        c.latitude(),
                        c.longitude(),
                        c.accuracy_m
                    )
                })
                .unwrap_or_default(),
            r.check_out
                .map(|c| c.at.local().format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            r.minutes_on_site.map(|m| m.to_string()).unwrap_or_default(),
            r.far_m.map(|m| m.to_string()).unwrap_or_default(),
            if r.signed {
                t_string!(i18n, reports.yes).to_string()
            } else {
                String::new()
            },
            r.photos.to_string(),
        ]
    });
    csv(
        &[
            t_string!(i18n, reports.col_date),
            t_string!(i18n, reports.col_customer),
            t_string!(i18n, reports.col_tier),
            t_string!(i18n, reports.col_region),
            t_string!(i18n, reports.col_line),
            t_string!(i18n, reports.col_technician),
            t_string!(i18n, reports.col_status),
            t_string!(i18n, reports.col_method),
            t_string!(i18n, reports.col_product),
            t_string!(i18n, reports.col_service),
            t_string!(i18n, reports.col_answered_by),
            t_string!(i18n, reports.col_met),
            t_string!(i18n, reports.col_suggestions),
            t_string!(i18n, reports.col_issues),
            t_string!(i18n, reports.col_check_in),
            t_string!(i18n, reports.col_check_in_place),
            t_string!(i18n, reports.col_check_out),
            t_string!(i18n, reports.col_minutes_on_site),
            t_string!(i18n, reports.col_far_m),
            t_string!(i18n, reports.col_signed),
            t_string!(i18n, reports.col_photos),
        ],
        lines,
    )
}
