//! The device's database (IndexedDB): every record the app shows, the settings and
//! survey templates, the outbox of edits waiting to be synced, visit drafts and
//! metadata. Every edit and its outbox
//! entry are written in one transaction: both or neither.
mod photos;
pub mod schema;
mod sync;
mod users;

pub use photos::Image;
pub use sync::PullApplied;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use revisit_core::dataset::DataSet;
use revisit_core::record::{Record, RecordKind, RecordRef};
use revisit_core::sync::{Change, Mutation};
use revisit_core::types::DeviceTime;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Object store and index names.
pub mod names;
use names::*;
use names::{over, TypedStores};

/// The stores a `DataSet` lives in (what a load reads and an import writes): one
/// per record kind, named by the registry (`core::record`).
fn data_stores() -> Vec<StoreName> {
    StoreName::all()
        .into_iter()
        .filter(|s| matches!(s, StoreName::Records(_)))
        .collect()
}

/// The database the app uses.
pub const DB_NAME: &str = "revisit";

/// What went wrong, in the terms the user is told.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The browser's storage quota is full.
    #[error("storage is full: {0}")]
    QuotaFull(String),
    /// Another tab holds an older version of the database open.
    #[error("blocked by another tab: {0}")]
    Blocked(String),
    /// IndexedDB cannot be used here (private mode, disabled storage).
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// The edit broke a rule (an illegal issue step…); nothing was written. The
    /// rule's own words are English: a screen words it by what was refused
    /// (`labels::store_error`).
    #[error("{0}")]
    Refused(revisit_core::error::Invalid),
    #[error("storage error: {0}")]
    Failed(String),
}

impl StoreError {
    fn from_open(err: indexed_db_futures::error::OpenDbError) -> Self {
        use indexed_db_futures::error::OpenDbError;
        match err {
            OpenDbError::Base(err) => Self::from(err),
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(err: indexed_db_futures::error::Error) -> Self {
        use indexed_db_futures::error::{DomException, Error};
        // The browser names a full quota `QuotaExceededError` (a DOMException the
        // crate has no variant of); the name, not the message, says so.
        let quota = matches!(&err, Error::DomException(DomException::Other(e))
            if e.name() == QUOTA_EXCEEDED);
        if quota {
            StoreError::QuotaFull(err.to_string())
        } else {
            StoreError::Failed(err.to_string())
        }
    }
}

/// The DOMException name of a write that does not fit the storage quota.
const QUOTA_EXCEEDED: &str = "QuotaExceededError";

type Result<T> = std::result::Result<T, StoreError>;

/// A handle on the open database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Rc<Database>,
}

/// The upload queue, if any of `changes` is a photo (whose image is queued too).
fn uploads_for(changes: &[Change]) -> Option<StoreName> {
    changes
        .iter()
        .any(|c| matches!(c, Change::Put(Record::Photo(_))))
        .then_some(UPLOADS)
}

/// The store each change writes to: its record kind's.
fn target(change: &Change) -> StoreName {
    StoreName::Records(change.kind())
}

impl Store {
    pub async fn open(name: &str) -> Result<Self> {
        Self::open_at(name, schema::VERSION, || ()).await
    }

    /// Opens at a given schema version (the upgrade test writes an old one);
    /// `on_blocked` is called while another tab's older version holds the upgrade.
    pub async fn open_at(
        name: &str,
        version: u32,
        on_blocked: impl Fn() + 'static,
    ) -> Result<Self> {
        let db = schema::open(name, version, on_blocked).await?;
        if version >= schema::USERS_BY_ID {
            users::names_to_ids(&db).await?;
        }
        Ok(Self { db: Rc::new(db) })
    }

