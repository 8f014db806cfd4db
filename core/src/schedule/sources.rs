//! Candidate visits, before merging: each tier's series, each installation's
//! lifecycle stages, and the visit each event calls for.
use super::{PlanInput, Profile, Reason};
use crate::event::{Deadline, Event, EventKind};
use crate::installation::{Installation, LifecycleKind};
use crate::settings::Settings;
use crate::survey::StageKey;
use crate::tier::Tier;
use crate::visit::Method;
use chrono::{DateTime, Days, Duration, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use uuid::Uuid;

/// A set of methods, as bits of `Method::ALL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Methods(u8);

impl Methods {
    pub fn of(methods: &[Method]) -> Self {
        Methods(methods.iter().fold(0, |bits, m| bits | Self::bit(*m)))
    }
    fn bit(m: Method) -> u8 {
        1 << Method::ALL.iter().position(|x| *x == m).unwrap_or(0)
    }
    pub fn contains(self, m: Method) -> bool {
        self.0 & Self::bit(m) != 0
    }
    pub fn intersect(self, other: Methods) -> Methods {
        Methods(self.0 & other.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }
    pub fn iter(self) -> impl Iterator<Item = Method> {
        Method::ALL.into_iter().filter(move |m| self.contains(*m))
    }
}

/// One reason for a visit, with its own timing, before merging.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub customer_id: Uuid,
    pub reason: Reason,
    pub installation_id: Option<Uuid>,
    pub due: NaiveDate,
    pub deadline: Option<DateTime<Utc>>,
    /// Not before this date (the window's start).
    pub earliest: NaiveDate,
    /// The last date the reason can be met: its due date for an event (deadlines are
    /// never postponed), the end of the window otherwise.
    pub hard_latest: NaiveDate,
    /// End of the window (a month after due): after it, missed.
    pub latest: NaiveDate,
    pub methods: Methods,
}

fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))
}

fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(date)
}

fn sub_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(date)
}

/// One customer's candidate visits due within the plan's range: its tier's
/// series, its installations' lifecycle stages, the visit each of its events
/// calls for.
pub(crate) fn candidates_of(
    input: &PlanInput<'_>,
    profile: &Profile<'_>,
    installations: &[&Installation],
    events: &[&Event],
    out: &mut Vec<Candidate>,
) {
    let mut own = Vec::new();
    series(input, profile, &mut own);
    for installation in installations {
        lifecycle(input, installation, &mut own);
    }
    for event in events {
        event_visit(input.settings, event, profile.tier, &mut own);
    }
    out.extend(
        own.into_iter()
            .filter(|c| input.from <= c.due && c.due <= input.to),
    );
}

/// A window around a calendar-planned due date.
fn planned(
    input: &PlanInput<'_>,
    customer_id: Uuid,
    reason: Reason,
    installation_id: Option<Uuid>,
    due: NaiveDate,
    methods: Methods,
) -> Candidate {
    let w = &input.settings.window;
    let latest = add_months(due, w.late_months).unwrap_or(due);
    Candidate {
        customer_id,
        reason,
        installation_id,
        due,
        deadline: None,
        earliest: sub_days(due, w.early_days),
        hard_latest: latest,
        latest,
        methods,
    }
}

/// Where a customer's series is anchored: its cooperation start, else a day of
/// January 2020 derived from its id, so customers spread over the month and the
/// series does not move when the plan's range does.
fn anchor(customer_id: Uuid, start: Option<NaiveDate>) -> NaiveDate {
    start.unwrap_or_else(|| {
        let spread = (customer_id.as_u128() % 28) as u32;
        add_days(
            NaiveDate::from_ymd_opt(2020, 1, 1).expect("valid date"),
            spread,
        )
    })
}

/// Dates `first + n × every` months (n ≥ 1) that fall in `from..=to`.
fn series_dates(first: NaiveDate, every: u32, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let months_to_from =
        (from.year() - first.year()) * 12 + from.month() as i32 - first.month() as i32;
    let start = (months_to_from / every as i32 - 1).max(1) as u32;
    let mut dates = Vec::new();
    for n in start.. {
        let Some(date) = n.checked_mul(every).and_then(|m| add_months(first, m)) else {
            break;
        };
        if date > to {
            break;
        }
        if date >= from {
            dates.push(date);
        }
    }
    dates
}

fn series(input: &PlanInput<'_>, profile: &Profile<'_>, out: &mut Vec<Candidate>) {
    let customer = profile.customer;
    let policy = input.settings.policy(profile.tier);
    let first = anchor(customer.id, customer.cooperation_start);
    // No routine visit is owed from before the file was opened.
    let from = customer
        .since
        .map_or(input.from, |since| since.max(input.from));
    let mix: Vec<Method> = policy
        .method_mix
        .iter()
        .filter(|(_, share)| **share > 0)
        .map(|(m, _)| *m)
        .collect();
    // One visit on each date of a series, all for the same reason and methods.
    let mut series = |first, every_months, reason: Reason, methods: Methods| {
        for due in series_dates(first, every_months, from, input.to) {
            out.push(planned(
                input,
                customer.id,
                reason.clone(),
                None,
                due,
                methods,
            ));
        }
    };
    series(
        first,
        policy.routine_months,
        Reason::Routine { tier: profile.tier },
        Methods::of(&mix),
    );
    if let Some(extra) = &policy.extra {
        series(
            add_days(first, extra.offset_days),
            extra.every_months,
            Reason::Extra { extra: extra.kind },
            Methods::of(&[Method::OnSite]),
        );
    }
}

