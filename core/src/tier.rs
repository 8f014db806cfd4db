//! Customer tiers (客户分级, seed 000 §6, seed 002 §5): the decision, the reasons it
//! rests on (machine-readable, so the UI can word them in either language) and a
//! supervisor's override.
use crate::customer::Customer;
use crate::settings::{Settings, TierThresholds};
use crate::types::Cny;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// 1 strategic 战略客户, 2 key 重点客户, 3 general 普通客户.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Strategic,
    Key,
    General,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Strategic, Tier::Key, Tier::General];

    /// 1, 2 or 3, as the documents number them.
    pub fn number(self) -> u8 {
        match self {
            Tier::Strategic => 1,
            Tier::Key => 2,
            Tier::General => 3,
        }
    }
}

/// Why a tier was given. Shares are in basis points (3400 = 34 %).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TierReason {
    ShareAtLeast {
        share_bp: u32,
        threshold_bp: u32,
    },
    ShareBelow {
        share_bp: u32,
        threshold_bp: u32,
    },
    YearsAtLeast {
        years: u32,
        threshold: u32,
    },
    YearsBelow {
        years: u32,
        threshold: u32,
    },
    IndustryLeader,
    RegionalCoreAgent,
    AnnualPurchaseAbove {
        amount: Cny,
        threshold: Cny,
    },
    ScatteredOrders,
    /// No purchases are recorded for the year the share is computed on.
    NoPurchaseData {
        year: i32,
    },
}

/// A supervisor's decision to place a customer in another tier, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TierOverride {
    pub tier: Tier,
    pub reason: String,
    #[serde(default)]
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TierDecision {
    /// The tier in force: the override's if there is one, else the computed one.
    pub tier: Tier,
    /// The tier the rule gives.
    pub computed: Tier,
    /// The criteria that placed the customer in `computed`.
    pub reasons: Vec<TierReason>,
    pub override_: Option<TierOverride>,
    /// Purchase share in basis points, for the year evaluated.
    pub share_bp: u32,
    pub years: u32,
    pub year: i32,
}

/// The purchase share, in basis points, of `amount` in `total`.
pub fn share_bp(amount: Cny, total: Cny) -> u32 {
    if total.0 == 0 {
        return 0;
    }
    let bp = u128::from(amount.0) * 10_000 / u128::from(total.0);
    u32::try_from(bp).unwrap_or(u32::MAX)
}

/// The company's sales in `year`: the administrator's figure, else the sum over customers.
pub fn company_sales(settings: &Settings, customers: &[Customer], year: i32) -> Cny {
    settings
        .company_sales
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
    settings: &Settings,
    today: NaiveDate,
) -> TierDecision {
    let year = chrono::Datelike::year(&today) - 1;
    let purchases = customer.purchases_in(year);
    let share = share_bp(purchases, company_total);
    let years = customer.cooperation_years(today);
    let (computed, reasons) = rule(&settings.tiers, share, years, purchases, customer, year);
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
pub fn is_major_customer(cumulative_contracts: Cny, settings: &Settings) -> bool {
    cumulative_contracts >= settings.major_customer_contract
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::Customer;
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
        let alone = company_sales(&settings, own, 2025);
        assert_eq!(share_bp(own[0].purchases_in(2025), alone), 10_000);
        settings.fill_company_sales(&totals);
        let total = company_sales(&settings, own, 2025);
        let decision = classify(&own[0], total, &settings, today);
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
            &Settings::default(),
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
            by: "王主管".into(),
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
            company_sales(&settings, &[a.clone(), b.clone()], 2025),
            Cny(10_000_000)
        );
        settings.company_sales.insert(2025, Cny(20_000_000));
        assert_eq!(company_sales(&settings, &[a, b], 2025), Cny(20_000_000));
        assert_eq!(
            share_bp(Cny(1), Cny(0)),
            0,
            "no sales: no share, no division by zero"
        );
    }

    #[test]
    fn major_customers_have_3_million_in_contracts() {
        let s = Settings::default();
        assert!(is_major_customer(Cny(3_000_000), &s));
        assert!(!is_major_customer(Cny(2_999_999), &s));
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
