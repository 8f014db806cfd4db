//! Merging: a customer's candidate visits due within the merge span of each other
//! become one visit covering all their reasons and checklists (domain §4), so a
//! technician never visits a site twice in a week for the plan's sake.
//!
//! The merged visit is due at the earliest due date — unless one of its reasons
//! cannot be met that early (an event that has not happened yet, a repair whose
//! effect is checked 3 days after), in which case it is due on the first day all
//! can be met. Two candidates merge only if such a day exists before every
//! deadline, so an event's deadline is never postponed by a merge.
use super::sources::{Candidate, Methods};
use super::{PlannedVisit, Profile, Status, Window};
use crate::settings::Settings;
use crate::visit::Method;
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// Whether two visits could be one: some day lies in both their windows before
/// both their last days.
pub fn can_merge(a: &PlannedVisit, b: &PlannedVisit) -> bool {
    a.customer_id == b.customer_id
        && a.window.earliest.max(b.window.earliest) <= a.last_day.min(b.last_day)
}

struct Cluster {
    members: Vec<Candidate>,
    due: NaiveDate,
    earliest: NaiveDate,
    last_day: NaiveDate,
    latest: NaiveDate,
}

impl Cluster {
    fn new(first: Candidate) -> Self {
        Self {
            due: first.due.max(first.earliest),
            earliest: first.earliest,
            last_day: first.hard_latest,
            latest: first.latest,
            members: vec![first],
        }
    }

    fn admits(&self, c: &Candidate, span_days: i64) -> bool {
        (c.due - self.due).num_days() <= span_days
            && self.earliest.max(c.earliest) <= self.last_day.min(c.hard_latest)
    }

    fn add(&mut self, c: Candidate) {
        self.earliest = self.earliest.max(c.earliest);
        self.last_day = self.last_day.min(c.hard_latest);
        self.latest = self.latest.min(c.latest);
        self.due = self.due.min(c.due).max(self.earliest);
        self.members.push(c);
    }
}

/// A merged visit and the methods its reasons allow.
pub(crate) struct Merged {
    pub visit: PlannedVisit,
    pub allowed: Methods,
}

pub(crate) fn merge(
    mut candidates: Vec<Candidate>,
    settings: &Settings,
    profiles: &HashMap<Uuid, Profile<'_>>,
) -> Vec<Merged> {
    candidates.sort_unstable_by(|a, b| {
        (a.customer_id, a.due, a.earliest, &a.reason).cmp(&(
            b.customer_id,
            b.due,
            b.earliest,
            &b.reason,
        ))
    });
    let span = i64::from(settings.merge_span_days);
    let mut visits = Vec::new();
    let mut current: Option<Cluster> = None;
    for candidate in candidates {
        match current.as_mut() {
            Some(cluster)
                if cluster.members[0].customer_id == candidate.customer_id
                    && cluster.admits(&candidate, span) =>
            {
                cluster.add(candidate);
            }
            _ => {
                if let Some(done) = current.replace(Cluster::new(candidate)) {
                    visits.push(finish(done, profiles));
                }
            }
        }
    }
    if let Some(done) = current {
        visits.push(finish(done, profiles));
    }
    visits
}

fn finish(cluster: Cluster, profiles: &HashMap<Uuid, Profile<'_>>) -> Merged {
    let first = &cluster.members[0];
    let customer_id = first.customer_id;
    let profile = profiles.get(&customer_id);
    let mut installation_ids: Vec<Uuid> = cluster
        .members
        .iter()
        .filter_map(|c| c.installation_id)
        .collect();
    installation_ids.sort();
    installation_ids.dedup();
    let mut stages = Vec::new();
    for stage in cluster.members.iter().filter_map(|c| c.reason.stage()) {
        if !stages.contains(&stage) {
            stages.push(stage);
        }
    }
    let deadline = cluster.members.iter().filter_map(|c| c.deadline).min();
    let allowed = allowed_methods(&cluster.members);
    let major = profile.is_some_and(|p| p.major);
    // On site when nothing else will do, and for a major customer — unless every
    // reason is an event that calls for no visit on site (a repair-dispatched
    // call stays a call).
    let only_calls = cluster.members.iter().all(|c| {
        matches!(c.reason, super::Reason::Event { .. }) && !c.methods.contains(Method::OnSite)
    });
    let on_site_required =
        (allowed.contains(Method::OnSite) && allowed.len() == 1) || (major && !only_calls);
    let visit = PlannedVisit {
        customer_id,
        tier: profile.map_or(crate::tier::Tier::General, |p| p.tier),
        major_customer: major,
        on_site_required,
        installation_ids,
        reasons: cluster.members.iter().map(|c| c.reason.clone()).collect(),
        stages,
        due: cluster.due,
        deadline,
        window: Window {
            earliest: cluster.earliest,
            latest: cluster.latest,
        },
        last_day: cluster.last_day,
        prepare_on: cluster.due,
        method: Method::Phone,
        status: Status::Upcoming,
        assignee: None,
        done_by: None,
        unmet: Vec::new(),
    };
    Merged { visit, allowed }
}

/// The methods every reason allows; if they share none, those of the most
/// constrained reason (an on-site-only commissioning beats a phone routine).
fn allowed_methods(members: &[Candidate]) -> Methods {
    let all = members
        .iter()
        .fold(Methods::of(&Method::ALL), |acc, c| acc.intersect(c.methods));
    if !all.is_empty() {
        return all;
    }
    members
        .iter()
        .map(|c| c.methods)
        .min_by_key(|m| m.len())
        .unwrap_or(Methods::of(&Method::ALL))
}
