//! The plan in steps of bounded work, so a page on a slow phone can yield to the
//! browser between them (issue 19: a phone holding 10,000 customers planned in
//! one task did not answer for half a second). Every plan is made this way;
//! how big the steps are changes nothing of the result.
//!
//! 1. Each customer's candidates, merged (steps 1–2 of the module), a number of
//!    customers at a time: candidates of different customers never merge.
//! 2. Once: all merged visits sorted, methods assigned over each tier (step 3),
//!    preparation dates.
//! 3. The completed visits grouped by customer, a number of them at a time.
//! 4. The matching and status (step 4), a number of planned visits at a time.
use super::honest::{self, Done};
use super::merge::{self, Merged};
use super::{contracts_by_customer, methods, settle, tier_all, PlanInput, PlannedVisit, Profile};
use crate::event::Event;
use crate::installation::Installation;
use crate::tier::Tier;
use crate::tiering;
use std::collections::HashMap;
use uuid::Uuid;

/// A plan being made: [`Planning::step`] until it says it is finished.
pub struct Planning<'a> {
    input: PlanInput<'a>,
    profiles: HashMap<Uuid, Profile<'a>>,
    /// Customers by id: the order they are taken in.
    order: Vec<Uuid>,
    installations: HashMap<Uuid, Vec<&'a Installation>>,
    events: HashMap<Uuid, Vec<&'a Event>>,
    stage: Stage,
}

enum Stage {
    /// Customers `order[next..]` are still to be taken.
    Candidates {
        next: usize,
        merged: Vec<Merged>,
    },
    /// Completed visits `input.visits[next..]` are still to be grouped.
    Gathering {
        visits: Vec<PlannedVisit>,
        done: HashMap<Uuid, Vec<Done>>,
        next: usize,
    },
    /// Planned visits `visits[next..]` are still to be matched.
    Matching {
        visits: Vec<PlannedVisit>,
        done: HashMap<Uuid, Vec<Done>>,
        next: usize,
    },
    Finished(Vec<PlannedVisit>),
}

impl<'a> Planning<'a> {
    /// Tiers every customer (a tier is a share of all customers' sales) and
    /// groups the installations and events by customer.
    pub fn new(input: PlanInput<'a>) -> Self {
        let settings = input.settings;
        let tiers = tier_all(input.customers, settings, input.today);
        let contracts = contracts_by_customer(input.installations);
        let profiles: HashMap<Uuid, Profile<'a>> = input
            .customers
            .iter()
            .map(|c| {
                let tier = tiers.get(&c.id).map_or(Tier::General, |d| d.tier);
                let major = tiering::is_major_customer(
                    contracts.get(&c.id).copied().unwrap_or_default(),
                    settings.major_customer_contract,
                );
                let profile = Profile {
                    customer: c,
                    tier,
                    major,
                };
                (c.id, profile)
            })
            .collect();
        let mut order: Vec<Uuid> = profiles.keys().copied().collect();
        order.sort_unstable();
        let mut installations: HashMap<Uuid, Vec<&'a Installation>> = HashMap::new();
        for i in input.installations {
            installations.entry(i.customer_id).or_default().push(i);
        }
        let mut events: HashMap<Uuid, Vec<&'a Event>> = HashMap::new();
        for e in input.events {
            events.entry(e.customer_id).or_default().push(e);
        }
        Planning {
            input,
            profiles,
            order,
            installations,
            events,
            stage: Stage::Candidates {
                next: 0,
                merged: Vec::new(),
            },
        }
    }

    /// Does about `n` units of the remaining work (customers, then completed
    /// visits twenty to a unit, then planned visits; at least one); `true` once
    /// the plan is finished.
    pub fn step(&mut self, n: usize) -> bool {
        let n = n.max(1);
        let stage = std::mem::replace(&mut self.stage, Stage::Finished(Vec::new()));
        self.stage = match stage {
            Stage::Candidates { next, mut merged } => {
                let end = next.saturating_add(n).min(self.order.len());
                let mut candidates = Vec::new();
                for id in &self.order[next..end] {
                    super::sources::candidates_of(
                        &self.input,
                        &self.profiles[id],
                        self.installations.get(id).map_or(&[][..], Vec::as_slice),
                        self.events.get(id).map_or(&[][..], Vec::as_slice),
                        &mut candidates,
                    );
                }
                merged.extend(merge::merge(
                    candidates,
                    self.input.settings,
                    &self.profiles,
                ));
                if end < self.order.len() {
                    Stage::Candidates { next: end, merged }
                } else {
                    self.arrange(merged)
                }
            }
            Stage::Gathering {
                visits,
                mut done,
                next,
            } => {
                let all = self.input.visits;
                // Grouping a visit is a small fraction of planning a customer.
                let end = next.saturating_add(n.saturating_mul(20)).min(all.len());
                honest::gather(&mut done, &all[next..end]);
                if end < all.len() {
                    Stage::Gathering {
                        visits,
                        done,
                        next: end,
                    }
                } else {
                    honest::order(&mut done);
                    Stage::Matching {
                        visits,
                        done,
                        next: 0,
                    }
                }
            }
            Stage::Matching {
                mut visits,
                done,
                next,
            } => {
                let end = next.saturating_add(n).min(visits.len());
                for visit in &mut visits[next..end] {
                    settle(visit, &done, self.input.today);
                }
                if end < visits.len() {
                    Stage::Matching {
                        visits,
                        done,
                        next: end,
                    }
                } else {
                    Stage::Finished(visits)
                }
            }
            finished @ Stage::Finished(_) => finished,
        };
        matches!(self.stage, Stage::Finished(_))
    }

    /// Step 3 and the preparation dates, over every merged visit at once.
    fn arrange(&self, mut merged: Vec<Merged>) -> Stage {
        let settings = self.input.settings;
        merged.sort_unstable_by(|a, b| {
            (a.visit.due, a.visit.customer_id, &a.visit.reasons[0]).cmp(&(
                b.visit.due,
                b.visit.customer_id,
                &b.visit.reasons[0],
            ))
        });
        methods::assign(&mut merged, settings);
        let mut visits: Vec<PlannedVisit> = merged.into_iter().map(|m| m.visit).collect();
        for visit in &mut visits {
            visit.prepare_on = settings
                .calendar
                .sub_working_days(visit.due, settings.preparation_working_days);
        }
        Stage::Gathering {
            visits,
            done: HashMap::new(),
            next: 0,
        }
    }

    /// The plan, the rest of the work done at once.
    pub fn finish(mut self) -> Vec<PlannedVisit> {
        while !self.step(usize::MAX) {}
        match self.stage {
            Stage::Finished(visits) => visits,
            _ => unreachable!("stepped until finished"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::plan;
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// However the work is cut, the plan is the same.
        #[test]
        fn the_steps_change_nothing(seed in 0u64..1_000, steps in prop::collection::vec(1usize..40, 1..8)) {
            let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
            let data = crate::demo::generate(60, seed, today);
            let settings = data.settings();
            let input = data.plan_input(&settings, today - Days::new(62), today + Days::new(31), today);
            let mut planning = Planning::new(input);
            for n in steps.iter().cycle() {
                if planning.step(*n) {
                    break;
                }
            }
            prop_assert_eq!(planning.finish(), plan(&input));
        }
    }
}
