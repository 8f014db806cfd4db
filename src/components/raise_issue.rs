//! Raising an issue by hand from a customer's file: a complaint phoned in, a
//! proposal handed over, a question, a need the customer told of. Core's intake
//! routes it and sets its due time (`core::intake`); a complaint or a proposal
//! plans its acknowledgement visit on Today the same day. Saved, the issue opens.
use super::InstallationSelect;
use crate::clock::{device_now, new_id};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use revisit_core::customer::Contact;
use revisit_core::installation::Installation;
use revisit_core::intake::{Intake, Raised};
use revisit_core::issue::{Category, Severity};
use revisit_core::received::Channel;
use revisit_core::tier::Tier;
use revisit_core::types::DeviceTime;
use uuid::Uuid;

/// What the person typed, kept as typed.
#[derive(Clone, Debug, Default)]
struct Typed {
    category: Option<Category>,
    channel: Option<Channel>,
    severity: Option<Severity>,
    installation: Option<Uuid>,
    /// `YYYY-MM-DDTHH:MM` in the device's time; empty: now.
    received_at: String,
    contact: String,
    summary: String,
    description: String,
}

/// A customer's suggestion on a visit, taken up as a proposal (the reports'
/// "转为提案"): the form opens as a proposal said on that visit, when it was
/// done, with the suggestion's words.
#[derive(Clone, Debug, PartialEq)]
pub struct FromVisit {
    pub visit_id: Uuid,
    pub came_in: DeviceTime,
    pub suggestion: String,
}

/// The title a suggestion gives: its first line, at most this many characters
/// (the whole text is the description).
const TITLE_CHARS: usize = 40;

impl Typed {
    fn from_visit(from: &FromVisit) -> Self {
        let first_line = from.suggestion.trim().lines().next().unwrap_or_default();
        Typed {
            category: Some(Category::Proposal),
            channel: Some(Channel::Visit),
            received_at: from.came_in.local_text(),
            summary: first_line.chars().take(TITLE_CHARS).collect(),
            description: from.suggestion.trim().to_owned(),
            ..Typed::default()
        }
    }
}

/// Why the form was not saved, in the person's words.
#[derive(Clone, Debug, PartialEq)]
enum Problem {
    NoSummary,
    BadTime,
    Later,
    Other(String),
}

/// When it came in: the typed local time at the device's offset now, else now.
fn received_at(typed: &str, now: DeviceTime) -> Result<DeviceTime, Problem> {
    if typed.trim().is_empty() {
        return Ok(now);
    }
    DeviceTime::parse_local(typed, now.offset_minutes).map_err(|_| Problem::BadTime)
}

