//! The period's visit plan for approval (年度/月度回访计划, seed 000 §5;
//! `core::visit_plan`), on the plan report: customer service draws it up from the
//! computed plan — its targets and the visits per tier frozen as they are now — and
//! hands it in; top management (the customer director) approves it or returns it
//! with a comment. Each decision is offered only to its role; the server checks
//! again. The analysis report of the period then measures against it.
use super::controls::{Controls, Span};
use crate::clock::{device_now, today};
use crate::i18n::*;
use crate::labels;
use crate::pages::plans::{history_entry, returned_notice};
use crate::state::use_app;
use chrono::Datelike;
use leptos::prelude::*;
use revisit_core::approval::Approvable;
use revisit_core::approval::Step;
use revisit_core::report::plan::planned;
use revisit_core::report::{Context, Period, Scope};
use revisit_core::tier::Tier;
use revisit_core::visit_plan::{allowed, PlanPeriod, Targets, VisitPlan, VisitPlanStatus};

/// The plan period the report shows.
fn plan_period(controls: Controls) -> PlanPeriod {
    let at = controls.at.get();
    match controls.span.get() {
        Span::Month => PlanPeriod::Month {
            year: at.year(),
            month: at.month(),
        },
        Span::Year => PlanPeriod::Year { year: at.year() },
    }
}

/// A status in words.
fn status_text(i18n: leptos_i18n::I18nContext<Locale>, status: Option<VisitPlanStatus>) -> String {
    match status {
        None => t_string!(i18n, visit_plan.none),
        Some(VisitPlanStatus::Draft) => t_string!(i18n, visit_plan.draft),
        Some(VisitPlanStatus::AwaitingApproval) => t_string!(i18n, visit_plan.awaiting),
        Some(VisitPlanStatus::Approved) => t_string!(i18n, visit_plan.approved),
    }
    .to_string()
}

/// Targets as typed.
#[derive(Clone, Debug, PartialEq)]
struct Typed {
    completion: String,
    on_time: String,
    product: String,
    service: String,
    note: String,
}

impl Typed {
    fn of(t: Targets, note: &str) -> Self {
        let rating = |r: u16| format!("{}.{:02}", r / 100, r % 100);
        Typed {
            completion: t.completion_pct.to_string(),
            on_time: t.on_time_pct.to_string(),
            product: rating(t.product_rating),
            service: rating(t.service_rating),
            note: note.to_owned(),
        }
    }

    fn targets(&self) -> Option<Targets> {
        // "4.5" or "4.50" → 450.
        let rating = |text: &str| -> Option<u16> {
            let value: f64 = text.trim().parse().ok()?;
            (1.0..=5.0)
                .contains(&value)
                .then(|| (value * 100.0).round() as u16)
        };
        Some(Targets {
            completion_pct: self.completion.trim().parse().ok().filter(|p| *p <= 100)?,
            on_time_pct: self.on_time.trim().parse().ok().filter(|p| *p <= 100)?,
            product_rating: rating(&self.product)?,
            service_rating: rating(&self.service)?,
        })
    }
}

#[component]
pub fn PlanApproval(controls: Controls) -> impl IntoView {
    let app = use_app();
    // This period's plan: only it is tracked, so a pull does not wipe the form.
    let plan = Memo::new(move |_| {
        let id = plan_period(controls).plan_id();
        app.snapshot()?
            .visit_plans
            .iter()
            .find(|p| p.id == id)
            .cloned()
    });
    move || {
        let period = plan_period(controls);
        view! { <PlanApprovalCard period=period plan=plan.get() /> }
    }
}