    /// When another tab opens a newer version of the database, this connection
    /// closes (so that tab's upgrade is not blocked) and `on_outdated` is called:
    /// this tab runs older code and must be reloaded before it writes again.
    pub fn on_outdated(&self, on_outdated: impl Fn() + 'static) {
        use indexed_db_futures::internals::SystemRepr;
        use wasm_bindgen::{closure::Closure, JsCast};
        let db: web_sys::IdbDatabase = self
            .db
            .as_sys()
            .unchecked_ref::<web_sys::IdbDatabase>()
            .clone();
        let closing = db.clone();
        let listener = Closure::<dyn Fn()>::new(move || {
            closing.close();
            on_outdated();
        });
        db.set_onversionchange(Some(listener.as_ref().unchecked_ref()));
        // Lives as long as the page: one per opened database.
        listener.forget();
    }

    pub fn close(self) {
        if let Ok(db) = Rc::try_unwrap(self.db) {
            db.close();
        }
    }

    /// Applies an edit locally and queues it for sync, in one transaction.
    /// Returns the mutation id (the outbox key).
    pub async fn save(
        &self,
        change: Change,
        base_version: Option<u64>,
        time: DeviceTime,
    ) -> Result<u64> {
        let mut stores = vec![target(&change), OUTBOX];
        stores.extend(uploads_for(std::slice::from_ref(&change)));
        let tx = self
            .db
            .transaction(over(stores))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let id = write(&tx, Mutation::new(change, base_version, time)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Applies several edits (a visit and the issues it raised) and queues them, all
    /// in one transaction: all or none. An edit of a synced customer or installation
    /// is based on the server version the device holds.
    pub async fn save_all(&self, changes: Vec<Change>, time: DeviceTime) -> Result<Vec<u64>> {
        self.save_all_finishing(changes, time, None).await
    }

    /// As [`Store::save_all`], and the draft `finished` (the form the edits were
    /// typed in) deleted in the same transaction: it goes only with the edits it
    /// became, so a crash leaves either the draft or the saved visit, never both
    /// nor neither.
    pub async fn save_all_finishing(
        &self,
        changes: Vec<Change>,
        time: DeviceTime,
        finished: Option<&str>,
    ) -> Result<Vec<u64>> {
        let mut stores: Vec<StoreName> = changes.iter().map(target).collect();
        stores.extend([OUTBOX, VERSIONS]);
        stores.extend(uploads_for(&changes));
        stores.extend(finished.map(|_| DRAFTS));
        stores.sort_unstable_by_key(|s| s.as_str());
        stores.dedup();
        let tx = self
            .db
            .transaction(over(stores))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let mut ids = Vec::with_capacity(changes.len());
        for change in changes {
            let base = sync::base_version(&tx, &change).await?;
            ids.push(write(&tx, Mutation::new(change, base, time)).await?);
        }
        if let Some(key) = finished {
            tx.store(DRAFTS)?.delete(key.to_owned()).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Every record of a store.
    pub async fn all<T: DeserializeOwned>(&self, store: StoreName) -> Result<Vec<T>> {
        let tx = self.db.transaction(over([store])).build()?;
        let records: Vec<T> = tx
            .store(store)?
            .get_all()
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        Ok(records)
    }

    pub async fn get<T: DeserializeOwned>(&self, store: StoreName, id: &str) -> Result<Option<T>> {
        let tx = self.db.transaction(over([store])).build()?;
        Ok(tx.store(store)?.get(id.to_owned()).serde()?.await?)
    }

    /// The records whose `index` equals `key`.
    pub async fn by_index<T: DeserializeOwned>(
        &self,
        store: StoreName,
        index: IndexName,
        key: &str,
    ) -> Result<Vec<T>> {
        let tx = self.db.transaction(over([store])).build()?;
        let object_store = tx.store(store)?;
        let index = object_store.index(index.as_str())?;
        let records: Vec<T> = index
            .get_all()
            .with_query(key.to_owned())
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        Ok(records)
    }

    pub async fn count(&self, store: StoreName) -> Result<u32> {
        let tx = self.db.transaction(over([store])).build()?;
        Ok(tx.store(store)?.count().await?)
    }

    /// The queued edits, oldest first.
    pub async fn outbox(&self) -> Result<Vec<Mutation>> {
        self.all(OUTBOX).await
    }

    /// Saves a draft (a half-filled form) under its key.
    pub async fn save_draft<T: Serialize>(&self, key: &str, draft: &T) -> Result<()> {
        self.put_keyed(DRAFTS, key, draft).await
    }

    pub async fn draft<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.get(DRAFTS, key).await
    }

    pub async fn delete_draft(&self, key: &str) -> Result<()> {
        self.delete_keyed(DRAFTS, key).await
    }

    /// Removes the value under `key` from `store` (nothing if there is none).
    async fn delete_keyed(&self, store: StoreName, key: &str) -> Result<()> {
        let tx = self
            .db
            .transaction(over([store]))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.store(store)?.delete(key.to_owned()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        self.put_keyed(META, key, value).await
    }

    pub async fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.get(META, key).await
    }

    async fn put_keyed<T: Serialize>(&self, store: StoreName, key: &str, value: &T) -> Result<()> {
        let tx = self
            .db
            .transaction(over([store]))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.store(store)?
            .put(value)
            .with_key(key.to_owned())
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Loads a data set (the demo, a backup) in one transaction, without queuing it
    /// for sync: it is local data, not the user's edits.
    /// `progress(done, total)` is called as the records are written.
    /// Settings and templates in `data` are written as given (merging is the
    /// caller's: `backup::merge`).
    pub async fn import(&self, data: &DataSet, progress: impl Fn(usize, usize)) -> Result<()> {
        let tx = self
            .db
            .transaction(over(data_stores()))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let mut written = Written {
            done: 0,
            total: data.len(),
            progress,
        };
        for kind in RecordKind::ALL {
            put_batched(&tx, kind, &data.records_of(kind), &mut written).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Queues edits again (from a backup), in one transaction; they get new ids.
    /// A photo's edit queues its image's upload again too (dropped by the engine
    /// if this device never held the image).
    pub async fn requeue(&self, mutations: &[Mutation]) -> Result<()> {
        let tx = self
            .db
            .transaction(over([OUTBOX, UPLOADS]))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let outbox = tx.store(OUTBOX)?;
        let uploads = tx.store(UPLOADS)?;
        for m in mutations {
            outbox
                .add(&Mutation {
                    id: None,
                    ..m.clone()
                })
                .serde()?;
            if let Change::Put(Record::Photo(photo)) = &m.change {
                uploads.put(true).with_key(photo.id.to_string()).serde()?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Everything the plan and the screens read, in one snapshot.
    pub async fn load(&self) -> Result<DataSet> {
        use crate::timing::span;
        // One transaction: a consistent snapshot even though it is read in pages.
        let mut stores = data_stores();
        stores.push(META);
        let tx = self.db.transaction(over(stores)).build()?;
        let mut data = DataSet::default();
        for kind in RecordKind::ALL {
            let _s = span(format!("revisit:load:{}", kind.collection()));
            for record in read_all(&tx, kind).await? {
                data.push_record(record);
            }
        }
        let company: Option<sync::CompanySales> = tx
            .store(META)?
            .get(sync::COMPANY_SALES.to_owned())
            .serde()?
            .await?;
        if let Some(company) = company {
            data.settings
                .get_or_insert_default()
                .fill_company_sales(&company.0);
        }
        Ok(data)
    }
}

/// Records are read in pages of this many, each decoded in its own task, so a big
/// store never blocks the page for long: on a slow phone (4× CPU throttling) a
/// page of 2,000 customers held it for 300–450 ms, one of 500 for about 100 ms.
const PAGE: u32 = 500;

/// Every record of `kind`'s store, within `tx`: page by page in key order for
/// the kinds keyed by id (their keys are id strings), at once for the few others.
async fn read_all(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    kind: RecordKind,
) -> Result<Vec<Record>> {
    let store = tx.store(StoreName::Records(kind))?;
    let decode = |js: JsValue| {
        Record::deserialize_as(kind, serde_wasm_bindgen::Deserializer::from(js))
            .map_err(|err| StoreError::Failed(format!("{}: {err}", kind.collection())))
    };
    if kind.key_field() != Some("id") {
        let all: Vec<JsValue> = store
            .get_all()
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        return all.into_iter().map(decode).collect();
    }
    let mut records = Vec::new();
    // Keys are id strings: the empty string comes before all of them.
    let mut from = indexed_db_futures::KeyRange::LowerBound(String::new(), false);
    loop {
        let page: Vec<JsValue> = store
            .get_all()
            .with_query::<String, _>(from)
            .with_limit(PAGE)
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        let more = page.len() == PAGE as usize;
        for js in page {
            records.push(decode(js)?);
        }
        match records.last() {
            // A full page: the next starts after its last key.
            Some(last) if more => {
                from = indexed_db_futures::KeyRange::LowerBound(last.id(), true);
            }
            _ => return Ok(records),
        }
    }
}

/// Adds `mutation` to the outbox and applies it to its record, within `tx`.
async fn write(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    mutation: Mutation,
) -> Result<u64> {
    // The device's check is the server's (`Record::validate`, bounds included):
    // what the server would refuse never reaches the outbox to be stuck there.
    // Refused here, the caller's transaction is rolled back with nothing written.
    if let Change::Put(record) = &mutation.change {
        record.validate().map_err(StoreError::Refused)?;
    }
    let id: u64 = tx
        .store(OUTBOX)?
        .add(&mutation)
        .with_key_type::<u64>()
        .serde()?
        .await?;
    let records = tx.store(target(&mutation.change))?;
    match &mutation.change {
        Change::Put(record) => {
            records.put(record.body_ref()).serde()?.await?;
            if let Record::Photo(photo) = record {
                // Its image goes up once its record has (`sync::photos`).
                tx.store(UPLOADS)?
                    .put(true)
                    .with_key(photo.id.to_string())
                    .serde()?
                    .await?;
            }
        }
        Change::IssueStep { issue_id, event } => {
            let issue: Option<revisit_core::issue::Issue> =
                records.get(issue_id.to_string()).serde()?.await?;
            let mut issue = issue.ok_or_else(|| {
                StoreError::Refused(revisit_core::error::Invalid::new(
                    "issue",
                    "id",
                    format!("no issue {issue_id} on this device"),
                ))
            })?;
            // An illegal step returns here: the transaction is dropped uncommitted,
            // so the outbox entry added above is rolled back with it.
            issue.apply(event.clone()).map_err(StoreError::Refused)?;
            records.put(&issue).serde()?.await?;
        }
    }
    Ok(id)
}

/// Records an import issues before it waits for them: the wait lets the browser
/// paint the progress, and no single task serialises a whole store.
const IMPORT_BATCH: usize = 2_000;

struct Written<F> {
    done: usize,
    total: usize,
    progress: F,
}

/// Writes `records` of `kind` in batches; the kinds kept under a key of their
/// own (the settings) are put under it.
async fn put_batched<F: Fn(usize, usize)>(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    kind: RecordKind,
    records: &[RecordRef<'_>],
    written: &mut Written<F>,
) -> Result<()> {
    let store = tx.store(StoreName::Records(kind))?;
    let in_line = kind.key_field().is_some();
    for batch in records.chunks(IMPORT_BATCH) {
        let Some((last, rest)) = batch.split_last() else {
            continue;
        };
        for record in rest {
            if in_line {
                store.put(record).serde()?;
            } else {
                store.put(record).with_key(record.id()).serde()?;
            }
        }
        // Requests complete in order: when the last is written, so is the batch.
        if in_line {
            store.put(last).serde()?.await?;
        } else {
            store.put(last).with_key(last.id()).serde()?.await?;
        }
        written.done += batch.len();
        (written.progress)(written.done, written.total);
    }
    Ok(())
}
