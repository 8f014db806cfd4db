//! Issues (问题): open, awaiting the customer's verification, overdue and closed,
//! filterable by department — at first the user's own department's (the issues
//! routed to it are theirs), for a user in one. Each row opens the issue's loop.
use crate::clock::device_now;
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::department::Department;
use revisit_core::issue::{Issue, IssueStatus};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Open,
    Feedback,
    Overdue,
    Closed,
}

impl Tab {
    fn holds(self, issue: &Issue, now: chrono::DateTime<chrono::Utc>) -> bool {
        match self {
            Tab::Open => matches!(issue.status, IssueStatus::Recorded | IssueStatus::Handling),
            Tab::Feedback => issue.status == IssueStatus::FeedbackGiven,
            Tab::Overdue => issue.is_overdue(now),
            Tab::Closed => issue.status.is_closed(),
        }
    }
}

#[component]
pub fn IssuesPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let now = device_now().utc;
    let (tab, set_tab) = signal(Tab::Open);
    // The user's department, as the user directory (pulled) says: an admin may set
    // it after the device enrolled.
    let mine = app.me().and_then(|me| {
        app.snapshot_untracked()?
            .users
            .iter()
            .find(|u| u.id == me)?
            .department
    });
    let (department, set_department) = signal(mine);
    let issues = Memo::new(move |_| {
        app.snapshot().map(|data| {
            let names: HashMap<Uuid, String> = data
                .customers
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect();
            let mut issues: Vec<(Issue, String)> = data
                .issues
                .iter()
                .map(|i| {
                    (
                        i.clone(),
                        names.get(&i.customer_id).cloned().unwrap_or_default(),
                    )
                })
                .collect();
            issues.sort_by_key(|a| a.0.due);
            issues
        })
    });
    let shown = move |t: Tab| {
        issues
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(move |(i, _)| {
                t.holds(i, now) && department.get().is_none_or(|d| i.departments.contains(&d))
            })
    };
    let count = move |t: Tab| shown(t).count();
    let tab_button = move |t: Tab, name: &'static str, label: AnyView| {
        view! {
            <button class="tab" role="tab" data-tab=name aria-selected=move || (tab.get() == t).to_string()
                on:click=move |_| set_tab.set(t)>
                {label} " " <span class="tab-count">{move || count(t)}</span>
            </button>
        }
    };
    view! {
        <div class="page" data-page="issues">
            <PageHeader>{t!(i18n, issues.title)}</PageHeader>
            <a class="button add" href="/issues/new" data-action="new-issue">"+ " {t!(i18n, raise.title)}</a>
            <ol class="loop-steps">
                <li>{t!(i18n, issues.status_recorded)}</li>
                <li>{t!(i18n, issues.status_handling)}</li>
                <li>{t!(i18n, issues.status_feedback)}</li>
                <li>{t!(i18n, issues.status_verified)}</li>
            </ol>
            <div class="tabs" role="tablist">
                {tab_button(Tab::Open, "open", t!(i18n, issues.tab_open).into_any())}
                {tab_button(Tab::Feedback, "feedback", t!(i18n, issues.tab_feedback).into_any())}
                {tab_button(Tab::Overdue, "overdue", t!(i18n, issues.tab_overdue).into_any())}
                {tab_button(Tab::Closed, "closed", t!(i18n, issues.tab_closed).into_any())}
            </div>
            <label class="field inline">
                <span>{t!(i18n, issues.department)}</span>
                <select name="department" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    set_department.set(Department::ALL.into_iter().find(|d| format!("{d:?}") == value));
                }>
                    <option value="" selected=mine.is_none()>{t!(i18n, issues.all_departments)}</option>
                    {Department::ALL.map(|d| view! {
                        <option value=format!("{d:?}") selected=mine == Some(d)>{labels::department(d)}</option>
                    }).collect_view()}
                </select>
            </label>
            <ul class="visit-list issue-list">
                <For
                    each=move || shown(tab.get())
                    key=|(issue, _)| (issue.id, issue.history.len())
                    children=move |(issue, customer)| {
                        let overdue = issue.is_overdue(now);
                        view! {
                            <li>
                                <a class="visit-row issue-row" href=format!("/issues/{}", issue.id)
                                    data-status=if overdue { "overdue" } else { "upcoming" }>
                                    <div class="row-top">
                                        <strong class="customer">{issue.title.clone()}</strong>
                                        {overdue.then(|| view! { <span class="badge tier-1">{t!(i18n, issues.overdue_badge)}</span> })}
                                    </div>
                                    <div class="row-reasons">
                                        <span class="chip">{labels::category(issue.category)}</span>
                                        {issue.departments.iter().map(|d| view! { <span class="chip dept">{labels::department(*d)}</span> }).collect_view()}
                                    </div>
                                    <div class="row-meta">
                                        <span>{customer}</span>
                                        <span>{t!(i18n, issues.due)} " " {issue.due.with_timezone(&issue.raised_at.offset()).format("%m-%d %H:%M").to_string()}</span>
                                        <span class="status">{labels::issue_status(issue.status)}</span>
                                    </div>
                                </a>
                            </li>
                        }
                    }
                />
            </ul>
            <Show when=move || count(tab.get()) == 0>
                <p class="muted empty-list">{t!(i18n, issues.list_empty)}</p>
            </Show>
        </div>
    }
}
