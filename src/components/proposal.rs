//! A proposal's decision (提案, seed 002): the outcome told to the customer —
//! adopted (with its reward grade A/B/C), on hold, not adopted — picked when the
//! decision is recorded. The rest of the register is [`super::ProposalRegister`].
use crate::i18n::*;
use leptos::prelude::*;
use revisit_core::proposal::{Grade, Outcome, ProposalSettings};

/// The three outcomes, without their details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeChoice {
    Adopted,
    OnHold,
    NotAdopted,
}

impl OutcomeChoice {
    /// The outcome with the reason told to the customer; an adopted one needs
    /// its grade (`None` without).
    pub fn outcome(self, reason: String, grade: Option<Grade>) -> Option<Outcome> {
        Some(match self {
            OutcomeChoice::Adopted => Outcome::Adopted {
                grade: Some(grade?),
                value: None,
                reason,
            },
            OutcomeChoice::OnHold => Outcome::OnHold { reason },
            OutcomeChoice::NotAdopted => Outcome::NotAdopted { reason },
        })
    }
}

pub fn outcome_label(outcome: &Outcome) -> AnyView {
    let i18n = use_i18n();
    match outcome {
        Outcome::Adopted { .. } => t!(i18n, proposal.adopted).into_any(),
        Outcome::OnHold { .. } => t!(i18n, proposal.on_hold).into_any(),
        Outcome::NotAdopted { .. } => t!(i18n, proposal.not_adopted).into_any(),
    }
}

/// An amount in yuan as the user's language writes it: "2500 元", "CNY 2500".
pub fn yuan(i18n: leptos_i18n::I18nContext<Locale>, amount: u64) -> String {
    format!(
        "{}{amount}{}",
        t_string!(i18n, proposal.yuan_before),
        t_string!(i18n, proposal.yuan_after)
    )
}

/// A grade's reward band in words: "2000–3000 元", "3000 元以上".
pub fn band_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    grade: Grade,
    settings: &ProposalSettings,
) -> String {
    let (from, to) = grade.reward_band(settings);
    match to {
        Some(to) => format!(
            "{}{}–{}{}",
            t_string!(i18n, proposal.yuan_before),
            from.0,
            to.0,
            t_string!(i18n, proposal.yuan_after)
        ),
        None => format!(
            "{}{}",
            yuan(i18n, from.0),
            t_string!(i18n, proposal.or_more)
        ),
    }
}

/// Picks the outcome when the decision is recorded (the feedback step).
#[component]
pub fn OutcomePicker(
    choice: RwSignal<Option<OutcomeChoice>>,
    grade: RwSignal<Option<Grade>>,
    settings: ProposalSettings,
) -> impl IntoView {
    let i18n = use_i18n();
    let option = move |c: OutcomeChoice, label: AnyView, name: &'static str| {
        view! {
            <button class="segment" data-outcome=name
                aria-pressed=move || (choice.get() == Some(c)).to_string()
                on:click=move |_| choice.set(Some(c))>{label}</button>
        }
    };
    let bands = StoredValue::new(Grade::ALL.map(|g| (g, band_text(i18n, g, &settings))));
    let grades = move || {
        bands
            .get_value()
            .into_iter()
            .map(|(g, band)| {
                view! {
                    <button class="segment" data-grade=format!("{g:?}")
                        aria-pressed=move || (grade.get() == Some(g)).to_string()
                        on:click=move |_| grade.set(Some(g))>
                        {t!(i18n, proposal.grade, grade = format!("{g:?}"))}
                        <small class="muted">{band}</small>
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="segmented" role="group" aria-label=move || t_string!(i18n, proposal.outcome)>
            {option(OutcomeChoice::Adopted, t!(i18n, proposal.adopted).into_any(), "adopted")}
            {option(OutcomeChoice::OnHold, t!(i18n, proposal.on_hold).into_any(), "on_hold")}
            {option(OutcomeChoice::NotAdopted, t!(i18n, proposal.not_adopted).into_any(), "not_adopted")}
        </div>
        <Show when=move || choice.get() == Some(OutcomeChoice::Adopted)>
            <div class="segmented grades" role="group" aria-label=move || t_string!(i18n, proposal.grade_pick)>
                {grades}
            </div>
        </Show>
    }
}
