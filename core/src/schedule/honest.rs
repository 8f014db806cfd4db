//! Honest "done" (issue 20 §5): a completed visit closes a planned one only when
//! it answers what the planned visit asks. An on-site requirement (major
//! customers, executive visits, tier 2's on-site review, commissioning) is met
//! only on site; a lifecycle stage only when its checklist was answered.
//! Otherwise the planned visit stays open, and says which visits fell short and why.
use super::PlannedVisit;
use crate::survey::StageKey;
use crate::visit::{Method, Visit};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// Why a completed visit did not close a planned one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Shortfall {
    /// Made by phone, video… where a visit on site was asked for.
    NotOnSite { method: Method },
    /// The stage's checklist was not answered.
    ChecklistNotAnswered { stage: StageKey },
}

/// A completed visit that fell short of a planned one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Unmet {
    pub visit_id: Uuid,
    pub date: NaiveDate,
    pub shortfall: Shortfall,
}

/// A completed visit, as the plan matches it.
pub(super) struct Done {
    date: NaiveDate,
    id: Uuid,
    /// The due date of the planned visit it was recorded against, if any.
    planned_for: Option<NaiveDate>,
    method: Method,
    /// The stages whose checklist it answered.
    stages: Vec<StageKey>,
}

impl Done {
    /// What it leaves unanswered of `visit`, if anything.
    fn shortfall(&self, visit: &PlannedVisit) -> Option<Shortfall> {
        if visit.on_site_required && self.method != Method::OnSite {
            return Some(Shortfall::NotOnSite {
                method: self.method,
            });
        }
        visit
            .stages
            .iter()
            .find(|stage| !self.stages.contains(stage))
            .map(|stage| Shortfall::ChecklistNotAnswered { stage: *stage })
    }
}

/// Completed visits per customer, by date then id (so matching is order-independent).
pub(super) fn done_visits<'a>(
    visits: impl IntoIterator<Item = &'a Visit>,
) -> HashMap<Uuid, Vec<Done>> {
    let mut done = HashMap::new();
    gather(&mut done, visits);
    order(&mut done);
    done
}

/// Adds the completed ones of `visits` to their customers' lists in `done`.
pub(super) fn gather<'a>(
    done: &mut HashMap<Uuid, Vec<Done>>,
    visits: impl IntoIterator<Item = &'a Visit>,
) {
    for v in visits {
        let (Some(date), Some(result)) = (v.done_on(), &v.result) else {
            continue;
        };
        let mut stages: Vec<StageKey> = result.checklist.iter().map(|a| a.stage).collect();
        stages.sort_unstable();
        stages.dedup();
        done.entry(v.customer_id).or_default().push(Done {
            date,
            id: v.id,
            planned_for: v.planned_date,
            method: result.method,
            stages,
        });
    }
}

/// Puts each customer's list in the order matching reads it: by date, then id.
pub(super) fn order(done: &mut HashMap<Uuid, Vec<Done>>) {
    for list in done.values_mut() {
        list.sort_by_key(|d| (d.date, d.id));
    }
}

/// Sets `visit.done_by` to the first of the customer's completed visits that
/// closes it — one recorded against this very visit (even late, once it was
/// missed) first, then any within its window — and `visit.unmet` to those that
/// would have but fell short.
pub(super) fn match_done(visit: &mut PlannedVisit, list: &[Done]) {
    let against = list
        .iter()
        .filter(|d| d.planned_for == Some(visit.due) && d.date >= visit.window.earliest);
    let within = list.iter().filter(|d| visit.window.contains(d.date));
    let mut unmet = Vec::new();
    let mut done_by = None;
    for d in against.chain(within) {
        if unmet.iter().any(|u: &Unmet| u.visit_id == d.id) {
            continue;
        }
        match d.shortfall(visit) {
            None => {
                done_by = Some(d.id);
                break;
            }
            Some(shortfall) => unmet.push(Unmet {
                visit_id: d.id,
                date: d.date,
                shortfall,
            }),
        }
    }
    visit.done_by = done_by;
    visit.unmet = if done_by.is_some() { Vec::new() } else { unmet };
}
