//! The rest of seed 002's 客户状况登记表 (customer status form): how the business
//! is doing (经营状况), its finances (往来银行, 贷款状况, 资金周转), how it pays
//! (承接付款人, 使用支票 — the 付款态度 is the file's `payment_behaviour`), its
//! dealings with us (最高购置金额; 月均购置额 is read from the year's purchases) and
//! how customer service keeps in touch (沟通方式, 沟通频率), with the relationship's
//! potential (发展潜力). Every field may be left empty: a file is filled in over time.
use super::Channel;
use crate::error::Invalid;
use crate::types::Cny;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How the business or its cash is doing (经营状况, 资金周转).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// 良好
    Good,
    /// 一般
    Fair,
    /// 困难
    Poor,
}

impl Condition {
    pub const ALL: [Condition; 3] = [Condition::Good, Condition::Fair, Condition::Poor];
}

/// The relationship's potential (客户关系发展潜力).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Potential {
    High,
    Medium,
    Low,
}

impl Potential {
    pub const ALL: [Potential; 3] = [Potential::High, Potential::Medium, Potential::Low];
}

/// How often customer service gets in touch (客户服务沟通频率).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Frequency {
    pub const ALL: [Frequency; 5] = [
        Frequency::Weekly,
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::HalfYearly,
        Frequency::Yearly,
    ];
}

/// The longest text a field of the form keeps (a bank's name, a loan's terms).
pub const TEXT_MAX: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Standing {
    /// 经营状况
    pub business: Option<Condition>,
    /// 往来银行
    pub bank: String,
    /// 贷款状况
    pub loans: String,
    /// 资金周转
    pub cash_flow: Option<Condition>,
    /// 承接付款人: who pays.
    pub payer: String,
    /// 使用支票: pays by cheque.
    pub pays_by_cheque: Option<bool>,
    /// 最高购置金额: its largest single purchase from us.
    pub highest_purchase: Option<Cny>,
    /// 客户服务沟通方式
    pub contact_channel: Option<Channel>,
    /// 客户服务沟通频率
    pub contact_frequency: Option<Frequency>,
    /// 客户关系发展潜力
    pub potential: Option<Potential>,
}

impl Standing {
    /// Checks what the types cannot: texts of a sensible length.
    pub fn validate(&self) -> Result<(), Invalid> {
        for (field, text) in [
            ("standing.bank", &self.bank),
            ("standing.loans", &self.loans),
            ("standing.payer", &self.payer),
        ] {
            if text.chars().count() > TEXT_MAX {
                return Err(Invalid::new(
                    "customer",
                    field,
                    format!("at most {TEXT_MAX} characters"),
                ));
            }
        }
        Ok(())
    }
}

/// 月均购置额: the purchases of `year` spread over its twelve months (rounded
/// down to the yuan); `None` when the year's purchases are not known.
pub fn monthly_average(annual: &BTreeMap<i32, Cny>, year: i32) -> Option<Cny> {
    annual.get(&year).map(|total| Cny(total.yuan() / 12))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_form_is_valid_and_reads_back_from_nothing() {
        assert!(Standing::default().validate().is_ok());
        let read: Standing = serde_json::from_value(serde_json::json!({})).unwrap();
        assert_eq!(read, Standing::default());
    }

    #[test]
    fn a_text_too_long_is_refused_by_its_field() {
        let long = Standing {
            loans: "贷".repeat(TEXT_MAX + 1),
            ..Standing::default()
        };
        assert_eq!(long.validate().unwrap_err().field, "standing.loans");
        let at_most = Standing {
            loans: "贷".repeat(TEXT_MAX),
            ..Standing::default()
        };
        assert!(at_most.validate().is_ok());
    }

    #[test]
    fn the_monthly_average_is_the_years_purchases_over_twelve() {
        let annual = BTreeMap::from([(2025, Cny(1_200_011)), (2026, Cny(11))]);
        assert_eq!(monthly_average(&annual, 2025), Some(Cny(100_000)));
        assert_eq!(monthly_average(&annual, 2026), Some(Cny(0)));
        assert_eq!(monthly_average(&annual, 2024), None);
    }
}