#[component]
pub fn RaiseIssueForm(
    customer_id: Uuid,
    installations: Vec<Installation>,
    contacts: Vec<Contact>,
    tier: Tier,
    /// Open at once (the Issues list's page), not folded (the customer's file).
    #[prop(optional)]
    open: bool,
    /// A suggestion made on a visit, raised as a proposal.
    #[prop(optional_no_strip)]
    from_visit: Option<FromVisit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let visit_id = from_visit.as_ref().map(|f| f.visit_id);
    let typed = RwSignal::new(
        from_visit
            .as_ref()
            .map(Typed::from_visit)
            .unwrap_or_default(),
    );
    let (problem, set_problem) = signal(None::<Problem>);
    let raise = Action::new_local(move |raised: &Raised| {
        let (raised, navigate) = (raised.clone(), navigate.clone());
        async move {
            let id = raised.issue.id;
            let saved = app.raise_issue(raised).await;
            match &saved {
                Ok(()) => {
                    app.flash.set(Some(crate::state::Flash::IssueRaised));
                    navigate(&format!("/issues/{id}"), Default::default())
                }
                Err(err) => {
                    set_problem.try_set(Some(Problem::Other(labels::store_error(i18n, err))));
                }
            }
            saved
        }
    });
    let saving = raise.pending();
    let save = move |_| {
        let now = device_now();
        let t = typed.get_untracked();
        let intake = received_at(&t.received_at, now).map(|at| Intake {
            customer_id,
            installation_id: t.installation,
            visit_id,
            category: t.category.unwrap_or(Category::ALL[0]),
            proposal_area: None,
            severity: t.severity.unwrap_or(Severity::Medium),
            channel: t.channel.unwrap_or(Channel::ALL[0]),
            received_at: at,
            contact: t.contact.clone(),
            summary: t.summary.clone(),
            description: t.description.clone(),
        });
        let settings = app
            .snapshot_untracked()
            .map(|d| d.settings())
            .unwrap_or_default();
        let raised = intake.and_then(|intake| {
            intake
                .raise(new_id(), now, tier, &settings)
                .map_err(|invalid| match invalid.field {
                    "title" => Problem::NoSummary,
                    "received.at" => Problem::Later,
                    _ => Problem::Other(invalid.message),
                })
        });
        match raised {
            Ok(raised) => {
                set_problem.set(None);
                raise.dispatch(raised);
            }
            Err(p) => set_problem.set(Some(p)),
        }
    };
    let contact_names: Vec<String> = contacts
        .iter()
        .filter(|c| !c.name.is_empty())
        .map(|c| format!("{} {}", c.name, c.phone).trim().to_owned())
        .collect();
    view! {
        <details class="card issue-intake" data-section="raise-issue" open=open>
            <summary>{t!(i18n, raise.title)}</summary>
            <label class="field">
                <span>{t!(i18n, raise.category)}</span>
                <select name="raise-category" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let picked = Category::ALL.into_iter().find(|c| format!("{c:?}") == value);
                    typed.update(|t| t.category = picked);
                }>
                    {Category::ALL.map(|c| view! {
                        <option value=format!("{c:?}") selected=typed.with_untracked(|t| t.category == Some(c))>{labels::category(c)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, raise.channel)}</span>
                <select name="raise-channel" on:change=move |ev| {
                    let picked = Channel::parse(&event_target_value(&ev));
                    typed.update(|t| t.channel = picked);
                }>
                    {Channel::ALL.map(|c| view! {
                        <option value=c.as_str() selected=typed.with_untracked(|t| t.channel == Some(c))>{labels::channel(c)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, raise.summary)}</span>
                <input type="text" name="raise-summary" prop:value=move || typed.with(|t| t.summary.clone())
                    on:input=move |ev| {
                        typed.update(|t| t.summary = event_target_value(&ev));
                        if problem.get_untracked() == Some(Problem::NoSummary) {
                            set_problem.set(None);
                        }
                    } />
            </label>
            {move || (problem.get() == Some(Problem::NoSummary)).then(|| view! {
                <p class="field-error" role="alert" data-error="summary">{t!(i18n, raise.need_summary)}</p>
            })}
            <label class="field">
                <span>{t!(i18n, raise.contact)}</span>
                <input type="text" name="raise-contact" list="raise-contacts" prop:value=move || typed.with(|t| t.contact.clone())
                    on:input=move |ev| typed.update(|t| t.contact = event_target_value(&ev)) />
                <datalist id="raise-contacts">
                    {contact_names.into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
                </datalist>
            </label>
            <label class="field">
                <span>{t!(i18n, raise.received_at)}</span>
                <input type="datetime-local" name="raise-received-at" prop:value=move || typed.with(|t| t.received_at.clone())
                    on:input=move |ev| typed.update(|t| t.received_at = event_target_value(&ev)) />
            </label>
            {move || matches!(problem.get(), Some(Problem::BadTime | Problem::Later)).then(|| view! {
                <p class="field-error" role="alert" data-error="received-at">{t!(i18n, raise.not_later)}</p>
            })}
            <label class="field">
                <span>{t!(i18n, raise.severity)}</span>
                <select name="raise-severity" on:change=move |ev| {
                    let picked = match event_target_value(&ev).as_str() {
                        "high" => Severity::High,
                        "low" => Severity::Low,
                        _ => Severity::Medium,
                    };
                    typed.update(|t| t.severity = Some(picked));
                }>
                    <option value="medium">{t!(i18n, raise.severity_medium)}</option>
                    <option value="high">{t!(i18n, raise.severity_high)}</option>
                    <option value="low">{t!(i18n, raise.severity_low)}</option>
                </select>
            </label>
            <InstallationSelect name="raise-installation" label=t!(i18n, raise.installation).into_any()
                installations=installations.clone()
                on_pick=Callback::new(move |picked| typed.update(|t| t.installation = picked)) />
            <label class="field">
                <span>{t!(i18n, raise.description)}</span>
                <textarea name="raise-description" prop:value=move || typed.with(|t| t.description.clone())
                    on:input=move |ev| typed.update(|t| t.description = event_target_value(&ev))></textarea>
            </label>
            {visit_id.is_none().then(|| view! { <p class="muted">{t!(i18n, raise.acknowledged_today)}</p> })}
            {move || match problem.get() {
                Some(Problem::Other(message)) => Some(view! { <p class="error" role="alert">{message}</p> }),
                _ => None,
            }}
            <button class="button primary" data-action="raise-issue" disabled=move || saving.get() on:click=save>
                {t!(i18n, raise.save)}
            </button>
        </details>
    }
}
