//! The sync engine: pushes the outbox, then pulls, whenever that may help — at
//! start, when the browser comes back online, every few minutes, soon after a local
//! edit, and on "sync now" — and backs off with jitter while it fails. An edit
//! leaves the outbox only once the server has acknowledged it; a pull never
//! overwrites a record whose edit is still queued (`core::sync::client`).
//!
//! The engine knows the store and the server, not the app: it owns what the
//! screens show of sync (the queue counts among it) and hands what it pulled to
//! whoever started it ([`Pulled`]), so the app's state depends on the engine and
//! never the other way round.
pub mod account;
pub mod api;
mod photos;

use crate::store::{names, Store, StoreError};
use crate::wire::Account;
use chrono::{DateTime, Utc};
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::future::{Either, LocalBoxFuture};
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use revisit_core::sync::client::{retry_delay, Failure};
use revisit_core::sync::protocol::{Conflict, PushRequest, Record, MAX_PUSH};
use std::rc::Rc;
use std::time::Duration;

/// How often an idle, enrolled device syncs on its own.
const PERIOD: Duration = Duration::from_secs(5 * 60);
/// How long after a local edit the engine syncs (edits in a burst go together).
const AFTER_EDIT: Duration = Duration::from_secs(2);
/// Up to this many pulled records are decoded and put into the data in memory;
/// more (a first pull) and the data is read again from the stores.
const DECODE_AT_MOST: usize = 2_000;

/// What the engine is doing now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    #[default]
    Idle,
    /// A sync has begun: asking the server, nothing moved yet.
    Starting,
    /// Sending queued edits: `sent` of `total`.
    Pushing { sent: usize, total: usize },
    /// Receiving what changed: `done` of about `total` server versions.
    Pulling { done: u64, total: u64 },
    /// Sending photos' images: `done` of `total` photos.
    Uploading { done: usize, total: usize },
}

/// Why the last sync did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Server(Failure),
    Device(StoreError),
}

/// Everything the screens show about sync.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncState {
    /// `None`: the device is not enrolled, and syncs nothing.
    pub account: Option<Account>,
    pub phase: Phase,
    pub last_sync: Option<DateTime<Utc>>,
    /// Edits waiting in the outbox.
    pub queued: u32,
    /// Photos whose image the server still lacks.
    pub photos_waiting: u32,
    pub problem: Option<Problem>,
    /// Fields both this device and someone else changed, for the user to settle.
    pub conflicts: Vec<Conflict>,
    /// Syncs begun and ended (well or not) since the page opened: a sync asked for
    /// when `begun` was n is over once `ended` passes n.
    pub begun: u32,
    pub ended: u32,
}

/// What a sync brought in, for the data in memory.
#[derive(Debug)]
pub enum Pulled {
    /// These records were written (a few: put them into what is shown).
    Records(Vec<Record>),
    /// Much was written, or something every tier depends on: read everything again.
    Everything,
}

/// Who is told what a sync pulled (the app's state), awaited before the next sync.
type OnPulled = Rc<dyn Fn(Pulled) -> LocalBoxFuture<'static, ()>>;

/// The handle the app keeps: the state to show, and a way to ask for a sync.
#[derive(Clone, Copy)]
pub struct SyncEngine {
    /// What the screens show; only the engine writes it.
    pub state: ReadSignal<SyncState>,
    set_state: WriteSignal<SyncState>,
    store: StoredValue<Option<Store>, LocalStorage>,
    on_pulled: StoredValue<Option<OnPulled>, LocalStorage>,
    /// Requests for a sync: kept from the first moment, so one made before the
    /// loop starts (a tap while the data is still being read) is not lost.
    wake: StoredValue<UnboundedSender<Duration>, LocalStorage>,
    wakes: StoredValue<Option<UnboundedReceiver<Duration>>, LocalStorage>,
}

impl SyncEngine {
    pub fn new() -> Self {
        let (sender, receiver) = unbounded();
        let (state, set_state) = signal(SyncState::default());
        Self {
            state,
            set_state,
            store: StoredValue::new_local(None),
            on_pulled: StoredValue::new_local(None),
            wake: StoredValue::new_local(sender),
            wakes: StoredValue::new_local(Some(receiver)),
        }
    }

