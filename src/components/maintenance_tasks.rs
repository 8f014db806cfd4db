//! The maintenance tasks handed to this device's user (`core::maintenance::
//! open_tasks`), on Today: what, for which plan, by when — a tap reports one done.
use crate::clock::today;
use crate::i18n::*;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::maintenance::open_tasks;

#[component]
pub fn MaintenanceTasks() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let rows = Memo::new(move |_| {
        let data = app.snapshot()?;
        let me = app.me()?;
        let rows: Vec<_> = open_tasks(&data.maintenance_plans, &data.task_reports, me)
            .into_iter()
            .map(|o| {
                (
                    o.plan.id,
                    o.task.id,
                    o.task.what.clone(),
                    o.plan.content.title.clone(),
                    o.task.due,
                )
            })
            .collect();
        (!rows.is_empty()).then_some(rows)
    });
    move || {
        rows.get().map(|rows| {
            let day = today();
            view! {
                <section class="card" data-section="maintenance-tasks">
                    <h2>{t!(i18n, tasks.title)}</h2>
                    <ul class="plain-list">
                        {rows.into_iter().map(|(plan, task, what, title, due)| view! {
                            <li>
                                <a class="task-row" href=format!("/tasks/{plan}/{task}") data-task=task.to_string()>
                                    <strong>{what}</strong>
                                    <span class="muted">{title} " · " {t!(i18n, tasks.due_on, date = due.to_string())}</span>
                                    {(due < day).then(|| view! { <span class="chip warn">{t!(i18n, tasks.overdue)}</span> })}
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}
