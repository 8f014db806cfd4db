//! 回访台账: every visit record of a period (done on, or planned for, a day in it),
//! with its customer's tier, region and product line, who made it, and its results.
use super::{Context, Period};
use crate::on_site;
use crate::photo::PhotoSubject;
use crate::tier::Tier;
use crate::visit::{AnsweredBy, CheckIn, Method, VisitStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub visit_id: Uuid,
    /// The day it was done; for a visit not done, the day it was planned for.
    pub date: NaiveDate,
    pub customer_id: Uuid,
    pub customer: String,
    pub tier: Option<Tier>,
    pub region: String,
    pub product_line: Option<String>,
    /// Who made (or is to make) it: the visit's assignee, else the customer's owner.
    pub technician: Option<String>,
    pub status: VisitStatus,
    pub method: Option<Method>,
    pub product: Option<u8>,
    pub service: Option<u8>,
    pub met: String,
    pub suggestions: String,
    pub issues: usize,
    /// Arrival on site, for a supervisor to see where and when.
    pub check_in: Option<CheckIn>,
    /// Departure, and the whole minutes between the two.
    #[serde(default)]
    pub check_out: Option<CheckIn>,
    #[serde(default)]
    pub minutes_on_site: Option<u32>,
    /// How far (metres) the arrival was from where the customer's other arrivals
    /// place its site, when farther than the settings allow.
    #[serde(default)]
    pub far_m: Option<u32>,
    /// The customer signed the survey.
    #[serde(default)]
    pub signed: bool,
    /// Photos taken on the visit.
    #[serde(default)]
    pub photos: usize,
    /// Who gave the survey's answers: the customer's own are marked.
    #[serde(default)]
    pub answered_by: AnsweredBy,
}

