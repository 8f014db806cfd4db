//! The customer file (客户档案), with the fields of seed 002's 客户状况登记表 (the
//! finance, dealings and contact habits in [`Standing`]).
use crate::error::Invalid;
use crate::evaluation::Scores;
use crate::tier::TierOverride;
use crate::types::Cny;
use crate::user::UserId;
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

mod standing;
pub mod strengthening;
pub use standing::{monthly_average, Condition, Frequency, Potential, Standing};
pub use strengthening::Strengthening;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    /// 直接客户
    #[default]
    Direct,
    /// 代理商
    Agent,
    /// 终端用户
    EndUser,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentBehaviour {
    Prompt,
    Normal,
    Slow,
    Poor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    OnSite,
    Video,
    WeChat,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub preferred_channel: Option<Channel>,
}

/// Why a contact cannot be kept: nobody to ask for, or no way to reach them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactProblem {
    NoName,
    BadEmail,
    BadPhone,
}

impl Contact {
    /// A name, and a phone and email that could be dialled or written to (either
    /// may be left empty).
    pub fn check(&self) -> Result<(), ContactProblem> {
        if self.name.trim().is_empty() {
            return Err(ContactProblem::NoName);
        }
        if !self.email.is_empty() && !self.email.contains('@') {
            return Err(ContactProblem::BadEmail);
        }
        if !self
            .phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c))
        {
            return Err(ContactProblem::BadPhone);
        }
        Ok(())
    }
}

/// The flags the tier rule reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct CustomerFlags {
    /// 行业头部企业
    pub industry_leader: bool,
    /// 区域核心代理商
    pub regional_core_agent: bool,
    /// 零散订单
    pub scattered_orders: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub short_code: String,
    #[serde(default)]
    pub kind: CustomerKind,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub legal_representative: String,
    #[serde(default)]
    pub general_manager: String,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub main_business: String,
    #[serde(default)]
    pub employee_count: Option<u32>,
    #[serde(default)]
    pub payment_behaviour: Option<PaymentBehaviour>,
    #[serde(default)]
    pub cooperation_start: Option<NaiveDate>,
    /// When this file was opened in Revisit: no routine visit is planned before it
    /// (a customer entered today owes no visits from last year).
    #[serde(default)]
    pub since: Option<NaiveDate>,
    /// Purchases per calendar year, in CNY.
    #[serde(default, with = "crate::types::year_map")]
    #[schemars(with = "BTreeMap<String, Cny>")]
    pub annual_purchases: BTreeMap<i32, Cny>,
    #[serde(default)]
    pub flags: CustomerFlags,
    /// The responsible member of staff.
    #[serde(default)]
    pub owner: Option<UserId>,
    /// The relationship score card's scores, by indicator key.
    #[serde(default)]
    pub evaluation: Option<Scores>,
    #[serde(default)]
    pub tier_override: Option<TierOverride>,
    #[serde(default)]
    pub notes: String,
    /// The rest of the 客户状况登记表: finances, dealings, contact habits.
    #[serde(default, skip_serializing_if = "is_default")]
    pub standing: Standing,
    /// The relationship strengthening table (客户关系强化表), every version, the
    /// latest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strengthening: Vec<Strengthening>,
}

fn is_default(standing: &Standing) -> bool {
    *standing == Standing::default()
}

impl Customer {
    /// A customer file with just its name; everything else empty.
    pub fn new(id: Uuid, name: &str) -> Result<Self, Invalid> {
        let customer = Self {
            id,
            name: name.trim().to_owned(),
            short_code: String::new(),
            kind: CustomerKind::Direct,
            region: String::new(),
            industry: String::new(),
            address: String::new(),
            legal_representative: String::new(),
            general_manager: String::new(),
            contacts: Vec::new(),
            main_business: String::new(),
            employee_count: None,
            payment_behaviour: None,
            cooperation_start: None,
            since: None,
            annual_purchases: BTreeMap::new(),
            flags: CustomerFlags::default(),
            owner: None,
            evaluation: None,
            tier_override: None,
            notes: String::new(),
            standing: Standing::default(),
            strengthening: Vec::new(),
        };
        customer.validate()?;
        Ok(customer)
    }

