//! The yearly and monthly visit plans (年度/月度回访计划, seed 000 §5): customer service
//! draws one up from the computed plan — its targets (completion and on-time rates,
//! satisfaction) and the visits it plans per tier and month, frozen when drafted —
//! and top management (the customer director) approves it or returns it with
//! comments (`crate::approval`, a chain of one). The analysis report then measures
//! the period against the approved plan (`report::analysis::against`).
//!
//! One plan per period: its id is derived from the period, so two supervisors
//! drafting the same month edit the same record (merged field by field).
use crate::approval::{Approvable, Approval, Chain, Refused, Stage, Step};
use crate::error::Invalid;
use crate::schedule::PlannedVisit;
use crate::tier::Tier;
use crate::types::DeviceTime;
use crate::user::Role;
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who approves a visit plan: top management (客户总监 / 高层).
pub const CHAIN: Chain = Chain {
    record: "visit_plan",
    reviewers: &[Role::CustomerDirector],
    closes: false,
};

/// The namespace of visit plans' ids (UUIDv5 of the period).
const NAMESPACE: Uuid = Uuid::from_u128(0x7a0c_61d2_4b8e_4f09_a3c5_52e1_9d84_0b17);

/// The year or month a plan is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "span", rename_all = "snake_case")]
pub enum PlanPeriod {
    Year { year: i32 },
    Month { year: i32, month: u32 },
}

impl PlanPeriod {
    /// `2027` or `2027-03`: how it is named in ids, addresses and files.
    pub fn key(self) -> String {
        match self {
            PlanPeriod::Year { year } => format!("{year}"),
            PlanPeriod::Month { year, month } => format!("{year}-{month:02}"),
        }
    }

    /// The period of `key` (`2027`, `2027-03`).
    pub fn parse(key: &str) -> Option<Self> {
        let period = match key.split_once('-') {
            None => PlanPeriod::Year {
                year: key.parse().ok()?,
            },
            Some((y, m)) => PlanPeriod::Month {
                year: y.parse().ok()?,
                month: m.parse().ok()?,
            },
        };
        period.days().ok().map(|_| period)
    }

    /// Its first and last days (a year within 1970–2200, a month of it).
    pub fn days(self) -> Result<(NaiveDate, NaiveDate), Invalid> {
        let bad = || Invalid::new("visit_plan", "period", format!("no period {}", self.key()));
        let (year, first, last) = match self {
            PlanPeriod::Year { year } => (year, (1, 1), (12, 31)),
            PlanPeriod::Month { year, month } => {
                let next = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                let last = NaiveDate::from_ymd_opt(next.0, next.1, 1)
                    .and_then(|d| d.pred_opt())
                    .ok_or_else(bad)?;
                (year, (month, 1), (month, last.day()))
            }
        };
        if !(1970..=2200).contains(&year) {
            return Err(bad());
        }
        let day = |(m, d)| NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad);
        Ok((day(first)?, day(last)?))
    }

    /// The plan id of this period.
    pub fn plan_id(self) -> Uuid {
        Uuid::new_v5(&NAMESPACE, self.key().as_bytes())
    }
}

/// What the plan sets out to reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Targets {
    /// Of the visits planned, the share to be done (percent).
    pub completion_pct: u8,
    /// Of those done, the share within their window (percent).
    pub on_time_pct: u8,
    /// The average product and service ratings aimed at, in hundredths (450 = 4.50).
    pub product_rating: u16,
    pub service_rating: u16,
}

impl Default for Targets {
    /// Seed 000 §4's "100 %" closed loop, read for the plan as 100 % done, 95 % on
    /// time, and ratings of 4.5.
    fn default() -> Self {
        Targets {
            completion_pct: 100,
            on_time_pct: 95,
            product_rating: 450,
            service_rating: 450,
        }
    }
}

/// How many visits the plan holds for a tier in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlannedCount {
    pub tier: Tier,
    pub month: u32,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VisitPlan {
    pub id: Uuid,
    pub period: PlanPeriod,
    pub targets: Targets,
    /// The computed plan when it was drawn up: visits per tier and month.
    pub planned: Vec<PlannedCount>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When and by whom it was drawn up, and its approval step by step.
    pub approval: Approval,
}

/// Where a visit plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitPlanStatus {
    Draft,
    AwaitingApproval,
    Approved,
}

impl VisitPlanStatus {
    fn of(stage: Stage) -> Self {
        match stage {
            Stage::Draft => VisitPlanStatus::Draft,
            Stage::Review(_) => VisitPlanStatus::AwaitingApproval,
            Stage::Approved | Stage::Closed => VisitPlanStatus::Approved,
        }
    }

    fn stage(self) -> Stage {
        match self {
            VisitPlanStatus::Draft => Stage::Draft,
            VisitPlanStatus::AwaitingApproval => Stage::Review(0),
            VisitPlanStatus::Approved => Stage::Approved,
        }
    }
}

fn refuse<T>(field: &'static str, message: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid::new("visit_plan", field, message))
}

