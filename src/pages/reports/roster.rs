//! 客户分级名册: every customer under its tier today, who looks after it, and its
//! relationship evaluation — on screen, printed on A4, exported to CSV for Excel.
use super::controls::ReportActions;
use crate::clock::today;
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::report::csv::csv;
use revisit_core::report::roster::{roster, RosterRow};
use revisit_core::tier::Tier;

#[component]
pub fn RosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let day = today();
    let rows = Memo::new(move |_| app.snapshot().map(|data| roster(&data, day)));
    let title = Signal::derive(move || t_string!(i18n, roster.title).to_string());
    let period = Signal::derive(move || day.to_string());
    let owner = move |r: &RosterRow| r.owner.map(|o| app.name_of(o)).unwrap_or_default();
    let export = Callback::new(move |()| {
        let rows = rows.get_untracked().unwrap_or_default();
        csv(
            &[
                t_string!(i18n, roster.col_tier),
                t_string!(i18n, roster.col_code),
                t_string!(i18n, roster.col_customer),
                t_string!(i18n, roster.col_region),
                t_string!(i18n, roster.col_owner),
                t_string!(i18n, roster.col_evaluated_on),
                t_string!(i18n, roster.col_total),
                t_string!(i18n, roster.col_recommendation),
            ],
            rows.iter().map(|r| {
                let (on, total, rec) = match r.evaluation {
                    Some((on, total, rec)) => (
                        on.map_or_else(
                            || t_string!(i18n, roster.imported).to_string(),
                            |d| d.to_string(),
                        ),
                        format!("{total:.1}"),
                        labels::recommendation_text(i18n, rec),
                    ),
                    None => Default::default(),
                };
                [
                    labels::tier_text(i18n, r.tier),
                    r.short_code.clone(),
                    r.name.clone(),
                    r.region.clone(),
                    owner(r),
                    on,
                    total,
                    rec,
                ]
            }),
        )
    });
    let group = move |tier: Tier, rows: &[RosterRow]| {
        let mine: Vec<&RosterRow> = rows.iter().filter(|r| r.tier == tier).collect();
        let count = mine.len();
        view! {
            <section class="card report-table roster" data-tier=crate::json::wire_name(&tier)>
                <h2>{labels::tier_text(i18n, tier)} " · " {t!(i18n, roster.count, n = count)}</h2>
                <table hidden=count == 0>
                    <thead><tr>
                        <th scope="col">{t!(i18n, roster.col_customer)}</th>
                        <th scope="col">{t!(i18n, roster.col_owner)}</th>
                        <th scope="col">{t!(i18n, roster.col_total)}</th>
                    </tr></thead>
                    <tbody>
                        {mine.into_iter().map(|r| view! {
                            <tr data-customer=r.customer_id.to_string()>
                                <td>
                                    <a href=format!("/customers/{}", r.customer_id)>{r.name.clone()}</a>
                                    <span class="muted block">
                                        {[r.short_code.clone(), r.region.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}
                                        {r.overridden.then(|| view! { " · " {t!(i18n, roster.overridden)} })}</span>
                                </td>
                                <td>{owner(r)}</td>
                                <td data-total=r.evaluation.map(|e| format!("{:.1}", e.1))>
                                    {r.evaluation.map(|(on, total, rec)| view! {
                                        {format!("{total:.1}")}
                                        <span class="muted block">{labels::recommendation_text(i18n, rec)} " · "
                                            {on.map_or_else(|| t_string!(i18n, roster.imported).to_string(), |d| d.to_string())}</span>
                                    })}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    };
    view! {
        <div class="page report" data-page="roster">
            <PageHeader>{title}</PageHeader>
            <p class="muted">{t!(i18n, roster.intro)}</p>
            <ReportActions title=title period=period csv=export />
            {move || rows.with(|rows| rows.as_ref().map(|rows| Tier::ALL.map(|t| group(t, rows)).collect_view()))}
        </div>
    }
}
