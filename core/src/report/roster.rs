//! 客户分级名册 (seed 002, workflow step 3: 编制客户分级名册): every customer under
//! its tier on a day — the tier the rules give (with a supervisor's override), who
//! looks after the customer, and the relationship evaluation of that day (the latest
//! on or before it, else the scores an import gave), for printing and export.
use crate::dataset::DataSet;
use crate::evaluation::record::as_of;
use crate::evaluation::{evaluate, Recommendation};
use crate::schedule::tier_all;
use crate::tier::Tier;
use crate::user::UserId;
use chrono::NaiveDate;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub customer_id: Uuid,
    pub short_code: String,
    pub name: String,
    pub region: String,
    pub owner: Option<UserId>,
    pub tier: Tier,
    /// Set by a supervisor rather than by the rules.
    pub overridden: bool,
    /// The evaluation's day (`None`: scores an import gave), total and recommendation.
    pub evaluation: Option<(Option<NaiveDate>, f64, Recommendation)>,
}

/// The roster on `day`: strategic customers first, then key, then general; within a
/// tier by code, then name.
pub fn roster(data: &DataSet, day: NaiveDate) -> Vec<RosterRow> {
    let settings = data.settings();
    let tiers = tier_all(&data.customers, &settings, day);
    let mut rows: Vec<RosterRow> = data
        .customers
        .iter()
        .filter_map(|c| {
            let decision = tiers.get(&c.id)?;
            let entered = as_of(&data.evaluations, c.id, day).and_then(|e| {
                let card = e.card(&settings.evaluation).ok()?;
                Some((Some(e.on), card.total, card.recommendation))
            });
            let imported = || {
                let card = evaluate(c.evaluation.as_ref()?, &settings.evaluation).ok()?;
                Some((None, card.total, card.recommendation))
            };
            Some(RosterRow {
                customer_id: c.id,
                short_code: c.short_code.clone(),
                name: c.name.clone(),
                region: c.region.clone(),
                owner: c.owner,
                tier: decision.tier,
                overridden: decision.override_.is_some(),
                evaluation: entered.or_else(imported),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.tier, &a.short_code, &a.name, a.customer_id).cmp(&(
            b.tier,
            &b.short_code,
            &b.name,
            b.customer_id,
        ))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::Customer;
    use crate::evaluation::record::Line;
    use crate::evaluation::{Evaluation, EvaluationSettings};
    use crate::kind::example;

    fn customer(n: u128, code: &str, purchases: u64) -> Customer {
        let mut c = Customer::new(Uuid::from_u128(n), &format!("客户{n}")).unwrap();
        c.short_code = code.into();
        c.annual_purchases
            .insert(2025, crate::types::Cny(purchases));
        c.cooperation_start = NaiveDate::from_ymd_opt(2015, 1, 1);
        c
    }

    #[test]
    fn by_tier_then_code_with_the_evaluation_of_the_day() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut data = DataSet {
            // 70 % and 25 % of the year's sales over ten years: strategic and key;
            // 5 %: general.
            customers: vec![
                customer(3, "C003", 50_000),
                customer(2, "C002", 250_000),
                customer(1, "C001", 700_000),
                customer(4, "C000", 0),
            ],
            ..DataSet::default()
        };
        let settings = EvaluationSettings::default();
        let lines = |score| Line::alike(&settings, score, "");
        let at = |d: NaiveDate| {
            crate::types::DeviceTime::new(d.and_hms_opt(2, 0, 0).unwrap().and_utc(), 480).unwrap()
        };
        let early = day - chrono::Days::new(30);
        data.evaluations = vec![
            Evaluation::new(
                Uuid::from_u128(10),
                Uuid::from_u128(1),
                early,
                lines(85),
                &settings,
                at(early),
            )
            .unwrap(),
            // After the day: not that day's card.
            Evaluation::new(
                Uuid::from_u128(11),
                Uuid::from_u128(1),
                day + chrono::Days::new(1),
                lines(40),
                &settings,
                at(day + chrono::Days::new(1)),
            )
            .unwrap(),
        ];
        data.customers[0].evaluation =
            Some(lines(55).into_iter().map(|l| (l.key, l.score)).collect());
        let rows = roster(&data, day);
        let codes: Vec<&str> = rows.iter().map(|r| r.short_code.as_str()).collect();
        assert_eq!(codes, ["C001", "C002", "C000", "C003"]);
        assert_eq!(rows[0].tier, Tier::Strategic);
        assert_eq!(rows[1].tier, Tier::Key);
        assert_eq!(
            rows[0].evaluation,
            Some((Some(early), 85.0, Recommendation::MaintainAndDeepen))
        );
        // C003 has only imported scores.
        assert_eq!(
            rows[3].evaluation,
            Some((None, 55.0, Recommendation::Review))
        );
        assert_eq!(rows[2].evaluation, None);
        let _ = example::CUSTOMER;
    }
}
