//! The relationship score card on a customer's file (客户关系评估表, seed 002): the
//! latest evaluation — each indicator's weight, score, weighted score, basis and
//! note, the total and the recommendation, who evaluated and on which day — the
//! earlier evaluations as a trend, and the way to evaluate again. A file with no
//! evaluation recorded shows the scores an import gave, if any.
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::evaluation::record::{history, Line};
use revisit_core::evaluation::{evaluate, Evaluation, EvaluationSettings, Scores};
use uuid::Uuid;

#[component]
pub fn ScoreCard(
    customer: Uuid,
    /// The scores an import gave (`Customer::evaluation`).
    imported: Option<Scores>,
    evaluations: Vec<Evaluation>,
    settings: EvaluationSettings,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let mut all = history(&evaluations, customer);
    let latest = all.pop().cloned();
    let lines: Vec<Line> = match (&latest, &imported) {
        (Some(e), _) => e.lines.clone(),
        (None, Some(scores)) => scores
            .iter()
            .map(|(key, score)| Line {
                key: key.clone(),
                score: *score,
                basis: String::new(),
                note: String::new(),
            })
            .collect(),
        (None, None) => Vec::new(),
    };
    let scores: Scores = lines.iter().map(|l| (l.key.clone(), l.score)).collect();
    let card = (!lines.is_empty())
        .then(|| evaluate(&scores, &settings).ok())
        .flatten();
    let names = settings.indicators.clone();
    let card_view = match card {
        None => view! { <p class="muted">{t!(i18n, customers.no_evaluation)}</p> }.into_any(),
        Some(card) => {
            let rows = card.lines.iter().map(|line| {
                let name = names.iter().find(|n| n.key == line.key).map(|n| labels::pick(&n.name)).unwrap_or_default();
                let said = lines.iter().find(|l| l.key == line.key);
                let basis = said.map(|l| l.basis.clone()).unwrap_or_default();
                let note = said.map(|l| l.note.clone()).unwrap_or_default();
                view! {
                    <tr data-indicator=line.key.clone()>
                        <th scope="row">{name}</th>
                        <td>{line.weight} "%"</td>
                        <td data-score>{line.score}</td>
                        <td>{format!("{:.1}", line.weighted)}</td>
                        <td class="basis">{basis} {(!note.is_empty()).then(|| view! { <span class="muted">" · " {note.clone()}</span> })}</td>
                    </tr>
                }
            }).collect_view();
            let rec = labels::recommendation_text(i18n, card.recommendation);
            let who = latest.as_ref().map(|e| {
                let by = e.by.map(|b| format!(" · {} {}", t_string!(i18n, evaluation.by), app.name_of(b))).unwrap_or_default();
                view! { <p class="muted" data-evaluated-on=e.on.to_string()>{t!(i18n, evaluation.on)} " " {e.on.to_string()} {by}</p> }
            });
            view! {
                {who}
                {latest.is_none().then(|| view! { <p class="muted">{t!(i18n, evaluation.imported)}</p> })}
                <div class="table-scroll">
                    <table class="score-card">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, evaluation.indicator)}</th>
                                <th scope="col">{t!(i18n, evaluation.weight)}</th>
                                <th scope="col">{t!(i18n, evaluation.score)}</th>
                                <th scope="col">{t!(i18n, evaluation.weighted)}</th>
                                <th scope="col">{t!(i18n, evaluation.basis)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p class="score-total" data-total=format!("{:.1}", card.total)>
                    <strong>{t!(i18n, customers.total)} " " {format!("{:.1}", card.total)}</strong> " · " {rec}
                </p>
            }.into_any()
        }
    };
    // Earlier evaluations, newest first: the trend of the total.
    let trend = all
        .iter()
        .rev()
        .filter_map(|e| {
            let card = e.card(&settings).ok()?;
            Some(view! {
                <li data-evaluation=e.id.to_string()>
                    {e.on.to_string()} " · " {format!("{:.1}", card.total)} " · "
                    {labels::recommendation_text(i18n, card.recommendation)}
                </li>
            })
        })
        .collect_view();
    let earlier = !all.is_empty();
    view! {
        <section class="card" data-section="evaluation" id="evaluation">
            <h2>{t!(i18n, customers.evaluation)}</h2>
            {card_view}
            {earlier.then(|| view! {
                <h3>{t!(i18n, evaluation.trend)}</h3>
                <ul class="plain-list trend">{trend}</ul>
            })}
            <a class="button" href=format!("/customers/{customer}/evaluate") data-action="evaluate">{t!(i18n, evaluation.evaluate)}</a>
        </section>
    }
}
