//! A maintenance task reported done (seed 002 §7): the day, what it actually cost
//! and a note, on the device, offline like a visit. The server takes it from the
//! task's assignee or a supervisor, on an approved plan.
use crate::clock::{device_now, new_id, today};
use crate::components::{typed_yuan, PageHeader};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use revisit_core::maintenance::{MaintenancePlan, Task, TaskReport};
use revisit_core::types::Cny;

#[component]
pub fn TaskPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    // The plan's and the task's ids, and whether it is reported: only these are
    // tracked, so a pull does not wipe what is being typed.
    let found = Memo::new(move |_| {
        let (plan, task) = params.with(|p| (p.get("plan"), p.get("task")));
        let data = app.snapshot()?;
        let plan = data
            .maintenance_plans
            .iter()
            .find(|p| Some(p.id.to_string()) == plan)?;
        let task = plan.tasks.iter().find(|t| Some(t.id.to_string()) == task)?;
        let reported = data
            .task_reports
            .iter()
            .any(|r| r.plan_id == plan.id && r.task_id == task.id);
        Some((plan.id, task.id, reported))
    });
    let read = move |plan_id, task_id| {
        let data = app.snapshot_untracked()?;
        let plan = data
            .maintenance_plans
            .iter()
            .find(|p| p.id == plan_id)?
            .clone();
        let task = plan.tasks.iter().find(|t| t.id == task_id)?.clone();
        let report = data
            .task_reports
            .iter()
            .find(|r| r.plan_id == plan_id && r.task_id == task_id)
            .cloned();
        Some(view! { <TaskReportForm plan=plan task=task report=report /> })
    };
    view! {
        <div class="page" data-page="task">
            <PageHeader>{t!(i18n, tasks.title)}</PageHeader>
            {move || match found.get() {
                Some((plan, task, _)) => read(plan, task).into_any(),
                None if app.snapshot().is_none() => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, tasks.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn TaskReportForm(plan: MaintenancePlan, task: Task, report: Option<TaskReport>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let done_on = RwSignal::new(today().to_string());
    let cost = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<String>);
    let save = Action::new_local(move |report: &TaskReport| {
        let report = report.clone();
        let navigate = navigate.clone();
        async move {
            match app.report_task(report).await {
                Ok(()) => {
                    app.flash.set(Some(crate::state::Flash::TaskReported));
                    navigate("/", Default::default());
                }
                Err(e) => {
                    set_error.try_set(Some(labels::store_error(i18n, &e)));
                }
            }
        }
    });
    let busy = save.pending();
    let (plan_id, task_id) = (plan.id, task.id);
    let submit = move |_| {
        set_error.set(None);
        let day = NaiveDate::parse_from_str(&done_on.get_untracked(), "%Y-%m-%d").ok();
        let amount = typed_yuan(&cost.get_untracked()).ok().flatten();
        let made = day.zip(amount).and_then(|(day, amount): (NaiveDate, Cny)| {
            TaskReport::new(
                new_id(),
                plan_id,
                task_id,
                day,
                amount,
                &note.get_untracked(),
                device_now(),
            )
            .ok()
        });
        match made {
            Some(report) => {
                save.dispatch(report);
            }
            None => set_error.set(Some(t_string!(i18n, tasks.need).to_string())),
        }
    };
    view! {
        <section class="card">
            <h2>{task.what.clone()}</h2>
            <p class="muted">{t!(i18n, tasks.of_plan)} " · " {plan.content.title.clone()} " · " {t!(i18n, tasks.due_on, date = task.due.to_string())}</p>
            {match report {
                Some(r) => view! {
                    <p data-task-reported>{t!(i18n, tasks.reported)} " · " {t!(i18n, plans.done, date = r.done_on.to_string(), cost = r.cost.yuan())}</p>
                }.into_any(),
                None => view! {
                    <label class="field">
                        <span>{t!(i18n, tasks.done_on)}</span>
                        <input type="date" name="done-on" prop:value=move || done_on.get() on:input=move |ev| done_on.set(event_target_value(&ev)) />
                    </label>
                    <label class="field">
                        <span>{t!(i18n, tasks.cost)}</span>
                        <input type="text" inputmode="numeric" name="task-cost" prop:value=move || cost.get() on:input=move |ev| cost.set(event_target_value(&ev)) />
                    </label>
                    <label class="field">
                        <span>{t!(i18n, tasks.note)}</span>
                        <textarea name="task-note" rows="3" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    </label>
                    {move || error.get().map(|e| view! { <p class="error" role="alert" data-error="task-report">{e}</p> })}
                    <button class="button primary" data-action="report-task" disabled=move || busy.get() on:click=submit>{t!(i18n, tasks.report)}</button>
                }.into_any(),
            }}
        </section>
    }
}