    /// The device's bearer token, when it is signed in to a server.
    pub fn token(&self) -> Option<String> {
        self.state
            .with_untracked(|s| s.account.as_ref().map(|a| a.token.clone()))
    }

    /// Gives the engine the open database (before [`SyncEngine::refresh`] and
    /// [`SyncEngine::start`]).
    pub fn attach(&self, store: Store) {
        self.store.set_value(Some(store));
    }

    fn store(&self) -> Result<Store, StoreError> {
        self.store
            .get_value()
            .ok_or_else(|| StoreError::Unavailable("the database is not open".into()))
    }

    /// Starts the engine's loop (once the database is open); a second call does
    /// nothing. `on_pulled` is told, after each sync that wrote records, what it
    /// wrote.
    pub fn start<F, Fut>(&self, on_pulled: F)
    where
        F: Fn(Pulled) -> Fut + 'static,
        Fut: std::future::Future<Output = ()> + 'static,
    {
        let Some(receiver) = self.wakes.try_update_value(Option::take).flatten() else {
            return;
        };
        let handler: OnPulled = Rc::new(move |pulled| Box::pin(on_pulled(pulled)));
        self.on_pulled.set_value(Some(handler));
        let engine = *self;
        spawn_local(async move { engine.run(receiver).await });
        // Back online: try at once rather than at the next retry.
        let online = window_event_listener(leptos::ev::online, move |_| engine.sync_now());
        // Lives as long as the page.
        std::mem::forget(online);
    }

    /// Syncs as soon as possible.
    pub fn sync_now(&self) {
        self.wake_in(Duration::ZERO);
    }

    /// Syncs shortly (after a local edit).
    pub fn soon(&self) {
        self.wake_in(AFTER_EDIT);
    }

    /// Edits were saved to the outbox (`photos` of them photos, whose images wait
    /// to be sent): counted at once, and a sync follows shortly.
    pub fn queued(&self, edits: u32, photos: u32) {
        self.set_state.update(|s| {
            s.queued += edits;
            s.photos_waiting += photos;
        });
        self.soon();
    }

    fn wake_in(&self, delay: Duration) {
        self.wake.with_value(|wake| {
            let _ = wake.unbounded_send(delay);
        });
    }

    async fn run(self, mut wakes: UnboundedReceiver<Duration>) {
        let mut failures = 0u32;
        let mut due = js_sys::Date::now();
        loop {
            // Sleep until the sync is due; a request for an earlier one moves it up.
            loop {
                let left = Duration::from_millis((due - js_sys::Date::now()).max(0.0) as u64);
                match futures::future::select(Box::pin(sleep(left)), wakes.next()).await {
                    Either::Left(_) => break,
                    Either::Right((Some(delay), _)) => {
                        due = due.min(js_sys::Date::now() + delay.as_millis() as f64);
                    }
                    Either::Right((None, _)) => return,
                }
            }
            self.set_state.update(|s| s.begun += 1);
            let outcome = self.sync_once().await;
            let wait = match outcome {
                Ok(()) => {
                    failures = 0;
                    PERIOD
                }
                Err(problem) => {
                    let retries = matches!(&problem, Problem::Server(failure) if failure.retries());
                    self.set_state.update(|s| s.problem = Some(problem));
                    if retries {
                        failures += 1;
                        retry_delay(failures, 0.5 + js_sys::Math::random())
                    } else {
                        // Waiting will not help: the user must act (enroll again,
                        // export a refused edit); "sync now" tries again.
                        PERIOD
                    }
                }
            };
            self.set_state.update(|s| {
                s.phase = Phase::Idle;
                s.ended += 1;
            });
            due = js_sys::Date::now() + wait.as_millis() as f64;
        }
    }

    /// Loads what the database knows of sync (at start, after enrollment).
    pub async fn refresh(&self) {
        let Ok(store) = self.store() else { return };
        let account = store.account().await.ok().flatten();
        let last_sync = store.last_sync().await.ok().flatten();
        let queued = store.count(names::OUTBOX).await.unwrap_or(0);
        let photos_waiting = store.count(names::UPLOADS).await.unwrap_or(0);
        let conflicts = store.conflicts().await.unwrap_or_default();
        self.set_state.update(|s| {
            s.account = account;
            s.last_sync = last_sync;
            s.queued = queued;
            s.photos_waiting = photos_waiting;
            s.conflicts = conflicts;
        });
    }

