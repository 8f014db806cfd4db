//! What customers said they want (seed 001: suggestions, and services — maintenance,
//! outage service, retrofit), grouped by product line and region, each group
//! linked to its visits: what the satisfaction and analysis reports show so a
//! supervisor can turn a group into a preventive action in one step.
use super::{Context, Period};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One product line in one region: the period's done visits where customers
/// made a suggestion or asked for a service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedGroup {
    /// The visit's product line (its installation's, or the customer's one line);
    /// empty when it cannot be told.
    pub product_line: String,
    pub region: String,
    /// Visits with a suggestion written down.
    pub suggestions: Vec<Uuid>,
    pub maintenance: Vec<Uuid>,
    pub outage_service: Vec<Uuid>,
    pub retrofit: Vec<Uuid>,
}

impl NeedGroup {
    /// Every visit of the group, once, in order.
    pub fn visits(&self) -> Vec<Uuid> {
        let mut all: Vec<Uuid> = [
            &self.suggestions,
            &self.maintenance,
            &self.outage_service,
            &self.retrofit,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        all.sort();
        all.dedup();
        all
    }
}

/// The period's groups, the most asked first (then by line and region).
pub fn needs(ctx: &Context<'_>, period: Period) -> Vec<NeedGroup> {
    let mut groups: BTreeMap<(String, String), NeedGroup> = BTreeMap::new();
    for visit in ctx.done_visits(period) {
        let Some(result) = &visit.result else {
            continue;
        };
        let wanted = result.wanted;
        let suggested = !result.suggestions.trim().is_empty();
        if !(suggested || wanted.maintenance || wanted.outage_service || wanted.retrofit) {
            continue;
        }
        let line = ctx.visit_line(visit).unwrap_or_default().to_owned();
        let region = ctx
            .customer(visit.customer_id)
            .map(|c| c.region.clone())
            .unwrap_or_default();
        let group = groups
            .entry((line.clone(), region.clone()))
            .or_insert_with(|| NeedGroup {
                product_line: line,
                region,
                ..NeedGroup::default()
            });
        for (asked, list) in [
            (suggested, &mut group.suggestions),
            (wanted.maintenance, &mut group.maintenance),
            (wanted.outage_service, &mut group.outage_service),
            (wanted.retrofit, &mut group.retrofit),
        ] {
            if asked {
                list.push(visit.id);
            }
        }
    }
    let mut groups: Vec<NeedGroup> = groups.into_values().collect();
    for g in &mut groups {
        for list in [
            &mut g.suggestions,
            &mut g.maintenance,
            &mut g.outage_service,
            &mut g.retrofit,
        ] {
            list.sort();
        }
    }
    groups.sort_by(|a, b| {
        b.visits()
            .len()
            .cmp(&a.visits().len())
            .then_with(|| (&a.product_line, &a.region).cmp(&(&b.product_line, &b.region)))
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{d, id, plant, visit};
    use crate::report::Scope;

    #[test]
    fn suggestions_and_services_wanted_are_grouped_by_line_and_region() {
        let mut data = plant();
        let mut asked = |n: u128,
                         customer: u128,
                         installation: Option<u128>,
                         day: chrono::NaiveDate,
                         f: &dyn Fn(&mut crate::visit::VisitResult)| {
            let mut v = visit(n, customer, installation, day, "phone", (4, 4));
            f(v.result.as_mut().unwrap());
            data.visits.push(v);
        };
        asked(101, 1, Some(11), d(2026, 11, 3), &|r| {
            r.suggestions = "希望缩短备件供货周期".into()
        });
        asked(102, 1, Some(11), d(2026, 11, 5), &|r| {
            r.wanted.maintenance = true
        });
        asked(103, 1, Some(11), d(2026, 11, 7), &|r| {
            r.wanted.retrofit = true;
            r.suggestions = "增加远程监控".into();
        });
        asked(104, 2, Some(21), d(2026, 11, 9), &|r| {
            r.wanted.outage_service = true
        });
        // Nothing asked: not counted. Outside the period: not counted.
        asked(105, 2, Some(21), d(2026, 11, 10), &|_| {});
        asked(106, 2, Some(21), d(2026, 10, 20), &|r| {
            r.wanted.maintenance = true
        });
        let scope = Scope::default();
        let ctx = Context::new(&data, &scope, d(2026, 11, 20));
        let groups = needs(&ctx, Period::month(2026, 11).unwrap());
        let one = &groups[0];
        let customer_1_line = ctx.visit_line(&data.visits[0]).unwrap().to_owned();
        assert_eq!(one.product_line, customer_1_line);
        assert_eq!(one.suggestions, [id(101), id(103)]);
        assert_eq!(one.maintenance, [id(102)]);
        assert_eq!(one.retrofit, [id(103)]);
        assert_eq!(
            one.visits(),
            [id(101), id(102), id(103)],
            "most asked first"
        );
        assert_eq!(groups[1].outage_service, [id(104)]);
        assert_eq!(groups.len(), 2);
        // The analysis report lists the same groups and counts them by kind.
        let now = d(2026, 11, 20).and_hms_opt(12, 0, 0).unwrap().and_utc();
        let r = crate::report::analysis::analysis(&ctx, Period::month(2026, 11).unwrap(), now);
        assert_eq!(r.needs, groups);
        let w = r.wanted;
        assert_eq!(
            (w.suggestions, w.maintenance, w.outage_service, w.retrofit),
            (2, 1, 1, 1)
        );
    }
}
