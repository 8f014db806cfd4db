//! One module per route of the app shell.
mod actions;
mod admin;
mod customer;
mod customer_form;
mod customers;
mod evaluate;
mod installation_form;
mod issue;
mod issues;
mod not_found;
pub(crate) mod plans;
mod raise;
mod reports;
mod settings;
mod strengthening;
mod survey;
mod survey_link;
mod sync;
mod task;
mod today;
mod visit;

pub use actions::{status_text as actions_status_text, ActionPage, ActionsPage, NewActionPage};
pub use admin::AdminPage;
pub use customer::CustomerPage;
pub use customer_form::CustomerFormPage;
pub use customers::CustomersPage;
pub use evaluate::EvaluatePage;
pub use installation_form::InstallationFormPage;
pub use issue::IssuePage;
pub use issues::IssuesPage;
pub use not_found::NotFoundPage;
pub use plans::{PlanDetailPage, PlanFormPage, PlansPage};
pub use raise::RaiseIssuePage;
pub use reports::{
    AnalysisReportPage, LedgerPage, PlanPage, ReportsPage, RosterPage, SatisfactionReportPage,
};
pub use settings::SettingsPage;
pub use strengthening::StrengtheningPage;
pub use survey::SurveyPage;
pub use sync::SyncPage;
pub use task::TaskPage;
pub use today::TodayPage;
pub use visit::VisitPage;
