//! The survey sent to the customer's own phone (issue 19 item 4): on a done visit's
//! printed survey, the technician (online, signed in) asks the server for a
//! one-time link, shown with its QR code for the customer to scan. Their answer
//! comes back on the visit by the next sync, marked as theirs.
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use crate::sync::api;
use leptos::prelude::*;
use revisit_core::sync::client::Failure;

#[component]
pub fn SendSurveyLink(visit: uuid::Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let ask = Action::new_local(move |_: &()| {
        let token = app.sync.token();
        async move {
            match token {
                Some(token) => api::survey_link(&token, visit).await.map_err(Some),
                // A device not signed in to a server has nowhere to send it.
                None => Err(None),
            }
        }
    });
    let problem = move |failure: &Option<Failure>| match failure {
        None => t_string!(i18n, survey.link_needs_account).to_string(),
        Some(Failure::Unreachable) => t_string!(i18n, survey.link_offline).to_string(),
        Some(Failure::Forbidden(_)) => t_string!(i18n, survey.link_forbidden).to_string(),
        Some(other) => labels::sync_problem(i18n, &crate::sync::Problem::Server(other.clone())),
    };
    view! {
        <section class="card no-print" data-section="survey-link">
            <h2>{t!(i18n, survey.link_title)}</h2>
            <p class="muted">{t!(i18n, survey.link_hint)}</p>
            <button type="button" class="button primary" data-action="survey-link"
                disabled=move || ask.pending().get()
                on:click=move |_| { ask.dispatch(()); }>
                {t!(i18n, survey.link_make)}
            </button>
            {move || ask.value().get().map(|answer| match answer {
                Ok(issued) => {
                    let until = issued.expires_at.get(..10).unwrap_or_default().to_owned();
                    view! {
                        <div class="qr" inner_html=issued.qr_svg.clone()></div>
                        <p><a href=issued.link.clone() data-survey-link=issued.link.clone() target="_blank" rel="noopener">{issued.link.clone()}</a></p>
                        <p class="muted">{t!(i18n, survey.link_until, date = until)}</p>
                    }.into_any()
                }
                Err(failure) => view! { <p class="error" role="alert">{problem(&failure)}</p> }.into_any(),
            })}
        </section>
    }
}
