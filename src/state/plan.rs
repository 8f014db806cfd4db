//! The plan shown, kept up to date: each change of the data bumps its version
//! and the plan remembers the version it was made of. A visit recorded or
//! pulled re-matches its customer's planned visits (core's `replan`); anything
//! else plans again, in slices between the browser's work (`schedule::Planning`),
//! so a phone holding 10,000 customers keeps answering while it plans.
use super::{next_task, AppState, Data, TODAY_KEY, TODAY_ROWS};
use crate::clock::today;
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use revisit_core::assignment::on_list_of;
use revisit_core::dataset::DataSet;
use revisit_core::replan::Replan;
use revisit_core::schedule::{PlannedVisit, Planning};
use revisit_core::today::TodayLists;
use std::sync::Arc;

/// What was put into the data since its version `before`, and what that asks
/// of a plan of it.
pub(super) struct Since {
    pub before: u64,
    pub replan: Replan,
}

impl AppState {
    /// Shows `data`, then brings the plan up to date: re-matched for what
    /// changed `since` the data it was made of (a visit recorded or pulled
    /// re-matches its customer's planned visits alone, so a phone holding 100,000
    /// visits shows it at once), else planned again.
    pub(super) async fn show(&self, data: Arc<DataSet>, since: Option<Since>) {
        let version = self.version.get_value() + 1;
        self.version.set_value(version);
        self.data.set(Data::Ready(data.clone()));
        next_task().await;
        self.plan(data, version, since).await;
    }

    /// Plans `data` (what is shown, as of `version`) for today, and keeps the
    /// head of Today's lists.
    async fn plan(&self, data: Arc<DataSet>, version: u64, since: Option<Since>) {
        let day = today();
        // Newer data arrived meanwhile: its own planning takes over.
        let stale = || self.version.get_value() != version;
        let planned = {
            let _span = crate::timing::span("revisit:plan");
            // Re-matched only from the plan shown, when it is today's plan of the
            // data the changes were made to.
            let shown = self.agenda.get_untracked().filter(|_| {
                let from = self.planned_from.get_value();
                since.as_ref().is_some_and(|s| from == (s.before, day))
            });
            Arc::new(match (since.map(|s| s.replan), shown) {
                (Some(Replan::Customers(customers)), Some(shown)) => {
                    let mut planned = (*shown).clone();
                    data.rematch(&mut planned, &customers, day);
                    planned
                }
                _ => match agenda_in_steps(&data, day, stale).await {
                    Some(planned) => planned,
                    None => return,
                },
            })
        };
        if stale() {
            return;
        }
        self.agenda.set(Some(planned.clone()));
        self.planned_from.set_value((version, day));
        // A technician's lists: their work (visits handed to them, their customers'
        // visits not handed on); a supervisor's or an unenrolled device's, everything.
        let me = self.sync.state.with_untracked(|s| {
            s.account
                .as_ref()
                .filter(|a| !a.user.role.sees_all())
                .map(|a| a.user.id)
        });
        let listing = crate::timing::span("revisit:today");
        let mine = on_list_of(&planned, &data.customers, me);
        let lists = TodayLists::build(&data, &mine, day);
        let head = lists.head(TODAY_ROWS);
        self.today.set(Some(Arc::new(lists)));
        drop(listing);
        if let Some(store) = self.store() {
            if let Err(err) = store.set_meta(TODAY_KEY, &head).await {
                leptos::logging::warn!("could not keep Today's lists: {err}");
            }
        }
    }

    /// Plans again when the day has changed since the last plan (the app left open
    /// overnight, a phone woken in the morning): yesterday's "due today" is today's
    /// "overdue".
    pub async fn follow_the_day(&self) {
        let planned_for = self.today.with_untracked(|t| t.as_ref().map(|t| t.date));
        if planned_for.is_none_or(|date| date == today()) {
            return;
        }
        if let Some(data) = self.snapshot_untracked() {
            self.plan(data, self.version.get_value(), None).await;
        }
    }
}

/// The visits around today: a month and more back (overdue ones are chased until
/// their window closes), a month ahead.
pub fn agenda(data: &DataSet, today: NaiveDate) -> Vec<PlannedVisit> {
    let (from, to) = agenda_range(today);
    data.plan(from, to, today)
}

fn agenda_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today - Days::new(62), today + Days::new(31))
}

/// How long the plan may hold the page before it yields to the browser (input,
/// painting): well under the 50 ms of a "long task", also on a slow phone.
const PLAN_SLICE_MS: f64 = 30.0;

/// [`agenda`] in slices of [`PLAN_SLICE_MS`] with the browser's work between
/// them: a phone holding 10,000 customers answers taps while it plans. `None`
/// once `stale` says the data has changed meanwhile.
async fn agenda_in_steps(
    data: &DataSet,
    today: NaiveDate,
    stale: impl Fn() -> bool,
) -> Option<Vec<PlannedVisit>> {
    let settings = data.settings();
    let (from, to) = agenda_range(today);
    let mut planning = Planning::new(data.plan_input(&settings, from, to, today));
    let clock = web_sys::window().and_then(|w| w.performance());
    let now = || clock.as_ref().map_or(0.0, |c| c.now());
    loop {
        let slice = now();
        let mut finished = false;
        while !finished && now() - slice < PLAN_SLICE_MS {
            finished = planning.step(50);
        }
        if finished {
            break;
        }
        next_task().await;
        if stale() {
            return None;
        }
    }
    let mut visits = planning.finish();
    data.assign(&mut visits);
    Some(visits)
}
