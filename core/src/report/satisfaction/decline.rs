//! A product line's trend (seed 001: 纠正/预防措施 on "a product line's trend"): a
//! line whose product- or service-quality average fell against the period before,
//! each period with enough ratings that the fall is not one customer's bad day.
//! The satisfaction report lists them as findings for a preventive action.
use super::Satisfaction;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Ratings a line needs in each of the two periods before its fall is read.
pub const MIN_RATINGS: u32 = 3;

/// The fall of an average that makes a line a finding, in tenths of a point of
/// 1–5 (0.5).
pub const DROP_TENTHS: u64 = 5;

/// A product line whose ratings went down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineDecline {
    pub product_line: String,
    pub previous: Satisfaction,
    pub current: Satisfaction,
    /// The product-quality average fell by [`DROP_TENTHS`] or more.
    pub product_fell: bool,
    /// The service-quality average fell by [`DROP_TENTHS`] or more.
    pub service_fell: bool,
}

impl LineDecline {
    /// The larger of the two falls, in points.
    pub fn fall(&self) -> f64 {
        let fall = |now: Option<f64>, before: Option<f64>| match (now, before) {
            (Some(now), Some(before)) => before - now,
            _ => 0.0,
        };
        fall(
            self.current.product.average(),
            self.previous.product.average(),
        )
        .max(fall(
            self.current.service.average(),
            self.previous.service.average(),
        ))
    }
}

/// The lines of `current` whose averages fell against `previous`, the largest
/// fall first (then by line).
pub fn declining(
    current: &BTreeMap<String, Satisfaction>,
    previous: &BTreeMap<String, Satisfaction>,
) -> Vec<LineDecline> {
    // Compared in whole numbers so that "fell by 0.5" is exact, not a float's
    // rounding: before/n_b − now/n_n ≥ d/10  ⇔  10·(before·n_n − now·n_b) ≥ d·n_b·n_n.
    let fell = |now: &super::Scores, before: &super::Scores| {
        if now.count < MIN_RATINGS || before.count < MIN_RATINGS {
            return false;
        }
        let (now_sum, now_n) = (u64::from(now.sum), u64::from(now.count));
        let (before_sum, before_n) = (u64::from(before.sum), u64::from(before.count));
        let (lhs, rhs) = (before_sum * now_n, now_sum * before_n);
        lhs > rhs && 10 * (lhs - rhs) >= DROP_TENTHS * before_n * now_n
    };
    let mut found: Vec<LineDecline> = current
        .iter()
        .filter_map(|(line, now)| {
            let before = previous.get(line)?;
            let product_fell = fell(&now.product, &before.product);
            let service_fell = fell(&now.service, &before.service);
            (product_fell || service_fell).then(|| LineDecline {
                product_line: line.clone(),
                previous: before.clone(),
                current: now.clone(),
                product_fell,
                service_fell,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.fall()
            .total_cmp(&a.fall())
            .then_with(|| a.product_line.cmp(&b.product_line))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::satisfaction::Scores;

    fn scores(ratings: &[u8]) -> Scores {
        let mut s = Scores::default();
        for r in ratings {
            s.add(*r);
        }
        s
    }

    fn line(product: &[u8], service: &[u8]) -> Satisfaction {
        Satisfaction {
            product: scores(product),
            service: scores(service),
            by_customer: 0,
        }
    }

    fn map(entries: Vec<(&str, Satisfaction)>) -> BTreeMap<String, Satisfaction> {
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect()
    }

    #[test]
    fn a_fall_of_half_a_point_is_a_finding_and_less_is_not() {
        // Product 4.5 → 4.0 (exactly 0.5): found; service 4.0 → 3.67 (0.33): not.
        let previous = map(vec![("switchgear", line(&[5, 4, 5, 4], &[4, 4, 4]))]);
        let current = map(vec![("switchgear", line(&[4, 4, 4], &[4, 4, 3]))]);
        let found = declining(&current, &previous);
        assert_eq!(found.len(), 1);
        assert!(found[0].product_fell);
        assert!(!found[0].service_fell);
        assert!((found[0].fall() - 0.5).abs() < 1e-9);
        // 4.5 → 4.25 (0.25): not a finding.
        let current = map(vec![("switchgear", line(&[4, 5, 4, 4], &[4, 4, 4]))]);
        assert!(declining(&current, &previous).is_empty());
    }

    #[test]
    fn too_few_ratings_in_either_period_is_not_read() {
        // 5 → 1 but with two ratings now, then two before.
        let previous = map(vec![("a", line(&[5, 5, 5], &[5, 5, 5]))]);
        let current = map(vec![("a", line(&[1, 1], &[1, 1]))]);
        assert!(declining(&current, &previous).is_empty());
        let previous = map(vec![("a", line(&[5, 5], &[5, 5]))]);
        let current = map(vec![("a", line(&[1, 1, 1], &[1, 1, 1]))]);
        assert!(declining(&current, &previous).is_empty());
    }

    #[test]
    fn a_line_new_this_period_or_rising_is_not_a_finding() {
        let previous = map(vec![("old", line(&[3, 3, 3], &[3, 3, 3]))]);
        let current = map(vec![
            ("old", line(&[4, 4, 4], &[3, 3, 3])),
            ("new", line(&[1, 1, 1], &[1, 1, 1])),
        ]);
        assert!(declining(&current, &previous).is_empty());
    }

    #[test]
    fn the_largest_fall_comes_first() {
        let previous = map(vec![
            ("a", line(&[5, 5, 5], &[5, 5, 5])),
            ("b", line(&[5, 5, 5], &[5, 5, 5])),
        ]);
        let current = map(vec![
            ("a", line(&[4, 4, 4], &[5, 5, 5])),
            ("b", line(&[5, 5, 5], &[2, 2, 2])),
        ]);
        let found = declining(&current, &previous);
        let order: Vec<&str> = found.iter().map(|f| f.product_line.as_str()).collect();
        assert_eq!(order, ["b", "a"]);
        assert!(found[0].service_fell && !found[0].product_fell);
    }
}
