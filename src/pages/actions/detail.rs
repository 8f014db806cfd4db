//! One action: what and why, the findings it links to, and its stages — the
//! review (act with an owner and a due date, or no action with the reason), the
//! measures taken, the verification (effective closes it; not effective sends it
//! back) — each with who and when, and the form for the next one.
use super::status_chip;
use crate::clock::device_now;
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use revisit_core::action::{ActionStatus, Decision, Evidence};
use revisit_core::department::Department;
use revisit_core::types::DeviceTime;
use revisit_core::user::UserId;

/// A finding in words, with the visit it links to when there is one.
pub fn evidence_text(i18n: leptos_i18n::I18nContext<Locale>, e: &Evidence) -> String {
    match e {
        Evidence::LowProductRating { .. } => t_string!(i18n, actions.ev_low_product).to_string(),
        Evidence::LowServiceRating { .. } => t_string!(i18n, actions.ev_low_service).to_string(),
        Evidence::FailedItem { stage, .. } => {
            format!(
                "{} · {}",
                t_string!(i18n, actions.ev_failed),
                labels::stage_text(i18n, *stage)
            )
        }
        Evidence::ProductLineTrend { .. } => t_string!(i18n, actions.ev_trend).to_string(),
        Evidence::Suggestions { visit_ids } => {
            format!(
                "{} ×{}",
                t_string!(i18n, actions.ev_suggestions),
                visit_ids.len()
            )
        }
    }
}