fn lifecycle(input: &PlanInput<'_>, installation: &Installation, out: &mut Vec<Candidate>) {
    let settings = input.settings;
    let l = &settings.lifecycle;
    let Some(base) = installation.base_date() else {
        return;
    };
    let kind = if installation.energized_date.is_some() {
        LifecycleKind::Energized
    } else {
        settings
            .product_line(&installation.product_line)
            .map_or(LifecycleKind::Generic, |p| p.lifecycle)
    };
    let phone_or_on_site = Methods::of(&[Method::Phone, Method::OnSite]);
    let mut stages: Vec<(StageKey, u32, NaiveDate, Methods)> = Vec::new();
    let at = |months: u32| add_months(base, months);
    match kind {
        LifecycleKind::Energized => {
            if let Some(date) = installation.commissioning_date {
                stages.push((
                    StageKey::Commissioning,
                    0,
                    date,
                    Methods::of(&[Method::OnSite]),
                ));
            }
            let warranty = installation
                .warranty_months
                .unwrap_or(l.default_warranty_months);
            let mut push = |stage, months: u32| {
                if let Some(date) = at(months) {
                    stages.push((stage, months, date, phone_or_on_site));
                }
            };
            push(StageKey::OneMonth, l.one_month);
            if l.warranty_half < warranty {
                push(StageKey::WarrantyHalf, l.warranty_half);
            }
            push(StageKey::WarrantyEnd, warranty);
            for months in l.post_warranty.iter().copied().filter(|m| *m > warranty) {
                push(StageKey::PostWarranty, months);
            }
        }
        LifecycleKind::Generic => {
            stages.push((
                StageKey::GenericFirst,
                0,
                add_days(base, l.generic_first_days),
                phone_or_on_site,
            ));
            for months in l.generic_months.iter().copied() {
                if let Some(date) = at(months) {
                    stages.push((StageKey::GenericFollowUp, months, date, phone_or_on_site));
                }
            }
        }
    }
    for (stage, months, due, methods) in stages {
        let reason = Reason::Lifecycle {
            installation_id: installation.id,
            stage,
            months,
        };
        out.push(planned(
            input,
            installation.customer_id,
            reason,
            Some(installation.id),
            due,
            methods,
        ));
    }
}

fn event_visit(settings: &Settings, event: &Event, tier: Tier, out: &mut Vec<Candidate>) {
    use EventKind::*;
    let rule = settings.events.rule(event.kind);
    // An order delivered to a general customer gets the week's confirmation call instead.
    let deadline_rule = if event.kind == Delivery && tier == Tier::General {
        Deadline::Days(settings.events.general_delivery_confirmation_days)
    } else {
        rule.deadline
    };
    let local_date = event.at.local_date();
    let end_of_local_day = |date: NaiveDate| {
        let end = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
        event
            .at
            .offset()
            .from_local_datetime(&end)
            .single()
            .map_or(event.at.utc, |t| t.with_timezone(&Utc))
    };
    let deadline = match deadline_rule {
        Deadline::Hours(hours) => event.at.utc + Duration::hours(i64::from(hours)),
        Deadline::SameDay => end_of_local_day(local_date),
        Deadline::Days(days) => end_of_local_day(add_days(local_date, days)),
    };
    let due = deadline.with_timezone(&event.at.offset()).date_naive();
    let methods = match event.kind {
        Delivery if tier == Tier::General => Methods::of(&[Method::Phone, Method::OnlineSurvey]),
        Delivery | ServiceCompletion | KeyNode => {
            Methods::of(&[Method::Phone, Method::OnSite, Method::Video])
        }
        Complaint | RepairOverdue | RepairFinished => Methods::of(&[Method::Phone, Method::OnSite]),
        ProposalReceived => Methods::of(&[Method::Phone, Method::Email]),
        RepairDispatched => Methods::of(&[Method::Phone]),
        NewProductLaunch | TradeShow => Methods::of(&[Method::OnSite, Method::Video]),
        QualityNotice => {
            Methods::of(&[Method::Phone, Method::OnSite, Method::Email, Method::Video])
        }
    };
    let latest = add_months(due, settings.window.late_months).unwrap_or(due);
    out.push(Candidate {
        customer_id: event.customer_id,
        reason: Reason::Event {
            event_id: event.id,
            event: event.kind,
        },
        installation_id: event.installation_id,
        due,
        deadline: matches!(deadline_rule, Deadline::Hours(_) | Deadline::SameDay)
            .then_some(deadline),
        earliest: add_days(local_date, rule.not_before_days),
        hard_latest: due,
        latest,
        methods,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn series_dates_step_from_the_anchor_without_drift() {
        // Anchored on 31 January: month ends are clamped, never drift.
        let dates = series_dates(d(2020, 1, 31), 1, d(2026, 1, 1), d(2026, 4, 30));
        assert_eq!(
            dates,
            vec![
                d(2026, 1, 31),
                d(2026, 2, 28),
                d(2026, 3, 31),
                d(2026, 4, 30)
            ]
        );
        let quarterly = series_dates(d(2019, 5, 10), 3, d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(
            quarterly,
            vec![
                d(2026, 2, 10),
                d(2026, 5, 10),
                d(2026, 8, 10),
                d(2026, 11, 10)
            ]
        );
        // The anchor itself (the start of cooperation) is not a visit.
        assert_eq!(
            series_dates(d(2026, 3, 1), 1, d(2026, 3, 1), d(2026, 4, 1)),
            vec![d(2026, 4, 1)]
        );
    }
}
