//! The summary of a maintenance plan (客户维护总结表, seed 002 workflow 7): each
//! task and whether it was done, the cost against the budget, and the
//! relationship's score before the plan and after it — read from the customers'
//! evaluations, not typed again.
use super::{MaintenancePlan, Task, TaskReport};
use crate::evaluation::record::as_of;
use crate::evaluation::{Evaluation, EvaluationSettings};
use crate::types::Cny;
use chrono::NaiveDate;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct Summary<'a> {
    /// Each task, with its report once done.
    pub tasks: Vec<(&'a Task, Option<&'a TaskReport>)>,
    pub budget: Cny,
    /// What the reported tasks cost.
    pub spent: Cny,
    /// The score the customers' evaluations gave when the plan started — the latest
    /// on or before its first day — and the latest made after that day, by `day`
    /// (their averages, for a tier's plan).
    pub score_before: Option<f64>,
    pub score_after: Option<f64>,
}

impl Summary<'_> {
    pub fn done(&self) -> usize {
        self.tasks.iter().filter(|(_, r)| r.is_some()).count()
    }

    /// How far the cost went over the budget, if it did.
    pub fn over_budget(&self) -> Option<Cny> {
        (self.spent > self.budget).then(|| Cny(self.spent.yuan() - self.budget.yuan()))
    }
}

/// The summary of `plan` by `day`, over the customers it covers (`members`).
pub fn summary<'a>(
    plan: &'a MaintenancePlan,
    reports: &'a [TaskReport],
    evaluations: &[Evaluation],
    members: &[Uuid],
    settings: &EvaluationSettings,
    day: NaiveDate,
) -> Summary<'a> {
    let tasks: Vec<_> = plan
        .tasks
        .iter()
        .map(|task| {
            let report = reports
                .iter()
                .filter(|r| r.plan_id == plan.id && r.task_id == task.id)
                .min_by_key(|r| (r.at.utc, r.id));
            (task, report)
        })
        .collect();
    let spent = tasks.iter().filter_map(|(_, r)| r.map(|r| r.cost)).sum();
    let start = plan.content.from;
    let total = |e: &Evaluation| e.card(settings).ok().map(|card| card.total);
    let before = members
        .iter()
        .filter_map(|c| as_of(evaluations, *c, start).and_then(total));
    let after = members.iter().filter_map(|c| {
        as_of(evaluations, *c, day)
            .filter(|e| e.on > start)
            .and_then(total)
    });
    Summary {
        tasks,
        budget: plan.budget(),
        spent,
        score_before: average(before),
        score_after: average(after),
    }
}

fn average(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (count > 0).then(|| sum / f64::from(count))
}

/// The customers `plan` covers in `data` on `day`: its customer, or those of its
/// tier then.
pub fn members(
    plan: &MaintenancePlan,
    data: &crate::dataset::DataSet,
    day: NaiveDate,
) -> Vec<Uuid> {
    match plan.content.scope {
        super::Scope::Customer { customer_id } => vec![customer_id],
        super::Scope::Tier { tier } => {
            let tiers = crate::schedule::tier_all(&data.customers, &data.settings(), day);
            let mut ids: Vec<Uuid> = tiers
                .into_iter()
                .filter(|(_, d)| d.tier == tier)
                .map(|(id, _)| id)
                .collect();
            ids.sort_unstable();
            ids
        }
    }
}

/// The summary of `plan` over `data` by `day`.
pub fn of<'a>(
    plan: &'a MaintenancePlan,
    data: &'a crate::dataset::DataSet,
    day: NaiveDate,
) -> Summary<'a> {
    let members = members(plan, data, day);
    let settings = data.settings();
    summary(
        plan,
        &data.task_reports,
        &data.evaluations,
        &members,
        &settings.evaluation,
        day,
    )
}
