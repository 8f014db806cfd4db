//! The supervisor's reports (domain.md §8), computed from a data set by pure
//! functions, so the app (on the device's data) and the server (on the whole
//! database) give the same figures:
//! - [`satisfaction`]: 顾客满意度测量报告, ratings by period, tier, product line, region;
//! - [`analysis`]: 客户回访分析报告, plan completion, on-time rate, method mix, issues
//!   and proposals.
//!
//! A rate is kept as its two counts ([`Rate`]): a period with nothing in it has no
//! rate, not a rate of zero.
pub mod analysis;
pub mod csv;
pub mod ledger;
pub mod needs;
pub mod plan;
pub mod roster;
pub mod satisfaction;

#[cfg(test)]
pub(crate) mod fixture;

use crate::cancel::{Cancel, Cancelled};
use crate::customer::Customer;
use crate::dataset::DataSet;
use crate::error::Invalid;
use crate::schedule::tier_all;
use crate::tier::Tier;
use crate::user::UserId;
use crate::visit::Visit;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// The days a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The longest period a report covers: a year and a month (what is computed
    /// grows with it; a report of a millennium would hold a core for minutes).
    pub const MAX_DAYS: i64 = 400;

    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, Invalid> {
        if from > to {
            return Err(Invalid::new(
                "period",
                "to",
                format!("the period ends ({to}) before it starts ({from})"),
            ));
        }
        use chrono::Datelike;
        if !(1970..=2200).contains(&from.year()) || !(1970..=2200).contains(&to.year()) {
            return Err(Invalid::new(
                "period",
                "from",
                format!("a period within the years 1970 to 2200, not {from} to {to}"),
            ));
        }
        if (to - from).num_days() >= Self::MAX_DAYS {
            return Err(Invalid::new(
                "period",
                "to",
                format!(
                    "{from} to {to} is longer than {} days: a year at a time",
                    Self::MAX_DAYS
                ),
            ));
        }
        Ok(Self { from, to })
    }

    /// One calendar month.
    pub fn month(year: i32, month: u32) -> Result<Self, Invalid> {
        let bad = || Invalid::new("period", "month", format!("no month {year}-{month:02}"));
        let from = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        let next = from
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(bad)?;
        Self::new(from, next.pred_opt().ok_or_else(bad)?)
    }

    /// One calendar year.
    pub fn year(year: i32) -> Result<Self, Invalid> {
        let bad = || Invalid::new("period", "year", format!("no year {year}"));
        Self::new(
            NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?,
            NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?,
        )
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        (self.from..=self.to).contains(&date)
    }

    /// How many days it covers.
    pub fn days(self) -> u64 {
        (self.to - self.from).num_days().unsigned_abs() + 1
    }

    /// The period a trend compares against: the previous calendar month or year
    /// when this is one, else as many days just before.
    pub fn previous(self) -> Self {
        let first_of_month =
            self.from.day() == 1 && self.to.succ_opt().is_some_and(|d| d.day() == 1);
        if first_of_month
            && self.from.month() == 1
            && self.to.month() == 12
            && self.from.year() == self.to.year()
        {
            return Self::year(self.from.year() - 1).unwrap_or(self);
        }
        if first_of_month
            && self.from.month() == self.to.month()
            && self.from.year() == self.to.year()
        {
            let before = self.from.pred_opt().unwrap_or(self.from);
            return Self::month(before.year(), before.month()).unwrap_or(self);
        }
        let to = self.from.pred_opt().unwrap_or(self.from);
        let from = to
            .checked_sub_days(Days::new(self.days() - 1))
            .unwrap_or(to);
        Self { from, to }
    }
}

/// `part` of `whole`; no rate when the whole is zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub part: u32,
    pub whole: u32,
}

impl Rate {
    pub fn new(part: u32, whole: u32) -> Self {
        Self { part, whole }
    }

    /// In percent, `None` for nothing to measure.
    pub fn percent(self) -> Option<f64> {
        (self.whole > 0).then(|| f64::from(self.part) * 100.0 / f64::from(self.whole))
    }
}

/// Which customers and installations a report covers; `None` is every one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub tier: Option<Tier>,
    pub region: Option<String>,
    pub product_line: Option<String>,
    /// The customers this member of staff is responsible for (负责人).
    pub technician: Option<UserId>,
}

/// What every report looks up: each customer's tier, region and owner, and each
/// installation's product line.
pub struct Context<'a> {
    pub data: &'a DataSet,
    pub scope: &'a Scope,
    customers: HashMap<Uuid, &'a Customer>,
    tiers: HashMap<Uuid, Tier>,
    lines: HashMap<Uuid, &'a str>,
    /// The product lines of each customer's installations.
    customer_lines: HashMap<Uuid, BTreeSet<&'a str>>,
    /// Raised when nobody waits for the report any more ([`Context::cancelled_by`]).
    cancel: Cancel,
}

impl<'a> Context<'a> {
    /// Tiers are as of `today`: the tier a customer is served at now.
    pub fn new(data: &'a DataSet, scope: &'a Scope, today: NaiveDate) -> Self {
        let tiers = tier_all(&data.customers, &data.settings(), today)
            .into_iter()
            .map(|(id, decision)| (id, decision.tier))
            .collect();
        let mut lines = HashMap::new();
        let mut customer_lines: HashMap<Uuid, BTreeSet<&str>> = HashMap::new();
        for i in &data.installations {
            lines.insert(i.id, i.product_line.as_str());
            customer_lines
                .entry(i.customer_id)
                .or_default()
                .insert(i.product_line.as_str());
        }
        Self {
            data,
            scope,
            customers: data.customers.iter().map(|c| (c.id, c)).collect(),
            tiers,
            lines,
            customer_lines,
            cancel: Cancel::never(),
        }
    }

