//! Says what was just saved once the screen that saved it has gone (a visit's form
//! returns to Today, a customer's form to the file, a raised issue opens): saved on
//! this phone, and whether it still waits to be sent.
use crate::i18n::*;
use crate::state::{use_app, Flash as Said};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How long the message stays unless dismissed.
const SHOWN_MS: u32 = 8_000;

#[component]
pub fn Flash() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // Each message clears itself after a while; a newer one is not cut short by
    // an older one's timer.
    let shown = StoredValue::new(0u32);
    Effect::new(move |_| {
        if app.flash.get().is_some() {
            let mine = shown.get_value().wrapping_add(1);
            shown.set_value(mine);
            spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(SHOWN_MS).await;
                if shown.try_get_value() == Some(mine) {
                    app.flash.try_set(None);
                }
            });
        }
    });
    let syncs = move || app.sync.state.with(|s| s.account.is_some());
    move || {
        app.flash.get().map(|said| {
            let (key, what) = match said {
                Said::VisitSaved => ("visit-saved", t_string!(i18n, flash.visit)),
                Said::CustomerSaved => ("customer-saved", t_string!(i18n, flash.customer)),
                Said::InstallationSaved => ("installation-saved", t_string!(i18n, flash.installation)),
                Said::IssueRaised => ("issue-raised", t_string!(i18n, flash.issue)),
                Said::ActionSaved => ("action-saved", t_string!(i18n, flash.action)),
                Said::EvaluationSaved => ("evaluation-saved", t_string!(i18n, flash.evaluation)),
                Said::PlanSaved => ("plan-saved", t_string!(i18n, flash.plan)),
                Said::VisitPlanSaved => ("visit-plan-saved", t_string!(i18n, flash.visit_plan)),
                Said::TaskReported => ("task-reported", t_string!(i18n, flash.task)),
            };
            let what = what.to_string();
            view! {
                <div class="flash" role="status" data-flash=key>
                    <span>
                        {move || if syncs() {
                            t!(i18n, flash.saved_to_send, what = what.clone()).into_any()
                        } else {
                            t!(i18n, flash.saved_here, what = what.clone()).into_any()
                        }}
                    </span>
                    <button type="button" class="button small" aria-label=move || t_string!(i18n, visit.dismiss)
                        on:click=move |_| app.flash.set(None)>"×"</button>
                </div>
            }
        })
    }
}
