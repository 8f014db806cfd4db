//! A maintenance plan carried out (seed 002 §7–§8): its tasks — each with who does
//! it, by when, and once reported what it cost — set by a supervisor on a draft or
//! an approved plan; and its summary (客户维护总结表): tasks done, cost against the
//! budget, the relationship score before and after from the customers'
//! evaluations, and the close with the conclusion and recommendation.
use crate::clock::{device_now, new_id, today};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use revisit_core::approval::Approvable;
use revisit_core::dataset::DataSet;
use revisit_core::evaluation::Recommendation;
use revisit_core::maintenance::{summary, Conclusion, MaintenancePlan, PlanStatus, Step, Task};
use revisit_core::user::UserId;
use std::sync::Arc;
use uuid::Uuid;

/// Saves `plan` from a form, telling the form what went wrong.
fn saver(set_error: WriteSignal<Option<String>>) -> Action<MaintenancePlan, ()> {
    let i18n = use_i18n();
    let app = use_app();
    Action::new_local(move |plan: &MaintenancePlan| {
        let plan = plan.clone();
        async move {
            match app.save_plan(plan).await {
                Ok(()) => app.flash.set(Some(crate::state::Flash::PlanSaved)),
                Err(e) => {
                    set_error.try_set(Some(labels::store_error(i18n, &e)));
                }
            }
        }
    })
}

#[component]
pub fn PlanTasks(plan: MaintenancePlan, data: Arc<DataSet>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let status = plan.status();
    let reports = data.task_reports.clone();
    let customer_name = {
        let data = data.clone();
        move |id: Option<Uuid>| {
            id.and_then(|id| {
                data.customers
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.name.clone())
            })
        }
    };
    let rows = plan.tasks.iter().map(|task| {
        let report = reports.iter().find(|r| r.plan_id == plan.id && r.task_id == task.id);
        let state = match report {
            Some(r) => view! {
                <span class="chip" data-task-done>{t!(i18n, plans.done, date = r.done_on.to_string(), cost = r.cost.yuan())}</span>
            }.into_any(),
            None => view! { <span class="chip" class:warn=task.due < today()>{t!(i18n, plans.open_task)}</span> }.into_any(),
        };
        view! {
            <li data-task=task.id.to_string()>
                <strong>{task.what.clone()}</strong>
                <span class="muted">" · " {app.name_of(task.assignee)} " · " {t!(i18n, tasks.due_on, date = task.due.to_string())}
                    {customer_name(task.customer_id).map(|n| format!(" · {n}"))}</span>
                " " {state}
                {report.filter(|r| !r.note.is_empty()).map(|r| view! { <span class="muted">" · " {r.note.clone()}</span> })}
            </li>
        }
    }).collect_view();
    let empty = plan.tasks.is_empty();
    let editable = status.tasks_open() && app.may_supervise();
    view! {
        <section class="card" data-section="tasks">
            <h2>{t!(i18n, plans.tasks)}</h2>
            {empty.then(|| view! { <p class="muted">{t!(i18n, plans.no_tasks)}</p> })}
            <ul class="plain-list">{rows}</ul>
            {editable.then(|| view! { <AddTask plan=plan.clone() data=data.clone() /> })}
        </section>
    }
}

/// A supervisor's form for one more task.
#[component]
fn AddTask(plan: MaintenancePlan, data: Arc<DataSet>) -> impl IntoView {
    let i18n = use_i18n();
    let what = RwSignal::new(String::new());
    let assignee = RwSignal::new(plan.content.responsible.first().copied());
    let due = RwSignal::new(plan.content.to.to_string());
    let customer = RwSignal::new(match plan.content.scope {
        revisit_core::maintenance::Scope::Customer { customer_id } => Some(customer_id),
        revisit_core::maintenance::Scope::Tier { .. } => None,
    });
    let (error, set_error) = signal(None::<String>);
    let save = saver(set_error);
    let busy = save.pending();
    let current = StoredValue::new(plan);
    let mut people: Vec<(UserId, String)> =
        data.users.iter().map(|u| (u.id, u.name.clone())).collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let members = current.with_value(|p| summary::members(p, &data, today()));
    let choices: Vec<(Uuid, String)> = data
        .customers
        .iter()
        .filter(|c| members.contains(&c.id))
        .map(|c| (c.id, c.name.clone()))
        .collect();
    let add = move |_| {
        set_error.set(None);
        let due = NaiveDate::parse_from_str(&due.get_untracked(), "%Y-%m-%d").ok();
        let (Some(assignee), Some(due)) = (assignee.get_untracked(), due) else {
            set_error.set(Some(t_string!(i18n, plans.need_task).to_string()));
            return;
        };
        let task = Task {
            id: new_id(),
            what: what.get_untracked(),
            assignee,
            due,
            customer_id: customer.get_untracked(),
        };
        match current.with_value(|p| {
            let mut tasks = p.tasks.clone();
            tasks.push(task);
            p.with_tasks(tasks)
        }) {
            Ok(next) => {
                what.set(String::new());
                save.dispatch(next);
            }
            Err(_) => set_error.set(Some(t_string!(i18n, plans.need_task).to_string())),
        }
    };
    view! {
        <fieldset class="step-form no-print" data-form="add-task">
            <legend>{t!(i18n, plans.add_task)}</legend>
            <label class="field">
                <span>{t!(i18n, plans.task_what)}</span>
                <input type="text" name="task-what" prop:value=move || what.get() on:input=move |ev| what.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t!(i18n, plans.assignee)}</span>
                <select name="task-assignee" on:change=move |ev| assignee.set(event_target_value(&ev).parse::<Uuid>().ok().map(UserId::from_uuid))>
                    <option value="">{t!(i18n, plans.choose)}</option>
                    {people.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=move || assignee.get() == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, plans.due)}</span>
                <input type="date" name="task-due" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t!(i18n, plans.task_customer)}</span>
                <select name="task-customer" on:change=move |ev| customer.set(event_target_value(&ev).parse().ok())>
                    <option value="">{t!(i18n, customers.none)}</option>
                    {choices.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=move || customer.get() == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-error="task">{e}</p> })}
            <button type="button" class="button" data-action="add-task" disabled=move || busy.get() on:click=add>"+ " {t!(i18n, plans.add_task)}</button>
        </fieldset>
    }
}