#[component]
fn PlanApprovalCard(period: PlanPeriod, plan: Option<VisitPlan>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let status = plan.as_ref().map(VisitPlan::status);
    let typed = RwSignal::new(plan.as_ref().map_or_else(
        || Typed::of(Targets::default(), ""),
        |p| Typed::of(p.targets, &p.note),
    ));
    let comment = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<String>);
    let current = StoredValue::new(plan.clone());
    let save = Action::new_local(move |plan: &VisitPlan| {
        let plan = plan.clone();
        async move {
            match app.save_visit_plan(plan).await {
                Ok(()) => app.flash.set(Some(crate::state::Flash::VisitPlanSaved)),
                Err(e) => {
                    set_error.try_set(Some(labels::store_error(i18n, &e)));
                }
            }
        }
    });
    let busy = save.pending();
    // Draws the plan up from the company's computed plan of the period, now.
    let draw_up = move |_| {
        set_error.set(None);
        let Some(targets) = typed.with_untracked(Typed::targets) else {
            set_error.set(Some(t_string!(i18n, visit_plan.bad_targets).to_string()));
            return;
        };
        let days = period.days().and_then(|(from, to)| Period::new(from, to));
        let (Some(data), Ok(days)) = (app.snapshot_untracked(), days) else {
            return;
        };
        let whole = Scope::default();
        let visits = planned(&Context::new(&data, &whole, today()), days, today());
        let note = typed.with_untracked(|t| t.note.clone());
        let made = match current.get_value() {
            Some(plan) => plan.redrawn(targets, &visits, &note),
            None => VisitPlan::draft(period, targets, &visits, &note, device_now()),
        };
        match made {
            Ok(plan) => {
                save.dispatch(plan);
            }
            Err(e) => set_error.set(Some(e.message)),
        }
    };
    let take = move |step: Step| {
        set_error.set(None);
        if matches!(step, Step::Return { .. }) && comment.get_untracked().trim().is_empty() {
            set_error.set(Some(t_string!(i18n, plans.need_comment).to_string()));
            return;
        }
        let Some(plan) = current.get_value() else {
            return;
        };
        match plan.take(step, device_now()) {
            Ok(next) => {
                save.dispatch(next);
            }
            Err(e) => set_error.set(Some(e.message)),
        }
    };
    let may = move |step: Step| {
        status.is_some_and(|s| app.may_decide(|role| allowed(&step, s, role).is_ok()))
    };
    let drawing = status.is_none_or(|s| s == VisitPlanStatus::Draft) && app.may_supervise();
    let counts = plan.as_ref().map(|p| {
        Tier::ALL.map(|tier| view! {
            <tr data-tier=crate::json::wire_name(&tier)><th scope="row">{labels::tier_text(i18n, tier)}</th><td data-approved>{p.planned_for(Some(tier))}</td></tr>
        }).collect_view()
    });
    let total = plan.as_ref().map(|p| p.planned_for(None));
    let targets = plan.as_ref().map(|p| {
        let t = p.targets;
        view! {
            <p class="muted" data-targets>
                {t!(i18n, visit_plan.completion)} " " {t.completion_pct} "% · " {t!(i18n, visit_plan.on_time)} " " {t.on_time_pct} "% · "
                {t!(i18n, visit_plan.product)} " " {format!("{:.2}", f64::from(t.product_rating) / 100.0)} " · "
                {t!(i18n, visit_plan.service)} " " {format!("{:.2}", f64::from(t.service_rating) / 100.0)}
            </p>
        }
    });
    let history = plan.as_ref().map(|p| {
        p.approval
            .steps
            .iter()
            .map(|t| history_entry(i18n, t))
            .collect_view()
    });
    let returned = plan
        .as_ref()
        .and_then(|p| returned_notice(i18n, &p.approval));
    let field = move |name: &'static str,
                      label: String,
                      get: fn(&Typed) -> String,
                      set: fn(&mut Typed, String)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="text" inputmode="decimal" name=name prop:value=move || typed.with(get)
                    on:input=move |ev| typed.update(|t| set(t, event_target_value(&ev))) />
            </label>
        }
    };
    view! {
        <section class="card" data-section="visit-plan" data-plan-period=period.key()
            data-visit-plan-status=status.map(|s| crate::json::wire_name(&s)).unwrap_or_else(|| "none".into())>
            <h2>{t!(i18n, visit_plan.title)} " · " {period.key()}</h2>
            <p><span class="chip">{status_text(i18n, status)}</span></p>
            {returned}
            {targets}
            {total.map(|total| view! {
                <table class="budget">
                    <caption>{t!(i18n, visit_plan.planned)} " · " {total}</caption>
                    <tbody>{counts}</tbody>
                </table>
            })}
            {drawing.then(|| view! {
                <fieldset class="step-form no-print" data-form="draw-up">
                    <legend>{t!(i18n, visit_plan.draw_up)}</legend>
                    <div class="field-row">
                        {field("plan-completion", t_string!(i18n, visit_plan.completion_pct).to_string(), |t| t.completion.clone(), |t, v| t.completion = v)}
                        {field("plan-on-time", t_string!(i18n, visit_plan.on_time_pct).to_string(), |t| t.on_time.clone(), |t, v| t.on_time = v)}
                    </div>
                    <div class="field-row">
                        {field("plan-product", t_string!(i18n, visit_plan.product_target).to_string(), |t| t.product.clone(), |t, v| t.product = v)}
                        {field("plan-service", t_string!(i18n, visit_plan.service_target).to_string(), |t| t.service.clone(), |t, v| t.service = v)}
                    </div>
                    <label class="field">
                        <span>{t!(i18n, visit_plan.note)}</span>
                        <textarea name="plan-note" rows="2" prop:value=move || typed.with(|t| t.note.clone())
                            on:input=move |ev| typed.update(|t| t.note = event_target_value(&ev))></textarea>
                    </label>
                    <p class="muted">{t!(i18n, visit_plan.draw_up_hint)}</p>
                    <button type="button" class="button" data-action="draw-up-plan" disabled=move || busy.get() on:click=draw_up>
                        {if status.is_some() { t!(i18n, visit_plan.redraw).into_any() } else { t!(i18n, visit_plan.draw_up).into_any() }}
                    </button>
                </fieldset>
            })}
            <div class="actions no-print">
                {may(Step::Submit).then(|| view! {
                    <button type="button" class="button primary" data-action="submit-visit-plan" disabled=move || busy.get()
                        on:click=move |_| take(Step::Submit)>{t!(i18n, visit_plan.submit)}</button>
                })}
            </div>
            {may(Step::Approve { comment: String::new() }).then(|| view! {
                <div class="step-form no-print" data-form="approve-visit-plan">
                    <label class="field">
                        <span>{t!(i18n, plans.comment)}</span>
                        <textarea name="visit-plan-comment" rows="2" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="actions">
                        <button type="button" class="button primary" data-action="approve-visit-plan" disabled=move || busy.get()
                            on:click=move |_| take(Step::Approve { comment: comment.get_untracked().trim().to_owned() })>{t!(i18n, plans.approve)}</button>
                        <button type="button" class="button" data-action="return-visit-plan" disabled=move || busy.get()
                            on:click=move |_| take(Step::Return { comment: comment.get_untracked().trim().to_owned() })>{t!(i18n, plans.send_back)}</button>
                    </div>
                </div>
            })}
            {(status == Some(VisitPlanStatus::AwaitingApproval) && !may(Step::Approve { comment: String::new() }))
                .then(|| view! { <p class="muted" data-waiting>{t!(i18n, visit_plan.waiting)}</p> })}
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-error="visit-plan">{e}</p> })}
            {history.map(|h| view! { <ol class="history">{h}</ol> })}
        </section>
    }
}
