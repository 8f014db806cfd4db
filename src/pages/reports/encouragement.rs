//! The year's encouragement list (提案鼓励奖, seed 002 §六) under the analysis
//! report: who is due the award for proposals not adopted or kept on hold, who
//! awaits a decision, and who gets a souvenir and a thank-you letter — counted
//! in `revisit_core::proposal::award`.
use crate::components::yuan;
use crate::i18n::*;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::proposal::award::{total_awarded, Encouraged, Encouragement};

/// What a row is due, in words.
pub fn due_text(i18n: leptos_i18n::I18nContext<Locale>, due: Encouragement) -> String {
    match due {
        Encouragement::Award(cny) => format!(
            "{} {}",
            t_string!(i18n, reports.award_cash),
            yuan(i18n, cny.0)
        ),
        Encouragement::AwaitingDecision => t_string!(i18n, reports.award_awaiting).to_string(),
        Encouragement::SouvenirAndLetter => t_string!(i18n, reports.award_souvenir).to_string(),
    }
}

/// The customer's name as the device knows it (its id when it is not there).
pub fn customer_name(customer_id: uuid::Uuid) -> String {
    let app = use_app();
    app.snapshot_untracked()
        .and_then(|d| {
            d.customers
                .iter()
                .find(|c| c.id == customer_id)
                .map(|c| c.name.clone())
        })
        .unwrap_or_else(|| customer_id.to_string())
}

#[component]
pub fn EncouragementList(year: i32, rows: Vec<Encouraged>) -> impl IntoView {
    let i18n = use_i18n();
    let rules = use_app()
        .snapshot_untracked()
        .map(|d| d.settings().proposals)
        .unwrap_or_default();
    let total = total_awarded(&rows).0;
    let body = rows
        .into_iter()
        .map(|r| {
            let kind = match r.encouragement {
                Encouragement::Award(_) => "award",
                Encouragement::AwaitingDecision => "awaiting",
                Encouragement::SouvenirAndLetter => "souvenir",
            };
            view! {
                <tr data-customer=r.customer_id.to_string() data-due=kind>
                    <td><a href=format!("/customers/{}", r.customer_id)>{customer_name(r.customer_id)}</a></td>
                    <td>
                        {r.made()}
                        <span class="muted block">
                            {format!("{} {} · {} {} · {} {}",
                                t_string!(i18n, reports.on_hold), r.on_hold,
                                t_string!(i18n, reports.not_adopted), r.not_adopted,
                                t_string!(i18n, reports.undecided), r.undecided)}
                        </span>
                    </td>
                    <td>{due_text(i18n, r.encouragement)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card report-table" data-section="encouragement">
            <h2>{t!(i18n, reports.encouragement, year = year)}</h2>
            <p class="muted">{t!(i18n, reports.encouragement_rule,
                unadopted = rules.encouragement_unadopted,
                with_hold = rules.encouragement_with_hold,
                award = yuan(i18n, rules.encouragement.0))}</p>
            <table>
                <thead><tr>
                    <th scope="col">{t!(i18n, reports.col_customer)}</th>
                    <th scope="col">{t!(i18n, reports.col_made)}</th>
                    <th scope="col">{t!(i18n, reports.col_award_due)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
            <p data-total=total>{t!(i18n, reports.award_total)} " " {yuan(i18n, total)}</p>
        </section>
    }
}