/// 客户维护总结表: the figures, and the close for a supervisor.
#[component]
pub fn PlanSummary(plan: MaintenancePlan, data: Arc<DataSet>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let day = today();
    let figures = summary::of(&plan, &data, day);
    let score = move |s: Option<f64>| {
        s.map_or_else(
            || t_string!(i18n, plans.no_score).to_string(),
            |s| format!("{s:.1}"),
        )
    };
    let over = figures.over_budget().map(|o| o.yuan());
    let (before, after) = (score(figures.score_before), score(figures.score_after));
    let done = format!("{}/{}", figures.done(), figures.tasks.len());
    let (budget, spent) = (figures.budget.yuan(), figures.spent.yuan());
    let closing = plan.status() == PlanStatus::Approved
        && app.may_decide(|role| {
            let close = close_step(String::new(), Recommendation::MaintainAndDeepen);
            revisit_core::maintenance::flow::allowed(&close, PlanStatus::Approved, role).is_ok()
        });
    view! {
        <section class="card" data-section="summary">
            <h2>{t!(i18n, plans.summary)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, plans.tasks_done)}</dt><dd data-fact="tasks-done">{done}</dd>
                <dt>{t!(i18n, plans.budget_total)}</dt><dd>{t!(i18n, plans.yuan, amount = budget)}</dd>
                <dt>{t!(i18n, plans.spent)}</dt>
                <dd data-fact="spent">{t!(i18n, plans.yuan, amount = spent)} " · "
                    {match over {
                        Some(amount) => view! { <span class="warn" data-over-budget=amount>{t!(i18n, plans.over_budget, amount = amount)}</span> }.into_any(),
                        None => t!(i18n, plans.within_budget).into_any(),
                    }}
                </dd>
                <dt>{t!(i18n, plans.score_before)}</dt><dd data-fact="score-before">{before}</dd>
                <dt>{t!(i18n, plans.score_after)}</dt><dd data-fact="score-after">{after}</dd>
                {plan.conclusion().map(|c| view! {
                    <dt>{t!(i18n, plans.conclusion)}</dt><dd data-fact="conclusion">{c.done.clone()}</dd>
                    <dt>{t!(i18n, plans.recommendation)}</dt><dd>{labels::recommendation_text(i18n, c.recommendation)}</dd>
                })}
            </dl>
            {closing.then(|| view! { <CloseForm plan=plan.clone() /> })}
        </section>
    }
}

fn close_step(done: String, recommendation: Recommendation) -> Step {
    Step::Close {
        conclusion: Conclusion {
            done,
            recommendation,
        },
    }
}

#[component]
fn CloseForm(plan: MaintenancePlan) -> impl IntoView {
    let i18n = use_i18n();
    let done = RwSignal::new(String::new());
    let recommendation = RwSignal::new(Recommendation::MaintainAndDeepen);
    let (error, set_error) = signal(None::<String>);
    let save = saver(set_error);
    let busy = save.pending();
    let current = StoredValue::new(plan);
    let close = move |_| {
        set_error.set(None);
        let step = close_step(done.get_untracked(), recommendation.get_untracked());
        match current.with_value(|p| p.take(step, device_now())) {
            Ok(next) => {
                save.dispatch(next);
            }
            Err(_) => set_error.set(Some(t_string!(i18n, plans.need_conclusion).to_string())),
        }
    };
    let options = [
        Recommendation::MaintainAndDeepen,
        Recommendation::Improve,
        Recommendation::Review,
    ];
    view! {
        <fieldset class="step-form no-print" data-form="close">
            <legend>{t!(i18n, plans.close)}</legend>
            <label class="field">
                <span>{t!(i18n, plans.conclusion)}</span>
                <textarea name="plan-conclusion" rows="3" prop:value=move || done.get() on:input=move |ev| done.set(event_target_value(&ev))></textarea>
            </label>
            <label class="field">
                <span>{t!(i18n, plans.recommendation)}</span>
                <select name="plan-recommendation" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(r) = options.into_iter().find(|r| crate::json::wire_name(r) == value) { recommendation.set(r) }
                }>
                    {options.map(|r| view! { <option value=crate::json::wire_name(&r) selected=move || recommendation.get() == r>{labels::recommendation_text(i18n, r)}</option> }).collect_view()}
                </select>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-error="close">{e}</p> })}
            <button type="button" class="button primary" data-action="close-plan" disabled=move || busy.get() on:click=close>{t!(i18n, plans.close)}</button>
        </fieldset>
    }
}