#[component]
pub fn ActionPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let action = Memo::new(move |_| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        app.snapshot()
            .and_then(|d| d.actions.iter().find(|a| a.id.to_string() == id).cloned())
    });
    view! {
        <div class="page" data-page="action">
            <PageHeader>{t!(i18n, actions.title)}</PageHeader>
            {move || match action.get() {
                Some(a) => view! { <ActionDetail action=a /> }.into_any(),
                None if app.snapshot().is_none() => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, actions.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ActionDetail(action: revisit_core::action::Action) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let status = action.status();
    let signed = move |by: Option<UserId>, at: DeviceTime| {
        let by = by
            .map(|b| format!(" · {}", app.name_of(b)))
            .unwrap_or_default();
        view! { <span class="muted">" · " {labels::device_time(at)} {by}</span> }
    };
    // The visits a finding links to: through their customer's file.
    let visit_link = move |visit: uuid::Uuid| {
        app.snapshot_untracked().and_then(|d| {
            let v = d.visits.iter().find(|v| v.id == visit)?;
            let name = d.customers.iter().find(|c| c.id == v.customer_id)?.name.clone();
            let date = v.done_on().map(|d| d.to_string()).unwrap_or_default();
            Some(view! { <a class="chip" href=format!("/customers/{}", v.customer_id)>{name} " " {date}</a> })
        })
    };
    let evidence = action
        .evidence
        .iter()
        .map(|e| {
            view! {
                <li data-finding=format!("{e:?}")>
                    {evidence_text(i18n, e)} " "
                    {e.visits().into_iter().map(visit_link).collect_view()}
                </li>
            }
        })
        .collect_view();
    let review = action.review.as_ref().map(|r| {
        let decision = match &r.what.decision {
            Decision::Act { owner, due } => format!(
                "{} · {} · {} {due}",
                t_string!(i18n, actions.act),
                labels::department_text(i18n, *owner),
                t_string!(i18n, actions.due)
            ),
            Decision::NoAction { reason } => format!("{} · {reason}", t_string!(i18n, actions.no_action)),
        };
        view! {
            <dt>{t!(i18n, actions.review)}</dt>
            <dd data-fact="review">{decision} " · " {t!(i18n, actions.reviewer)} {labels::department(r.what.reviewer)} {signed(r.by, r.at)}</dd>
        }
    });
    let measures = action.measures.as_ref().map(|m| {
        view! {
            <dt>{t!(i18n, actions.measures)}</dt>
            <dd data-fact="measures">{m.what.taken.clone()} {signed(m.by, m.at)}</dd>
        }
    });
    let verifications = action
        .verifications
        .iter()
        .map(|v| {
            let verdict = if v.what.effective {
                t_string!(i18n, actions.effective)
            } else {
                t_string!(i18n, actions.not_effective)
            };
            view! {
                <dt>{t!(i18n, actions.verification)}</dt>
                <dd data-fact="verification" data-effective=v.what.effective.to_string()>
                    {verdict} {(!v.what.note.is_empty()).then(|| format!(" · {}", v.what.note))} {signed(v.by, v.at)}
                </dd>
            }
        })
        .collect_view();

    let (error, set_error) = signal(None::<String>);
    let save = Action::new_local(move |next: &revisit_core::action::Action| {
        let next = next.clone();
        async move {
            let saved = app.save_action(next).await;
            if let Err(e) = &saved {
                set_error.try_set(Some(labels::store_error(i18n, e)));
            }
            saved
        }
    });
    let busy = save.pending();
    let current = StoredValue::new(action.clone());
    let take = move |step: Result<revisit_core::action::Action, revisit_core::error::Invalid>,
                     message: String| {
        match step {
            Ok(next) => {
                set_error.set(None);
                save.dispatch(next);
            }
            Err(_) => set_error.set(Some(message)),
        }
    };
    // The next stage's form, for a supervisor.
    let text = RwSignal::new(String::new());
    let owner = RwSignal::new(Department::CustomerService);
    let due = RwSignal::new((device_now().local_date() + chrono::Days::new(30)).to_string());
    let act = RwSignal::new(true);
    let next = move || {
        if !app.may_handle_actions() {
            return None;
        }
        Some(match status {
            ActionStatus::AwaitingReview => view! {
                <section class="card step-form" data-form="review">
                    <h2>{t!(i18n, actions.review)} " · " {labels::department(current.with_value(|a| a.reviewer()))}</h2>
                    <div class="segmented" role="group">
                        <button class="segment" data-decision="act" aria-pressed=move || act.get().to_string()
                            on:click=move |_| act.set(true)>{t!(i18n, actions.act)}</button>
                        <button class="segment" data-decision="no_action" aria-pressed=move || (!act.get()).to_string()
                            on:click=move |_| act.set(false)>{t!(i18n, actions.no_action)}</button>
                    </div>
                    <Show when=move || act.get()>
                        <label class="field">
                            <span>{t!(i18n, actions.owner)}</span>
                            <select name="action-owner" on:change=move |ev| {
                                let value = event_target_value(&ev);
                                if let Some(d) = Department::ALL.into_iter().find(|d| format!("{d:?}") == value) { owner.set(d) }
                            }>
                                {Department::ALL.map(|d| view! { <option value=format!("{d:?}") selected=move || owner.get() == d>{labels::department(d)}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="field">
                            <span>{t!(i18n, actions.due)}</span>
                            <input type="date" name="action-due" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                        </label>
                    </Show>
                    <Show when=move || !act.get()>
                        <label class="field">
                            <span>{t!(i18n, actions.no_action_reason)}</span>
                            <textarea name="action-text" rows="2" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        </label>
                    </Show>
                    <button class="button primary" data-action="save-review" disabled=move || busy.get() on:click=move |_| {
                        let decision = if act.get_untracked() {
                            match NaiveDate::parse_from_str(&due.get_untracked(), "%Y-%m-%d") {
                                Ok(due) => Decision::Act { owner: owner.get_untracked(), due },
                                Err(_) => return set_error.set(Some(t_string!(i18n, actions.bad_due).to_string())),
                            }
                        } else {
                            Decision::NoAction { reason: text.get_untracked() }
                        };
                        take(current.with_value(|a| a.reviewed(decision, device_now())), t_string!(i18n, actions.bad_review).to_string());
                    }>{t!(i18n, issues.submit)}</button>
                </section>
            }.into_any(),
            ActionStatus::InProgress => view! {
                <section class="card step-form" data-form="measures">
                    <label class="field">
                        <span>{t!(i18n, actions.measures_taken)}</span>
                        <textarea name="action-text" rows="3" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </label>
                    <button class="button primary" data-action="save-measures" disabled=move || busy.get() on:click=move |_| {
                        take(current.with_value(|a| a.measured(&text.get_untracked(), device_now())), t_string!(i18n, actions.need_measures).to_string());
                    }>{t!(i18n, issues.submit)}</button>
                </section>
            }.into_any(),
            ActionStatus::AwaitingVerification => view! {
                <section class="card step-form" data-form="verify">
                    <label class="field">
                        <span>{t!(i18n, actions.verification_note)}</span>
                        <textarea name="action-text" rows="2" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="actions">
                        <button class="button primary" data-action="verify-effective" disabled=move || busy.get() on:click=move |_| {
                            take(current.with_value(|a| a.verified(true, &text.get_untracked(), device_now())), String::new());
                        }>{t!(i18n, actions.effective)}</button>
                        <button class="button" data-action="verify-not-effective" disabled=move || busy.get() on:click=move |_| {
                            take(current.with_value(|a| a.verified(false, &text.get_untracked(), device_now())), t_string!(i18n, actions.need_why_not).to_string());
                        }>{t!(i18n, actions.not_effective)}</button>
                    </div>
                </section>
            }.into_any(),
            ActionStatus::Verified | ActionStatus::NoAction => return None,
        })
    };
    let notices = (action.measures.is_some() && app.may_handle_actions())
        .then(|| view! { <NoticeForm action=action.clone() /> });
    view! {
        <section class="card">
            <h2 class="action-title">{action.title.clone()}</h2>
            <p class="action-status">{status_chip(&action)}</p>
            <dl class="facts">
                <dt>{t!(i18n, actions.kind)}</dt>
                <dd>{match action.kind {
                    revisit_core::action::ActionKind::Corrective => t!(i18n, actions.corrective).into_any(),
                    revisit_core::action::ActionKind::Preventive => t!(i18n, actions.preventive).into_any(),
                }}</dd>
                <dt>{t!(i18n, actions.why)}</dt>
                <dd>{action.why.clone()}</dd>
                <dt>{t!(i18n, actions.opened)}</dt>
                <dd>{labels::device_time(action.opened_at)} {action.opened_by.map(|b| format!(" · {}", app.name_of(b)))}</dd>
                {review}
                {measures}
                {verifications}
            </dl>
            <h3>{t!(i18n, actions.evidence)}</h3>
            <ul class="plain-list evidence">{evidence}</ul>
        </section>
        {next}
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {notices}
    }
}

/// Quality-improvement notices (质量改进通知) of an action whose measures are taken:
/// the customers of a product line (and model) told what was improved, each with
/// a visit or call planned; how many were told so far.
#[component]
fn NoticeForm(action: revisit_core::action::Action) -> impl IntoView {
    use revisit_core::action::notice::{notices, Audience};
    let i18n = use_i18n();
    let app = use_app();
    let action_id = action.id;
    let told = Memo::new(move |_| {
        app.snapshot()
            .map(|d| {
                d.events
                    .iter()
                    .filter(|e| e.action_id == Some(action_id))
                    .count()
            })
            .unwrap_or(0)
    });
    let lines: Vec<(String, String)> = app
        .snapshot_untracked()
        .map(|d| {
            let settings = d.settings();
            let mut keys: Vec<String> = d
                .installations
                .iter()
                .map(|i| i.product_line.clone())
                .collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .map(|k| {
                    let name = settings
                        .product_line(&k)
                        .map(|l| labels::pick(&l.name))
                        .unwrap_or_else(|| k.clone());
                    (k, name)
                })
                .collect()
        })
        .unwrap_or_default();
    let line = RwSignal::new(lines.first().map(|(k, _)| k.clone()).unwrap_or_default());
    let model = RwSignal::new(String::new());
    let text = RwSignal::new(
        action
            .measures
            .as_ref()
            .map(|m| m.what.taken.clone())
            .unwrap_or_default(),
    );
    let (error, set_error) = signal(None::<String>);
    // How many customers the chosen line and model reach, before sending.
    let reach = Memo::new(move |_| {
        let audience = Audience {
            product_line: line.get(),
            model: Some(model.get()).filter(|m| !m.trim().is_empty()),
        };
        app.snapshot()
            .map(|d| revisit_core::action::notice::affected(&d.installations, &audience).len())
            .unwrap_or(0)
    });
    let current = StoredValue::new(action);
    let send = Action::new_local(move |events: &Vec<revisit_core::event::Event>| {
        let events = events.clone();
        async move {
            let sent = app.send_notices(events).await;
            if let Err(e) = &sent {
                set_error.try_set(Some(labels::store_error(i18n, e)));
            }
            sent
        }
    });
    let busy = send.pending();
    let submit = move |_| {
        set_error.set(None);
        let Some(data) = app.snapshot_untracked() else {
            return;
        };
        let audience = Audience {
            product_line: line.get_untracked(),
            model: Some(model.get_untracked()).filter(|m| !m.trim().is_empty()),
        };
        let made = current.with_value(|a| {
            notices(
                a,
                &data.installations,
                &audience,
                &text.get_untracked(),
                device_now(),
            )
        });
        match made {
            Ok(events) => {
                send.dispatch(events);
            }
            Err(invalid) if invalid.field == "audience" => {
                set_error.set(Some(t_string!(i18n, actions.notice_nobody).to_string()))
            }
            Err(_) => set_error.set(Some(t_string!(i18n, actions.notice_need_text).to_string())),
        }
    };
    view! {
        <section class="card step-form" data-form="notice">
            <h2>{t!(i18n, actions.notice_title)}</h2>
            <p class="muted">{t!(i18n, actions.notice_intro)}</p>
            <p data-notices-told=move || told.get()>{t!(i18n, actions.notice_told)} " " {move || told.get()}</p>
            <label class="field">
                <span>{t!(i18n, actions.notice_line)}</span>
                <select name="notice-line" on:change=move |ev| line.set(event_target_value(&ev))>
                    {lines.into_iter().map(|(k, name)| {
                        let key = k.clone();
                        view! { <option value=k selected=move || line.get() == key>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, actions.notice_model)}</span>
                <input type="text" name="notice-model" prop:value=move || model.get() on:input=move |ev| model.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t!(i18n, actions.notice_text)}</span>
                <textarea name="notice-text" rows="3" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <p class="muted" data-notice-reach=move || reach.get()>{move || t!(i18n, actions.notice_reach, n = reach.get())}</p>
            <button class="button primary" data-action="send-notices" disabled=move || busy.get() on:click=submit>{t!(i18n, actions.notice_send)}</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
