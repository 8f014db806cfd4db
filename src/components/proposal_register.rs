//! A proposal's row of the register (客户提案登记表, seed 002) on its issue page:
//! when the decision is due (extended to 30 days only with a supervisor's
//! approval), the customer acknowledged and thanked, the outcome and its grade as
//! told, and for an adopted one the implementation plan, the reward paid and the
//! customer told of its use — each with who and when, and the step still to take.
use super::proposal::{band_text, outcome_label};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use revisit_core::department::Department;
use revisit_core::issue::{Issue, IssueEvent, Step};
use revisit_core::proposal::register::{self, Register};
use revisit_core::proposal::ProposalSettings;
use revisit_core::types::Cny;

/// The register's step a form is open for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Acknowledge,
    Extend,
    Plan,
    Reward,
    TellUse,
}

#[component]
pub fn ProposalRegister(
    issue: Issue,
    settings: ProposalSettings,
    /// Takes a step (appends it to the issue's history).
    submit: Callback<Step>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let Some(row) = Register::of(&issue, &settings) else {
        return ().into_any();
    };
    let open = !issue.status.is_closed();
    let may_extend = open && row.decided.is_none() && row.extended.is_none();
    let adopted = row.decided.as_ref().is_some_and(|d| d.what.is_adopted());
    let (entry, set_entry) = signal(None::<Entry>);
    let (error, set_error) = signal(None::<String>);
    let date = RwSignal::new(row.deadline.target.to_string());
    let text = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let department = RwSignal::new(
        issue
            .departments
            .first()
            .copied()
            .unwrap_or(Department::CustomerService),
    );
    let who = move |done: &IssueEvent| {
        let by = done.by.map(|by| format!(" · {}", app.name_of(by)));
        format!("{}{}", labels::device_time(done.at), by.unwrap_or_default())
    };
    let stamp = move |done: &IssueEvent| view! { <span class="muted">" · " {who(done)}</span> };

    let (target, latest) = (
        row.deadline.target.to_string(),
        row.deadline.latest.to_string(),
    );
    let deadline = view! {
        <dt>{t!(i18n, proposal.decision_due)}</dt>
        <dd data-fact="decision-due">
            {t!(i18n, proposal.decision_due_value, target = target.clone(), latest = latest.clone())}
            {row.extended.as_ref().map(|e| view! {
                <br/><span data-fact="extended">{t!(i18n, proposal.extended)} {stamp(&e.event)}</span>
                <br/><span class="muted">{e.what.clone()}</span>
            })}
        </dd>
    };
    let acknowledged = view! {
        <dt>{t!(i18n, proposal.acknowledged)}</dt>
        <dd data-fact="acknowledged">
            {match &row.acknowledged {
                Some(a) => view! { {t!(i18n, proposal.expected_by, date = a.what.to_string())} {stamp(&a.event)} }.into_any(),
                None => view! { <span class="muted">{t!(i18n, proposal.not_yet)}</span> }.into_any(),
            }}
        </dd>
    };
    let decided = row.decided.as_ref().map(|d| {
        let grade = row
            .grade
            .map(|g| view! { " · " {t!(i18n, proposal.grade, grade = format!("{g:?}"))} });
        view! {
            <dt>{t!(i18n, proposal.outcome)}</dt>
            <dd data-fact="outcome">{outcome_label(&d.what)} {grade} {stamp(&d.event)}</dd>
        }
    });
    let adopted_rows = adopted.then(|| {
        let pending = || view! { <span class="muted">{t!(i18n, proposal.not_yet)}</span> }.into_any();
        view! {
            <dt>{t!(i18n, proposal.implementation)}</dt>
            <dd data-fact="implementation">
                {match &row.implementation {
                    Some(p) => view! {
                        {p.what.measures.clone()} " · " {labels::department(p.what.department)} " · "
                        {t!(i18n, proposal.by_date, date = p.what.by_date.to_string())} {stamp(&p.event)}
                    }.into_any(),
                    None => pending(),
                }}
            </dd>
            <dt>{t!(i18n, proposal.reward)}</dt>
            <dd data-fact="reward">
                {match &row.reward {
                    Some(r) => view! { {super::proposal::yuan(i18n, r.what.0)} {stamp(&r.event)} }.into_any(),
                    None => pending(),
                }}
            </dd>
            <dt>{t!(i18n, proposal.told_use)}</dt>
            <dd data-fact="told-use">
                {match &row.told_use {
                    Some(t) => view! { {t.what.clone()} {stamp(&t.event)} }.into_any(),
                    None => pending(),
                }}
            </dd>
        }
    });

    // What may be done next, as buttons; an extension only by a supervisor.
    let mut next = Vec::new();
    if open && row.decided.is_none() {
        next.push((Entry::Acknowledge, "acknowledge"));
    }
    if may_extend && app.may_supervise() {
        next.push((Entry::Extend, "extend"));
    }
    if adopted {
        if row.implementation.is_none() {
            next.push((Entry::Plan, "plan"));
        }
        if row.reward.is_none() && row.grade.is_some() {
            next.push((Entry::Reward, "reward"));
        }
        if row.implementation.is_some() && row.told_use.is_none() {
            next.push((Entry::TellUse, "tell-use"));
        }
    }
    let label = move |e: Entry| match e {
        Entry::Acknowledge => t!(i18n, proposal.do_acknowledge).into_any(),
        Entry::Extend => t!(i18n, proposal.do_extend).into_any(),
        Entry::Plan => t!(i18n, proposal.do_plan).into_any(),
        Entry::Reward => t!(i18n, proposal.do_reward).into_any(),
        Entry::TellUse => t!(i18n, proposal.do_tell_use).into_any(),
    };
    let buttons = next
        .into_iter()
        .map(|(e, name)| view! {
            <button class="button" data-action=name disabled=move || busy.get()
                on:click=move |_| { set_error.set(None); set_entry.set(Some(e)); }>{label(e)}</button>
        })
        .collect_view();

    let reward_band = row.grade.map(|g| band_text(i18n, g, &settings));
    let issue = StoredValue::new(issue);
    let settings = StoredValue::new(settings);
    let band = reward_band.clone().unwrap_or_default();
    let save = Callback::new(move |()| {
        let Some(e) = entry.get_untracked() else {
            return;
        };
        let words = text.get_untracked().trim().to_owned();
        let day = NaiveDate::parse_from_str(date.get_untracked().trim(), "%Y-%m-%d").ok();
        let refuse = |message: String| set_error.set(Some(message));
        let step = match e {
            Entry::Acknowledge => {
                let Some(day) = day else {
                    return refuse(t_string!(i18n, proposal.need_date).to_string());
                };
                let made = issue.with_value(|i| {
                    settings.with_value(|s| register::acknowledge(i, day, words, s))
                });
                match made {
                    Ok(step) => step,
                    Err(_) => {
                        return refuse(format!(
                            "{}{latest}",
                            t_string!(i18n, proposal.bad_expected)
                        ))
                    }
                }
            }
            Entry::Extend if words.is_empty() => {
                return refuse(t_string!(i18n, proposal.need_extend_reason).to_string())
            }
            Entry::Extend => Step::ExtendDecision { reason: words },
            Entry::Plan => match day {
                Some(by_date) if !words.is_empty() => Step::PlanImplementation {
                    measures: words,
                    department: department.get_untracked(),
                    by_date,
                },
                _ => return refuse(t_string!(i18n, proposal.need_plan).to_string()),
            },
            Entry::Reward => {
                let paid = amount.get_untracked().trim().parse::<u64>().ok().map(Cny);
                let made = paid.map(|paid| {
                    issue.with_value(|i| settings.with_value(|s| register::pay_reward(i, paid, s)))
                });
                match made {
                    Some(Ok(step)) => step,
                    _ => return refuse(format!("{}{band}", t_string!(i18n, proposal.bad_reward))),
                }
            }
            Entry::TellUse if words.is_empty() => {
                return refuse(t_string!(i18n, proposal.need_told).to_string())
            }
            Entry::TellUse => Step::TellUse { note: words },
        };
        submit.run(step);
    });
    let form = move || {
        entry.get().map(|e| {
            let (words_label, with_date) = match e {
                Entry::Acknowledge => (t!(i18n, proposal.acknowledge_note).into_any(), true),
                Entry::Extend => (t!(i18n, proposal.extend_reason).into_any(), false),
                Entry::Plan => (t!(i18n, proposal.measures).into_any(), true),
                Entry::Reward => (().into_any(), false),
                Entry::TellUse => (t!(i18n, proposal.told_note).into_any(), false),
            };
            let date_label = match e {
                Entry::Plan => t!(i18n, proposal.plan_date).into_any(),
                _ => t!(i18n, proposal.expected_date).into_any(),
            };
            view! {
                <div class="step-form" data-entry=format!("{e:?}").to_lowercase()>
                    {with_date.then(|| view! {
                        <label class="field">
                            <span>{date_label}</span>
                            <input type="date" name="register-date" prop:value=move || date.get()
                                on:input=move |ev| date.set(event_target_value(&ev)) />
                        </label>
                    })}
                    {(e == Entry::Plan).then(|| view! {
                        <label class="field">
                            <span>{t!(i18n, proposal.department)}</span>
                            <select name="register-department" on:change=move |ev| {
                                let value = event_target_value(&ev);
                                if let Some(d) = Department::ALL.into_iter().find(|d| format!("{d:?}") == value) {
                                    department.set(d);
                                }
                            }>
                                {Department::ALL.map(|d| view! {
                                    <option value=format!("{d:?}") selected=move || department.get() == d>{labels::department(d)}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    })}
                    {(e == Entry::Reward).then(|| view! {
                        <label class="field">
                            <span>{t!(i18n, proposal.reward_paid)} " " <small class="muted">{reward_band.clone()}</small></span>
                            <input type="number" name="register-amount" min="0" step="1" inputmode="numeric"
                                prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
                        </label>
                    })}
                    {(e != Entry::Reward).then(|| view! {
                        <label class="field">
                            <span>{words_label}</span>
                            <textarea name="register-text" rows="2" prop:value=move || text.get()
                                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        </label>
                    })}
                    <button class="button primary" data-action="save-register" disabled=move || busy.get()
                        on:click=move |_| save.run(())>{t!(i18n, issues.submit)}</button>
                </div>
            }
        })
    };
    view! {
        <section class="card proposal-register" data-section="proposal-register">
            <h2>{t!(i18n, proposal.register)}</h2>
            <dl class="facts">
                {deadline}
                {acknowledged}
                {decided}
                {adopted_rows}
            </dl>
            <div class="actions">{buttons}</div>
            {form}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
    .into_any()
}
