//! The office app's routes: the supervisors' and the customer-service
//! department's screens (reports, actions, plans, approvals, administration) beside
//! every technician's screen, built as the second binary (`src/bin/office.rs`,
//! entry `office.html`). How the two apps meet is `crate::edition`.
use leptos::prelude::*;

/// The office app's routes: the technician's, and the office's own.
pub fn routes() -> AnyView {
    use crate::pages::{
        ActionPage, ActionsPage, AdminPage, AnalysisReportPage, LedgerPage, NewActionPage,
        PlanDetailPage, PlanFormPage, PlanPage, PlansPage, ReportsPage, RosterPage,
        SatisfactionReportPage, StrengtheningPage, SurveyPage,
    };
    crate::app::routes_with!(
        <Route path=path!("/office/reports") view=ReportsPage />
        <Route path=path!("/office/reports/satisfaction") view=SatisfactionReportPage />
        <Route path=path!("/office/reports/analysis") view=AnalysisReportPage />
        <Route path=path!("/office/reports/ledger") view=LedgerPage />
        <Route path=path!("/office/reports/plan") view=PlanPage />
        <Route path=path!("/office/reports/roster") view=RosterPage />
        <Route path=path!("/office/actions") view=ActionsPage />
        <Route path=path!("/office/actions/new") view=NewActionPage />
        <Route path=path!("/office/actions/:id") view=ActionPage />
        <Route path=path!("/office/customers/:id/strengthening") view=StrengtheningPage />
        <Route path=path!("/office/visits/:id/survey") view=SurveyPage />
        <Route path=path!("/office/plans") view=PlansPage />
        <Route path=path!("/office/plans/new") view=PlanFormPage />
        <Route path=path!("/office/plans/:id") view=PlanDetailPage />
        <Route path=path!("/office/plans/:id/edit") view=PlanFormPage />
        <Route path=path!("/office/admin") view=AdminPage />
    )
}