    /// Stops the report's plan early once `cancel` is raised; what the report then
    /// says is not an answer, so whoever raised it throws it away
    /// ([`Context::cancelled`]).
    pub fn cancelled_by(mut self, cancel: Cancel) -> Self {
        self.cancel = cancel;
        self
    }

    /// `Err` once the report was cancelled: its figures are not to be shown.
    pub fn cancelled(&self) -> Result<(), Cancelled> {
        self.cancel.check()
    }

    pub fn tier(&self, customer: Uuid) -> Option<Tier> {
        self.tiers.get(&customer).copied()
    }

    pub fn customer(&self, id: Uuid) -> Option<&'a Customer> {
        self.customers.get(&id).copied()
    }

    /// The product line of a visit: its installation's, or, for a visit of the
    /// whole customer, the one line the customer has (none when several).
    pub fn visit_line(&self, visit: &Visit) -> Option<&'a str> {
        match visit.installation_id {
            Some(id) => self.lines.get(&id).copied(),
            None => {
                let lines = self.customer_lines.get(&visit.customer_id)?;
                (lines.len() == 1).then(|| *lines.iter().next().expect("one line"))
            }
        }
    }

    /// A planned visit is in scope when its customer is, and, for a product line,
    /// one of its installations is on it (or the customer's one line, for a visit of
    /// the whole customer).
    pub fn covers_planned(&self, visit: &crate::schedule::PlannedVisit) -> bool {
        let maker = visit.assignee;
        if visit.installation_ids.is_empty() {
            return self.covers_as(visit.customer_id, None, maker);
        }
        visit
            .installation_ids
            .iter()
            .any(|i| self.covers_as(visit.customer_id, Some(*i), maker))
    }

    /// Whether the customer (and, for a product line, the installation) is in scope.
    pub fn covers(&self, customer: Uuid, installation: Option<Uuid>) -> bool {
        self.covers_as(customer, installation, None)
    }

    /// As [`Context::covers`], for a visit made by `maker` (one handed on, or
    /// recorded by someone) rather than by the customer's owner.
    pub fn covers_as(
        &self,
        customer: Uuid,
        installation: Option<Uuid>,
        maker: Option<UserId>,
    ) -> bool {
        let Some(c) = self.customer(customer) else {
            return false;
        };
        if self
            .scope
            .tier
            .is_some_and(|t| self.tier(customer) != Some(t))
        {
            return false;
        }
        if self.scope.region.as_ref().is_some_and(|r| &c.region != r) {
            return false;
        }
        let who = maker.or(c.owner);
        if self.scope.technician.is_some_and(|t| who != Some(t)) {
            return false;
        }
        match &self.scope.product_line {
            None => true,
            Some(line) => match installation {
                Some(id) => self.lines.get(&id) == Some(&line.as_str()),
                // As `visit_line`: a whole-customer record has the customer's one line.
                None => self
                    .customer_lines
                    .get(&customer)
                    .is_some_and(|lines| lines.len() == 1 && lines.contains(line.as_str())),
            },
        }
    }

    /// The done visits of the period in scope.
    pub fn done_visits(&self, period: Period) -> impl Iterator<Item = &'a Visit> + '_ {
        self.data.visits.iter().filter(move |v| {
            v.done_on().is_some_and(|d| period.contains(d))
                && self.covers(v.customer_id, v.installation_id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_period_compares_with_the_one_before_it() {
        let november = Period::month(2026, 11).unwrap();
        assert_eq!(
            november,
            Period::new(d(2026, 11, 1), d(2026, 11, 30)).unwrap()
        );
        assert_eq!(november.days(), 30);
        assert_eq!(november.previous(), Period::month(2026, 10).unwrap());
        assert_eq!(Period::month(2026, 3).unwrap().previous().days(), 28);
        assert_eq!(
            Period::month(2026, 1).unwrap().previous(),
            Period::month(2025, 12).unwrap()
        );
        assert_eq!(
            Period::year(2026).unwrap().previous(),
            Period::year(2025).unwrap()
        );
        // Ten days: the ten days before.
        let ten = Period::new(d(2026, 11, 11), d(2026, 11, 20)).unwrap();
        assert_eq!(
            ten.previous(),
            Period::new(d(2026, 11, 1), d(2026, 11, 10)).unwrap()
        );
        assert!(Period::new(d(2026, 11, 2), d(2026, 11, 1)).is_err());
        // A year and a month at most, within 1970–2200: a report's work is bounded.
        assert!(Period::new(d(2026, 1, 1), d(2027, 2, 4)).is_ok());
        assert!(Period::new(d(2026, 1, 1), d(2027, 2, 5)).is_err());
        assert!(Period::new(d(1969, 12, 1), d(1969, 12, 31)).is_err());
        assert!(Period::new(d(2201, 1, 1), d(2201, 1, 31)).is_err());
        assert!(Period::year(2026).is_ok() && Period::year(2028).is_ok());
        assert!(Period::month(2026, 13).is_err());
    }

    #[test]
    fn a_rate_of_nothing_is_no_rate() {
        assert_eq!(Rate::new(0, 0).percent(), None);
        assert_eq!(Rate::new(0, 4).percent(), Some(0.0));
        assert_eq!(Rate::new(3, 4).percent(), Some(75.0));
    }
}
