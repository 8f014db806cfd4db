//! Customer mode (seed 001: 由顧客填寫《顧客滿意度調查表》): the technician hands
//! the phone over and the customer answers the survey themselves, in large type —
//! the ratings, suggestions and needs, the services wanted, a signature — with
//! nothing else of the app in reach (`state::hand_over` keeps it so over a reload
//! or the back gesture). The technician takes the phone back with a long press.
//! The answers are the draft's own, marked as the customer's when submitted.
use super::draft::Draft;
use super::signature::SignaturePad;
use super::{SuggestionsField, SurveyRatings, WantedCard};
use crate::i18n::*;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::visit::AnsweredBy;

/// How long the technician holds "take back" (a customer's tap does not unlock).
const HOLD_MS: u32 = 1_500;

#[component]
pub fn CustomerSurvey(draft: RwSignal<Draft>, customer: String, signature: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (missing, set_missing) = signal(false);
    let submitted = move || draft.with(|d| d.answered_by == AnsweredBy::CustomerOnDevice);
    let submit = move |_| {
        if draft.with(|d| d.product.is_none() || d.service.is_none()) {
            set_missing.set(true);
            return;
        }
        set_missing.set(false);
        draft.update(|d| d.answered_by = AnsweredBy::CustomerOnDevice);
    };
    view! {
        <section class="customer-mode" data-mode="customer">
            <h2>{t!(i18n, customer_mode.title)}</h2>
            <p class="customer-name">{customer}</p>
            <p>{t!(i18n, customer_mode.intro)}</p>
            <SurveyRatings draft=draft />
            <SuggestionsField draft=draft />
            <WantedCard draft=draft />
            {signature.then(|| view! { <SignaturePad draft=draft /> })}
            {move || missing.get().then(|| view! {
                <p class="error" role="alert">{t!(i18n, visit.need_ratings)}</p>
            })}
            {move || if submitted() {
                view! { <p class="thanks" role="status" data-submitted="true">{t!(i18n, customer_mode.thanks)}</p> }.into_any()
            } else {
                view! {
                    <button type="button" class="button primary save" data-action="customer-submit" on:click=submit>
                        {t!(i18n, customer_mode.submit)}
                    </button>
                }.into_any()
            }}
            <TakeBack />
        </section>
    }
}

/// "The technician takes the phone back": held, not tapped.
#[component]
fn TakeBack() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let (holding, set_holding) = signal(false);
    let start = move |ev: web_sys::PointerEvent| {
        ev.prevent_default();
        set_holding.set(true);
        let done = gloo_timers::callback::Timeout::new(HOLD_MS, move || {
            set_holding.set(false);
            app.take_back();
        });
        timer.set_value(Some(done));
    };
    // Let go early: nothing happens (dropping the timeout cancels it).
    let stop = move |_| {
        timer.set_value(None);
        set_holding.set(false);
    };
    view! {
        <button type="button" class="button take-back" data-action="take-back"
            class:holding=holding
            on:pointerdown=start on:pointerup=stop on:pointerleave=stop on:pointercancel=stop
            on:contextmenu=|ev| ev.prevent_default()>
            {t!(i18n, customer_mode.take_back)}
        </button>
    }
}
