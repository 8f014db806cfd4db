//! The app's data layer: the device database and a snapshot of its data, which
//! the pages read through signals (never the network), and the intents the pages
//! ask for (`record_visit`, `import_backup`, `keep_photo`, `enroll`…). Only this
//! module and the sync engine hold the [`Store`]; a page says what the user means
//! and shows what it got.
mod account;
mod backup;
mod hand_over;
mod photos;
mod plan;
mod records;
mod visits;

pub use backup::BackupProblem;
pub use photos::Refusal as PhotoRefusal;
pub use plan::agenda;

use crate::clock::{device_now, today};
use crate::store::{Store, StoreError, DB_NAME};
use crate::sync::{Pulled, SyncEngine};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use plan::Since;
use revisit_core::dataset::DataSet;
use revisit_core::replan::Replan;
use revisit_core::schedule::PlannedVisit;
use revisit_core::sync::protocol::Record;
use revisit_core::sync::Change;
use revisit_core::today::TodayLists;
use revisit_core::user::{Role, UserEntry, UserId};
use std::sync::Arc;

/// Where the local data stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    Loading,
    Ready(Arc<DataSet>),
    Failed(StoreError),
}

#[derive(Clone, Copy)]
pub struct AppState {
    store: StoredValue<Option<Store>, LocalStorage>,
    pub data: RwSignal<Data>,
    /// The plan around today over all the data, computed in a task of its own after
    /// each change of the data, and shared by the screens that show planned visits.
    pub agenda: RwSignal<Option<Arc<Vec<PlannedVisit>>>>,
    /// Today's lists: at start, the head the last run kept (shown at once), then the
    /// lists of the fresh plan.
    pub today: RwSignal<Option<Arc<TodayLists>>>,
    /// Who uses this device (Settings): recorded with every issue step.
    pub user: RwSignal<String>,
    /// Something about the database the user must act on.
    pub notice: RwSignal<Option<StoreNotice>>,
    /// The sync engine and what it shows.
    pub sync: SyncEngine,
    /// What was just done, said once wherever the user lands (`components::Flash`).
    pub flash: RwSignal<Option<Flash>>,
    /// The visit whose survey the customer fills on this phone (customer mode).
    pub handed_over: RwSignal<Option<String>>,
    /// How many times the data shown has changed: what a plan is of.
    version: StoredValue<u64, LocalStorage>,
    /// The version of the data `agenda` was planned from, and the day.
    planned_from: StoredValue<(u64, NaiveDate), LocalStorage>,
}

/// A save the user is told about after the screen that made it has gone: saved
/// on the device (and queued, if the device syncs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    VisitSaved,
    CustomerSaved,
    InstallationSaved,
    IssueRaised,
    ActionSaved,
    EvaluationSaved,
    PlanSaved,
    VisitPlanSaved,
    TaskReported,
}

/// What the user is told about the database beyond errors of one action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreNotice {
    /// An older version of the app in another tab holds the database: close it.
    UpgradeBlocked,
    /// A newer version opened the database in another tab: reload this one.
    Outdated,
}

/// The metadata key of the device's user name.
const USER_KEY: &str = "user";
/// The metadata key of the head of Today's lists, kept for the next start.
const TODAY_KEY: &str = "today";
/// How many rows of each of Today's lists are kept for the next start.
pub const TODAY_ROWS: usize = 50;

impl AppState {
    /// Opens the database and loads its data; provided once, at the app's root.
    pub fn provide() -> Self {
        let state = Self {
            store: StoredValue::new_local(None),
            data: RwSignal::new(Data::Loading),
            agenda: RwSignal::new(None),
            today: RwSignal::new(None),
            user: RwSignal::new(String::new()),
            notice: RwSignal::new(None),
            sync: SyncEngine::new(),
            flash: RwSignal::new(None),
            handed_over: RwSignal::new(hand_over::saved()),
            version: StoredValue::new_local(0),
            planned_from: StoredValue::new_local((0, NaiveDate::MIN)),
        };
        provide_context(state);
        spawn_local(async move {
            let opening = crate::timing::span("revisit:open");
            let notice = state.notice;
            let opened = Store::open_at(DB_NAME, crate::store::schema::VERSION, move || {
                notice.set(Some(StoreNotice::UpgradeBlocked))
            })
            .await;
            drop(opening);
            match opened {
                Ok(store) => {
                    notice.set(None);
                    store.on_outdated(move || notice.set(Some(StoreNotice::Outdated)));
                    if let Ok(Some(user)) = store.meta::<String>(USER_KEY).await {
                        state.user.set(user);
                    }
                    // Today's lists as the last run left them: on screen long before
                    // a big store is read and planned.
                    if let Ok(Some(kept)) = store.meta::<TodayLists>(TODAY_KEY).await {
                        if kept.date == today() && state.today.get_untracked().is_none() {
                            state.today.set(Some(Arc::new(kept)));
                        }
                    }
                    state.sync.attach(store.clone());
                    state.store.set_value(Some(store));
                    state.sync.refresh().await;
                    state.reload().await;
                    state
                        .sync
                        .start(move |pulled| async move { state.show_pulled(pulled).await });
                    state.watch_the_day();
                    // Ask once per start; browsers decide without prompting (an installed
                    // app usually gets it). Settings shows the result.
                    crate::pwa::request_persistence().await;
                }
                Err(err) => state.data.set(Data::Failed(err)),
            }
        });
        state
    }

