//! What customers suggested or asked for (seed 001: suggestions; maintenance,
//! outage service, retrofit) by product line and region, under the satisfaction
//! report: each group's visits through their customers' files, and, for a
//! supervisor, a preventive action opened on the group in one tap, or a visit's
//! suggestion taken up as the customer's proposal (提案: the proposal register's
//! decision, reward and thanks follow).
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::issue::Category;
use revisit_core::report::needs::NeedGroup;

/// How many of a group's visits are linked by name (the rest are counted).
const LINKED: usize = 5;

#[component]
pub fn NeedsTable(groups: Vec<NeedGroup>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = app.snapshot_untracked();
    let may = app.may_handle_actions();
    let line_name = |key: &str| {
        if key.is_empty() {
            return t_string!(i18n, reports.needs_no_line).to_string();
        }
        data.as_ref()
            .and_then(|d| {
                d.settings()
                    .product_line(key)
                    .map(|l| labels::pick(&l.name))
            })
            .unwrap_or_else(|| key.to_owned())
    };
    let visit_link = |visit: uuid::Uuid| {
        let d = data.as_ref()?;
        let v = d.visits.iter().find(|v| v.id == visit)?;
        let name = d
            .customers
            .iter()
            .find(|c| c.id == v.customer_id)?
            .name
            .clone();
        let suggestion = v
            .result
            .as_ref()
            .map(|r| r.suggestions.clone())
            .unwrap_or_default();
        // Taken up already: the proposal it became; else, for a supervisor, a way
        // to take it up.
        let proposal = d
            .issues
            .iter()
            .find(|i| i.visit_id == Some(visit) && i.category == Category::Proposal)
            .map(|i| i.id);
        let take_up = match proposal {
            Some(id) => Some(view! {
                <a class="chip" data-proposal=id.to_string() href=format!("/issues/{id}")>{t!(i18n, reports.needs_proposal)}</a>
            }.into_any()),
            None if may && !suggestion.trim().is_empty() => Some(view! {
                <a class="chip" data-to-proposal=visit.to_string()
                    href=format!("/issues/new?customer={}&visit={visit}", v.customer_id)>{t!(i18n, reports.needs_to_proposal)}</a>
            }.into_any()),
            None => None,
        };
        Some(view! {
            <a class="chip" href=format!("/customers/{}", v.customer_id) title=suggestion>{name}</a>
            {take_up}
        })
    };
    let rows = groups
        .into_iter()
        .map(|g| {
            let visits = g.visits();
            let more = visits.len().saturating_sub(LINKED);
            let open = format!(
                "/office/actions/new?finding=suggestions&visits={}",
                visits.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",")
            );
            view! {
                <tr data-need=format!("{}/{}", g.product_line, g.region)>
                    <td>{line_name(&g.product_line)} <span class="muted block">{g.region.clone()}</span></td>
                    <td data-label=t_string!(i18n, reports.needs_suggestions).to_string()>{g.suggestions.len()}</td>
                    <td data-label=t_string!(i18n, visit.maintenance).to_string()>{g.maintenance.len()}</td>
                    <td data-label=t_string!(i18n, visit.outage_service).to_string()>{g.outage_service.len()}</td>
                    <td data-label=t_string!(i18n, visit.retrofit).to_string()>{g.retrofit.len()}</td>
                    <td><div class="chips">
                        {visits.iter().take(LINKED).copied().map(visit_link).collect_view()}
                        {(more > 0).then(|| view! { <span class="muted">{t!(i18n, reports.needs_more, n = more)}</span> })}
                        {may.then(|| view! { <a class="chip" data-open-action href=open>{t!(i18n, actions.open_action)}</a> })}
                    </div></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card report-table" data-section="needs">
            <h2>{t!(i18n, reports.needs)}</h2>
            <table>
                <thead><tr>
                    <th scope="col">{t!(i18n, reports.needs_line_region)}</th>
                    <th scope="col">{t!(i18n, reports.needs_suggestions)}</th>
                    <th scope="col">{t!(i18n, visit.maintenance)}</th>
                    <th scope="col">{t!(i18n, visit.outage_service)}</th>
                    <th scope="col">{t!(i18n, visit.retrofit)}</th>
                    <th scope="col">{t!(i18n, reports.needs_visits)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