/// The visits of `planned` counted by tier and month.
pub fn count(planned: &[PlannedVisit]) -> Vec<PlannedCount> {
    let mut counts: std::collections::BTreeMap<(Tier, u32), u32> = Default::default();
    for visit in planned {
        *counts.entry((visit.tier, visit.due.month())).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((tier, month), count)| PlannedCount { tier, month, count })
        .collect()
}

impl VisitPlan {
    /// A draft for `period` with `targets`, planning the visits of `planned` (the
    /// computed plan of that period).
    pub fn draft(
        period: PlanPeriod,
        targets: Targets,
        planned: &[PlannedVisit],
        note: &str,
        at: DeviceTime,
    ) -> Result<Self, Invalid> {
        let plan = VisitPlan {
            id: period.plan_id(),
            period,
            targets,
            planned: count(planned),
            note: note.trim().to_owned(),
            approval: Approval::drafted(at),
        };
        plan.validate()?;
        Ok(plan)
    }

    /// The draft drawn up again (new targets, the plan as computed now): only while
    /// it is a draft; its steps and drafter stay.
    pub fn redrawn(
        &self,
        targets: Targets,
        planned: &[PlannedVisit],
        note: &str,
    ) -> Result<Self, Invalid> {
        if self.status() != VisitPlanStatus::Draft {
            return refuse(
                "planned",
                "a visit plan is drawn up again while it is a draft",
            );
        }
        let mut next = self.clone();
        next.targets = targets;
        next.planned = count(planned);
        next.note = note.trim().to_owned();
        next.validate()?;
        Ok(next)
    }

    pub fn status(&self) -> VisitPlanStatus {
        VisitPlanStatus::of(self.stage())
    }

    /// How many visits it plans for `tier` (every tier: `None`).
    pub fn planned_for(&self, tier: Option<Tier>) -> u32 {
        self.planned
            .iter()
            .filter(|c| tier.is_none_or(|t| c.tier == t))
            .fold(0u32, |sum, c| sum.saturating_add(c.count))
    }

    /// Its id is its period's; targets within their ranges; counted months within
    /// the period, each tier and month once; the steps a legal sequence in time.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.id != self.period.plan_id() {
            return refuse(
                "id",
                format!("a visit plan's id is its period's ({})", self.period.key()),
            );
        }
        self.period.days()?;
        let t = &self.targets;
        if t.completion_pct > 100 || t.on_time_pct > 100 {
            return refuse("targets", "rates are 0–100 %");
        }
        if !(100..=500).contains(&t.product_rating) || !(100..=500).contains(&t.service_rating) {
            return refuse("targets", "a rating aimed at is 1.00–5.00");
        }
        for (i, c) in self.planned.iter().enumerate() {
            let in_period = match self.period {
                PlanPeriod::Year { .. } => (1..=12).contains(&c.month),
                PlanPeriod::Month { month, .. } => c.month == month,
            };
            if !in_period {
                return refuse(
                    "planned",
                    format!("month {} is not in the plan's period", c.month),
                );
            }
            if self.planned[..i]
                .iter()
                .any(|o| o.tier == c.tier && o.month == c.month)
            {
                return refuse("planned", "a tier's month is counted twice");
            }
        }
        CHAIN
            .replay(self.approval.drafted_at, &self.approval.steps)
            .map(|_| ())
    }
}

/// Whether `role` takes `step` on a visit plan that is `status`: a step that leads
/// on from there, and that role's.
pub fn allowed(step: &Step, status: VisitPlanStatus, role: Role) -> Result<(), Invalid> {
    CHAIN.next(step, status.stage())?;
    CHAIN.allowed(step, status.stage(), role)
}

impl Approvable for VisitPlan {
    const NAME: &'static str = "visit plan";
    const CHAIN: Chain = CHAIN;

    fn id(&self) -> Uuid {
        self.id
    }

    fn approval(&self) -> &Approval {
        &self.approval
    }

    fn approval_mut(&mut self) -> &mut Approval {
        &mut self.approval
    }

    fn check(&self) -> Result<(), Invalid> {
        self.validate()
    }

    /// A supervisor or above draws it up, while it is a draft.
    fn admit_content(&self, before: Option<&Self>, role: Role) -> Result<(), Refused> {
        let drawn = |p: &VisitPlan| (p.targets, p.planned.clone(), p.note.clone());
        let changed = before.is_none_or(|b| drawn(b) != drawn(self));
        if changed && !role.supervises() {
            return Err(Refused::NotYours(Invalid::new(
                "visit_plan",
                "planned",
                "only a supervisor or above draws up a visit plan",
            )));
        }
        if changed && before.is_some_and(|b| b.status() != VisitPlanStatus::Draft) {
            return Err(Refused::NotNow(Invalid::new(
                "visit_plan",
                "planned",
                "the plan was handed in: what it plans is frozen",
            )));
        }
        Ok(())
    }
}

