//! The customer file's 客户状况 (seed 002's 客户状况登记表): who runs the customer,
//! how it is doing and pays, its dealings with us and how we keep in touch — folded,
//! saying how much of it is filled in, since a technician mostly needs the rest of
//! the file.
use crate::i18n::*;
use crate::labels;
use leptos::prelude::*;
use revisit_core::customer::{monthly_average, Customer};

/// The facts of `customer`'s status form, the monthly average read from `year`'s
/// purchases.
#[component]
pub fn CustomerStatus(customer: Customer, year: i32) -> impl IntoView {
    let i18n = use_i18n();
    let s = &customer.standing;
    let text = |t: &str| (!t.trim().is_empty()).then(|| t.trim().to_owned());
    let facts: Vec<(&'static str, AnyView, Option<String>)> = vec![
        (
            "main_business",
            t!(i18n, registration.main_business).into_any(),
            text(&customer.main_business),
        ),
        (
            "employee_count",
            t!(i18n, registration.employee_count).into_any(),
            customer.employee_count.map(|n| n.to_string()),
        ),
        (
            "business",
            t!(i18n, registration.business).into_any(),
            s.business.map(|c| labels::condition(i18n, c)),
        ),
        (
            "bank",
            t!(i18n, registration.bank).into_any(),
            text(&s.bank),
        ),
        (
            "loans",
            t!(i18n, registration.loans).into_any(),
            text(&s.loans),
        ),
        (
            "cash_flow",
            t!(i18n, registration.cash_flow).into_any(),
            s.cash_flow.map(|c| labels::condition(i18n, c)),
        ),
        (
            "payer",
            t!(i18n, registration.payer).into_any(),
            text(&s.payer),
        ),
        (
            "payment_behaviour",
            t!(i18n, registration.payment_behaviour).into_any(),
            customer.payment_behaviour.map(|p| labels::payment(i18n, p)),
        ),
        (
            "pays_by_cheque",
            t!(i18n, registration.pays_by_cheque).into_any(),
            s.pays_by_cheque.map(|y| labels::yes_no(i18n, y)),
        ),
        (
            "highest_purchase",
            t!(i18n, registration.highest_purchase).into_any(),
            s.highest_purchase.map(|a| super::yuan(i18n, a.yuan())),
        ),
        (
            "monthly_average",
            t!(i18n, registration.monthly_average, year = year).into_any(),
            monthly_average(&customer.annual_purchases, year).map(|a| super::yuan(i18n, a.yuan())),
        ),
        (
            "contact_channel",
            t!(i18n, registration.contact_channel).into_any(),
            s.contact_channel.map(|c| labels::contact_channel(i18n, c)),
        ),
        (
            "contact_frequency",
            t!(i18n, registration.contact_frequency).into_any(),
            s.contact_frequency.map(|f| labels::frequency(i18n, f)),
        ),
        (
            "potential",
            t!(i18n, registration.potential).into_any(),
            s.potential.map(|p| labels::potential(i18n, p)),
        ),
    ];
    let filled = facts.iter().filter(|(_, _, v)| v.is_some()).count();
    let of = facts.len();
    let rows = facts
        .into_iter()
        .map(|(key, label, value)| {
            let value = match value {
                Some(v) => view! { <dd data-fact=key>{v}</dd> }.into_any(),
                None => {
                    view! { <dd class="muted" data-fact=key>{t!(i18n, registration.unknown)}</dd> }
                        .into_any()
                }
            };
            view! { <dt>{label}</dt>{value} }
        })
        .collect_view();
    view! {
        <details class="card issue-intake" data-section="status">
            <summary>{t!(i18n, registration.title)} " · " {t!(i18n, registration.filled, n = filled, of = of)}</summary>
            <dl class="facts">{rows}</dl>
        </details>
    }
}
