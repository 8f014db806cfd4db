//! Intents of the office's and the technician's own edits: a customer's file, an
//! installation, an event, an issue raised by hand, an evaluation, a maintenance
//! plan and its tasks done, a visit handed to another technician, a tier set by
//! hand. Each is saved with its outbox entry and shown at once.
use super::AppState;
use crate::store::StoreError;
use revisit_core::action::Action;
use revisit_core::assignment::Assignment;
use revisit_core::customer::Customer;
use revisit_core::evaluation::Evaluation;
use revisit_core::event::Event;
use revisit_core::installation::Installation;
use revisit_core::intake::Raised;
use revisit_core::maintenance::{MaintenancePlan, TaskReport};
use revisit_core::sync::Change;
use revisit_core::tier::TierOverride;
use revisit_core::visit_plan::VisitPlan;

impl AppState {
    /// Saves a customer's file, new or edited.
    pub async fn save_customer(&self, customer: Customer) -> Result<(), StoreError> {
        self.save(vec![Change::put(customer)]).await
    }

    /// Saves an installation, new or edited.
    pub async fn save_installation(&self, installation: Installation) -> Result<(), StoreError> {
        self.save(vec![Change::put(installation)]).await
    }

    /// Records an event of a customer (a complaint, a call, a delivery…).
    pub async fn record_event(&self, event: Event) -> Result<(), StoreError> {
        self.save(vec![Change::put(event)]).await
    }

    /// Raises an issue by hand (`core::intake`): the issue, and for a complaint or
    /// a proposal the event that plans its acknowledgement visit, saved together.
    pub async fn raise_issue(&self, raised: Raised) -> Result<(), StoreError> {
        let mut changes = vec![Change::put(raised.issue)];
        changes.extend(raised.event.map(Change::put));
        self.save(changes).await
    }

    /// Saves a corrective or preventive action: opened, or taken a stage further
    /// (its constructors, `Action::reviewed`…, have checked the step).
    pub async fn save_action(&self, action: Action) -> Result<(), StoreError> {
        self.save(vec![Change::put(action)]).await
    }

    /// Sends quality-improvement notices (`core::action::notice`): one event per
    /// customer told, saved together; each plans its visit or call.
    pub async fn send_notices(&self, notices: Vec<Event>) -> Result<(), StoreError> {
        self.save(notices.into_iter().map(Change::put).collect())
            .await
    }

    /// Records an evaluation of a customer's relationship (客户关系评估表).
    pub async fn record_evaluation(&self, evaluation: Evaluation) -> Result<(), StoreError> {
        self.save(vec![Change::put(evaluation)]).await
    }

    /// Saves a maintenance plan: drafted, revised, tasked, or a step further in
    /// its approval (`MaintenancePlan::take` has checked the step).
    pub async fn save_plan(&self, plan: MaintenancePlan) -> Result<(), StoreError> {
        self.save(vec![Change::put(plan)]).await
    }

    /// Saves the period's visit plan: drawn up, or a step further in its approval.
    pub async fn save_visit_plan(&self, plan: VisitPlan) -> Result<(), StoreError> {
        self.save(vec![Change::put(plan)]).await
    }

    /// Reports a maintenance task done, with what it cost.
    pub async fn report_task(&self, report: TaskReport) -> Result<(), StoreError> {
        self.save(vec![Change::put(report)]).await
    }

    /// Hands a planned visit to another technician.
    pub async fn assign_visit(&self, assignment: Assignment) -> Result<(), StoreError> {
        self.save(vec![Change::put(assignment)]).await
    }

    /// Sets (or, with `None`, lifts) the tier the department gave `customer` by
    /// hand; core's rules refuse an override without its reason.
    pub async fn override_tier(
        &self,
        mut customer: Customer,
        tier: Option<TierOverride>,
    ) -> Result<(), StoreError> {
        customer.tier_override = tier;
        customer.validate().map_err(StoreError::Refused)?;
        self.save_customer(customer).await
    }
}
