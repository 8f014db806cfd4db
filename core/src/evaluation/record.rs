//! One evaluation of a customer's relationship (客户关系评估表, seed 002), as the
//! evaluator entered it: each indicator's score with its basis (根据) and a note
//! (备注), the day, and who (the server says, from the token). Every evaluation
//! is kept: the latest is the customer's score card, the earlier ones its trend,
//! and a maintenance plan's summary reads the score before and after the plan.
use super::{evaluate, EvaluationSettings, ScoreCard, Scores};
use crate::error::Invalid;
use crate::types::DeviceTime;
use crate::user::UserId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One indicator's score, and what it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Line {
    /// The indicator's key (`EvaluationSettings::indicators`).
    pub key: String,
    /// 0–100.
    pub score: u32,
    /// 根据: what the score rests on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
    /// 备注.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Line {
    /// Every indicator of `settings` scored `score` on `basis`: where an example
    /// (or a form's first draft) starts.
    pub fn alike(settings: &EvaluationSettings, score: u32, basis: &str) -> Vec<Line> {
        settings
            .indicators
            .iter()
            .map(|i| Line {
                key: i.key.clone(),
                score,
                basis: basis.to_owned(),
                note: String::new(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Evaluation {
    pub id: Uuid,
    pub customer_id: Uuid,
    /// The day the relationship was evaluated (评估日期).
    pub on: NaiveDate,
    pub lines: Vec<Line>,
    /// Who evaluated it (the server says, from the token).
    #[serde(default)]
    pub by: Option<UserId>,
    /// When it was entered.
    pub at: DeviceTime,
}

fn refuse<T>(field: &'static str, message: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid::new("evaluation", field, message))
}

impl Evaluation {
    /// An evaluation of `customer_id` on `on`, with a score for every indicator
    /// of `settings` and none other.
    pub fn new(
        id: Uuid,
        customer_id: Uuid,
        on: NaiveDate,
        lines: Vec<Line>,
        settings: &EvaluationSettings,
        at: DeviceTime,
    ) -> Result<Self, Invalid> {
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|l| Line {
                basis: l.basis.trim().to_owned(),
                note: l.note.trim().to_owned(),
                ..l
            })
            .collect();
        for indicator in &settings.indicators {
            if !lines.iter().any(|l| l.key == indicator.key) {
                return refuse("lines", format!("no score for {}", indicator.key));
            }
        }
        if let Some(other) = lines
            .iter()
            .find(|l| !settings.indicators.iter().any(|i| i.key == l.key))
        {
            return refuse("lines", format!("{} is not an indicator", other.key));
        }
        let evaluation = Evaluation {
            id,
            customer_id,
            on,
            lines,
            by: None,
            at,
        };
        evaluation.validate()?;
        Ok(evaluation)
    }

    /// The scores by indicator key.
    pub fn scores(&self) -> Scores {
        self.lines
            .iter()
            .map(|l| (l.key.clone(), l.score))
            .collect()
    }

    /// The score card of these scores under `settings` (its weights and cut-offs).
    pub fn card(&self, settings: &EvaluationSettings) -> Result<ScoreCard, Invalid> {
        evaluate(&self.scores(), settings)
    }

    /// Scores of 0–100, each indicator once, a day not after it was entered.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.lines.is_empty() {
            return refuse("lines", "an evaluation scores its indicators");
        }
        for (i, line) in self.lines.iter().enumerate() {
            if line.score > 100 {
                return refuse(
                    "lines",
                    format!("{} scored {}; scores are 0–100", line.key, line.score),
                );
            }
            if self.lines[..i].iter().any(|l| l.key == line.key) {
                return refuse("lines", format!("{} scored twice", line.key));
            }
        }
        if self.on > self.at.local_date() {
            return refuse("on", "evaluated on a day after it was entered");
        }
        Ok(())
    }
}

/// `customer`'s evaluations, oldest first (by day, then by when entered).
pub fn history(evaluations: &[Evaluation], customer: Uuid) -> Vec<&Evaluation> {
    let mut of: Vec<&Evaluation> = evaluations
        .iter()
        .filter(|e| e.customer_id == customer)
        .collect();
    of.sort_by_key(|e| (e.on, e.at.utc, e.id));
    of
}

/// `customer`'s latest evaluation on or before `day`.
pub fn as_of(evaluations: &[Evaluation], customer: Uuid, day: NaiveDate) -> Option<&Evaluation> {
    history(evaluations, customer)
        .into_iter()
        .rev()
        .find(|e| e.on <= day)
}

impl crate::kind::Kind for Evaluation {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Whole;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &["by"];

    fn key(&self) -> Uuid {
        self.id
    }

    fn customer_id(&self) -> Option<Uuid> {
        Some(self.customer_id)
    }

    fn validate(&self) -> Result<(), Invalid> {
        Evaluation::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        let settings = EvaluationSettings::default();
        let lines = Line::alike(&settings, 80, "近三年采购记录");
        Evaluation::new(
            Uuid::from_u128(0xe7),
            example::CUSTOMER,
            example::at().local_date(),
            lines,
            &settings,
            example::at(),
        )
        .unwrap_or_else(|e| unreachable!("a valid example: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::{example, Kind};
    use chrono::Days;

    fn lines(score: u32) -> Vec<Line> {
        EvaluationSettings::default()
            .indicators
            .iter()
            .map(|i| Line {
                key: i.key.clone(),
                score,
                basis: format!(" {} 的依据 ", i.key),
                note: String::new(),
            })
            .collect()
    }

    fn on(days_before: u64, score: u32, id: u128) -> Evaluation {
        let day = example::at().local_date() - Days::new(days_before);
        let settings = EvaluationSettings::default();
        Evaluation::new(
            Uuid::from_u128(id),
            example::CUSTOMER,
            day,
            lines(score),
            &settings,
            example::at(),
        )
        .unwrap()
    }

    #[test]
    fn an_evaluation_scores_every_indicator_once_with_its_basis() {
        let settings = EvaluationSettings::default();
        let e = on(0, 85, 1);
        assert_eq!(e.lines[0].basis, "purchase_volume 的依据", "trimmed");
        let card = e.card(&settings).unwrap();
        assert_eq!(card.total, 85.0);

        let mut missing = lines(85);
        missing.retain(|l| l.key != "payment");
        let err = Evaluation::new(
            Uuid::from_u128(2),
            example::CUSTOMER,
            example::day(),
            missing,
            &settings,
            example::at(),
        );
        assert!(err.unwrap_err().message.contains("payment"));

        let mut extra = lines(85);
        extra.push(Line {
            key: "luck".into(),
            score: 5,
            basis: String::new(),
            note: String::new(),
        });
        assert!(Evaluation::new(
            Uuid::from_u128(3),
            example::CUSTOMER,
            example::at().local_date(),
            extra,
            &settings,
            example::at()
        )
        .is_err());

        let mut twice = e.clone();
        twice.lines.push(twice.lines[0].clone());
        assert!(twice.validate().unwrap_err().message.contains("twice"));

        let mut high = e.clone();
        high.lines[1].score = 101;
        assert!(high.validate().is_err());

        // Entered on 2026-11-23: not an evaluation of a later day.
        let mut later = e;
        later.on = example::at().local_date() + Days::new(1);
        assert!(later.validate().is_err());
    }

    #[test]
    fn the_latest_on_or_before_a_day_is_the_card_of_that_day() {
        let old = on(60, 55, 1);
        let mid = on(30, 70, 2);
        let new = on(0, 90, 3);
        let mut other = on(10, 10, 4);
        other.customer_id = Uuid::from_u128(0xdead);
        let all = vec![new.clone(), old.clone(), other, mid.clone()];
        let ids: Vec<Uuid> = history(&all, example::CUSTOMER)
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, [old.id, mid.id, new.id]);
        let today = example::at().local_date();
        assert_eq!(
            as_of(&all, example::CUSTOMER, today).map(|e| e.id),
            Some(new.id)
        );
        assert_eq!(
            as_of(&all, example::CUSTOMER, today - Days::new(1)).map(|e| e.id),
            Some(mid.id)
        );
        assert_eq!(
            as_of(&all, example::CUSTOMER, today - Days::new(30)).map(|e| e.id),
            Some(mid.id)
        );
        assert_eq!(as_of(&all, example::CUSTOMER, today - Days::new(61)), None);
    }

    #[test]
    fn the_example_is_valid() {
        assert_eq!(Evaluation::example().validate(), Ok(()));
    }
}