    /// Checks every minute, and whenever the page comes back into view, whether
    /// the day has changed.
    fn watch_the_day(&self) {
        let state = *self;
        spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(60_000).await;
                state.follow_the_day().await;
            }
        });
        let shown = window_event_listener(leptos::ev::visibilitychange, move |_| {
            spawn_local(async move { state.follow_the_day().await });
        });
        // Lives as long as the page.
        std::mem::forget(shown);
    }

    /// The open database: for this module's intents only.
    fn store(&self) -> Option<Store> {
        self.store.get_value()
    }

    /// The open database, or why not.
    fn open_store(&self) -> Result<Store, StoreError> {
        self.store()
            .ok_or_else(|| StoreError::Unavailable("the database is not open yet".into()))
    }

    /// Re-reads all the local data (at start, after enrolling).
    async fn reload(&self) {
        let Some(store) = self.store() else { return };
        let loading = crate::timing::span("revisit:load");
        let loaded = store.load().await;
        drop(loading);
        match loaded {
            Ok(data) => self.set_data(data).await,
            Err(err) => self.data.set(Data::Failed(err)),
        }
    }

    /// Saves edits (in one transaction, queued for sync), then applies them to the
    /// data in memory: no re-reading of the whole store after each edit.
    pub async fn save(&self, changes: Vec<Change>) -> Result<(), StoreError> {
        self.save_finishing(changes, None).await
    }

    /// Saves edits, deleting the draft `finished` with them.
    async fn save_finishing(
        &self,
        changes: Vec<Change>,
        finished: Option<&str>,
    ) -> Result<(), StoreError> {
        let store = self.open_store()?;
        let saving = crate::timing::span("revisit:save");
        store
            .save_all_finishing(changes.clone(), device_now(), finished)
            .await?;
        drop(saving);
        let photos = changes
            .iter()
            .filter(|c| matches!(c, Change::Put(Record::Photo(_))))
            .count() as u32;
        self.sync.queued(changes.len() as u32, photos);
        self.show_saved(&changes).await;
        Ok(())
    }

    /// Applies saved edits to the data in memory.
    async fn show_saved(&self, changes: &[Change]) {
        let applied = self
            .edit_shown::<revisit_core::error::Invalid>(|data| {
                let replan = data.replan_for(changes.iter().filter_map(Change::record));
                changes.iter().try_for_each(|c| data.apply(c))?;
                Ok(Some(replan))
            })
            .await;
        if applied.is_err() {
            // The store accepted what memory refuses: memory was behind; read again.
            self.reload().await;
        }
    }

    /// Shows what a sync pulled: the records put into the data in memory, planned
    /// again only when one differs from what the device showed (a pull mostly
    /// brings back its own edits); or everything read again.
    async fn show_pulled(&self, pulled: Pulled) {
        let records = match pulled {
            Pulled::Records(records) => records,
            Pulled::Everything => return self.reload().await,
        };
        let _ = self
            .edit_shown::<std::convert::Infallible>(move |data| {
                let replan = data.replan_for(&records);
                let changed = records
                    .into_iter()
                    .fold(false, |changed, r| data.put_record(r) | changed);
                Ok(changed.then_some(replan))
            })
            .await;
    }

    /// Edits the data shown — in place, copied only while something else still
    /// holds it: a phone holding 100,000 visits neither copies them nor doubles
    /// its memory for each visit saved — then shows it when `edit` says what the
    /// change asks of the plan (`None`: nothing changed). An edit that fails
    /// leaves the data as far as it got (the caller reads everything again).
    async fn edit_shown<E>(
        &self,
        edit: impl FnOnce(&mut DataSet) -> Result<Option<Replan>, E>,
    ) -> Result<(), E> {
        let before = self.version.get_value();
        // In the signal, untracked: shown (and planned) below, once edited.
        let edited = self.data.try_update_untracked(|d| match d {
            Data::Ready(data) => Some(edit(Arc::make_mut(data))),
            _ => None,
        });
        match edited.flatten() {
            Some(Ok(Some(replan))) => {
                if let Some(data) = self.snapshot_untracked() {
                    self.show(data, Some(Since { before, replan })).await;
                }
                Ok(())
            }
            Some(Err(err)) => {
                // Changed as far as it got: no plan is of it any more.
                self.version.update_value(|v| *v += 1);
                Err(err)
            }
            Some(Ok(None)) | None => Ok(()),
        }
    }

    /// Shows `data`, then plans it (the page stays responsive) and keeps the
    /// head of Today's lists for the next start.
    async fn set_data(&self, data: DataSet) {
        self.show(Arc::new(data), None).await;
    }

    /// Remembers who uses this device. A device not enrolled keeps its own user
    /// directory: the name goes in as an entry (the id it stands for), so what
    /// they record shows their name here, in a backup and on the server later.
    pub async fn set_user(&self, name: String) -> Result<(), StoreError> {
        let name = name.trim().to_owned();
        let enrolled = self.sync.state.with_untracked(|s| s.account.is_some());
        let entry = (!enrolled && !name.is_empty())
            .then(|| UserEntry::new(UserId::of_name(&name), &name, Role::Technician));
        if let Some(store) = self.store() {
            store.set_meta(USER_KEY, &name).await?;
            if let Some(entry) = &entry {
                let own = DataSet {
                    users: vec![entry.clone()],
                    ..DataSet::default()
                };
                store.import(&own, |_, _| ()).await?;
            }
        }
        self.user.set(name);
        if let (Some(entry), Some(current)) = (entry, self.snapshot_untracked()) {
            let mut data = (*current).clone();
            if data.put_record(Record::User(entry)) {
                self.set_data(data).await;
            }
        }
        Ok(())
    }

    /// Whether this device's user may take a supervisor's steps (override a
    /// tier, approve an extension, hand visits on): an enrolled supervisor or
    /// above, or a device not enrolled (its user is the whole office; the server
    /// checks the role again once it enrolls).
    pub fn may_supervise(&self) -> bool {
        self.may(revisit_core::user::Role::supervises)
    }

    /// Whether this device's user may open, review and verify corrective actions
    /// and send quality notices: a supervisor or above, quality control, or a
    /// device not enrolled.
    pub fn may_handle_actions(&self) -> bool {
        self.may(revisit_core::user::Role::handles_actions)
    }

    /// Whether this device's user may take a decision that is one role's (a step
    /// of an approval: `core::approval`), as `allowed` says of a role; a device
    /// not enrolled may take every one (the server checks the role again).
    pub fn may_decide(&self, allowed: impl Fn(revisit_core::user::Role) -> bool) -> bool {
        self.sync
            .state
            .with(|s| s.account.as_ref().is_none_or(|a| allowed(a.user.role)))
    }

    fn may(&self, role_may: fn(revisit_core::user::Role) -> bool) -> bool {
        self.sync
            .state
            .with(|s| s.account.as_ref().is_none_or(|a| role_may(a.user.role)))
    }

    /// Who uses this device, as records name them: the enrolled account's id, else
    /// the id of the name given in Settings ([`UserId::of_name`], which the server
    /// takes as that user's once they enroll); no one before a name is given.
    pub fn me(&self) -> Option<UserId> {
        let account = self
            .sync
            .state
            .with_untracked(|s| s.account.as_ref().map(|a| a.user.id));
        account.or_else(|| {
            self.user.with_untracked(|name| {
                let name = name.trim();
                (!name.is_empty()).then(|| UserId::of_name(name))
            })
        })
    }

    /// The name to show for a user: the directory's, this device's own user's
    /// before any directory has come, else a short form of the id.
    pub fn name_of(&self, id: UserId) -> String {
        let known = self.data.with(|d| match d {
            Data::Ready(data) => data
                .users
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.name.clone()),
            _ => None,
        });
        known
            .or_else(|| {
                (self.me() == Some(id))
                    .then(|| self.user.get_untracked())
                    .filter(|n| !n.trim().is_empty())
            })
            .unwrap_or_else(|| revisit_core::user::name_of(&[], id))
    }

    /// The user a typed name means: one this device knows by that name (or id);
    /// else, on a device not enrolled — its data is its own — whoever the name
    /// stands for. An enrolled device names only users the server has.
    pub fn user_named(&self, text: &str) -> Option<UserId> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if self.me().is_some() && self.user.with_untracked(|n| n.trim() == text) {
            return self.me();
        }
        let known = self
            .snapshot_untracked()
            .and_then(|data| data.find_user(text));
        let enrolled = self.sync.state.with_untracked(|s| s.account.is_some());
        known.or_else(|| (!enrolled).then(|| UserId::of_name(text)))
    }

    /// The data, when loaded, without subscribing to it (in event handlers).
    pub fn snapshot_untracked(&self) -> Option<Arc<DataSet>> {
        self.data.with_untracked(|d| match d {
            Data::Ready(data) => Some(data.clone()),
            _ => None,
        })
    }

    /// The data, when loaded.
    pub fn snapshot(&self) -> Option<Arc<DataSet>> {
        match self.data.get() {
            Data::Ready(data) => Some(data),
            _ => None,
        }
    }
}

/// Yields to the browser (a macrotask), so it can paint and handle input between
/// two pieces of long work.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
