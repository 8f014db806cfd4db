//! One customer's file: who they are, how to reach them, their tier and why, their
//! installations and next visits, their visit history, open issues and the
//! relationship score card (`components::ScoreCard`).
use crate::clock::today;
use crate::components::{
    CustomerStatus, EventForm, PageHeader, PhotoStrip, RaiseIssueForm, ScoreCard, TierOverrideForm,
};
use crate::i18n::*;
use crate::labels;
use crate::state::agenda;
use crate::state::use_app;
use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use revisit_core::customer::{Customer, CustomerKind};
use revisit_core::dataset::DataSet;
use revisit_core::schedule::{contracts_by_customer, next_open, tier_all, PlannedVisit};
use revisit_core::tier::TierDecision;
use revisit_core::tiering::is_major_customer;
use std::sync::Arc;

#[component]
pub fn CustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let event_outcome = RwSignal::new(None);
    let found = Memo::new(move |_| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        app.snapshot().and_then(|data| {
            data.customers
                .iter()
                .find(|c| c.id.to_string() == id)
                .cloned()
                .map(|c| (c, data))
        })
    });
    // Arrived from a serial number or a nameplate: bring that installation into view.
    Effect::new(move |_| {
        if found.with(Option::is_none) {
            return;
        }
        request_animation_frame(|| {
            let hash = window().location().hash().unwrap_or_default();
            if let Some(id) = hash
                .strip_prefix('#')
                .filter(|h| h.starts_with("installation-"))
            {
                // A hash set by the router's pushState is no `:target`: mark it.
                if let Some(element) = document().get_element_by_id(id) {
                    let _ = element.class_list().add_1("found");
                    element.scroll_into_view();
                }
            }
        });
    });
    view! {
        <div class="page" data-page="customer">
            <PageHeader>{t!(i18n, customers.file)}</PageHeader>
            {move || match found.get() {
                Some((customer, data)) => view! { <CustomerFile customer=customer data=data event_outcome=event_outcome /> }.into_any(),
                None if app.snapshot().is_none() => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, customers.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

fn fact(label: AnyView, value: String) -> Option<AnyView> {
    (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> }.into_any())
}

#[component]
fn CustomerFile(
    customer: Customer,
    data: Arc<DataSet>,
    event_outcome: RwSignal<Option<Result<(), String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let day = today();
    // Plan only this customer's records: opening a file must not plan the company.
    let figuring = crate::timing::span("revisit:customer");
    let own = data.for_customer(customer.id, day);
    let settings = own.settings();
    let decision: Option<TierDecision> =
        tier_all(&own.customers, &settings, day).remove(&customer.id);
    let tier = decision
        .as_ref()
        .map_or(revisit_core::tier::Tier::General, |d| d.tier);
    let major = is_major_customer(
        contracts_by_customer(&own.installations)
            .get(&customer.id)
            .copied()
            .unwrap_or_default(),
        settings.major_customer_contract,
    );
    let upcoming: Vec<PlannedVisit> = agenda(&own, day);
    drop(figuring);
    // The customer's next visits still to make, whatever they are for (a routine
    // one has no installation): not done, not past their window; three at most.
    let open = next_open(&upcoming);
    let next_three = open.iter().take(3).map(|v| next_visit(v)).collect_view();
    let kind = match customer.kind {
        CustomerKind::Direct => t!(i18n, customers.kind_direct).into_any(),
        CustomerKind::Agent => t!(i18n, customers.kind_agent).into_any(),
        CustomerKind::EndUser => t!(i18n, customers.kind_end_user).into_any(),
    };
    let contacts = customer.contacts.iter().map(|c| {
        let tel = format!("tel:{}", c.phone);
        let mail = format!("mailto:{}", c.email);
        view! {
            <li class="contact">
                <div><strong>{c.name.clone()}</strong> " " <span class="muted">{c.title.clone()}</span></div>
                <div class="actions">
                    {(!c.phone.is_empty()).then(|| view! { <a class="button" href=tel.clone()>{t!(i18n, customers.call)} " " {c.phone.clone()}</a> })}
                    {(!c.email.is_empty()).then(|| view! { <a class="button" href=mail.clone()>{t!(i18n, customers.mail)}</a> })}
                </div>
            </li>
        }
    }).collect_view();
    let installations = own.installations.iter().map(|i| {
        let line = settings.product_line(&i.product_line).map(|p| labels::pick(&p.name)).unwrap_or_else(|| i.product_line.clone());
        // Its next visit still to make, not one done or missed.
        let next = open.iter().find(|v| v.installation_ids.contains(&i.id)).map(|v| next_visit(v));
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        view! {
            <li class="installation" id=format!("installation-{}", i.id)>
                <strong>{line} " " {i.model.clone()}</strong>
                <span class="muted">{t!(i18n, customers.serial)} " " {i.serial_number.clone()} " · " {i.site.clone()}</span>
                <span class="muted">
                    {t!(i18n, customers.delivered)} " " {date(i.delivery_date)} " · "
                    {t!(i18n, customers.commissioned)} " " {date(i.commissioning_date)} " · "
                    {t!(i18n, customers.energized)} " " {date(i.energized_date)}
                </span>
                {next}
                <a class="button small" href=format!("/customers/{}/installations/{}", i.customer_id, i.id)>{t!(i18n, installation_form.edit)}</a>
            </li>
        }
    }).collect_view();
    let mut history: Vec<_> = own.visits.iter().filter(|v| v.result.is_some()).collect();
    history.sort_by_key(|v| std::cmp::Reverse(v.done_on()));
    let history_view = if history.is_empty() {
        view! { <p class="muted">{t!(i18n, customers.no_visits)}</p> }.into_any()
    } else {
        history.iter().take(20).filter_map(|v| v.result.as_ref().map(|r| view! {
            <li class="history-entry">
                <strong>{labels::device_time(r.completed_at)} " · " {labels::method(r.method)}</strong>
                <span>{t!(i18n, visit.product)} " " {r.product_rating.value()} " · " {t!(i18n, visit.service)} " " {r.service_rating.value()}</span>
                {(!r.suggestions.is_empty()).then(|| view! { <span class="muted">{r.suggestions.clone()}</span> })}
                {r.signature.as_ref().map(|signature| view! {
                    <img class="signature-image small" alt=move || t_string!(i18n, visit.signature) src=signature.data_url().to_owned() />
                })}
                <a class="button small" data-action="survey" rel=crate::edition::rel() href=format!("/office/visits/{}/survey", v.id)>{t!(i18n, survey.open)}</a>
                <PhotoStrip photos=Signal::stored(
                    own.photos_of(revisit_core::photo::PhotoSubject::Visit(v.id)).into_iter().cloned().collect::<Vec<_>>()
                ) />
            </li>
        })).collect_view().into_any()
    };
    let open_issues: Vec<_> = own
        .issues
        .iter()
        .filter(|i| !i.status.is_closed())
        .collect();
    let issues_view = if open_issues.is_empty() {
        view! { <p class="muted">{t!(i18n, customers.no_issues)}</p> }.into_any()
    } else {
        open_issues.iter().map(|i| view! {
            <li><a href=format!("/issues/{}", i.id)>{i.title.clone()}</a> " · " {labels::issue_status(i.status)}</li>
        }).collect_view().into_any()
    };
    let tier_view = decision.map(|d| {
        let reasons = d.reasons.iter().map(|r| view! { <li>{labels::tier_reason(r)}</li> }).collect_view();
        view! {
            <p><span class=format!("badge tier-{}", d.tier.number())>{labels::tier(d.tier)}</span></p>
            <ul class="tier-reasons">{reasons}</ul>
            {d.override_.map(|o| view! {
                <p class="override">{t!(i18n, customers.tier_override)} ": " {labels::tier(o.tier)} " — " {o.reason} " " {o.by.map(|by| app.name_of(by))}</p>
            })}
        }
    });
    let facts = [
        fact(
            t!(i18n, customers.region).into_any(),
            customer.region.clone(),
        ),
        fact(
            t!(i18n, customers.industry).into_any(),
            customer.industry.clone(),
        ),
        fact(
            t!(i18n, customers.address).into_any(),
            customer.address.clone(),
        ),
        fact(
            t!(i18n, customers.general_manager).into_any(),
            customer.general_manager.clone(),
        ),
        fact(
            t!(i18n, customers.legal_representative).into_any(),
            customer.legal_representative.clone(),
        ),
        fact(
            t!(i18n, customers.cooperation_start).into_any(),
            customer
                .cooperation_start
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        fact(
            t!(i18n, customers.owner).into_any(),
            customer.owner.map(|o| app.name_of(o)).unwrap_or_default(),
        ),
    ];
    view! {
        <section class="card">
            <h2 class="customer">{customer.name.clone()}</h2>
            // An imported file may have no short code: no dangling separator then.
            <p class="muted">
                {(!customer.short_code.is_empty()).then(|| format!("{} · ", customer.short_code))}
                {kind}
            </p>
            <a class="button" href=format!("/customers/{}/edit", customer.id) data-action="edit-customer">{t!(i18n, customers.edit)}</a>
            {major.then(|| view! { <p class="major-note" data-major="true">{t!(i18n, customers.major)}</p> })}
            <dl class="facts">{facts.into_iter().flatten().collect_view()}</dl>
            <div data-section="next-visit">{next_three}</div>
        </section>
        <RaiseIssueForm customer_id=customer.id installations=own.installations.clone()
            contacts=customer.contacts.clone() tier=tier />
        <section class="card" data-section="tier">
            <h2>{t!(i18n, customers.tier)}</h2>
            {tier_view}
            <TierOverrideForm customer=customer.clone() />
        </section>
        <CustomerStatus customer=customer.clone() year=day.year() - 1 />
        <section class="card" data-section="contacts">
            <h2>{t!(i18n, customers.contacts)}</h2>
            <ul class="plain-list">{contacts}</ul>
        </section>
        <section class="card" data-section="installations">
            <h2>{t!(i18n, customers.installations)}</h2>
            <a class="button add" href=format!("/customers/{}/installations/new", customer.id) data-action="add-installation">
                "+ " {t!(i18n, installation_form.add)}
            </a>
            <ul class="plain-list">{installations}</ul>
        </section>
        <EventForm customer_id=customer.id installations=own.installations.clone() outcome=event_outcome />
        <section class="card" data-section="issues">
            <h2>{t!(i18n, customers.open_issues)}</h2>
            <ul class="plain-list">{issues_view}</ul>
        </section>
        <section class="card" data-section="visits">
            <h2>{t!(i18n, customers.visits)}</h2>
            <ol class="history">{history_view}</ol>
        </section>
        <section class="card" data-section="strengthening">
            <a class="card-link" href=format!("/office/customers/{}/strengthening", customer.id) rel=crate::edition::rel()>
                <h2>{t!(i18n, strengthening.title)}</h2>
                <p class="muted">{match customer.strengthening.last() {
                    Some(t) => t!(i18n, strengthening.latest_on, date = t.on.to_string()).into_any(),
                    None => t!(i18n, strengthening.none).into_any(),
                }}</p>
            </a>
        </section>
        <ScoreCard customer=customer.id imported=customer.evaluation.clone()
            evaluations=own.evaluations.clone() settings=settings.evaluation.clone() />
    }
}

/// "下次回访" with its date (a link to its entry), reasons and, if handed on, to whom.
fn next_visit(v: &PlannedVisit) -> impl IntoView {
    let i18n = use_i18n();
    let reasons = v
        .reasons
        .iter()
        .map(|r| view! { <span class="chip">{labels::reason(r)}</span> })
        .collect_view();
    let app = use_app();
    let handed = v.assignee.map(|id| {
        let shown = app.name_of(id);
        view! { " " <span class="chip" data-assignee=id.to_string()>{t!(i18n, customers.assigned_to, name = shown)}</span> }
    });
    let key = v.key();
    // A tap opens the visit's entry: a customer on the phone, the visit made from here.
    view! {
        <p class="next-visit">
            <a href=format!("/visit/{key}") data-visit-key=key.clone()>
                {t!(i18n, customers.next_visit)} " " {v.due.to_string()}
            </a>
            " " {reasons} {handed}
        </p>
    }
}
