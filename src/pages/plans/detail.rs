//! One maintenance plan: what it says, where it stands, its approval history with
//! who decided and when, and the decision that is next — offered only to the role
//! it belongs to (`AppState::may_decide`; the server checks again): hand in (a
//! supervisor), pass on or return (the customer-service manager), approve or
//! return (the customer director). Its tasks and summary are `tasks.rs`.
use super::tasks::{PlanSummary, PlanTasks};
use super::{history_entry, returned_notice, scope_text, status_chip};
use crate::clock::device_now;
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use revisit_core::approval::Approvable;
use revisit_core::dataset::DataSet;
use revisit_core::maintenance::{MaintenancePlan, PlanStatus, Step};
use std::sync::Arc;

#[component]
pub fn PlanDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    // The plan and its tasks' reports: only these are tracked, so the page is drawn
    // again when they change, not at every pull (a comment being typed stays).
    let found = Memo::new(move |_| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        let data = app.snapshot()?;
        let plan = data
            .maintenance_plans
            .iter()
            .find(|p| p.id.to_string() == id)?
            .clone();
        let reports: Vec<_> = data
            .task_reports
            .iter()
            .filter(|r| r.plan_id == plan.id)
            .cloned()
            .collect();
        Some((plan, reports))
    });
    view! {
        <div class="page" data-page="plan">
            <PageHeader>{t!(i18n, plans.title)}</PageHeader>
            {move || match found.get() {
                Some((plan, _)) => {
                    let data = app.snapshot_untracked().unwrap_or_default();
                    view! { <PlanDetail plan=plan data=data /> }.into_any()
                }
                None if app.snapshot().is_none() => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, plans.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn PlanDetail(plan: MaintenancePlan, data: Arc<DataSet>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let status = plan.status();
    let c = plan.content.clone();
    let people = c
        .responsible
        .iter()
        .map(|id| app.name_of(*id))
        .collect::<Vec<_>>()
        .join("、");
    let budget = c
        .budget
        .iter()
        .map(|l| {
            view! {
                <tr><td>{l.item.clone()}</td><td class="number">{l.amount.yuan()}</td></tr>
            }
        })
        .collect_view();
    let history = std::iter::once(view! {
        <li data-step="drafted">
            <strong>{t!(i18n, plans.drafted)}</strong>
            <span class="muted">" · " {labels::device_time(plan.approval.drafted_at)} {plan.approval.drafted_by.map(|b| format!(" · {}", app.name_of(b)))}</span>
        </li>
    }.into_any())
    .chain(
        plan.approval
            .steps
            .iter()
            .map(|t| history_entry(i18n, t).into_any()),
    )
    .collect_view();
    let returned = returned_notice(i18n, &plan.approval);
    let editable = status == PlanStatus::Draft && app.may_supervise();
    view! {
        <section class="card" data-plan=plan.id.to_string()>
            <h2>{c.title.clone()}</h2>
            <p>{status_chip(&plan)} " " <span class="muted">{scope_text(i18n, c.scope, &data)}</span></p>
            {returned}
            <dl class="facts">
                <dt>{t!(i18n, plans.period)}</dt><dd>{c.from.to_string()} " — " {c.to.to_string()}</dd>
                <dt>{t!(i18n, plans.goals)}</dt><dd data-fact="goals">{c.goals.clone()}</dd>
                <dt>{t!(i18n, plans.measures)}</dt><dd>{c.measures.clone()}</dd>
                {(!c.methods.is_empty()).then(|| view! { <dt>{t!(i18n, plans.methods)}</dt><dd>{c.methods.clone()}</dd> })}
                <dt>{t!(i18n, plans.responsible)}</dt><dd>{people}</dd>
                {(!c.schedule.is_empty()).then(|| view! { <dt>{t!(i18n, plans.schedule)}</dt><dd>{c.schedule.clone()}</dd> })}
            </dl>
            <table class="budget">
                <caption>{t!(i18n, plans.budget)}</caption>
                <thead><tr><th scope="col">{t!(i18n, plans.budget_item)}</th><th scope="col">{t!(i18n, plans.amount)}</th></tr></thead>
                <tbody>{budget}</tbody>
                <tfoot><tr><th scope="row">{t!(i18n, plans.budget_total)}</th><td class="number" data-budget-total>{plan.budget().yuan()}</td></tr></tfoot>
            </table>
            <div class="actions no-print">
                {editable.then(|| view! {
                    <a class="button" href=format!("/office/plans/{}/edit", plan.id) data-action="edit-plan">{t!(i18n, plans.edit)}</a>
                })}
                <button type="button" class="button" data-action="print" on:click=move |_| { let _ = window().print(); }>{t!(i18n, plans.print)}</button>
            </div>
        </section>
        <Decision plan=plan.clone() />
        <PlanTasks plan=plan.clone() data=data.clone() />
        {matches!(status, PlanStatus::Approved | PlanStatus::Closed).then(|| view! { <PlanSummary plan=plan.clone() data=data.clone() /> })}
        <section class="card" data-section="history">
            <h2>{t!(i18n, plans.history)}</h2>
            <ol class="history">{history}</ol>
        </section>
    }
}

/// The decision that is next, for whoever it belongs to; a note of whom it
/// waits for otherwise.
#[component]
fn Decision(plan: MaintenancePlan) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let status = plan.status();
    let comment = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<String>);
    let current = StoredValue::new(plan);
    let save = Action::new_local(move |next: &MaintenancePlan| {
        let next = next.clone();
        async move {
            match app.save_plan(next).await {
                Ok(()) => app.flash.set(Some(crate::state::Flash::PlanSaved)),
                Err(e) => {
                    set_error.try_set(Some(labels::store_error(i18n, &e)));
                }
            }
        }
    });
    let busy = save.pending();
    let take = move |step: Step| {
        set_error.set(None);
        if matches!(step, Step::Return { .. }) && comment.get_untracked().trim().is_empty() {
            set_error.set(Some(t_string!(i18n, plans.need_comment).to_string()));
            return;
        }
        match current.with_value(|p| p.take(step, device_now())) {
            Ok(next) => {
                save.dispatch(next);
            }
            Err(e) => set_error.set(Some(e.message)),
        }
    };
    let words = move || comment.get_untracked().trim().to_owned();
    let button = move |step: Step, name: &'static str, label: String, primary: bool| {
        app.may_decide(|role| revisit_core::maintenance::flow::allowed(&step, status, role).is_ok()).then(|| view! {
            <button type="button" class="button" class:primary=primary data-action=name disabled=move || busy.get()
                on:click=move |_| take(match &step {
                    Step::Return { .. } => Step::Return { comment: words() },
                    Step::Pass { .. } => Step::Pass { comment: words() },
                    Step::Approve { .. } => Step::Approve { comment: words() },
                    other => other.clone(),
                })>{label}</button>
        })
    };
    // A reviewer's two answers: passing on (the manager) or approving (the
    // director), and returning.
    let review = move |forward: Step, name: &'static str, label: String, waiting: String| {
        let back = Step::Return {
            comment: String::new(),
        };
        let send_back = t_string!(i18n, plans.send_back).to_string();
        (
            vec![
                button(forward, name, label, true),
                button(back, "return-plan", send_back, false),
            ],
            Some(waiting),
        )
    };
    let (buttons, waiting) = match status {
        PlanStatus::Draft => {
            let submit = t_string!(i18n, plans.submit).to_string();
            (
                vec![button(Step::Submit, "submit-plan", submit, true)],
                None,
            )
        }
        PlanStatus::InReview => review(
            Step::Pass {
                comment: String::new(),
            },
            "pass-plan",
            t_string!(i18n, plans.pass).to_string(),
            t_string!(i18n, plans.waiting_manager).to_string(),
        ),
        PlanStatus::AwaitingApproval => review(
            Step::Approve {
                comment: String::new(),
            },
            "approve-plan",
            t_string!(i18n, plans.approve).to_string(),
            t_string!(i18n, plans.waiting_director).to_string(),
        ),
        PlanStatus::Approved | PlanStatus::Closed => (Vec::new(), None),
    };
    let mine = buttons.iter().any(Option::is_some);
    let asks_comment =
        mine && matches!(status, PlanStatus::InReview | PlanStatus::AwaitingApproval);
    (mine || waiting.is_some()).then(|| view! {
        <section class="card step-form no-print" data-form="decision">
            {(!mine).then(|| waiting.clone().map(|w| view! { <p class="muted" data-waiting>{w}</p> }))}
            {asks_comment.then(|| view! {
                <label class="field">
                    <span>{t!(i18n, plans.comment)}</span>
                    <textarea name="plan-comment" rows="2" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
            })}
            <div class="actions">{buttons}</div>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-error="decision">{e}</p> })}
        </section>
    })
}
