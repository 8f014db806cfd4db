//! Customer proposals (提案, seed 002): routing by area, the decision deadline, the
//! outcome told to the customer, and the reward grade of an adopted one. The
//! register (提案登记表) reads a proposal's steps in [`register`]; the yearly
//! encouragement award (鼓励奖) is in [`award`].
pub mod award;
pub mod register;

use crate::department::Department;
use crate::error::Invalid;
use crate::types::Cny;
use chrono::{Days, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProposalArea {
    /// 生产工艺
    ProductionProcess,
    /// 生产技术
    ProductionTechnology,
    /// 新产品和技术研发
    NewProduct,
    /// 质量管理
    Quality,
    /// 销售事项
    Sales,
    /// 客户服务事项
    CustomerService,
}

impl ProposalArea {
    pub fn departments(self) -> Vec<Department> {
        use Department::*;
        match self {
            ProposalArea::ProductionProcess => vec![Production],
            ProposalArea::ProductionTechnology => vec![Production, TechnicalSupport],
            ProposalArea::NewProduct => vec![RnD, TechnicalSupport],
            ProposalArea::Quality => vec![Production, QualityControl],
            ProposalArea::Sales => vec![Marketing],
            ProposalArea::CustomerService => vec![CustomerService],
        }
    }
}

/// When a decision is due: normally within 10–15 days and never after 20; an
/// important or complex proposal, with approval, up to 30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionDeadline {
    pub target: NaiveDate,
    pub latest: NaiveDate,
}

