//! Evaluating a customer's relationship (客户关系评估表, seed 002): each indicator
//! scored 0–100 with its basis (根据) and a note (备注), the day, the total and the
//! recommendation as they will be — entered on the device by whoever evaluates
//! (客户关系专人 or above; the server signs it with who is signed in), kept beside
//! every earlier evaluation.
use crate::clock::{device_now, new_id, today};
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use revisit_core::evaluation::record::{as_of, Line};
use revisit_core::evaluation::{evaluate, Evaluation, EvaluationSettings, Scores};
use uuid::Uuid;

/// One indicator's row as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Typed {
    score: String,
    basis: String,
    note: String,
}

/// A score as typed: a whole number of 0–100.
fn score(text: &str) -> Option<u32> {
    text.trim().parse().ok().filter(|s| *s <= 100)
}

#[component]
pub fn EvaluatePage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    // What the form is for; the form stays up while the data changes under it
    // (its own save among them), so only these are tracked.
    let found = Memo::new(move |_| {
        let id: Uuid = params.with(|p| p.get("id"))?.parse().ok()?;
        let data = app.snapshot()?;
        let customer = data.customers.iter().find(|c| c.id == id)?;
        Some((
            customer.id,
            customer.name.clone(),
            data.settings().evaluation,
        ))
    });
    view! {
        <div class="page" data-page="evaluate">
            <PageHeader>{t!(i18n, evaluation.form_title)}</PageHeader>
            {move || match found.get() {
                Some((customer, name, settings)) => {
                    // The last evaluation's scores and words to start from.
                    let last = app.snapshot_untracked().and_then(|data| {
                        as_of(&data.evaluations, customer, today()).map(|e| e.lines.clone())
                    });
                    view! { <EvaluationForm customer=customer name=name settings=settings last=last /> }.into_any()
                }
                None if app.snapshot().is_none() => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, customers.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn EvaluationForm(
    customer: Uuid,
    name: String,
    settings: EvaluationSettings,
    last: Option<Vec<Line>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let indicators = settings.indicators.clone();
    let rows: Vec<RwSignal<Typed>> = indicators
        .iter()
        .map(|i| {
            let before = last
                .as_ref()
                .and_then(|l| l.iter().find(|l| l.key == i.key));
            RwSignal::new(before.map_or_else(Typed::default, |l| Typed {
                score: l.score.to_string(),
                basis: l.basis.clone(),
                note: String::new(),
            }))
        })
        .collect();
    let on = RwSignal::new(today().to_string());
    let (error, set_error) = signal(None::<String>);
    let settings = StoredValue::new(settings);
    let keys = StoredValue::new(indicators.iter().map(|i| i.key.clone()).collect::<Vec<_>>());
    let rows = StoredValue::new(rows);
    // The total and the recommendation as they stand, once every score is typed.
    let card = move || {
        let scores: Option<Scores> = keys.with_value(|keys| {
            rows.with_value(|rows| {
                keys.iter()
                    .zip(rows)
                    .map(|(k, r)| Some((k.clone(), score(&r.get().score)?)))
                    .collect()
            })
        });
        scores.and_then(|s| settings.with_value(|set| evaluate(&s, set).ok()))
    };
    let save = Action::new_local(move |evaluation: &Evaluation| {
        let evaluation = evaluation.clone();
        let navigate = navigate.clone();
        async move {
            match app.record_evaluation(evaluation).await {
                Ok(()) => {
                    app.flash.set(Some(crate::state::Flash::EvaluationSaved));
                    navigate(
                        &format!("/customers/{customer}#evaluation"),
                        Default::default(),
                    );
                }
                Err(e) => {
                    set_error.try_set(Some(labels::store_error(i18n, &e)));
                }
            }
        }
    });
    let busy = save.pending();
    let submit = move |_| {
        set_error.set(None);
        let lines: Option<Vec<Line>> = keys.with_value(|keys| {
            rows.with_value(|rows| {
                keys.iter()
                    .zip(rows)
                    .map(|(key, row)| {
                        let row = row.get_untracked();
                        Some(Line {
                            key: key.clone(),
                            score: score(&row.score)?,
                            basis: row.basis,
                            note: row.note,
                        })
                    })
                    .collect()
            })
        });
        let Some(lines) = lines else {
            set_error.set(Some(t_string!(i18n, evaluation.bad_score).to_string()));
            return;
        };
        let day = NaiveDate::parse_from_str(&on.get_untracked(), "%Y-%m-%d").ok();
        let made = day.ok_or(()).and_then(|day| {
            settings
                .with_value(|s| Evaluation::new(new_id(), customer, day, lines, s, device_now()))
                .map_err(|_| ())
        });
        match made {
            Ok(evaluation) => {
                save.dispatch(evaluation);
            }
            Err(()) => set_error.set(Some(t_string!(i18n, evaluation.bad_date).to_string())),
        }
    };
    let row_views = indicators
        .into_iter()
        .zip(rows.get_value())
        .map(|(indicator, row)| {
            let label = labels::pick(&indicator.name);
            let bad = move || !row.get().score.trim().is_empty() && score(&row.get().score).is_none();
            view! {
                <fieldset class="indicator" data-indicator=indicator.key.clone()>
                    <legend>{label} <span class="muted">" · " {t!(i18n, evaluation.weight)} " " {indicator.weight} "%"</span></legend>
                    <div class="score-line">
                        <label class="field">
                            <span>{t!(i18n, evaluation.score)}</span>
                            <input type="number" inputmode="numeric" min="0" max="100" step="1" name="score"
                                placeholder=move || t_string!(i18n, evaluation.score_hint)
                                aria-invalid=move || bad().to_string()
                                prop:value=move || row.get().score
                                on:input=move |ev| row.update(|r| r.score = event_target_value(&ev)) />
                        </label>
                        <label class="field">
                            <span>{t!(i18n, evaluation.basis)}</span>
                            <input type="text" name="basis" prop:value=move || row.get().basis
                                on:input=move |ev| row.update(|r| r.basis = event_target_value(&ev)) />
                        </label>
                    </div>
                    <label class="field">
                        <span>{t!(i18n, evaluation.note)}</span>
                        <input type="text" name="note" prop:value=move || row.get().note
                            on:input=move |ev| row.update(|r| r.note = event_target_value(&ev)) />
                    </label>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2 class="customer">{name}</h2>
            <label class="field">
                <span>{t!(i18n, evaluation.on)}</span>
                <input type="date" name="evaluated-on" prop:value=move || on.get() on:input=move |ev| on.set(event_target_value(&ev)) />
            </label>
            {row_views}
            <p class="score-total" data-section="evaluation-total">
                {move || card().map(|card| view! {
                    <strong>{t!(i18n, evaluation.total)} " " <span data-total>{format!("{:.1}", card.total)}</span></strong>
                    " · " {t!(i18n, evaluation.result)} ": " {labels::recommendation_text(i18n, card.recommendation)}
                })}
            </p>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-error="evaluation">{e}</p> })}
            <button class="button primary" data-action="save-evaluation" disabled=move || busy.get() on:click=submit>
                {t!(i18n, evaluation.save)}
            </button>
        </section>
    }
}