    /// One sync: the whole outbox out, then everything new in.
    async fn sync_once(&self) -> Result<(), Problem> {
        let store = self.store().map_err(Problem::Device)?;
        self.refresh().await;
        let Some(account) = self.state.with_untracked(|s| s.account.clone()) else {
            return Ok(());
        };
        if !navigator_online() {
            return Err(Problem::Server(Failure::Unreachable));
        }
        // Busy from here: until the first answer, nothing on screen may say "synced".
        self.set_state.update(|s| s.phase = Phase::Starting);
        let device = |err: StoreError| Problem::Device(err);
        let server = |failure: Failure| Problem::Server(failure);

        // Push, oldest first, in batches the server takes in one transaction each.
        let pushing = crate::timing::span("revisit:sync:push");
        let total = store.count(names::OUTBOX).await.map_err(device)? as usize;
        let mut sent = 0;
        loop {
            let head = store.outbox_head(MAX_PUSH as u32).await.map_err(device)?;
            let Some(last) = head.last().and_then(|m| m.id) else {
                break;
            };
            self.set_state
                .update(|s| s.phase = Phase::Pushing { sent, total });
            sent += head.len();
            let request = PushRequest {
                client_id: account.client_id,
                mutations: head,
            };
            let answer = api::push(&account.token, &request).await.map_err(server)?;
            if answer.last_mutation_id < last {
                return Err(server(Failure::Unexpected {
                    status: 200,
                    message: format!(
                        "the server applied up to {} of {last}",
                        answer.last_mutation_id
                    ),
                }));
            }
            store
                .acknowledge(answer.last_mutation_id)
                .await
                .map_err(device)?;
        }

        drop(pushing);

        // Pull, page by page; each page is applied in one transaction.
        let pulling = crate::timing::span("revisit:sync:pull");
        let start = store.cursor().await.map_err(device)?;
        let mut cursor = start;
        // What the pull wrote, decoded, while it is little; `None`: read it all again.
        let mut pulled: Option<Vec<Record>> = Some(Vec::new());
        let conflicts = loop {
            let page = match api::pull(&account.token, cursor).await {
                // The server's database was replaced: everything again, from the start.
                Err(Failure::ServerReplaced) if cursor > 0 => {
                    cursor = 0;
                    continue;
                }
                other => other.map_err(server)?,
            };
            let applied = store.apply_pull(&page).await.map_err(device)?;
            // New company sales move tiers: plan everything again from the store.
            pulled = pulled.filter(|p| {
                !applied.new_company_sales && p.len() + applied.written <= DECODE_AT_MOST
            });
            if let Some(records) = &mut pulled {
                let written = page.records.iter().zip(&applied.wrote).filter(|(_, w)| **w);
                match written
                    .map(|(p, _)| p.record.decode())
                    .collect::<Result<Vec<_>, _>>()
                {
                    Ok(decoded) => records.extend(decoded),
                    Err(_) => pulled = None,
                }
            }
            let total = page.latest.saturating_sub(start).max(1);
            let done = page.cursor.saturating_sub(start).min(total);
            self.set_state
                .update(|s| s.phase = Phase::Pulling { done, total });
            cursor = page.cursor;
            if !page.more {
                break page.conflicts;
            }
        };

        drop(pulling);
        // Records first, so a slow photo never holds back what others need to see.
        self.upload_photos(&store, &account.token).await?;
        let now = crate::clock::device_now().utc;
        store.set_last_sync(now).await.map_err(device)?;
        let queued = store.count(names::OUTBOX).await.map_err(device)?;
        self.set_state.update(|s| {
            s.last_sync = Some(now);
            s.queued = queued;
            s.problem = None;
            s.conflicts = conflicts;
        });
        let pulled = match pulled {
            Some(records) if records.is_empty() => return Ok(()),
            Some(records) => Pulled::Records(records),
            None => Pulled::Everything,
        };
        if let Some(tell) = self.on_pulled.get_value() {
            tell(pulled).await;
        }
        Ok(())
    }
}

impl Default for SyncEngine {
    fn default() -> Self {
        Self::new()
    }
}

async fn sleep(duration: Duration) {
    let ms = duration.as_millis().min(u128::from(u32::MAX)) as u32;
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// What the browser believes of its network (false means surely offline).
fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
