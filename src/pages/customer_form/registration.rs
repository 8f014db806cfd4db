//! The 客户状况登记表 part of the customer form (seed 002): who runs the customer,
//! what it does, how it is doing and pays, its dealings with us and how we keep in
//! touch. Everything may stay empty; a number that is not one is shown beside its
//! field and nothing is saved.
use super::{Form, Problem};
use crate::components::{field_error, text_field, typed_yuan};
use crate::i18n::*;
use crate::json::{from_wire_name, wire_name};
use crate::labels;
use leptos::prelude::*;
use revisit_core::customer::{
    Channel, Condition, Customer, Frequency, PaymentBehaviour, Potential, Standing,
};

/// The part's fields, as typed (a choice by its serde name, empty for none).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registration {
    legal_representative: String,
    general_manager: String,
    main_business: String,
    employee_count: String,
    payment_behaviour: String,
    business: String,
    bank: String,
    loans: String,
    cash_flow: String,
    payer: String,
    /// "yes", "no" or empty.
    pays_by_cheque: String,
    highest_purchase: String,
    contact_channel: String,
    contact_frequency: String,
    potential: String,
}

fn name_of<T: serde::Serialize>(value: Option<T>) -> String {
    value.map(|v| wire_name(&v)).unwrap_or_default()
}

impl Registration {
    pub fn of(c: &Customer) -> Self {
        let s = &c.standing;
        Self {
            legal_representative: c.legal_representative.clone(),
            general_manager: c.general_manager.clone(),
            main_business: c.main_business.clone(),
            employee_count: c.employee_count.map(|n| n.to_string()).unwrap_or_default(),
            payment_behaviour: name_of(c.payment_behaviour),
            business: name_of(s.business),
            bank: s.bank.clone(),
            loans: s.loans.clone(),
            cash_flow: name_of(s.cash_flow),
            payer: s.payer.clone(),
            pays_by_cheque: match s.pays_by_cheque {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            highest_purchase: s
                .highest_purchase
                .map(|a| a.yuan().to_string())
                .unwrap_or_default(),
            contact_channel: name_of(s.contact_channel),
            contact_frequency: name_of(s.contact_frequency),
            potential: name_of(s.potential),
        }
    }

    /// Writes the part into `c`; `Err` names the field that is not a number.
    pub fn apply(&self, c: &mut Customer) -> Result<(), &'static str> {
        c.legal_representative = self.legal_representative.trim().to_owned();
        c.general_manager = self.general_manager.trim().to_owned();
        c.main_business = self.main_business.trim().to_owned();
        c.employee_count = match self.employee_count.trim() {
            "" => None,
            text => Some(text.parse().map_err(|_| "employee_count")?),
        };
        c.payment_behaviour = from_wire_name(&self.payment_behaviour);
        let highest_purchase =
            typed_yuan(&self.highest_purchase).map_err(|_| "highest_purchase")?;
        c.standing = Standing {
            business: from_wire_name(&self.business),
            bank: self.bank.trim().to_owned(),
            loans: self.loans.trim().to_owned(),
            cash_flow: from_wire_name(&self.cash_flow),
            payer: self.payer.trim().to_owned(),
            pays_by_cheque: match self.pays_by_cheque.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            highest_purchase,
            contact_channel: from_wire_name(&self.contact_channel),
            contact_frequency: from_wire_name(&self.contact_frequency),
            potential: from_wire_name(&self.potential),
        };
        Ok(())
    }
}

/// A choice's options: none, then each value by its serde name and its words.
fn options<T: serde::Serialize + Copy>(
    values: &[T],
    words: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    values.iter().map(|v| (wire_name(v), words(*v))).collect()
}

