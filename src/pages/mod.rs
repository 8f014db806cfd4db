//! One module per route of the app shell.
mod customer;
mod customer_form;
mod customers;
mod installation_form;
mod issue;
mod issues;
mod not_found;
mod reports;
mod settings;
mod survey;
mod sync;
mod today;
mod visit;

pub use customer::CustomerPage;
pub use customer_form::CustomerFormPage;
pub use customers::CustomersPage;
pub use installation_form::InstallationFormPage;
pub use issue::IssuePage;
pub use issues::IssuesPage;
pub use not_found::NotFoundPage;
pub use reports::{AnalysisReportPage, LedgerPage, PlanPage, ReportsPage, SatisfactionReportPage};
pub use settings::SettingsPage;
pub use survey::SurveyPage;
pub use sync::SyncPage;
pub use today::TodayPage;
pub use visit::VisitPage;
