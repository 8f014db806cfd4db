//! One issue's closed loop: record → handle → feedback → customer verifies, the
//! append-only history (who, when, on the device's clock), and the next steps.
use crate::clock::{device_now, new_id};
use crate::components::{
    OutcomeChoice, OutcomePicker, PageHeader, PhotoPicker, PhotoStrip, ProposalRegister, Recorder,
};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use revisit_core::issue::{Category, Issue, IssueEvent, IssueStatus, Step};
use revisit_core::photo::{Photo, PhotoSubject};

/// The step a form is being filled for (steps that need words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Needs {
    Feedback,
    Verify,
    Reopen,
    Reject,
    Withdraw,
}

#[component]
pub fn IssuePage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let issue = Memo::new(move |_| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        app.snapshot().and_then(|data| {
            data.issues
                .iter()
                .find(|i| i.id.to_string() == id)
                .map(|i| {
                    let customer = data
                        .customers
                        .iter()
                        .find(|c| c.id == i.customer_id)
                        .map(|c| c.name.clone());
                    (i.clone(), customer.unwrap_or_default())
                })
        })
    });
    view! {
        <div class="page" data-page="issue">
            <PageHeader>{t!(i18n, issues.title)}</PageHeader>
            {move || match issue.get() {
                Some((issue, customer)) => view! { <IssueDetail issue=issue customer=customer /> }.into_any(),
                None if app.snapshot().is_none() => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, issues.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn IssueDetail(issue: Issue, customer: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let (needs, set_needs) = signal(None::<Needs>);
    let (text, set_text) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let issue_id = issue.id;
    let status = issue.status;
    let open = !status.is_closed();
    let is_proposal = issue.category == Category::Proposal;
    let proposals = app
        .snapshot_untracked()
        .map(|d| d.settings().proposals)
        .unwrap_or_default();
    // A proposal's feedback is its decision.
    let choice = RwSignal::new(None::<OutcomeChoice>);
    let grade = RwSignal::new(None::<revisit_core::proposal::Grade>);
    let reached = |s: IssueStatus| {
        use IssueStatus::*;
        let rank = |s| match s {
            Recorded => 0,
            Handling => 1,
            FeedbackGiven => 2,
            Verified => 3,
            Rejected | Withdrawn => -1,
        };
        rank(status) >= rank(s)
    };
    // The step, appended to the issue's history and queued; pending while it runs.
    // A step taken changes the issue and so redraws this detail: the answer is acted
    // on in the action's own task, with `try_set` for a detail already gone.
    let take_step = Action::new_local(move |event: &IssueEvent| {
        let event = event.clone();
        async move {
            let taken = app.step_issue(issue_id, event).await;
            match &taken {
                Ok(()) => {
                    set_needs.try_set(None);
                    set_text.try_set(String::new());
                }
                Err(err) => {
                    set_error.try_set(Some(labels::store_error(i18n, err)));
                }
            }
            taken
        }
    });
    let busy = take_step.pending();
    let submit = Callback::new(move |step: Step| {
        set_error.set(None);
        let Some(by) = app.me() else {
            set_error.set(Some(t_string!(i18n, recorder.need).to_string()));
            return;
        };
        take_step.dispatch(IssueEvent {
            id: new_id(),
            step,
            by: Some(by),
            at: device_now(),
        });
    });
    let offset = issue.raised_at.offset();
    let history = issue
        .history
        .iter()
        .map(|e| {
            let detail = match &e.step {
                Step::GiveFeedback { resolution, .. } => resolution.clone(),
                Step::Verify {
                    customer_confirmation,
                } => customer_confirmation.clone(),
                Step::Reopen { reason } | Step::Reject { reason } | Step::Withdraw { reason } => {
                    reason.clone()
                }
                Step::StartHandling => String::new(),
                Step::Acknowledge { expected_by, note } => {
                    let expected = t_string!(i18n, proposal.expected_on);
                    format!("{expected} {expected_by} {note}").trim().to_owned()
                }
                Step::ExtendDecision { reason } => reason.clone(),
                Step::PlanImplementation {
                    measures,
                    department,
                    by_date,
                } => format!(
                    "{measures} · {} · {by_date}",
                    labels::department_text(i18n, *department)
                ),
                Step::PayReward { amount } => crate::components::yuan(i18n, amount.0),
                Step::TellUse { note } => note.clone(),
            };
            view! {
                <li class="history-entry">
                    <strong>{labels::step(&e.step)}</strong>
                    <span class="muted">
                        {labels::device_time(e.at)}
                        {e.by.map(|by| format!(" · {}", app.name_of(by)))}
                    </span>
                    {(!detail.is_empty()).then(|| view! { <p>{detail}</p> })}
                </li>
            }
        })
        .collect_view();
    let actions = move || {
        let button = |label: AnyView,
                      class: &'static str,
                      action: &'static str,
                      on: Box<dyn Fn() + Send + Sync>| {
            view! { <button class=format!("button {class}") data-action=action disabled=move || busy.get() on:click=move |_| on()>{label}</button> }
        };
        let mut buttons = Vec::new();
        match status {
            IssueStatus::Recorded => buttons.push(button(
                t!(i18n, issues.start_handling).into_any(),
                "primary",
                "start",
                Box::new(move || submit.run(Step::StartHandling)),
            )),
            IssueStatus::Handling => buttons.push(button(
                t!(i18n, issues.give_feedback).into_any(),
                "primary",
                "feedback",
                Box::new(move || set_needs.set(Some(Needs::Feedback))),
            )),
            IssueStatus::FeedbackGiven => {
                buttons.push(button(
                    t!(i18n, issues.verify).into_any(),
                    "primary",
                    "verify",
                    Box::new(move || set_needs.set(Some(Needs::Verify))),
                ));
                buttons.push(button(
                    t!(i18n, issues.reopen).into_any(),
                    "",
                    "reopen",
                    Box::new(move || set_needs.set(Some(Needs::Reopen))),
                ));
            }
            _ => {}
        }
        if !status.is_closed() {
            buttons.push(button(
                t!(i18n, issues.reject).into_any(),
                "",
                "reject",
                Box::new(move || set_needs.set(Some(Needs::Reject))),
            ));
            buttons.push(button(
                t!(i18n, issues.withdraw).into_any(),
                "",
                "withdraw",
                Box::new(move || set_needs.set(Some(Needs::Withdraw))),
            ));
        }
        buttons.collect_view()
    };
    let picker_settings = proposals.clone();
    let form = move || {
        needs.get().map(|need| {
            let label = match need {
                Needs::Feedback if is_proposal => t!(i18n, proposal.decision_reason).into_any(),
                Needs::Feedback => t!(i18n, issues.resolution).into_any(),
                Needs::Verify => t!(i18n, issues.confirmation).into_any(),
                _ => t!(i18n, issues.reason).into_any(),
            };
            view! {
                <div class="card step-form">
                    {(is_proposal && need == Needs::Feedback).then(|| view! { <OutcomePicker choice=choice grade=grade settings=picker_settings.clone() /> })}
                    <label class="field">
                        <span>{label}</span>
                        <textarea name="step-text" rows="3" prop:value=move || text.get()
                            on:input=move |ev| set_text.set(event_target_value(&ev))></textarea>
                    </label>
                    <button class="button primary" data-action="submit-step" disabled=move || busy.get() on:click=move |_| {
                        let words = text.get_untracked();
                        let outcome = if is_proposal && need == Needs::Feedback {
                            let Some(c) = choice.get_untracked() else {
                                set_error.set(Some(t_string!(i18n, proposal.need_outcome).to_string()));
                                return;
                            };
                            let Some(outcome) = c.outcome(words.clone(), grade.get_untracked()) else {
                                set_error.set(Some(t_string!(i18n, proposal.need_grade).to_string()));
                                return;
                            };
                            if words.trim().is_empty() {
                                set_error.set(Some(t_string!(i18n, proposal.need_reason).to_string()));
                                return;
                            }
                            Some(outcome)
                        } else {
                            None
                        };
                        submit.run(match need {
                            Needs::Feedback => Step::GiveFeedback { resolution: words, outcome },
                            Needs::Verify => Step::Verify { customer_confirmation: words },
                            Needs::Reopen => Step::Reopen { reason: words },
                            Needs::Reject => Step::Reject { reason: words },
                            Needs::Withdraw => Step::Withdraw { reason: words },
                        });
                    }>{t!(i18n, issues.submit)}</button>
                </div>
            }
        })
    };
    view! {
        <section class="card">
            <h2 class="issue-title">{issue.title.clone()}</h2>
            <p class="issue-status" data-status=format!("{status:?}").to_lowercase()>{labels::issue_status(status)}</p>
            <dl class="facts">
                <dt>{t!(i18n, issues.customer)}</dt><dd>{customer}</dd>
                <dt>{t!(i18n, issues.category)}</dt><dd>{labels::category(issue.category)}</dd>
                {issue.received.clone().map(|r| view! {
                    <dt>{t!(i18n, issues.came_in)}</dt>
                    <dd data-field="received">
                        {labels::channel(r.channel)} " · " {labels::device_time(r.at)}
                        {(!r.contact.is_empty()).then(|| format!(" · {}", r.contact))}
                    </dd>
                })}
                <dt>{t!(i18n, issues.department)}</dt>
                <dd>{issue.departments.iter().map(|d| view! { <span class="chip dept">{labels::department(*d)}</span> " " }).collect_view()}</dd>
                <dt>{t!(i18n, issues.raised)}</dt><dd>{labels::device_time(issue.raised_at)}</dd>
                <dt>{t!(i18n, issues.due)}</dt><dd>{issue.due.with_timezone(&offset).format("%Y-%m-%d %H:%M").to_string()}</dd>
            </dl>
        </section>
        {is_proposal.then(|| view! {
            <ProposalRegister issue=issue.clone() settings=proposals.clone() submit=submit busy=busy.into() />
        })}
        <ol class="loop-steps loop-progress">
            <li class:reached=reached(IssueStatus::Recorded)>{t!(i18n, issues.status_recorded)}</li>
            <li class:reached=reached(IssueStatus::Handling)>{t!(i18n, issues.status_handling)}</li>
            <li class:reached=reached(IssueStatus::FeedbackGiven)>{t!(i18n, issues.status_feedback)}</li>
            <li class:reached=reached(IssueStatus::Verified)>{t!(i18n, issues.status_verified)}</li>
        </ol>
        {open.then(|| view! { <Recorder /> })}
        <div class="actions">{actions}</div>
        {form}
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <IssuePhotos issue_id=issue_id customer_id=issue.customer_id />
        <section class="card">
            <h2>{t!(i18n, issues.history)}</h2>
            <ol class="history">{history}</ol>
        </section>
    }
}

/// The issue's photos (the evidence of a fault, the repair done): each saved and
/// queued for sync as soon as it is taken.
#[component]
fn IssuePhotos(issue_id: uuid::Uuid, customer_id: uuid::Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let subject = PhotoSubject::Issue(issue_id);
    let photos = Signal::derive(move || {
        app.snapshot()
            .map(|d| d.photos_of(subject).into_iter().cloned().collect())
            .unwrap_or_default()
    });
    let (error, set_error) = signal(None::<String>);
    let keep = Action::new_local(move |photo: &Photo| {
        let photo = photo.clone();
        async move {
            let kept = app.file_photo(photo).await;
            set_error.try_set(
                kept.as_ref()
                    .err()
                    .map(|err| labels::store_error(i18n, err)),
            );
            kept
        }
    });
    let added = Callback::new(move |photo| {
        keep.dispatch(photo);
    });
    view! {
        <section class="card photos" data-photos="issue">
            <h2>{t!(i18n, photos.title)}</h2>
            <PhotoStrip photos=photos />
            <PhotoPicker customer_id=customer_id subject=subject on_added=added />
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
