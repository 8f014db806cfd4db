//! The tier rule (客户分级, seed 000 §6, seed 002 §5): a customer's share of the
//! company's sales and years of cooperation against the thresholds, with the
//! flags that place a customer above them; and whether a customer is a major one.
use crate::customer::Customer;
use crate::tier::{Tier, TierDecision, TierReason};
use crate::types::Cny;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The purchase share, in basis points, of `amount` in `total`.
pub fn share_bp(amount: Cny, total: Cny) -> u32 {
    if total.0 == 0 {
        return 0;
    }
    let bp = u128::from(amount.0) * 10_000 / u128::from(total.0);
    u32::try_from(bp).unwrap_or(u32::MAX)
}

/// The company's sales in `year`: the administrator's figure (`fixed`, the
/// settings' `company_sales`), else the sum over customers.
pub fn company_sales(fixed: &BTreeMap<i32, Cny>, customers: &[Customer], year: i32) -> Cny {
    fixed
        .get(&year)
        .copied()
        .unwrap_or_else(|| customers.iter().map(|c| c.purchases_in(year)).sum())
}

/// The sum of every customer's purchases, year by year: what a device holding only
/// some customers (a technician's) needs to know of the rest to tier its own.
pub fn sales_by_year<'a>(customers: impl IntoIterator<Item = &'a Customer>) -> BTreeMap<i32, Cny> {
    let mut totals: BTreeMap<i32, Cny> = BTreeMap::new();
    for customer in customers {
        for (year, amount) in &customer.annual_purchases {
            let total = totals.entry(*year).or_default();
            *total = total.plus(*amount);
        }
    }
    totals
}

/// Tiers a customer as of `today`, on the purchases of the last full year.
pub fn classify(
    customer: &Customer,
    company_total: Cny,
    thresholds: &TierThresholds,
    today: NaiveDate,
) -> TierDecision {
    let year = chrono::Datelike::year(&today) - 1;
    let purchases = customer.purchases_in(year);
    let share = share_bp(purchases, company_total);
    let years = customer.cooperation_years(today);
    let (computed, reasons) = rule(thresholds, share, years, purchases, customer, year);
    let override_ = customer.tier_override.clone();
    TierDecision {
        tier: override_.as_ref().map_or(computed, |o| o.tier),
        computed,
        reasons,
        override_,
        share_bp: share,
        years,
        year,
    }
}

fn rule(
    t: &TierThresholds,
    share: u32,
    years: u32,
    purchases: Cny,
    customer: &Customer,
    year: i32,
) -> (Tier, Vec<TierReason>) {
    use TierReason::*;
    let share_at = |threshold_bp| ShareAtLeast {
        share_bp: share,
        threshold_bp,
    };
    let years_at = |threshold| YearsAtLeast { years, threshold };

    let mut strategic = Vec::new();
    if share >= t.strategic_share_bp && years >= t.strategic_years {
        strategic.extend([share_at(t.strategic_share_bp), years_at(t.strategic_years)]);
    }
    if customer.flags.industry_leader {
        strategic.push(IndustryLeader);
    }
    if purchases > t.strategic_annual_purchase {
        strategic.push(AnnualPurchaseAbove {
            amount: purchases,
            threshold: t.strategic_annual_purchase,
        });
    }
    if !strategic.is_empty() {
        return (Tier::Strategic, strategic);
    }

    let mut key = Vec::new();
    if share >= t.key_share_bp && years >= t.key_years {
        key.extend([share_at(t.key_share_bp), years_at(t.key_years)]);
    }
    if customer.flags.regional_core_agent {
        key.push(RegionalCoreAgent);
    }
    if !key.is_empty() {
        return (Tier::Key, key);
    }

    let mut general = Vec::new();
    if purchases.0 == 0 {
        general.push(NoPurchaseData { year });
    }
    if share < t.key_share_bp {
        general.push(ShareBelow {
            share_bp: share,
            threshold_bp: t.key_share_bp,
        });
    }
    if years < t.key_years {
        general.push(YearsBelow {
            years,
            threshold: t.key_years,
        });
    }
    if customer.flags.scattered_orders {
        general.push(ScatteredOrders);
    }
    (Tier::General, general)
}

