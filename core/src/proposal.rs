//! Customer proposals (提案, seed 002): routing by area, the decision deadline, the
//! outcome told to the customer, and the reward grade of an adopted one.
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
    /// 采用, with the value the department put on it.
    Adopted { value: Cny, reason: String },
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
        Ok(())
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
