//! The words of the 客户状况登记表's choices (seed 002), for the form and the file.
use crate::i18n::*;
use revisit_core::customer::{Channel, Condition, Frequency, PaymentBehaviour, Potential};

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn condition(i18n: I18n, c: Condition) -> String {
    match c {
        Condition::Good => t_string!(i18n, registration.good),
        Condition::Fair => t_string!(i18n, registration.fair),
        Condition::Poor => t_string!(i18n, registration.poor),
    }
    .to_string()
}

/// 付款态度.
pub fn payment(i18n: I18n, p: PaymentBehaviour) -> String {
    match p {
        PaymentBehaviour::Prompt => t_string!(i18n, registration.pay_prompt),
        PaymentBehaviour::Normal => t_string!(i18n, registration.pay_normal),
        PaymentBehaviour::Slow => t_string!(i18n, registration.pay_slow),
        PaymentBehaviour::Poor => t_string!(i18n, registration.pay_poor),
    }
    .to_string()
}

/// How customer service keeps in touch (a contact's preferred way, too).
pub fn contact_channel(i18n: I18n, c: Channel) -> String {
    match c {
        Channel::Phone => t_string!(i18n, registration.by_phone),
        Channel::OnSite => t_string!(i18n, registration.by_visit),
        Channel::WeChat => t_string!(i18n, registration.by_wechat),
        Channel::Email => t_string!(i18n, registration.by_email),
        Channel::Video => t_string!(i18n, registration.by_video),
    }
    .to_string()
}

pub fn frequency(i18n: I18n, f: Frequency) -> String {
    match f {
        Frequency::Weekly => t_string!(i18n, registration.weekly),
        Frequency::Monthly => t_string!(i18n, registration.monthly),
        Frequency::Quarterly => t_string!(i18n, registration.quarterly),
        Frequency::HalfYearly => t_string!(i18n, registration.half_yearly),
        Frequency::Yearly => t_string!(i18n, registration.yearly),
    }
    .to_string()
}

pub fn potential(i18n: I18n, p: Potential) -> String {
    match p {
        Potential::High => t_string!(i18n, registration.high),
        Potential::Medium => t_string!(i18n, registration.medium),
        Potential::Low => t_string!(i18n, registration.low),
    }
    .to_string()
}

pub fn yes_no(i18n: I18n, yes: bool) -> String {
    if yes {
        t_string!(i18n, registration.yes).to_string()
    } else {
        t_string!(i18n, registration.no).to_string()
    }
}
