//! 顾客满意度测量报告: product-quality and service-quality satisfaction of the done
//! visits of a period, overall, by tier, product line and region, against the
//! previous period; and what needs corrective or preventive action: visits rated
//! low, checklist items found not OK, and what customers suggested or asked for.
use super::{Context, Period};
use crate::survey::StageKey;
use crate::tier::Tier;
use crate::visit::Visit;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

pub mod decline;

/// A rating at or below this needs corrective or preventive action (1–2 of 5:
/// dissatisfied).
pub const LOW_RATING: u8 = 2;

/// Ratings of one kind: how many, their sum, and how many of each value 1–5.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub count: u32,
    pub sum: u32,
    /// `distribution[0]` counts the 1s, `distribution[4]` the 5s.
    pub distribution: [u32; 5],
}

impl Scores {
    fn add(&mut self, rating: u8) {
        self.count += 1;
        self.sum += u32::from(rating);
        self.distribution[usize::from(rating.clamp(1, 5) - 1)] += 1;
    }

    /// `None` when nothing was rated.
    pub fn average(&self) -> Option<f64> {
        (self.count > 0).then(|| f64::from(self.sum) / f64::from(self.count))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Satisfaction {
    pub product: Scores,
    pub service: Scores,
    /// How many of the answers the customer gave themselves (on the technician's
    /// phone handed over, or by the visit's link), not the technician for them.
    #[serde(default)]
    pub by_customer: u32,
}

impl Satisfaction {
    pub(crate) fn add(&mut self, visit: &Visit) {
        if let Some(result) = &visit.result {
            self.product.add(result.product_rating.value());
            self.service.add(result.service_rating.value());
            if result.answered_by.is_customer() {
                self.by_customer += 1;
            }
        }
    }
}

/// A done visit with a low rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowScore {
    pub visit_id: Uuid,
    pub customer_id: Uuid,
    pub date: NaiveDate,
    pub product: u8,
    pub service: u8,
    /// The issues raised on that visit: the action taken, if any.
    pub issue_ids: Vec<Uuid>,
}

/// A checklist item answered "not OK" on the period's visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedItem {
    pub stage: StageKey,
    pub item: String,
    pub visit_ids: Vec<Uuid>,
    /// Issues raised on those visits.
    pub issue_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionReport {
    pub period: Period,
    pub previous_period: Period,
    pub current: Satisfaction,
    pub previous: Satisfaction,
    /// Every tier, in order, even one without visits.
    pub by_tier: Vec<(Tier, Satisfaction)>,
    pub by_product_line: BTreeMap<String, Satisfaction>,
    pub by_region: BTreeMap<String, Satisfaction>,
    /// Lowest first, then oldest.
    pub low: Vec<LowScore>,
    /// Most often failed first.
    pub failed_items: Vec<FailedItem>,
    /// What customers suggested or asked for, by product line and region
    /// (`super::needs`): findings for a preventive action.
    pub needs: Vec<super::needs::NeedGroup>,
    /// Product lines whose ratings fell against the period before
    /// ([`decline::declining`]): findings for a preventive action.
    pub declining_lines: Vec<decline::LineDecline>,
}

pub fn satisfaction(ctx: &Context<'_>, period: Period) -> SatisfactionReport {
    let previous_period = period.previous();
    let mut previous = Satisfaction::default();
    let mut previous_by_line: BTreeMap<String, Satisfaction> = BTreeMap::new();
    for visit in ctx.done_visits(previous_period) {
        previous.add(visit);
        if let Some(line) = ctx.visit_line(visit) {
            previous_by_line
                .entry(line.to_owned())
                .or_default()
                .add(visit);
        }
    }
    let mut current = Satisfaction::default();
    let mut by_tier: Vec<(Tier, Satisfaction)> = Tier::ALL
        .iter()
        .map(|t| (*t, Satisfaction::default()))
        .collect();
    let mut by_product_line: BTreeMap<String, Satisfaction> = BTreeMap::new();
    let mut by_region: BTreeMap<String, Satisfaction> = BTreeMap::new();
    let mut low = Vec::new();
    let mut failed: BTreeMap<(StageKey, String), FailedItem> = BTreeMap::new();
    for visit in ctx.done_visits(period) {
        let Some(result) = &visit.result else {
            continue;
        };
        current.add(visit);
        if let Some(tier) = ctx.tier(visit.customer_id) {
            if let Some((_, s)) = by_tier.iter_mut().find(|(t, _)| *t == tier) {
                s.add(visit);
            }
        }
        if let Some(line) = ctx.visit_line(visit) {
            by_product_line
                .entry(line.to_owned())
                .or_default()
                .add(visit);
        }
        if let Some(customer) = ctx.customer(visit.customer_id) {
            by_region
                .entry(customer.region.clone())
                .or_default()
                .add(visit);
        }
        let (product, service) = (result.product_rating.value(), result.service_rating.value());
        if product.min(service) <= LOW_RATING {
            low.push(LowScore {
                visit_id: visit.id,
                customer_id: visit.customer_id,
                date: result.completed_at.local_date(),
                product,
                service,
                issue_ids: result.issue_ids.clone(),
            });
        }
        for answer in result.checklist.iter().filter(|a| !a.ok) {
            let entry = failed
                .entry((answer.stage, answer.item.clone()))
                .or_insert_with(|| FailedItem {
                    stage: answer.stage,
                    item: answer.item.clone(),
                    visit_ids: Vec::new(),
                    issue_ids: Vec::new(),
                });
            entry.visit_ids.push(visit.id);
            entry.issue_ids.extend(result.issue_ids.iter().copied());
        }
    }
    low.sort_by_key(|l| (l.product.min(l.service), l.date, l.visit_id));
    let mut failed_items: Vec<FailedItem> = failed.into_values().collect();
    failed_items.sort_by_key(|f| std::cmp::Reverse(f.visit_ids.len()));
    let declining_lines = decline::declining(&by_product_line, &previous_by_line);
    SatisfactionReport {
        declining_lines,
        period,
        previous_period,
        current,
        previous,
        by_tier,
        by_product_line,
        by_region,
        low,
        failed_items,
        needs: super::needs::needs(ctx, period),
    }
}

/// The months up to and including the one `last` falls in, oldest first, each
/// with the satisfaction of its done visits in scope: the trend a manager reads.
pub fn monthly_trend(
    ctx: &Context<'_>,
    last: NaiveDate,
    months: u32,
) -> Vec<(Period, Satisfaction)> {
    let mut trend: Vec<(Period, Satisfaction)> = (0..months)
        .rev()
        .filter_map(|back| {
            let day = last.checked_sub_months(chrono::Months::new(back))?;
            Period::month(day.year(), day.month()).ok()
        })
        .map(|month| (month, Satisfaction::default()))
        .collect();
    let (Some(first), Some(end)) = (
        trend.first().map(|t| t.0.from),
        trend.last().map(|t| t.0.to),
    ) else {
        return trend;
    };
    let span = Period {
        from: first,
        to: end,
    };
    for visit in ctx.done_visits(span) {
        let Some(date) = visit.done_on() else {
            continue;
        };
        if let Some((_, s)) = trend.iter_mut().find(|(month, _)| month.contains(date)) {
            s.add(visit);
        }
    }
    trend
}

#[cfg(test)]
mod tests;