    /// Checks what the types cannot: a name, plausible years, reachable contacts.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.name.trim().is_empty() {
            return Err(Invalid::new("customer", "name", "a customer needs a name"));
        }
        if let Some(year) = self
            .annual_purchases
            .keys()
            .find(|y| !(1949..=2200).contains(*y))
        {
            return Err(Invalid::new(
                "customer",
                "annual_purchases",
                format!("{year} is not a plausible year"),
            ));
        }
        for contact in &self.contacts {
            contact.check().map_err(|problem| {
                let message = match problem {
                    ContactProblem::NoName => "every contact needs a name".to_owned(),
                    ContactProblem::BadEmail => {
                        format!("{:?} is not an email address", contact.email)
                    }
                    ContactProblem::BadPhone => {
                        format!("{:?} is not a phone number", contact.phone)
                    }
                };
                Invalid::new("customer", "contacts", message)
            })?;
        }
        self.standing.validate()?;
        strengthening::validate_history(&self.strengthening)?;
        if let Some(o) = &self.tier_override {
            if o.reason.trim().is_empty() {
                return Err(Invalid::new(
                    "customer",
                    "tier_override",
                    "a tier override needs its reason",
                ));
            }
        }
        Ok(())
    }

    pub fn purchases_in(&self, year: i32) -> Cny {
        self.annual_purchases
            .get(&year)
            .copied()
            .unwrap_or_default()
    }

    /// Whole years of cooperation as of `today` (0 when the start is unknown or later).
    pub fn cooperation_years(&self, today: NaiveDate) -> u32 {
        let Some(start) = self.cooperation_start else {
            return 0;
        };
        if start > today {
            return 0;
        }
        let mut years = today.year() - start.year();
        if (today.month(), today.day()) < (start.month(), start.day()) {
            years -= 1;
        }
        u32::try_from(years).unwrap_or(0)
    }
}

impl crate::kind::Kind for Customer {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Merged;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &["owner", "tier_override.by"];

    fn key(&self) -> Uuid {
        self.id
    }

    fn customer_id(&self) -> Option<Uuid> {
        Some(self.id)
    }

    fn validate(&self) -> Result<(), crate::error::Invalid> {
        Customer::validate(self)
    }

    fn example() -> Self {
        let customer = Customer::new(crate::kind::example::CUSTOMER, "华东电力")
            .unwrap_or_else(|_| unreachable!("a valid name"));
        Customer {
            owner: Some(crate::user::UserId::of_name("张工")),
            standing: Standing {
                business: Some(Condition::Good),
                bank: "中国工商银行无锡分行".into(),
                pays_by_cheque: Some(false),
                highest_purchase: Some(Cny(1_250_000)),
                contact_channel: Some(Channel::Phone),
                contact_frequency: Some(Frequency::Monthly),
                potential: Some(Potential::High),
                ..Standing::default()
            },
            ..customer
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, phone: &str, email: &str) -> Contact {
        Contact {
            name: name.into(),
            phone: phone.into(),
            email: email.into(),
            ..Contact::default()
        }
    }

    #[test]
    fn a_contact_needs_a_name_and_a_reachable_phone_or_email() {
        assert_eq!(contact("王伟", "", "").check(), Ok(()));
        assert_eq!(
            contact("王伟", "+86 (21) 5555-0101", "wang@plant.cn").check(),
            Ok(())
        );
        assert_eq!(
            contact("  ", "13800000001", "").check(),
            Err(ContactProblem::NoName)
        );
        assert_eq!(
            contact("王伟", "", "wang.plant.cn").check(),
            Err(ContactProblem::BadEmail)
        );
        assert_eq!(
            contact("王伟", "138-分机", "").check(),
            Err(ContactProblem::BadPhone)
        );
    }

    #[test]
    fn a_customer_with_a_bad_contact_is_invalid_at_its_contacts() {
        let mut c = Customer::new(Uuid::from_u128(1), "华东电力").unwrap();
        c.contacts = vec![contact("王伟", "13800000001", ""), contact("李", "", "x")];
        let err = c.validate().unwrap_err();
        assert_eq!(err.field, "contacts");
        assert!(err.message.contains("email"), "{}", err.message);
        c.contacts.pop();
        assert_eq!(c.validate(), Ok(()));
    }
}
