//! The relationship evaluation score card (客户关系评估表, seed 002): weighted
//! indicators, a total, and what to do about the relationship. It informs the tier
//! but does not decide it. Each evaluation entered is a record ([`record`]).
pub mod record;
pub use record::Evaluation;

use crate::error::Invalid;
use crate::types::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An indicator and its weight (weights sum to 100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorDef {
    pub key: String,
    pub name: Text,
    pub weight: u32,
}

/// Scores 0–100 by indicator key.
pub type Scores = BTreeMap<String, u32>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// 维持并深化关系
    MaintainAndDeepen,
    /// 改善关系
    Improve,
    /// 审视 / 终止关系
    Review,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreLine {
    pub key: String,
    pub weight: u32,
    pub score: u32,
    /// weight × score / 100
    pub weighted: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreCard {
    pub lines: Vec<ScoreLine>,
    /// Σ weight × score / 100, 0–100.
    pub total: f64,
    pub recommendation: Recommendation,
}

/// Scores the card. Every indicator needs a score of 0–100.
pub fn evaluate(scores: &Scores, settings: &EvaluationSettings) -> Result<ScoreCard, Invalid> {
    let mut lines = Vec::with_capacity(settings.indicators.len());
    for indicator in &settings.indicators {
        let score = *scores.get(&indicator.key).ok_or_else(|| {
            Invalid::new(
                "evaluation",
                "scores",
                format!("no score for {}", indicator.key),
            )
        })?;
        if score > 100 {
            return Err(Invalid::new(
                "evaluation",
                "scores",
                format!("{} scored {score}; scores are 0–100", indicator.key),
            ));
        }
        lines.push(ScoreLine {
            key: indicator.key.clone(),
            weight: indicator.weight,
            score,
            weighted: f64::from(indicator.weight.saturating_mul(score)) / 100.0,
        });
    }
    // Saturating: weights and scores are validated, but a stored card is data.
    let total_hundredths: u32 = lines.iter().fold(0u32, |sum, l| {
        sum.saturating_add(l.weight.saturating_mul(l.score))
    });
    let recommendation = if total_hundredths >= settings.maintain_at.saturating_mul(100) {
        Recommendation::MaintainAndDeepen
    } else if total_hundredths >= settings.improve_at.saturating_mul(100) {
        Recommendation::Improve
    } else {
        Recommendation::Review
    };
    Ok(ScoreCard {
        lines,
        total: f64::from(total_hundredths) / 100.0,
        recommendation,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct EvaluationSettings {
    pub indicators: Vec<IndicatorDef>,
    /// Totals at or above: maintain and deepen.
    pub maintain_at: u32,
    /// Totals at or above (and below `maintain_at`): improve. Below: review.
    pub improve_at: u32,
}

impl Default for EvaluationSettings {
    fn default() -> Self {
        let def = |key: &str, zh: &str, en: &str, weight| IndicatorDef {
            key: key.to_owned(),
            name: Text::new(zh, en),
            weight,
        };
        Self {
            indicators: vec![
                def("purchase_volume", "采购规模", "Purchase volume", 25),
                def("payment", "付款状况", "Payment behaviour", 20),
                def("cooperation_years", "合作年限", "Years of cooperation", 15),
                def("growth_potential", "发展潜力", "Growth potential", 15),
                def("satisfaction", "客户满意度", "Satisfaction", 15),
                def("strategic_fit", "战略契合度", "Strategic fit", 10),
            ],
            maintain_at: 80,
            improve_at: 60,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(values: [u32; 6]) -> Scores {
        let keys = [
            "purchase_volume",
            "payment",
            "cooperation_years",
            "growth_potential",
            "satisfaction",
            "strategic_fit",
        ];
        keys.iter().map(|k| k.to_string()).zip(values).collect()
    }

    #[test]
    fn the_total_is_the_weighted_sum() {
        // 25×90 + 20×80 + 15×100 + 15×60 + 15×70 + 10×50 = 7800 → 78.00
        let card = evaluate(
            &scores([90, 80, 100, 60, 70, 50]),
            &EvaluationSettings::default(),
        )
        .unwrap();
        assert_eq!(card.total, 78.0);
        assert_eq!(card.recommendation, Recommendation::Improve);
        assert_eq!(card.lines[0].weighted, 22.5);
    }

    #[test]
    fn cut_offs_are_80_and_60() {
        let settings = EvaluationSettings::default();
        assert_eq!(
            evaluate(&scores([80; 6]), &settings)
                .unwrap()
                .recommendation,
            Recommendation::MaintainAndDeepen
        );
        assert_eq!(
            evaluate(&scores([79; 6]), &settings)
                .unwrap()
                .recommendation,
            Recommendation::Improve
        );
        assert_eq!(
            evaluate(&scores([60; 6]), &settings)
                .unwrap()
                .recommendation,
            Recommendation::Improve
        );
        assert_eq!(
            evaluate(&scores([59; 6]), &settings)
                .unwrap()
                .recommendation,
            Recommendation::Review
        );
    }

    #[test]
    fn missing_or_out_of_range_scores_are_errors() {
        let settings = EvaluationSettings::default();
        let mut s = scores([50; 6]);
        s.remove("payment");
        assert!(evaluate(&s, &settings)
            .unwrap_err()
            .message
            .contains("payment"));
        assert!(evaluate(&scores([101, 0, 0, 0, 0, 0]), &settings).is_err());
    }
}
