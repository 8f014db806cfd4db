//! The period measured against its approved visit plan (年度/月度回访计划, seed 000
//! §5; `crate::visit_plan`): for each tier, the visits the approved plan holds and
//! those done of the ones due by the report's day, and the period's rates and
//! ratings beside the plan's targets. Only a plan approved for exactly the report's
//! month or year counts, and only over the whole company or one tier (what the plan
//! counts); a region's or a technician's report has no plan to be measured against.
use crate::report::satisfaction::Satisfaction;
use crate::report::{Context, Period, Rate};
use crate::schedule::{PlannedVisit, Status};
use crate::tier::Tier;
use crate::visit_plan::{PlanPeriod, Targets, VisitPlan, VisitPlanStatus};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierAgainst {
    pub tier: Tier,
    /// The visits the approved plan holds for the tier in the period…
    pub approved: u32,
    /// …and of those planned now and due by the report's day, how many were done.
    pub done: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgainstPlan {
    pub period: PlanPeriod,
    pub targets: Targets,
    pub tiers: Vec<TierAgainst>,
    /// Done against what the approved plan holds (every tier in scope).
    pub completion: Rate,
    /// The period's average ratings, for the targets beside them.
    pub product: Option<f64>,
    pub service: Option<f64>,
}

/// The plan period `period` is, if it is a whole calendar month or year.
fn plan_period(period: Period) -> Option<PlanPeriod> {
    let (from, to) = (period.from, period.to);
    let year = PlanPeriod::Year { year: from.year() };
    let month = PlanPeriod::Month {
        year: from.year(),
        month: from.month(),
    };
    [year, month].into_iter().find(|p| {
        p.days()
            .is_ok_and(|(first, last)| first == from && last == to)
    })
}

/// The report's period against its approved plan, when there is one to measure.
pub fn against(
    ctx: &Context<'_>,
    period: Period,
    planned: &[PlannedVisit],
    as_of: NaiveDate,
) -> Option<AgainstPlan> {
    let scope = ctx.scope;
    if scope.region.is_some() || scope.technician.is_some() || scope.product_line.is_some() {
        return None;
    }
    let key = plan_period(period)?;
    let plan: &VisitPlan = ctx
        .data
        .visit_plans
        .iter()
        .find(|p| p.period == key && p.status() == VisitPlanStatus::Approved)?;
    let tiers: Vec<TierAgainst> = Tier::ALL
        .into_iter()
        .filter(|t| scope.tier.is_none_or(|s| s == *t))
        .map(|tier| TierAgainst {
            tier,
            approved: plan.planned_for(Some(tier)),
            done: len(planned
                .iter()
                .filter(|v| v.tier == tier && v.due <= as_of && v.status == Status::Done)
                .count()),
        })
        .collect();
    let (done, approved) = tiers.iter().fold((0u32, 0u32), |(d, a), t| {
        (d.saturating_add(t.done), a.saturating_add(t.approved))
    });
    let mut ratings = Satisfaction::default();
    for visit in ctx.done_visits(period) {
        ratings.add(visit);
    }
    Some(AgainstPlan {
        period: key,
        targets: plan.targets,
        tiers,
        completion: Rate::new(done, approved),
        product: ratings.product.average(),
        service: ratings.service.average(),
    })
}

fn len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