pub fn decision_deadline(
    received: NaiveDate,
    extended_with_approval: bool,
    settings: &ProposalSettings,
) -> DecisionDeadline {
    let add = |days: u32| {
        received
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(received)
    };
    if extended_with_approval {
        DecisionDeadline {
            target: add(settings.max_days),
            latest: add(settings.extended_days),
        }
    } else {
        DecisionDeadline {
            target: add(settings.decide_days),
            latest: add(settings.max_days),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// 采用, with the reward grade the department gave it by its value (seed 002:
    /// A, B, C). Proposals decided before grades were recorded carry only the
    /// value in yuan the department put on them, graded by the same bands.
    Adopted {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        grade: Option<Grade>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Cny>,
        reason: String,
    },
    /// 暂时保留
    OnHold { reason: String },
    /// 不予采用
    NotAdopted { reason: String },
}

impl Outcome {
    /// Every outcome is told to the customer with its reason.
    pub fn validate(&self) -> Result<(), Invalid> {
        let reason = match self {
            Outcome::Adopted { reason, .. }
            | Outcome::OnHold { reason }
            | Outcome::NotAdopted { reason } => reason,
        };
        if reason.trim().is_empty() {
            return Err(Invalid::new(
                "proposal",
                "reason",
                "the customer is told the reason for the outcome",
            ));
        }
        if let Outcome::Adopted {
            grade: None,
            value: None,
            ..
        } = self
        {
            return Err(Invalid::new(
                "proposal",
                "grade",
                "an adopted proposal is given its reward grade (A, B or C)",
            ));
        }
        Ok(())
    }

    /// An adopted proposal's reward grade: the one given, or for an older record
    /// the grade of its value; `None` for any other outcome (or a value below C).
    pub fn grade(&self, settings: &ProposalSettings) -> Option<Grade> {
        match self {
            Outcome::Adopted { grade: Some(g), .. } => Some(*g),
            Outcome::Adopted {
                value: Some(value), ..
            } => grade(*value, settings),
            _ => None,
        }
    }

    pub fn is_adopted(&self) -> bool {
        matches!(self, Outcome::Adopted { .. })
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Grade {
    A,
    B,
    C,
}

impl Grade {
    pub const ALL: [Grade; 3] = [Grade::A, Grade::B, Grade::C];

    /// The reward a proposal of this grade is paid, in yuan (seed 002: A 3 000 元
    /// 以上, B 2 000–3 000 元, C 500–2 000 元): from, and up to (`None`: no limit).
    pub fn reward_band(self, settings: &ProposalSettings) -> (Cny, Option<Cny>) {
        match self {
            Grade::A => (settings.grade_a_from, None),
            Grade::B => (settings.grade_b_from, Some(settings.grade_a_from)),
            Grade::C => (settings.grade_c_from, Some(settings.grade_b_from)),
        }
    }

    /// Refuses a reward outside the grade's band.
    pub fn check_reward(self, amount: Cny, settings: &ProposalSettings) -> Result<(), Invalid> {
        let (from, to) = self.reward_band(settings);
        let within = amount >= from && to.is_none_or(|to| amount <= to);
        if within {
            return Ok(());
        }
        let band = match to {
            Some(to) => format!("{}–{} CNY", from.0, to.0),
            None => format!("{} CNY or more", from.0),
        };
        Err(Invalid::new(
            "proposal",
            "reward",
            format!("a grade {self:?} reward is {band}, not {} CNY", amount.0),
        ))
    }
}

/// A (≥ 3000 CNY), B (2000–3000), C (500–2000); below C, no graded reward.
pub fn grade(value: Cny, settings: &ProposalSettings) -> Option<Grade> {
    if value >= settings.grade_a_from {
        Some(Grade::A)
    } else if value >= settings.grade_b_from {
        Some(Grade::B)
    } else if value >= settings.grade_c_from {
        Some(Grade::C)
    } else {
        None
    }
}

/// Proposals (提案, seed 002): deadlines in days and reward grades in CNY.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ProposalSettings {
    pub decide_days: u32,
    pub max_days: u32,
    /// Important or complex proposals, with a vice-president's approval.
    pub extended_days: u32,
    pub grade_a_from: Cny,
    pub grade_b_from: Cny,
    pub grade_c_from: Cny,
    /// The encouragement award (鼓励奖) for proposals not adopted or kept on hold.
    pub encouragement: Cny,
    /// Made in a year, none adopted: due the award (seed 002: 3).
    pub encouragement_unadopted: u32,
    /// Made in a year, at least one kept on hold: due the award (seed 002: 2).
    pub encouragement_with_hold: u32,
}

impl ProposalSettings {
    /// Deadlines in order (decide ≤ at most ≤ extended) and grades in order (C ≤ B
    /// ≤ A), so that every band and deadline means what it says.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.decide_days == 0
            || self.decide_days > self.max_days
            || self.max_days > self.extended_days
        {
            return Err(Invalid::new(
                "settings",
                "proposals",
                format!(
                    "a proposal's deadlines must grow: decide in {} ≤ at most {} ≤ extended {} days (none 0)",
                    self.decide_days, self.max_days, self.extended_days
                ),
            ));
        }
        if !(self.grade_c_from <= self.grade_b_from && self.grade_b_from <= self.grade_a_from) {
            return Err(Invalid::new(
                "settings",
                "proposals",
                "reward grades must grow: C ≤ B ≤ A",
            ));
        }
        if self.encouragement_unadopted == 0 || self.encouragement_with_hold == 0 {
            return Err(Invalid::new(
                "settings",
                "proposals",
                "the encouragement award needs at least one proposal",
            ));
        }
        Ok(())
    }
}

impl Default for ProposalSettings {
    fn default() -> Self {
        Self {
            decide_days: 15,
            max_days: 20,
            extended_days: 30,
            grade_a_from: Cny(3000),
            grade_b_from: Cny(2000),
            grade_c_from: Cny(500),
            encouragement: Cny(300),
            encouragement_unadopted: 3,
            encouragement_with_hold: 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_due_in_15_days_at_most_20_or_30_with_approval() {
        let s = ProposalSettings::default();
        let received = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let normal = decision_deadline(received, false, &s);
        assert_eq!(normal.target, NaiveDate::from_ymd_opt(2026, 3, 17).unwrap());
        assert_eq!(normal.latest, NaiveDate::from_ymd_opt(2026, 3, 22).unwrap());
        let extended = decision_deadline(received, true, &s);
        assert_eq!(
            extended.latest,
            NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
        );
    }

    #[test]
    fn adopted_proposals_are_graded_a_b_c() {
        let s = ProposalSettings::default();
        assert_eq!(grade(Cny(3000), &s), Some(Grade::A));
        assert_eq!(grade(Cny(2999), &s), Some(Grade::B));
        assert_eq!(grade(Cny(2000), &s), Some(Grade::B));
        assert_eq!(grade(Cny(1999), &s), Some(Grade::C));
        assert_eq!(grade(Cny(500), &s), Some(Grade::C));
        assert_eq!(grade(Cny(499), &s), None);
    }

    #[test]
    fn a_reward_is_paid_within_its_grades_band() {
        let s = ProposalSettings::default();
        Grade::A.check_reward(Cny(3000), &s).unwrap();
        Grade::A.check_reward(Cny(50_000), &s).unwrap();
        assert!(Grade::A.check_reward(Cny(2999), &s).is_err());
        Grade::B.check_reward(Cny(2000), &s).unwrap();
        Grade::B.check_reward(Cny(3000), &s).unwrap();
        assert!(Grade::B.check_reward(Cny(3001), &s).is_err());
        assert!(Grade::B.check_reward(Cny(1999), &s).is_err());
        Grade::C.check_reward(Cny(500), &s).unwrap();
        Grade::C.check_reward(Cny(2000), &s).unwrap();
        assert!(Grade::C.check_reward(Cny(499), &s).is_err());
    }

    #[test]
    fn an_adopted_outcome_has_a_grade_or_an_older_records_value() {
        let s = ProposalSettings::default();
        let adopted = |grade, value| Outcome::Adopted {
            grade,
            value,
            reason: "降低能耗".into(),
        };
        assert!(adopted(None, None).validate().is_err());
        let graded = adopted(Some(Grade::C), Some(Cny(9_000)));
        assert_eq!(graded.grade(&s), Some(Grade::C), "the grade given wins");
        assert_eq!(adopted(None, Some(Cny(2_500))).grade(&s), Some(Grade::B));
        // An older record reads as it was written.
        let old: Outcome =
            serde_json::from_str(r#"{"outcome":"adopted","value":3200,"reason":"降低能耗"}"#)
                .unwrap();
        assert_eq!(old.grade(&s), Some(Grade::A));
        assert_eq!(Outcome::OnHold { reason: "x".into() }.grade(&s), None);
    }

    #[test]
    fn settings_out_of_order_are_refused() {
        ProposalSettings::default().validate().unwrap();
        let backwards = ProposalSettings {
            max_days: 40,
            ..ProposalSettings::default()
        };
        assert!(backwards.validate().is_err());
        let grades = ProposalSettings {
            grade_c_from: Cny(2500),
            ..ProposalSettings::default()
        };
        assert!(grades.validate().is_err());
    }

    #[test]
    fn an_outcome_needs_its_reason() {
        assert!(Outcome::NotAdopted { reason: " ".into() }
            .validate()
            .is_err());
        Outcome::OnHold {
            reason: "待新产线规划".into(),
        }
        .validate()
        .unwrap();
    }
}