/// The part's fields, in the form's order of seed 002's table.
#[component]
pub fn RegistrationFields(
    form: RwSignal<Form>,
    problem: ReadSignal<Option<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move |field: &'static str| {
        move || match problem.get() {
            Some(Problem::Registration { field: at }) if at == field => {
                let text = match field {
                    "employee_count" => t!(i18n, registration.bad_staff).into_any(),
                    _ => t!(i18n, customer_form.bad_amount).into_any(),
                };
                Some(field_error(field, text))
            }
            _ => None,
        }
    };
    let text = move |name: &'static str,
                     label: AnyView,
                     get: fn(&Form) -> String,
                     set: fn(&mut Form, String),
                     kind: &'static str| {
        text_field(form, name, label, get, set, kind, message(name))
    };
    let choice = move |name: &'static str,
                       label: AnyView,
                       choices: Vec<(String, String)>,
                       get: fn(&Form) -> String,
                       set: fn(&mut Form, String)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <select name=name on:change=move |ev| form.update(|f| set(f, event_target_value(&ev)))>
                    <option value="" selected=move || form.with(get).is_empty()>{t!(i18n, registration.unknown)}</option>
                    {choices.into_iter().map(|(code, words)| {
                        let chosen = code.clone();
                        view! { <option value=code selected=move || form.with(get) == chosen>{words}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let paying = options(
        &[
            PaymentBehaviour::Prompt,
            PaymentBehaviour::Normal,
            PaymentBehaviour::Slow,
            PaymentBehaviour::Poor,
        ],
        |p| labels::payment(i18n, p),
    );
    let channels = options(
        &[
            Channel::Phone,
            Channel::OnSite,
            Channel::WeChat,
            Channel::Email,
            Channel::Video,
        ],
        |c| labels::contact_channel(i18n, c),
    );
    let frequencies = options(&Frequency::ALL, |f| labels::frequency(i18n, f));
    let potentials = options(&Potential::ALL, |p| labels::potential(i18n, p));
    let cheques = vec![
        ("yes".to_owned(), labels::yes_no(i18n, true)),
        ("no".to_owned(), labels::yes_no(i18n, false)),
    ];
    let condition = move |c| labels::condition(i18n, c);
    view! {
        <fieldset class="flags registration" data-section="registration">
            <legend>{t!(i18n, registration.title)}</legend>
            {text("legal_representative", t!(i18n, customers.legal_representative).into_any(),
                |f| f.registration.legal_representative.clone(), |f, v| f.registration.legal_representative = v, "text")}
            {text("general_manager", t!(i18n, customers.general_manager).into_any(),
                |f| f.registration.general_manager.clone(), |f, v| f.registration.general_manager = v, "text")}
            {text("main_business", t!(i18n, registration.main_business).into_any(),
                |f| f.registration.main_business.clone(), |f, v| f.registration.main_business = v, "text")}
            {text("employee_count", t!(i18n, registration.employee_count).into_any(),
                |f| f.registration.employee_count.clone(), |f, v| f.registration.employee_count = v, "text")}
            {choice("business", t!(i18n, registration.business).into_any(), options(&Condition::ALL, condition),
                |f| f.registration.business.clone(), |f, v| f.registration.business = v)}
            {text("bank", t!(i18n, registration.bank).into_any(),
                |f| f.registration.bank.clone(), |f, v| f.registration.bank = v, "text")}
            {text("loans", t!(i18n, registration.loans).into_any(),
                |f| f.registration.loans.clone(), |f, v| f.registration.loans = v, "text")}
            {choice("cash_flow", t!(i18n, registration.cash_flow).into_any(), options(&Condition::ALL, condition),
                |f| f.registration.cash_flow.clone(), |f, v| f.registration.cash_flow = v)}
            {text("payer", t!(i18n, registration.payer).into_any(),
                |f| f.registration.payer.clone(), |f, v| f.registration.payer = v, "text")}
            {choice("payment_behaviour", t!(i18n, registration.payment_behaviour).into_any(), paying,
                |f| f.registration.payment_behaviour.clone(), |f, v| f.registration.payment_behaviour = v)}
            {choice("pays_by_cheque", t!(i18n, registration.pays_by_cheque).into_any(), cheques,
                |f| f.registration.pays_by_cheque.clone(), |f, v| f.registration.pays_by_cheque = v)}
            {text("highest_purchase", t!(i18n, registration.highest_purchase_yuan).into_any(),
                |f| f.registration.highest_purchase.clone(), |f, v| f.registration.highest_purchase = v, "text")}
            {choice("contact_channel", t!(i18n, registration.contact_channel).into_any(), channels,
                |f| f.registration.contact_channel.clone(), |f, v| f.registration.contact_channel = v)}
            {choice("contact_frequency", t!(i18n, registration.contact_frequency).into_any(), frequencies,
                |f| f.registration.contact_frequency.clone(), |f, v| f.registration.contact_frequency = v)}
            {choice("potential", t!(i18n, registration.potential).into_any(), potentials,
                |f| f.registration.potential.clone(), |f, v| f.registration.potential = v)}
        </fieldset>
    }
}