impl crate::kind::Kind for VisitPlan {
    const EDITS: crate::kind::Edits = crate::kind::Edits::Merged;
    type Key = Uuid;
    const USERS: &'static [&'static str] = &["approval.drafted_by", "approval.steps[].by"];

    fn key(&self) -> Uuid {
        self.id
    }

    /// The company's: every device reads it.
    fn customer_id(&self) -> Option<Uuid> {
        None
    }

    fn validate(&self) -> Result<(), Invalid> {
        VisitPlan::validate(self)
    }

    fn example() -> Self {
        use crate::kind::example;
        let period = PlanPeriod::Year { year: 2027 };
        VisitPlan {
            id: period.plan_id(),
            period,
            targets: Targets::default(),
            planned: vec![
                PlannedCount {
                    tier: Tier::Strategic,
                    month: 1,
                    count: 12,
                },
                PlannedCount {
                    tier: Tier::Key,
                    month: 1,
                    count: 20,
                },
            ],
            note: "按分级回访策略编制".into(),
            approval: Approval::drafted(example::at()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::{example, Kind};
    use chrono::Duration;

    fn later(minutes: i64) -> DeviceTime {
        DeviceTime::new(example::at().utc + Duration::minutes(minutes), 480).unwrap()
    }

    #[test]
    fn one_plan_a_period_approved_by_top_management_or_returned() {
        let plan = VisitPlan::example();
        assert_eq!(plan.validate(), Ok(()));
        assert_eq!(plan.id, PlanPeriod::parse("2027").unwrap().plan_id());
        assert_ne!(plan.id, PlanPeriod::parse("2027-01").unwrap().plan_id());
        assert_eq!(PlanPeriod::parse("2027-13"), None);
        assert_eq!(plan.planned_for(None), 32);
        assert_eq!(plan.planned_for(Some(Tier::Key)), 20);
        let submitted = plan.take(Step::Submit, later(1)).unwrap();
        assert_eq!(submitted.status(), VisitPlanStatus::AwaitingApproval);
        assert!(
            submitted
                .take(
                    Step::Pass {
                        comment: String::new()
                    },
                    later(2)
                )
                .is_err(),
            "one approver"
        );
        let back = submitted
            .take(
                Step::Return {
                    comment: "战略客户回访频次不足".into(),
                },
                later(2),
            )
            .unwrap();
        assert_eq!(back.status(), VisitPlanStatus::Draft);
        assert!(back.approval.returned_with().is_some());
        let approved = back
            .take(Step::Submit, later(3))
            .and_then(|p| {
                p.take(
                    Step::Approve {
                        comment: "同意".into(),
                    },
                    later(4),
                )
            })
            .unwrap();
        assert_eq!(approved.status(), VisitPlanStatus::Approved);
        // Approved, what it plans is frozen.
        assert!(approved.redrawn(Targets::default(), &[], "").is_err());
        for role in Role::ALL {
            let ok = allowed(
                &Step::Approve {
                    comment: String::new(),
                },
                VisitPlanStatus::AwaitingApproval,
                role,
            )
            .is_ok();
            assert_eq!(ok, role == Role::CustomerDirector, "{role:?}");
        }
    }

    #[test]
    fn the_server_admits_drawing_up_from_a_supervisor_and_approval_from_the_director() {
        let plan = VisitPlan::example();
        assert!(matches!(
            plan.admit(None, Role::Technician),
            Err(Refused::NotYours(_))
        ));
        assert_eq!(plan.admit(None, Role::Supervisor), Ok(()));
        let submitted = plan.take(Step::Submit, later(1)).unwrap();
        let approved = submitted
            .take(
                Step::Approve {
                    comment: String::new(),
                },
                later(2),
            )
            .unwrap();
        assert!(matches!(
            approved.admit(Some(&submitted), Role::Supervisor),
            Err(Refused::NotYours(_))
        ));
        assert!(matches!(
            approved.admit(Some(&submitted), Role::CustomerServiceManager),
            Err(Refused::NotYours(_))
        ));
        assert_eq!(
            approved.admit(Some(&submitted), Role::CustomerDirector),
            Ok(())
        );
        let mut redrawn = submitted.clone();
        redrawn.targets.completion_pct = 90;
        assert!(matches!(
            redrawn.admit(Some(&submitted), Role::Supervisor),
            Err(Refused::NotNow(_))
        ));
    }

    #[test]
    fn a_plan_out_of_its_ranges_is_refused() {
        let good = VisitPlan::example();
        let mut bad = good.clone();
        bad.targets.completion_pct = 101;
        assert!(bad.validate().is_err());
        let mut bad = good.clone();
        bad.targets.product_rating = 520;
        assert!(bad.validate().is_err());
        let mut bad = good.clone();
        bad.planned.push(bad.planned[0]);
        assert!(bad.validate().is_err());
        let mut bad = good.clone();
        bad.planned[0].month = 13;
        assert!(bad.validate().is_err());
        let mut bad = good.clone();
        bad.id = Uuid::from_u128(9);
        assert!(bad.validate().is_err());
        let mut month = good;
        month.period = PlanPeriod::Month {
            year: 2027,
            month: 2,
        };
        month.id = month.period.plan_id();
        assert!(
            month.validate().is_err(),
            "January's count in February's plan"
        );
    }
}
