//! Reports (报表): the supervisor's plan, ledger, satisfaction and analysis reports.
use crate::components::PageHeader;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page" data-page="reports">
            <PageHeader>{t!(i18n, reports.title)}</PageHeader>
            <ul class="card-list">
                <li class="card">
                    <h2>{t!(i18n, reports.plan)}</h2>
                    <p>{t!(i18n, reports.plan_desc)}</p>
                    <span class="muted">{t!(i18n, reports.no_data)}</span>
                </li>
                <li class="card">
                    <h2>{t!(i18n, reports.ledger)}</h2>
                    <p>{t!(i18n, reports.ledger_desc)}</p>
                    <span class="muted">{t!(i18n, reports.no_data)}</span>
                </li>
                <li class="card">
                    <h2>{t!(i18n, reports.satisfaction)}</h2>
                    <p>{t!(i18n, reports.satisfaction_desc)}</p>
                    <span class="muted">{t!(i18n, reports.no_data)}</span>
                </li>
                <li class="card">
                    <h2>{t!(i18n, reports.analysis)}</h2>
                    <p>{t!(i18n, reports.analysis_desc)}</p>
                    <span class="muted">{t!(i18n, reports.no_data)}</span>
                </li>
            </ul>
        </div>
    }
}