/// The period's visit records in scope, newest first.
pub fn ledger(ctx: &Context<'_>, period: Period) -> Vec<LedgerRow> {
    let mut photos: HashMap<Uuid, usize> = HashMap::new();
    for photo in &ctx.data.photos {
        if let PhotoSubject::Visit(visit) = photo.subject {
            *photos.entry(visit).or_default() += 1;
        }
    }
    // Every arrival recorded at each customer, whatever the period: its known site.
    let mut arrivals: HashMap<Uuid, Vec<CheckIn>> = HashMap::new();
    for v in &ctx.data.visits {
        if let Some(check) = v.result.as_ref().and_then(|r| r.check_in) {
            arrivals.entry(v.customer_id).or_default().push(check);
        }
    }
    let sites: HashMap<Uuid, on_site::Place> = arrivals
        .iter()
        .filter_map(|(customer, checks)| Some((*customer, on_site::known_site(checks)?)))
        .collect();
    let far_m = ctx
        .data
        .settings
        .as_ref()
        .map_or(on_site::FAR_M, |s| s.check_in_far_m);
    let mut rows: Vec<LedgerRow> = ctx
        .data
        .visits
        .iter()
        .filter_map(|v| {
            let date = v.done_on().or(v.planned_date)?;
            if !period.contains(date)
                || !ctx.covers_as(v.customer_id, v.installation_id, v.assignee)
            {
                return None;
            }
            let customer = ctx.customer(v.customer_id)?;
            let result = v.result.as_ref();
            Some(LedgerRow {
                visit_id: v.id,
                date,
                customer_id: v.customer_id,
                customer: customer.name.clone(),
                tier: ctx.tier(v.customer_id),
                region: customer.region.clone(),
                product_line: ctx.visit_line(v).map(str::to_owned),
                technician: v
                    .assignee
                    .or(customer.owner)
                    .map(|id| ctx.data.user_name(id)),
                status: v.status,
                method: result.map(|r| r.method),
                product: result.map(|r| r.product_rating.value()),
                service: result.map(|r| r.service_rating.value()),
                met: result.map(|r| r.met.clone()).unwrap_or_default(),
                suggestions: result.map(|r| r.suggestions.clone()).unwrap_or_default(),
                issues: result.map_or(0, |r| r.issue_ids.len()),
                check_in: result.and_then(|r| r.check_in),
                check_out: result.and_then(|r| r.check_out),
                minutes_on_site: result.and_then(on_site::minutes_on_site),
                far_m: result
                    .and_then(|r| r.check_in)
                    .and_then(|c| on_site::far_from(&c, *sites.get(&v.customer_id)?, far_m)),
                signed: result.is_some_and(|r| r.signature.is_some()),
                photos: photos.get(&v.id).copied().unwrap_or(0),
                answered_by: result.map(|r| r.answered_by).unwrap_or_default(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.customer.cmp(&b.customer))
            .then(a.visit_id.cmp(&b.visit_id))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{d, id, plant, visit};
    use crate::report::Scope;

    #[test]
    fn every_visit_of_the_period_newest_first_with_its_customer_and_results() {
        let mut data = plant();
        let mut planned = visit(4, 2, Some(21), d(2026, 11, 25), "phone", (5, 5));
        planned.status = VisitStatus::Planned;
        planned.result = None;
        planned.planned_date = Some(d(2026, 11, 25));
        planned.assignee = None;
        let mut unplanned = planned.clone();
        unplanned.id = id(5);
        unplanned.planned_date = None;
        let mut with_issue = visit(2, 3, None, d(2026, 11, 10), "video", (2, 3));
        with_issue.result.as_mut().unwrap().issue_ids = vec![id(900), id(901)];
        let mut checked_in = visit(1, 1, Some(11), d(2026, 11, 3), "on_site", (5, 4));
        let result = checked_in.result.as_mut().unwrap();
        result.check_in =
            Some(CheckIn::new(result.completed_at, 32.060255, 118.796877, 8.0).unwrap());
        data.visits = vec![
            checked_in,
            with_issue,
            visit(3, 1, Some(11), d(2026, 10, 31), "phone", (4, 4)),
            planned,
            unplanned,
        ];
        let scope = Scope::default();
        let ctx = Context::new(&data, &scope, d(2026, 11, 20));
        let rows = ledger(&ctx, Period::month(2026, 11).unwrap());
        let ids: Vec<Uuid> = rows.iter().map(|r| r.visit_id).collect();
        // October's visit and the one with no date at all are not November's.
        assert_eq!(ids, vec![id(4), id(2), id(1)]);
        let planned = &rows[0];
        assert_eq!(
            (planned.status, planned.method, planned.product),
            (VisitStatus::Planned, None, None)
        );
        assert_eq!(
            planned.technician.as_deref(),
            Some("李工"),
            "no assignee: the customer's owner"
        );
        assert_eq!(planned.product_line.as_deref(), Some("instrument"));
        let done = &rows[1];
        assert_eq!(
            (done.customer.as_str(), done.region.as_str()),
            ("客户3", "华东")
        );
        assert_eq!(
            (done.tier, done.method),
            (Some(Tier::General), Some(Method::Video))
        );
        assert_eq!(
            (done.product, done.service, done.issues),
            (Some(2), Some(3), 2)
        );
        assert_eq!(
            done.product_line, None,
            "a whole-customer visit of a customer with two lines"
        );
        assert_eq!(rows[2].technician.as_deref(), Some("张工"), "the assignee");
        assert!(!rows[2].signed && rows[2].photos == 0);

        let scope = Scope {
            region: Some("华北".into()),
            ..Scope::default()
        };
        let ctx = Context::new(&data, &scope, d(2026, 11, 20));
        let rows = ledger(&ctx, Period::month(2026, 11).unwrap());
        assert_eq!(
            rows.iter().map(|r| r.visit_id).collect::<Vec<_>>(),
            vec![id(4)]
        );
    }

    #[test]
    fn a_visits_signature_and_photos_are_in_its_row() {
        let mut data = plant();
        let mut signed = visit(1, 1, Some(11), d(2026, 11, 3), "on_site", (5, 4));
        signed.result.as_mut().unwrap().signature =
            Some(crate::visit::Signature::parse("data:image/png;base64,iVBORw0KGgo=").unwrap());
        signed.result.as_mut().unwrap().answered_by = AnsweredBy::CustomerOnDevice;
        data.visits = vec![
            signed,
            visit(2, 1, Some(11), d(2026, 11, 4), "phone", (4, 4)),
        ];
        let photo = |n: u128, subject| crate::photo::Photo {
            id: id(n),
            subject,
            ..crate::photo::tests::photo()
        };
        data.photos = vec![
            photo(700, PhotoSubject::Visit(id(1))),
            photo(701, PhotoSubject::Visit(id(1))),
            // An issue's photo is not the visit's.
            photo(702, PhotoSubject::Issue(id(1))),
        ];
        let scope = Scope::default();
        let ctx = Context::new(&data, &scope, d(2026, 11, 20));
        let rows = ledger(&ctx, Period::month(2026, 11).unwrap());
        let row = |n| rows.iter().find(|r| r.visit_id == id(n)).unwrap();
        assert_eq!((row(1).signed, row(1).photos), (true, 2));
        assert_eq!((row(2).signed, row(2).photos), (false, 0));
        // Who answered: the customer on the first (handed the phone), the technician on the second.
        assert_eq!(row(1).answered_by, AnsweredBy::CustomerOnDevice);
        assert_eq!(row(2).answered_by, AnsweredBy::Technician);
    }

    #[test]
    fn time_on_site_and_an_arrival_far_from_the_customers_site() {
        let mut data = plant();
        let on_site = |n: u128, day: u32, latitude: f64, minutes: Option<i64>| {
            let mut v = visit(n, 1, Some(11), d(2026, 11, day), "on_site", (5, 5));
            let result = v.result.as_mut().unwrap();
            let arrived = CheckIn::new(result.completed_at, latitude, 118.796877, 8.0).unwrap();
            result.check_in = Some(arrived);
            result.check_out = minutes.map(|m| CheckIn {
                at: crate::types::DeviceTime::new(
                    arrived.at.utc + chrono::Duration::minutes(m),
                    480,
                )
                .unwrap(),
                ..arrived
            });
            v
        };
        // Two arrivals at the gate, a third 5.6 km north (0.05° of latitude): the
        // median of the three is the gate.
        data.visits = vec![
            on_site(1, 3, 32.060255, Some(47)),
            on_site(2, 10, 32.060300, None),
            on_site(3, 17, 32.110255, Some(95)),
        ];
        let scope = Scope::default();
        let ctx = Context::new(&data, &scope, d(2026, 11, 20));
        let rows = ledger(&ctx, Period::month(2026, 11).unwrap());
        let row = |n: u128| rows.iter().find(|r| r.visit_id == id(n)).unwrap();
        assert_eq!(row(1).minutes_on_site, Some(47));
        assert_eq!(row(2).minutes_on_site, None, "not checked out");
        assert_eq!(row(3).minutes_on_site, Some(95));
        assert_eq!((row(1).far_m, row(2).far_m), (None, None));
        let far = row(3).far_m.expect("flagged");
        assert!((5_550..5_570).contains(&far), "{far}");
        // A wider setting lets it pass.
        data.settings = Some(crate::settings::Settings {
            check_in_far_m: 10_000,
            ..Default::default()
        });
        let ctx = Context::new(&data, &scope, d(2026, 11, 20));
        let rows = ledger(&ctx, Period::month(2026, 11).unwrap());
        assert!(rows.iter().all(|r| r.far_m.is_none()));
    }
}
