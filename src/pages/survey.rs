//! A done visit as the printed customer satisfaction survey (顾客满意度调查表, seed
//! 001: the customer fills in the form on site at commissioning): the ratings on
//! their five-point scale, the stages' checklist, what the customer asked for and
//! their signature, on one A4 page for the customer file.
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use revisit_core::dataset::DataSet;
use revisit_core::types::Rating;
use revisit_core::visit::{Visit, VisitResult};
use std::sync::Arc;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = crate::state::use_app();
    let params = use_params_map();
    let found = move || {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        let data = app.snapshot()?;
        let visit = data
            .visits
            .iter()
            .find(|v| v.id.to_string() == id && v.result.is_some())?
            .clone();
        Some((data, visit))
    };
    view! {
        <div class="page survey-page" data-page="survey">
            <PageHeader>{t!(i18n, survey.title)}</PageHeader>
            {move || match found() {
                Some((data, visit)) => view! { <Survey data=data visit=visit /> }.into_any(),
                None if app.snapshot().is_none() => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, survey.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

/// One rating on the form's scale, the chosen box ticked.
fn scale(rating: Rating) -> impl IntoView {
    let i18n = use_i18n();
    let names = [
        t_string!(i18n, survey.scale_1),
        t_string!(i18n, survey.scale_2),
        t_string!(i18n, survey.scale_3),
        t_string!(i18n, survey.scale_4),
        t_string!(i18n, survey.scale_5),
    ];
    names
        .into_iter()
        .zip(1u8..)
        .map(|(name, value)| {
            let chosen = value == rating.value();
            view! {
                <span class="scale-box" class:chosen=chosen data-value=value aria-checked=chosen.to_string() role="radio">
                    {if chosen { "☑" } else { "☐" }} " " {name.to_string()}
                </span>
            }
        })
        .collect_view()
}

fn ticked(yes: bool) -> &'static str {
    if yes {
        "☑"
    } else {
        "☐"
    }
}

#[component]
fn Survey(data: Arc<DataSet>, visit: Visit) -> impl IntoView {
    let i18n = use_i18n();
    let Some(result): Option<VisitResult> = visit.result.clone() else {
        return ().into_any();
    };
    let customer = data
        .customers
        .iter()
        .find(|c| c.id == visit.customer_id)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let settings = data.settings();
    let installation = visit
        .installation_id
        .and_then(|id| data.installations.iter().find(|i| i.id == id))
        .map(|i| {
            let line = settings
                .product_line(&i.product_line)
                .map(|p| labels::pick(&p.name))
                .unwrap_or_else(|| i.product_line.clone());
            format!("{line} {} · {}", i.model, i.serial_number)
        })
        .unwrap_or_else(|| "—".into());
    let template = data
        .template_version(result.template_version)
        .unwrap_or_else(|| data.template());
    let checklist = result
        .checklist
        .iter()
        .map(|answer| {
            let text = template
                .checklist(answer.stage)
                .and_then(|list| list.items.iter().find(|i| i.key == answer.item))
                .map(|item| labels::pick(&item.text))
                .unwrap_or_else(|| answer.item.clone());
            view! {
                <tr data-item=answer.item.clone()>
                    <td>{labels::stage(answer.stage)}</td>
                    <td>{text}</td>
                    <td class="answer">{ticked(answer.ok)} " " {t!(i18n, visit.ok)} " " {ticked(!answer.ok)} " " {t!(i18n, visit.not_ok)}</td>
                </tr>
            }
        })
        .collect_view();
    let wanted = result.wanted;
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let date = result.completed_at.local().format("%Y-%m-%d").to_string();
    view! {
        <article class="survey card">
            <header class="survey-head">
                <h1>{t!(i18n, survey.title)}</h1>
                <p class="muted">{t!(i18n, survey.subtitle)}</p>
            </header>
            <table class="survey-facts">
                <tbody>
                    <tr><th scope="row">{t!(i18n, survey.customer)}</th><td data-field="customer">{customer}</td>
                        <th scope="row">{t!(i18n, survey.date)}</th><td>{date.clone()}</td></tr>
                    <tr><th scope="row">{t!(i18n, survey.product)}</th><td>{installation}</td>
                        <th scope="row">{t!(i18n, visit.method)}</th><td>{labels::method(result.method)}</td></tr>
                    <tr><th scope="row">{t!(i18n, visit.met)}</th><td>{result.met.clone()}</td>
                        <th scope="row">{t!(i18n, survey.visitor)}</th><td>{visit.assignee.map(|a| data.user_name(a))}</td></tr>
                </tbody>
            </table>
            <h2>{t!(i18n, survey.ratings)}</h2>
            <table class="survey-ratings">
                <tbody>
                    <tr data-rating="product"><th scope="row">{t!(i18n, visit.product)}</th><td>{scale(result.product_rating)}</td></tr>
                    <tr data-rating="service"><th scope="row">{t!(i18n, visit.service)}</th><td>{scale(result.service_rating)}</td></tr>
                </tbody>
            </table>
            {(!result.checklist.is_empty()).then(|| view! {
                <h2>{t!(i18n, survey.checklist)}</h2>
                <table class="survey-checklist"><tbody>{checklist}</tbody></table>
            })}
            <h2>{t!(i18n, visit.wanted)}</h2>
            <p class="survey-wanted">
                {ticked(wanted.maintenance)} " " {t!(i18n, visit.maintenance)} "　"
                {ticked(wanted.outage_service)} " " {t!(i18n, visit.outage_service)} "　"
                {ticked(wanted.retrofit)} " " {t!(i18n, visit.retrofit)}
            </p>
            <h2>{t!(i18n, visit.suggestions)}</h2>
            <p class="survey-suggestions">{if result.suggestions.is_empty() { "—".to_owned() } else { result.suggestions.clone() }}</p>
            <footer class="survey-sign">
                <span>{t!(i18n, visit.signature)} "："</span>
                {match &result.signature {
                    Some(signature) => view! {
                        <img class="signature-image" data-signature alt=move || t_string!(i18n, visit.signature) src=signature.data_url().to_owned() />
                    }.into_any(),
                    None => view! { <span class="signature-line" data-unsigned>{t!(i18n, survey.unsigned)}</span> }.into_any(),
                }}
                <span>{t!(i18n, survey.date)} "：" {date}</span>
                // Said only when the customer answered (the form is theirs otherwise too).
                {result.answered_by.is_customer().then(|| view! {
                    <span data-answered-by=labels::answered_by_key(result.answered_by)>
                        {t!(i18n, reports.col_answered_by)} "：" {labels::answered_by_text(i18n, result.answered_by)}
                    </span>
                })}
            </footer>
        </article>
        <crate::pages::survey_link::SendSurveyLink visit=visit.id />
        <div class="actions no-print">
            <button type="button" class="button primary" data-action="print" on:click=print>{t!(i18n, reports.print)}</button>
            <a class="button" href=format!("/customers/{}", visit.customer_id)>{t!(i18n, survey.back)}</a>
        </div>
    }
    .into_any()
}
