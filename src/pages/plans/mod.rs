//! Maintenance plans (客户维护方案, `core::maintenance`) in the office app: the list
//! by where each stands, a plan's content form (a supervisor's, while a draft), and
//! one plan — its approval step by step, each decision offered only to its role,
//! its tasks, and its summary (客户维护总结表) with the close.
mod detail;
mod form;
mod tasks;

pub use detail::PlanDetailPage;
pub use form::PlanFormPage;

use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::approval::{Approval, Taken};
use revisit_core::dataset::DataSet;
use revisit_core::maintenance::{MaintenancePlan, PlanStatus, Scope, Step};

/// Where a plan stands, in words.
pub fn status_text(i18n: leptos_i18n::I18nContext<Locale>, status: PlanStatus) -> String {
    match status {
        PlanStatus::Draft => t_string!(i18n, plans.status_draft),
        PlanStatus::InReview => t_string!(i18n, plans.status_in_review),
        PlanStatus::AwaitingApproval => t_string!(i18n, plans.status_awaiting_approval),
        PlanStatus::Approved => t_string!(i18n, plans.status_approved),
        PlanStatus::Closed => t_string!(i18n, plans.status_closed),
    }
    .to_string()
}

/// A step's name in words.
pub fn step_text(i18n: leptos_i18n::I18nContext<Locale>, step: &Step) -> String {
    match step {
        Step::Submit => t_string!(i18n, plans.step_submit),
        Step::Return { .. } => t_string!(i18n, plans.step_return),
        Step::Pass { .. } => t_string!(i18n, plans.step_pass),
        Step::Approve { .. } => t_string!(i18n, plans.step_approve),
        Step::Close { .. } => t_string!(i18n, plans.step_close),
    }
    .to_string()
}

/// What a step says beside its name: a comment, or the conclusion.
pub fn step_words(i18n: leptos_i18n::I18nContext<Locale>, step: &Step) -> String {
    match step {
        Step::Return { comment } | Step::Pass { comment } | Step::Approve { comment } => {
            comment.clone()
        }
        Step::Close { conclusion } => format!(
            "{} · {}",
            conclusion.done,
            labels::recommendation_text(i18n, conclusion.recommendation)
        ),
        Step::Submit => String::new(),
    }
}

/// One decision of an approval's history (a maintenance plan's, a visit plan's):
/// its name, what it says, when and by whom.
pub fn history_entry(i18n: leptos_i18n::I18nContext<Locale>, taken: &Taken) -> impl IntoView {
    let app = use_app();
    let words = step_words(i18n, &taken.step);
    view! {
        <li data-step=taken.step.key()>
            <strong>{step_text(i18n, &taken.step)}</strong>
            {(!words.is_empty()).then(|| view! { " · " <span>{words.clone()}</span> })}
            <span class="muted">" · " {labels::device_time(taken.at)} {taken.by.map(|b| format!(" · {}", app.name_of(b)))}</span>
        </li>
    }
}

/// The notice that a record was sent back to be revised, with the comment.
pub fn returned_notice(
    i18n: leptos_i18n::I18nContext<Locale>,
    approval: &Approval,
) -> Option<impl IntoView> {
    approval.returned_with().map(|t| {
        let comment = step_words(i18n, &t.step);
        view! { <p class="notice" role="status" data-returned>{t!(i18n, plans.returned, comment = comment.clone())}</p> }
    })
}

/// A status chip (marked when it waits for someone's decision).
pub fn status_chip(plan: &MaintenancePlan) -> impl IntoView {
    let i18n = use_i18n();
    let status = plan.status();
    let waiting = matches!(status, PlanStatus::InReview | PlanStatus::AwaitingApproval);
    view! {
        <span class="chip" class:warn=waiting data-plan-status=crate::json::wire_name(&status)>
            {status_text(i18n, status)}
        </span>
    }
}

/// Whom a plan is for, in words: the customer's name, or every customer of a tier.
pub fn scope_text(i18n: leptos_i18n::I18nContext<Locale>, scope: Scope, data: &DataSet) -> String {
    match scope {
        Scope::Customer { customer_id } => data
            .customers
            .iter()
            .find(|c| c.id == customer_id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| t_string!(i18n, customers.not_found).to_string()),
        Scope::Tier { tier } => format!(
            "{}: {}",
            t_string!(i18n, plans.tier_scope),
            labels::tier_text(i18n, tier)
        ),
    }
}

#[component]
pub fn PlansPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let rows = Memo::new(move |_| {
        let data = app.snapshot()?;
        let mut plans = data.maintenance_plans.clone();
        // Waiting for a decision first, then drafts, in progress, closed; newest first.
        plans.sort_by_key(|p| {
            let rank = match p.status() {
                PlanStatus::InReview | PlanStatus::AwaitingApproval => 0,
                PlanStatus::Draft => 1,
                PlanStatus::Approved => 2,
                PlanStatus::Closed => 3,
            };
            (rank, std::cmp::Reverse(p.approval.drafted_at.utc))
        });
        Some((plans, data))
    });
    view! {
        <div class="page" data-page="plans">
            <PageHeader>{t!(i18n, plans.title)}</PageHeader>
            <p class="muted">{t!(i18n, plans.intro)}</p>
            {move || app.may_supervise().then(|| view! {
                <a class="button primary" href="/office/plans/new" data-action="new-plan">"+ " {t!(i18n, plans.new_plan)}</a>
            })}
            {move || rows.get().map(|(plans, data)| {
                if plans.is_empty() {
                    return view! { <p class="muted" data-empty>{t!(i18n, plans.none)}</p> }.into_any();
                }
                view! {
                    <ul class="card-list">
                        {plans.into_iter().map(|p| {
                            let scope = scope_text(i18n, p.content.scope, &data);
                            let budget = p.budget().yuan();
                            view! {
                                <li class="card">
                                    <a class="card-link" href=format!("/office/plans/{}", p.id) data-plan-row=p.id.to_string()>
                                        <h2>{p.content.title.clone()}</h2>
                                        <p>{status_chip(&p)} " " <span class="muted">{scope} " · " {p.content.from.to_string()} " — " {p.content.to.to_string()}</span></p>
                                        <p class="muted">{t!(i18n, plans.budget_total)} " " {t!(i18n, plans.yuan, amount = budget)}</p>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </div>
    }
}
