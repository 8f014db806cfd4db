//! The encouragement award (鼓励奖, seed 002 §六): a customer whose proposals were
//! not adopted is still thanked. Within one year, one who made 3 or more and
//! none was adopted, or 2 or more with at least one kept on hold, is due 300 元;
//! one with a proposal not adopted who is not due the award gets a souvenir and
//! a thank-you letter.
//!
//! "一年内" is read as the calendar year the proposals came in: the award is
//! reckoned once a year, so no proposal counts towards two awards (a rolling
//! window would count the same proposals again each month). Rejected and
//! withdrawn proposals were never decided and do not count.
use super::{Outcome, ProposalSettings};
use crate::issue::{Category, Issue, IssueStatus};
use crate::types::Cny;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "due", content = "cny", rename_all = "snake_case")]
pub enum Encouragement {
    /// Due the award, in yuan.
    Award(Cny),
    /// Would be due the award if the proposals still undecided are not adopted.
    AwaitingDecision,
    /// A souvenir and a thank-you letter (纪念品和感谢信).
    SouvenirAndLetter,
}

/// One customer's proposals of the year, counted by outcome, and what they are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encouraged {
    pub customer_id: Uuid,
    /// The proposals counted, in the order they came in.
    pub proposals: Vec<Uuid>,
    pub adopted: u32,
    pub on_hold: u32,
    pub not_adopted: u32,
    pub undecided: u32,
    pub encouragement: Encouragement,
}

impl Encouraged {
    pub fn made(&self) -> u32 {
        self.adopted
            .saturating_add(self.on_hold)
            .saturating_add(self.not_adopted)
            .saturating_add(self.undecided)
    }
}

/// Who is due what for the proposals that came in during `year`: the award
/// first, then those awaiting a decision, then souvenirs; by customer within each.
pub fn encouragement<'a>(
    issues: impl IntoIterator<Item = &'a Issue>,
    year: i32,
    settings: &ProposalSettings,
) -> Vec<Encouraged> {
    let mut by_customer: BTreeMap<Uuid, Vec<&Issue>> = BTreeMap::new();
    for issue in issues {
        let counted = issue.category == Category::Proposal
            && !matches!(issue.status, IssueStatus::Rejected | IssueStatus::Withdrawn)
            && issue.came_in().local_date().year() == year;
        if counted {
            by_customer
                .entry(issue.customer_id)
                .or_default()
                .push(issue);
        }
    }
    let mut due: Vec<Encouraged> = by_customer
        .into_iter()
        .filter_map(|(customer_id, mut proposals)| {
            proposals.sort_by_key(|p| (p.came_in().utc, p.id));
            let mut row = Encouraged {
                customer_id,
                proposals: proposals.iter().map(|p| p.id).collect(),
                adopted: 0,
                on_hold: 0,
                not_adopted: 0,
                undecided: 0,
                encouragement: Encouragement::SouvenirAndLetter,
            };
            for p in &proposals {
                let count = match p.outcome() {
                    Some(Outcome::Adopted { .. }) => &mut row.adopted,
                    Some(Outcome::OnHold { .. }) => &mut row.on_hold,
                    Some(Outcome::NotAdopted { .. }) => &mut row.not_adopted,
                    None => &mut row.undecided,
                };
                *count = count.saturating_add(1);
            }
            let made = row.made();
            let none_adopted = row.adopted == 0 && made >= settings.encouragement_unadopted;
            row.encouragement = if (none_adopted && row.undecided == 0)
                || (made >= settings.encouragement_with_hold && row.on_hold >= 1)
            {
                Encouragement::Award(settings.encouragement)
            } else if none_adopted {
                Encouragement::AwaitingDecision
            } else if row.not_adopted >= 1 {
                Encouragement::SouvenirAndLetter
            } else {
                return None;
            };
            Some(row)
        })
        .collect();
    due.sort_by_key(|row| (row.encouragement, row.customer_id));
    due
}

/// The year's awards in yuan, summed without overflow.
pub fn total_awarded(rows: &[Encouraged]) -> Cny {
    Cny(rows
        .iter()
        .filter_map(|r| match r.encouragement {
            Encouragement::Award(amount) => Some(amount.0),
            _ => None,
        })
        .fold(0u64, u64::saturating_add))
}

#[cfg(test)]
mod tests;
