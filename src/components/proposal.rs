//! A proposal's decision (提案, seed 002): when it is due, and the outcome told to
//! the customer — adopted (with its value and reward grade), on hold, not adopted.
use crate::i18n::*;
use leptos::prelude::*;
use revisit_core::issue::Issue;
use revisit_core::proposal::{grade, Outcome};
use revisit_core::settings::ProposalSettings;
use revisit_core::types::Cny;

/// The decision deadline and, once decided, the outcome: rows of the issue's facts.
#[component]
pub fn ProposalFacts(issue: Issue, settings: ProposalSettings) -> impl IntoView {
    let i18n = use_i18n();
    let deadline = issue.decision_deadline(&settings).map(|due| {
        let (target, latest) = (due.target.to_string(), due.latest.to_string());
        view! {
            <dt>{t!(i18n, proposal.decision_due)}</dt>
            <dd data-fact="decision-due">{t!(i18n, proposal.decision_due_value, target = target.clone(), latest = latest.clone())}</dd>
        }
    });
    let outcome = issue.outcome().cloned().map(|outcome| {
        let grade = match &outcome {
            Outcome::Adopted { value, .. } => grade(*value, &settings).map(|g| format!("{g:?}")),
            _ => None,
        };
        view! {
            <dt>{t!(i18n, proposal.outcome)}</dt>
            <dd data-fact="outcome">
                {outcome_label(&outcome)}
                {match &outcome {
                    Outcome::Adopted { value, .. } => Some(format!(" · ¥{}", value.0)),
                    _ => None,
                }}
                {grade.map(|g| view! { " · " {t!(i18n, proposal.grade, grade = g.clone())} })}
            </dd>
        }
    });
    view! { {deadline} {outcome} }
}

/// The three outcomes, without their details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeChoice {
    Adopted,
    OnHold,
    NotAdopted,
}

impl OutcomeChoice {
    /// The outcome with the reason told to the customer; `value` (whole yuan) for
    /// adopted, none when it is not a whole number of 0 or more.
    pub fn outcome(self, reason: String, value: &str) -> Option<Outcome> {
        Some(match self {
            OutcomeChoice::Adopted => Outcome::Adopted {
                value: Cny(value.trim().parse().ok()?),
                reason,
            },
            OutcomeChoice::OnHold => Outcome::OnHold { reason },
            OutcomeChoice::NotAdopted => Outcome::NotAdopted { reason },
        })
    }
}

fn outcome_label(outcome: &Outcome) -> AnyView {
    let i18n = use_i18n();
    match outcome {
        Outcome::Adopted { .. } => t!(i18n, proposal.adopted).into_any(),
        Outcome::OnHold { .. } => t!(i18n, proposal.on_hold).into_any(),
        Outcome::NotAdopted { .. } => t!(i18n, proposal.not_adopted).into_any(),
    }
}

/// Picks the outcome when the decision is recorded (the feedback step).
#[component]
pub fn OutcomePicker(
    choice: RwSignal<Option<OutcomeChoice>>,
    value: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let option = move |c: OutcomeChoice, label: AnyView, name: &'static str| {
        view! {
            <button class="segment" data-outcome=name
                aria-pressed=move || (choice.get() == Some(c)).to_string()
                on:click=move |_| choice.set(Some(c))>{label}</button>
        }
    };
    view! {
        <div class="segmented" role="group" aria-label=move || t_string!(i18n, proposal.outcome)>
            {option(OutcomeChoice::Adopted, t!(i18n, proposal.adopted).into_any(), "adopted")}
            {option(OutcomeChoice::OnHold, t!(i18n, proposal.on_hold).into_any(), "on_hold")}
            {option(OutcomeChoice::NotAdopted, t!(i18n, proposal.not_adopted).into_any(), "not_adopted")}
        </div>
        <Show when=move || choice.get() == Some(OutcomeChoice::Adopted)>
            <label class="field">
                <span>{t!(i18n, proposal.value)}</span>
                <input type="number" name="proposal-value" min="0" step="1" inputmode="numeric"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        </Show>
    }
}
