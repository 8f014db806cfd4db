//! Method assignment: over the plan's period, each tier's visits are spread over
//! methods so the mix meets the tier's target (domain §4). Visits are taken in
//! date order; each gets, among the methods its reasons allow, the one furthest
//! behind its target share. A visit that must be on site (a major customer's,
//! unless its reasons allow only a call) is, and is left out of its tier's mix.
use super::merge::Merged;
use crate::settings::Settings;
use crate::tier::Tier;
use crate::visit::Method;
use std::collections::HashMap;

pub(crate) fn assign(visits: &mut [Merged], settings: &Settings) {
    let mut counts: HashMap<Tier, (u32, HashMap<Method, u32>)> = HashMap::new();
    for merged in visits.iter_mut() {
        let visit = &mut merged.visit;
        if visit.on_site_required {
            visit.method = Method::OnSite;
            continue;
        }
        let mix = &settings.policy(visit.tier).method_mix;
        let (assigned, per_method) = counts.entry(visit.tier).or_default();
        let target = |m: Method| i64::from(mix.get(&m).copied().unwrap_or(0));
        // Deficit of method m if this visit is the (assigned+1)th: target share of
        // the visits so far minus what m already has (in hundredths of a visit).
        let deficit = |m: Method| {
            target(m) * i64::from(*assigned + 1)
                - 100 * i64::from(per_method.get(&m).copied().unwrap_or(0))
        };
        let method = merged
            .allowed
            .iter()
            .max_by(|a, b| deficit(*a).cmp(&deficit(*b)).then_with(|| b.cmp(a)))
            .unwrap_or(Method::OnSite);
        visit.method = method;
        *assigned += 1;
        *per_method.entry(method).or_default() += 1;
    }
}
