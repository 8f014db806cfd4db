//! What the satisfaction report shows beside each of its findings: the actions
//! opened on it with their state, or, for a supervisor, a way to open one; and the
//! product lines whose ratings fell (`core::report::satisfaction::decline`).
use super::controls::average;
use crate::i18n::*;
use leptos::prelude::*;
use revisit_core::action::Action;
use revisit_core::report::satisfaction::decline::LineDecline;

/// The actions `found` on a finding, each with its state; none: a link to open
/// one at `open`, when `may` (a supervisor) may.
pub fn action_chips(
    i18n: leptos_i18n::I18nContext<Locale>,
    found: Vec<&Action>,
    open: String,
    may: bool,
) -> AnyView {
    if found.is_empty() {
        return may
            .then(|| view! { <a class="chip" data-open-action href=open>{t!(i18n, actions.open_action)}</a> })
            .into_any();
    }
    found
        .into_iter()
        .map(|a| view! {
            <a class="chip" data-action-link=a.id.to_string() href=format!("/office/actions/{}", a.id)>
                {t!(i18n, actions.action_link)} " · " {crate::pages::actions_status_text(i18n, a.status())}
            </a>
        })
        .collect_view()
        .into_any()
}

/// The product lines whose averages fell against the period before, each with
/// the averages then and now and its action.
pub fn declining_lines(
    i18n: leptos_i18n::I18nContext<Locale>,
    lines: &[LineDecline],
    actions: &[Action],
    may: bool,
    line_name: impl Fn(&str) -> String,
) -> impl IntoView {
    let rows = lines
        .iter()
        .map(|l| {
            let change = |before: Option<f64>, now: Option<f64>| {
                format!("{} → {}", average(before), average(now))
            };
            let open = format!(
                "/office/actions/new?finding=product_line&line={}",
                js_sys::encode_uri_component(&l.product_line)
            );
            view! {
                <tr data-declining=l.product_line.clone()>
                    <th scope="row">{line_name(&l.product_line)}</th>
                    <td class:fell=l.product_fell>{change(l.previous.product.average(), l.current.product.average())}</td>
                    <td class:fell=l.service_fell>{change(l.previous.service.average(), l.current.service.average())}</td>
                    <td>{action_chips(i18n, revisit_core::action::on_line(actions, &l.product_line), open, may)}</td>
                </tr>
            }
        })
        .collect_view();
    (!lines.is_empty()).then(|| {
        view! {
            <section class="card report-table" data-section="declining">
                <h2>{t!(i18n, reports.declining)}</h2>
                <p class="muted">{t!(i18n, reports.declining_legend)}</p>
                <table>
                    <thead><tr>
                        <th scope="col">{t!(i18n, reports.declining_line)}</th>
                        <th scope="col">{t!(i18n, reports.product_avg)}</th>
                        <th scope="col">{t!(i18n, reports.service_avg)}</th>
                        <th scope="col">{t!(i18n, actions.action_link)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    })
}
