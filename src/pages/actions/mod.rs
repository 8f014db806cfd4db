//! Corrective and preventive actions (纠正/预防措施, `core::action`): the list with
//! statuses and what is overdue, an action opened from a finding of the
//! satisfaction report, and one action's review, measures and verification.
mod detail;
mod new;

pub use detail::ActionPage;
pub use new::NewActionPage;

use crate::clock::today;
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::action::{Action, ActionStatus};

/// An action's status in words.
pub fn status_text(i18n: leptos_i18n::I18nContext<Locale>, status: ActionStatus) -> String {
    match status {
        ActionStatus::AwaitingReview => t_string!(i18n, actions.awaiting_review),
        ActionStatus::InProgress => t_string!(i18n, actions.in_progress),
        ActionStatus::AwaitingVerification => t_string!(i18n, actions.awaiting_verification),
        ActionStatus::Verified => t_string!(i18n, actions.verified),
        ActionStatus::NoAction => t_string!(i18n, actions.no_action),
    }
    .to_string()
}

/// A status chip, marked overdue when in progress past its due date.
pub fn status_chip(action: &Action) -> impl IntoView {
    let i18n = use_i18n();
    let status = action.status();
    let overdue = action.is_overdue(today());
    view! {
        <span class="chip" class:warn=overdue data-action-status=crate::json::wire_name(&status)>
            {status_text(i18n, status)}
            {overdue.then(|| view! { " · " {t!(i18n, actions.overdue)} })}
        </span>
    }
}

#[component]
pub fn ActionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let rows = Memo::new(move |_| {
        let data = app.snapshot()?;
        let mut actions = data.actions.clone();
        // Open first (overdue first among them), then by when they were opened.
        let day = today();
        actions.sort_by_key(|a| {
            (
                a.status().is_closed(),
                !a.is_overdue(day),
                std::cmp::Reverse(a.opened_at.utc),
            )
        });
        Some(actions)
    });
    view! {
        <div class="page" data-page="actions">
            <PageHeader>{t!(i18n, actions.title)}</PageHeader>
            <p class="muted">{t!(i18n, actions.intro)}</p>
            {move || rows.get().map(|actions| {
                if actions.is_empty() {
                    return view! { <p class="muted" data-empty>{t!(i18n, actions.none)}</p> }.into_any();
                }
                view! {
                    <ul class="card-list">
                        {actions.into_iter().map(|a| view! {
                            <li class="card">
                                <a class="card-link" href=format!("/office/actions/{}", a.id) data-action-row=a.id.to_string()>
                                    <h2>{a.title.clone()}</h2>
                                    <p>{status_chip(&a)} " " <span class="muted">{labels::device_time(a.opened_at)}</span></p>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </div>
    }
}
