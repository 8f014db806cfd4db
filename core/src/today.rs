//! Today's lists (今日): the planned visits around today sorted into what is overdue,
//! due today, to prepare and due this week, each row with the names it shows.
//!
//! Pure, so the app can also keep the head of each list as a cache and show it the
//! moment it starts, before its data is read.
use crate::dataset::DataSet;
use crate::schedule::{PlannedVisit, Status};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// One of Today's lists, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Past due: still in the window (overdue) or past it (missed).
    Overdue,
    Due,
    /// The preparation date has come.
    Prepare,
    /// Due in the next seven days.
    Week,
}

impl Bucket {
    pub const ALL: [Bucket; 4] = [Bucket::Overdue, Bucket::Due, Bucket::Prepare, Bucket::Week];

    pub fn holds(self, v: &PlannedVisit, today: NaiveDate) -> bool {
        match self {
            Bucket::Overdue => matches!(v.status, Status::Overdue | Status::Missed),
            Bucket::Due => v.status == Status::Due,
            Bucket::Prepare => v.status == Status::Preparing,
            Bucket::Week => {
                v.status != Status::Done && v.due > today && v.due <= today + Days::new(7)
            }
        }
    }

    /// A stable name for markup and tests.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Overdue => "overdue",
            Bucket::Due => "due",
            Bucket::Prepare => "prepare",
            Bucket::Week => "week",
        }
    }
}

/// A planned visit with the customer and sites it shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub visit: PlannedVisit,
    pub customer: String,
    /// The installations' sites, joined with the Chinese enumeration comma.
    pub site: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct List {
    pub bucket: Bucket,
    /// How many visits the list holds, even when `rows` holds only its head.
    pub total: usize,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TodayLists {
    pub date: NaiveDate,
    /// One list per bucket, in `Bucket::ALL` order.
    pub lists: Vec<List>,
}

impl TodayLists {
    /// Sorts `agenda` (a plan around `today` over `data`) into the lists. Within a
    /// list: the still recoverable (overdue) before the missed, then by due date.
    pub fn build(data: &DataSet, agenda: &[PlannedVisit], today: NaiveDate) -> Self {
        let names: HashMap<Uuid, &str> = data
            .customers
            .iter()
            .map(|c| (c.id, c.name.as_str()))
            .collect();
        let sites: HashMap<Uuid, &str> = data
            .installations
            .iter()
            .map(|i| (i.id, i.site.as_str()))
            .collect();
        let row = |visit: &PlannedVisit| Row {
            customer: names
                .get(&visit.customer_id)
                .copied()
                .unwrap_or_default()
                .to_owned(),
            site: visit
                .installation_ids
                .iter()
                .filter_map(|id| sites.get(id).copied())
                .collect::<Vec<_>>()
                .join("、"),
            visit: visit.clone(),
        };
        let lists = Bucket::ALL
            .into_iter()
            .map(|bucket| {
                let mut held: Vec<&PlannedVisit> =
                    agenda.iter().filter(|v| bucket.holds(v, today)).collect();
                held.sort_by_key(|v| (v.status == Status::Missed, v.due));
                List {
                    bucket,
                    total: held.len(),
                    rows: held.into_iter().map(row).collect(),
                }
            })
            .collect();
        Self { date: today, lists }
    }

    pub fn list(&self, bucket: Bucket) -> Option<&List> {
        self.lists.iter().find(|l| l.bucket == bucket)
    }

    pub fn total(&self, bucket: Bucket) -> usize {
        self.list(bucket).map_or(0, |l| l.total)
    }

    /// The most urgent list with something in it.
    pub fn most_urgent(&self) -> Option<Bucket> {
        Bucket::ALL.into_iter().find(|b| self.total(*b) > 0)
    }

    /// The first `n` rows of each list, totals kept: what the app keeps for its next
    /// start.
    pub fn head(&self, n: usize) -> Self {
        Self {
            date: self.date,
            lists: self
                .lists
                .iter()
                .map(|l| List {
                    bucket: l.bucket,
                    total: l.total,
                    rows: l.rows.iter().take(n).cloned().collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn today_of_demo() -> (DataSet, Vec<PlannedVisit>, NaiveDate) {
        let today = day(11, 23);
        let data = crate::demo::generate(150, 7, today);
        let agenda = data.plan(today - Days::new(62), today + Days::new(31), today);
        (data, agenda, today)
    }

    #[test]
    fn each_list_holds_exactly_its_visits_in_order() {
        let (data, agenda, today) = today_of_demo();
        let lists = TodayLists::build(&data, &agenda, today);
        assert_eq!(lists.lists.len(), 4);
        for list in &lists.lists {
            let expected = agenda
                .iter()
                .filter(|v| list.bucket.holds(v, today))
                .count();
            assert_eq!(list.total, expected, "{:?}", list.bucket);
            assert_eq!(list.rows.len(), expected);
            for pair in list.rows.windows(2) {
                let key = |r: &Row| (r.visit.status == Status::Missed, r.visit.due);
                assert!(
                    key(&pair[0]) <= key(&pair[1]),
                    "{:?} out of order",
                    list.bucket
                );
            }
            for row in &list.rows {
                let customer = data
                    .customers
                    .iter()
                    .find(|c| c.id == row.visit.customer_id)
                    .unwrap();
                assert_eq!(row.customer, customer.name);
            }
        }
        // The demo is alive: something is overdue and something due this week.
        assert!(lists.total(Bucket::Overdue) > 0);
        assert!(lists.total(Bucket::Week) > 0);
        assert_eq!(lists.most_urgent(), Some(Bucket::Overdue));
    }

    #[test]
    fn the_buckets_follow_status_and_the_coming_week() {
        let (_, agenda, today) = today_of_demo();
        let mut v = agenda[0].clone();
        let holds = |v: &PlannedVisit| {
            Bucket::ALL
                .into_iter()
                .filter(|b| b.holds(v, today))
                .collect::<Vec<_>>()
        };
        v.status = Status::Missed;
        v.due = today - Days::new(40);
        assert_eq!(holds(&v), [Bucket::Overdue]);
        v.status = Status::Due;
        v.due = today;
        assert_eq!(holds(&v), [Bucket::Due]);
        v.status = Status::Preparing;
        v.due = today + Days::new(3);
        assert_eq!(holds(&v), [Bucket::Prepare, Bucket::Week]);
        v.status = Status::Upcoming;
        v.due = today + Days::new(7);
        assert_eq!(holds(&v), [Bucket::Week]);
        v.due = today + Days::new(8);
        assert!(holds(&v).is_empty());
        v.status = Status::Done;
        v.due = today + Days::new(2);
        assert!(
            holds(&v).is_empty(),
            "a visit already done is not on the week's list"
        );
    }

    #[test]
    fn the_head_keeps_totals_and_the_first_rows() {
        let (data, agenda, today) = today_of_demo();
        let lists = TodayLists::build(&data, &agenda, today);
        let head = lists.head(2);
        for (full, short) in lists.lists.iter().zip(&head.lists) {
            assert_eq!(short.total, full.total);
            assert_eq!(short.rows.len(), full.rows.len().min(2));
            assert_eq!(short.rows[..], full.rows[..short.rows.len()]);
        }
    }
}
