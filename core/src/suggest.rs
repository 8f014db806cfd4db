//! Suggested calls beyond the plan (seed 002's phone-visit selection): a seeded
//! random sample, the least satisfied, those needing follow-up service, and those
//! not contacted for the longest time.
use crate::customer::Customer;
use crate::issue::Issue;
use crate::rng::SplitMix64;
use crate::settings::SuggestionSettings;
use crate::visit::Visit;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Suggestions {
    /// 随机选择法: a random sample (same seed, same sample).
    pub random: Vec<Uuid>,
    /// 满意度选择法: the lower rating of their last visit, lowest first.
    pub low_satisfaction: Vec<(Uuid, u8)>,
    /// 服务选择法: open issues, or service asked for at the last visit.
    pub follow_up_service: Vec<Uuid>,
    /// 情感选择法: longest without a completed visit (never first).
    pub longest_without_contact: Vec<(Uuid, Option<NaiveDate>)>,
}

/// `n` customers chosen at random among those `matching` (e.g. one region or kind).
pub fn random_sample(
    customers: &[Customer],
    n: usize,
    seed: u64,
    matching: impl Fn(&Customer) -> bool,
) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = customers
        .iter()
        .filter(|c| matching(c))
        .map(|c| c.id)
        .collect();
    ids.sort();
    let mut rng = SplitMix64(seed);
    let take = n.min(ids.len());
    for i in 0..take {
        let j = i + rng.below(ids.len() - i);
        ids.swap(i, j);
    }
    ids.truncate(take);
    ids
}

pub fn suggest(
    customers: &[Customer],
    visits: &[Visit],
    issues: &[Issue],
    settings: &SuggestionSettings,
    seed: u64,
) -> Suggestions {
    let n = settings.list_size;
    // Each customer's last completed visit (latest date, then highest id).
    let mut last: HashMap<Uuid, (NaiveDate, &Visit)> = HashMap::new();
    for visit in visits {
        if let Some(date) = visit.done_on() {
            let entry = last.entry(visit.customer_id).or_insert((date, visit));
            if (date, visit.id) > (entry.0, entry.1.id) {
                *entry = (date, visit);
            }
        }
    }
    let mut ids: Vec<Uuid> = customers.iter().map(|c| c.id).collect();
    ids.sort();

    let mut low: Vec<(Uuid, u8, NaiveDate)> = ids
        .iter()
        .filter_map(|id| {
            last.get(id)
                .and_then(|(date, v)| v.lowest_rating().map(|r| (*id, r, *date)))
        })
        .filter(|(_, rating, _)| *rating <= settings.low_rating)
        .collect();
    low.sort_by_key(|(id, rating, date)| (*rating, *date, *id));

    let open: HashSet<Uuid> = issues
        .iter()
        .filter(|i| !i.status.is_closed())
        .map(|i| i.customer_id)
        .collect();
    let follow_up = ids
        .iter()
        .copied()
        .filter(|id| {
            open.contains(id)
                || last
                    .get(id)
                    .and_then(|(_, v)| v.result.as_ref())
                    .is_some_and(|r| r.wanted.any())
        })
        .take(n)
        .collect();

    let mut quiet: Vec<(Uuid, Option<NaiveDate>)> = ids
        .iter()
        .map(|id| (*id, last.get(id).map(|(d, _)| *d)))
        .collect();
    quiet.sort_by_key(|(id, date)| (*date, *id));

    Suggestions {
        random: random_sample(customers, n, seed, |_| true),
        low_satisfaction: low.into_iter().take(n).map(|(id, r, _)| (id, r)).collect(),
        follow_up_service: follow_up,
        longest_without_contact: quiet.into_iter().take(n).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{DeviceTime, Rating};
    use crate::visit::{Method, VisitResult, VisitStatus};
    use chrono::{TimeZone, Utc};

    fn customers(n: u128) -> Vec<Customer> {
        (1..=n)
            .map(|i| Customer::new(Uuid::from_u128(i), &format!("客户{i}")).unwrap())
            .collect()
    }

    fn done(
        customer: u128,
        id: u128,
        day: u32,
        product: u8,
        service: u8,
        maintenance: bool,
    ) -> Visit {
        Visit {
            id: Uuid::from_u128(id),
            customer_id: Uuid::from_u128(customer),
            installation_id: None,
            status: VisitStatus::Done,
            planned_date: None,
            assignee: None,
            result: Some(VisitResult {
                completed_at: DeviceTime::new(
                    Utc.with_ymd_and_hms(2026, 5, day, 2, 0, 0).unwrap(),
                    480,
                )
                .unwrap(),
                method: Method::Phone,
                met: String::new(),
                product_rating: Rating::parse(product).unwrap(),
                service_rating: Rating::parse(service).unwrap(),
                checklist: vec![],
                content_types: vec![],
                suggestions: String::new(),
                wanted: crate::visit::ServiceWanted {
                    maintenance,
                    ..Default::default()
                },
                issue_ids: vec![],
                notes: String::new(),
                template_version: 1,
                check_in: None,
                check_out: None,
                signature: None,
                answered_by: Default::default(),
            }),
        }
    }

    #[test]
    fn the_random_sample_is_seeded_and_order_independent() {
        let cs = customers(50);
        let a = random_sample(&cs, 10, 42, |_| true);
        assert_eq!(a.len(), 10);
        let mut reversed = cs.clone();
        reversed.reverse();
        assert_eq!(random_sample(&reversed, 10, 42, |_| true), a);
        assert_ne!(
            random_sample(&cs, 10, 43, |_| true),
            a,
            "another seed, another sample"
        );
        let mut unique = a.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10, "no customer twice");
        assert_eq!(random_sample(&cs, 100, 1, |c| c.id.as_u128() <= 3).len(), 3);
    }

    #[test]
    fn the_lists_pick_the_least_satisfied_the_service_needs_and_the_quiet_ones() {
        let cs = customers(5);
        let visits = vec![
            done(1, 11, 1, 2, 4, false), // older visit of customer 1 …
            done(1, 12, 9, 5, 5, false), // … superseded by a happy one
            done(2, 21, 3, 3, 2, false),
            done(3, 31, 4, 4, 3, true),
            done(4, 41, 5, 5, 5, false),
        ];
        let s = suggest(&cs, &visits, &[], &SuggestionSettings::default(), 7);
        assert_eq!(
            s.low_satisfaction,
            vec![(Uuid::from_u128(2), 2), (Uuid::from_u128(3), 3)]
        );
        assert_eq!(s.follow_up_service, vec![Uuid::from_u128(3)]);
        let quiet: Vec<u128> = s
            .longest_without_contact
            .iter()
            .map(|(id, _)| id.as_u128())
            .collect();
        assert_eq!(
            quiet,
            vec![5, 2, 3, 4, 1],
            "never contacted first, then oldest contact"
        );
    }
}
