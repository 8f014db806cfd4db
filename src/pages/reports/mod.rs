//! Reports (报表): the satisfaction and visit analysis reports over the device's
//! data, for a month or a year and a scope, with charts, CSV export and print.
//! The figures come from `revisit_core::report` (the server gives the same ones).
mod analysis;
mod controls;
mod encouragement;
mod findings;
mod ledger;
mod needs;
mod plan;
mod plan_approval;
mod reassign;
mod roster;
mod satisfaction;

pub use analysis::AnalysisReportPage;
pub use ledger::LedgerPage;
pub use plan::PlanPage;
pub use roster::RosterPage;
pub use satisfaction::SatisfactionReportPage;

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
                    <a class="card-link" href="/office/reports/satisfaction" data-report="satisfaction">
                        <h2>{t!(i18n, reports.satisfaction)}</h2>
                        <p>{t!(i18n, reports.satisfaction_desc)}</p>
                    </a>
                </li>
                <li class="card">
                    <a class="card-link" href="/office/reports/analysis" data-report="analysis">
                        <h2>{t!(i18n, reports.analysis)}</h2>
                        <p>{t!(i18n, reports.analysis_desc)}</p>
                    </a>
                </li>
                <li class="card">
                    <a class="card-link" href="/office/reports/plan" data-report="plan">
                        <h2>{t!(i18n, reports.plan)}</h2>
                        <p>{t!(i18n, reports.plan_desc)}</p>
                    </a>
                </li>
                <li class="card">
                    <a class="card-link" href="/office/actions" data-report="actions">
                        <h2>{t!(i18n, actions.title)}</h2>
                        <p>{t!(i18n, actions.intro)}</p>
                    </a>
                </li>
                <li class="card">
                    <a class="card-link" href="/office/reports/roster" data-report="roster">
                        <h2>{t!(i18n, reports.roster)}</h2>
                        <p>{t!(i18n, reports.roster_desc)}</p>
                    </a>
                </li>
                <li class="card">
                    <a class="card-link" href="/office/plans" data-report="plans">
                        <h2>{t!(i18n, reports.plans)}</h2>
                        <p>{t!(i18n, reports.plans_desc)}</p>
                    </a>
                </li>
                <li class="card">
                    <a class="card-link" href="/office/reports/ledger" data-report="ledger">
                        <h2>{t!(i18n, reports.ledger)}</h2>
                        <p>{t!(i18n, reports.ledger_desc)}</p>
                    </a>
                </li>
            </ul>
        </div>
    }
}
