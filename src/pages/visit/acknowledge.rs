//! A complaint's or a proposal's acknowledgement visit (planned the day it came
//! in, `core::intake`): the form says which issue it acknowledges and by when the
//! customer is told to expect an answer, and saving the visit records that step on
//! the issue (`core::intake::acknowledged_on_visit`) — the register's
//! "acknowledged", with the visit's time and technician.
use crate::i18n::*;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::intake::acknowledged_on_visit;
use revisit_core::issue::{IssueEvent, Step};
use revisit_core::schedule::PlannedVisit;
use revisit_core::types::DeviceTime;
use revisit_core::user::UserId;
use uuid::Uuid;

/// The acknowledgement steps the visit records, taken `at` by `by`.
pub fn acknowledgements(
    planned: &PlannedVisit,
    at: DeviceTime,
    by: Option<UserId>,
) -> Vec<(Uuid, IssueEvent)> {
    let app = use_app();
    let Some(data) = app.snapshot_untracked() else {
        return Vec::new();
    };
    acknowledged_on_visit(&planned.reasons, &data.issues, &data.settings())
        .into_iter()
        .map(|(issue_id, step)| {
            let event = IssueEvent {
                id: crate::clock::new_id(),
                step,
                by,
                at,
            };
            (issue_id, event)
        })
        .collect()
}

/// What the visit acknowledges, said at the top of the form (nothing when it
/// acknowledges nothing).
pub fn acknowledged_note(planned: &PlannedVisit) -> Option<impl IntoView> {
    let i18n = use_i18n();
    let app = use_app();
    let data = app.snapshot_untracked()?;
    let lines = acknowledged_on_visit(&planned.reasons, &data.issues, &data.settings())
        .into_iter()
        .filter_map(|(issue_id, step)| {
            let issue = data.issues.iter().find(|i| i.id == issue_id)?;
            let Step::Acknowledge { expected_by, .. } = step else {
                return None;
            };
            let title = issue.title.clone();
            let by = expected_by.format("%Y-%m-%d").to_string();
            Some(view! {
                <li data-acknowledges=issue_id.to_string()>
                    {t!(i18n, visit.acknowledges, title = title, by = by)}
                </li>
            })
        })
        .collect::<Vec<_>>();
    (!lines.is_empty()).then(|| {
        view! {
            <section class="card" data-section="acknowledges">
                <h2>{t!(i18n, visit.acknowledges_title)}</h2>
                <ul class="plain-list">{lines}</ul>
            </section>
        }
    })
}