/// Cumulative contract amount ≥ the threshold (default 3,000,000 CNY, seed 001): a
/// major customer, visited on site whatever its tier.
/// `threshold` is the settings' `major_customer_contract`.
pub fn is_major_customer(cumulative_contracts: Cny, threshold: Cny) -> bool {
    cumulative_contracts >= threshold
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct TierThresholds {
    /// Basis points: 3000 = 30 %.
    pub strategic_share_bp: u32,
    pub strategic_years: u32,
    /// Annual purchases *above* this make a strategic customer.
    pub strategic_annual_purchase: Cny,
    pub key_share_bp: u32,
    pub key_years: u32,
}

impl Default for TierThresholds {
    fn default() -> Self {
        Self {
            strategic_share_bp: 3000,
            strategic_years: 5,
            strategic_annual_purchase: Cny(5_000_000),
            key_share_bp: 1000,
            key_years: 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::tier::TierOverride;
    use uuid::Uuid;

    #[test]
    fn a_device_with_some_customers_tiers_them_on_the_whole_companys_sales() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let mut all: Vec<Customer> = (0..10u64)
            .map(|n| {
                let mut c = Customer::new(Uuid::from_u128(n.into()), "客户").unwrap();
                c.annual_purchases.insert(2025, Cny(1_000_000));
                c.annual_purchases.insert(2024, Cny(n));
                c
            })
            .collect();
        all[0].annual_purchases.insert(2023, Cny(5));
        let totals = sales_by_year(&all);
        assert_eq!(
            totals,
            BTreeMap::from([(2023, Cny(5)), (2024, Cny(45)), (2025, Cny(10_000_000))])
        );
        // A technician's device holds one of the ten: 10 % of the company's sales,
        // yet 100 % of what the device holds.
        let own = &all[..1];
        let mut settings = Settings::default();
        let alone = company_sales(&settings.company_sales, own, 2025);
        assert_eq!(share_bp(own[0].purchases_in(2025), alone), 10_000);
        settings.fill_company_sales(&totals);
        let total = company_sales(&settings.company_sales, own, 2025);
        let decision = classify(&own[0], total, &settings.tiers, today);
        assert_eq!(decision.share_bp, 1_000);
        assert_ne!(decision.tier, Tier::Strategic);
        // A year the administrator fixed stays theirs.
        let mut fixed = Settings::default();
        fixed.company_sales.insert(2025, Cny(20_000_000));
        fixed.fill_company_sales(&totals);
        assert_eq!(fixed.company_sales[&2025], Cny(20_000_000));
        assert_eq!(fixed.company_sales[&2024], Cny(45));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 3, 1);

    fn customer(purchases_2025: u64, start: Option<NaiveDate>) -> Customer {
        let mut c = Customer::new(Uuid::from_u128(7), "华东电力设备有限公司").unwrap();
        c.annual_purchases.insert(2025, Cny(purchases_2025));
        c.cooperation_start = start;
        c
    }

    fn decide(c: &Customer, total: u64) -> TierDecision {
        classify(
            c,
            Cny(total),
            &Settings::default().tiers,
            d(TODAY.0, TODAY.1, TODAY.2),
        )
    }

    #[test]
    fn share_34_percent_and_6_years_is_strategic_with_its_reasons() {
        let c = customer(3_400_000, Some(d(2020, 1, 15)));
        let decision = decide(&c, 10_000_000);
        assert_eq!(decision.tier, Tier::Strategic);
        assert_eq!(decision.share_bp, 3400);
        assert_eq!(decision.years, 6);
        assert_eq!(
            decision.reasons,
            vec![
                TierReason::ShareAtLeast {
                    share_bp: 3400,
                    threshold_bp: 3000
                },
                TierReason::YearsAtLeast {
                    years: 6,
                    threshold: 5
                },
            ]
        );
    }

    #[test]
    fn a_high_share_without_the_years_is_key() {
        let c = customer(3_400_000, Some(d(2022, 6, 1)));
        let decision = decide(&c, 10_000_000);
        assert_eq!(decision.tier, Tier::Key);
        assert_eq!(decision.years, 3);
    }

    #[test]
    fn share_10_to_30_and_2_years_is_key() {
        let decision = decide(&customer(1_500_000, Some(d(2023, 1, 1))), 10_000_000);
        assert_eq!(decision.tier, Tier::Key);
        // 9.99 % is not 10 %.
        let decision = decide(&customer(999_000, Some(d(2023, 1, 1))), 10_000_000);
        assert_eq!(decision.tier, Tier::General);
        assert!(decision.reasons.contains(&TierReason::ShareBelow {
            share_bp: 999,
            threshold_bp: 1000
        }));
    }

    #[test]
    fn flags_and_large_purchases_lift_the_tier() {
        let mut c = customer(100_000, None);
        c.flags.industry_leader = true;
        assert_eq!(
            decide(&c, 10_000_000).reasons,
            vec![TierReason::IndustryLeader]
        );
        let mut c = customer(100_000, None);
        c.flags.regional_core_agent = true;
        assert_eq!(decide(&c, 10_000_000).tier, Tier::Key);
        // Over 5,000,000 CNY a year is strategic whatever the share (> not ≥).
        assert_eq!(
            decide(&customer(5_000_001, None), 100_000_000).tier,
            Tier::Strategic
        );
        assert_eq!(
            decide(&customer(5_000_000, None), 100_000_000).tier,
            Tier::General
        );
    }

    #[test]
    fn a_general_customer_is_told_why() {
        let mut c = customer(0, Some(d(2025, 10, 1)));
        c.flags.scattered_orders = true;
        let decision = decide(&c, 10_000_000);
        assert_eq!(decision.tier, Tier::General);
        assert_eq!(
            decision.reasons,
            vec![
                TierReason::NoPurchaseData { year: 2025 },
                TierReason::ShareBelow {
                    share_bp: 0,
                    threshold_bp: 1000
                },
                TierReason::YearsBelow {
                    years: 0,
                    threshold: 2
                },
                TierReason::ScatteredOrders,
            ]
        );
    }

    #[test]
    fn an_override_wins_and_is_kept_with_its_reason() {
        let mut c = customer(0, None);
        c.tier_override = Some(TierOverride {
            tier: Tier::Key,
            reason: "新签三年框架协议".into(),
            by: Some(crate::user::UserId::of_name("王主管")),
        });
        let decision = decide(&c, 10_000_000);
        assert_eq!(decision.tier, Tier::Key);
        assert_eq!(decision.computed, Tier::General);
        assert_eq!(decision.override_.unwrap().reason, "新签三年框架协议");
    }

    #[test]
    fn the_share_uses_the_company_total_or_the_sum_over_customers() {
        let a = customer(3_000_000, None);
        let mut b = customer(7_000_000, None);
        b.id = Uuid::from_u128(8);
        let mut settings = Settings::default();
        assert_eq!(
            company_sales(&settings.company_sales, &[a.clone(), b.clone()], 2025),
            Cny(10_000_000)
        );
        settings.company_sales.insert(2025, Cny(20_000_000));
        assert_eq!(
            company_sales(&settings.company_sales, &[a, b], 2025),
            Cny(20_000_000)
        );
        assert_eq!(
            share_bp(Cny(1), Cny(0)),
            0,
            "no sales: no share, no division by zero"
        );
    }

    #[test]
    fn major_customers_have_3_million_in_contracts() {
        let s = Settings::default();
        assert!(is_major_customer(Cny(3_000_000), s.major_customer_contract));
        assert!(!is_major_customer(
            Cny(2_999_999),
            s.major_customer_contract
        ));
    }

    #[test]
    fn years_of_cooperation_count_whole_years() {
        let c = customer(0, Some(d(2020, 3, 2)));
        assert_eq!(c.cooperation_years(d(2026, 3, 1)), 5);
        assert_eq!(c.cooperation_years(d(2026, 3, 2)), 6);
        assert_eq!(customer(0, None).cooperation_years(d(2026, 3, 2)), 0);
    }

    #[test]
    fn a_customer_without_a_name_is_refused() {
        let err = Customer::new(Uuid::nil(), "   ").unwrap_err();
        assert_eq!((err.record, err.field), ("customer", "name"));
    }
}
