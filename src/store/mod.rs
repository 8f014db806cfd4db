//! The device's database (IndexedDB): every record the app shows, the outbox of
//! edits waiting to be synced, visit drafts and metadata. Every edit and its outbox
//! entry are written in one transaction: both or neither.
pub mod schema;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use revisit_core::dataset::DataSet;
use revisit_core::sync::{Change, Mutation};
use revisit_core::types::DeviceTime;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;

/// Object store and index names.
pub mod names {
    pub const CUSTOMERS: &str = "customers";
    pub const INSTALLATIONS: &str = "installations";
    pub const VISITS: &str = "visits";
    pub const EVENTS: &str = "events";
    pub const ISSUES: &str = "issues";
    pub const OUTBOX: &str = "outbox";
    pub const META: &str = "meta";
    pub const DRAFTS: &str = "drafts";
    pub const BY_CUSTOMER: &str = "by_customer";
    pub const BY_REGION: &str = "by_region";
    pub const BY_NAME: &str = "by_name";
    pub const BY_STATUS: &str = "by_status";
    pub const BY_DATE: &str = "by_date";
    pub const BY_DEPARTMENT: &str = "by_department";
}
use names::*;

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
    /// The edit broke a rule (an illegal issue step…); nothing was written.
    #[error("{0}")]
    Refused(String),
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
        let text = err.to_string();
        if text.contains("QuotaExceeded") || text.contains("quota") {
            StoreError::QuotaFull(text)
        } else {
            StoreError::Failed(text)
        }
    }
}

type Result<T> = std::result::Result<T, StoreError>;

/// A handle on the open database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Rc<Database>,
}

/// The store and record each change writes to.
fn target(change: &Change) -> &'static str {
    match change {
        Change::PutCustomer(_) => CUSTOMERS,
        Change::PutInstallation(_) => INSTALLATIONS,
        Change::PutVisit(_) => VISITS,
        Change::PutEvent(_) => EVENTS,
        Change::PutIssue(_) | Change::IssueStep { .. } => ISSUES,
    }
}

impl Store {
    pub async fn open(name: &str) -> Result<Self> {
        Self::open_at(name, schema::VERSION).await
    }

    /// Opens at a given schema version (the upgrade test writes an old one).
    pub async fn open_at(name: &str, version: u32) -> Result<Self> {
        Ok(Self {
            db: Rc::new(schema::open(name, version).await?),
        })
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
        let store_name = target(&change);
        let tx = self
            .db
            .transaction([store_name, OUTBOX])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let outbox = tx.object_store(OUTBOX)?;
        let records = tx.object_store(store_name)?;
        let mutation = Mutation::new(change, base_version, time);
        let id: u64 = outbox
            .add(&mutation)
            .with_key_type::<u64>()
            .serde()?
            .await?;
        match &mutation.change {
            Change::PutCustomer(r) => records.put(r).serde()?.await?,
            Change::PutInstallation(r) => records.put(r).serde()?.await?,
            Change::PutVisit(r) => records.put(r).serde()?.await?,
            Change::PutEvent(r) => records.put(r).serde()?.await?,
            Change::PutIssue(r) => records.put(r).serde()?.await?,
            Change::IssueStep { issue_id, event } => {
                let issue: Option<revisit_core::issue::Issue> =
                    records.get(issue_id.to_string()).serde()?.await?;
                let mut issue =
                    issue.ok_or_else(|| StoreError::Refused(format!("no issue {issue_id}")))?;
                // An illegal step returns here: the transaction is dropped uncommitted,
                // so the outbox entry added above is rolled back with it.
                issue
                    .apply(event.clone())
                    .map_err(|err| StoreError::Refused(err.to_string()))?;
                records.put(&issue).serde()?.await?;
            }
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Every record of a store.
    pub async fn all<T: DeserializeOwned>(&self, store: &str) -> Result<Vec<T>> {
        let tx = self.db.transaction(store).build()?;
        let records: Vec<T> = tx
            .object_store(store)?
            .get_all()
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        Ok(records)
    }

    pub async fn get<T: DeserializeOwned>(&self, store: &str, id: &str) -> Result<Option<T>> {
        let tx = self.db.transaction(store).build()?;
        Ok(tx.object_store(store)?.get(id.to_owned()).serde()?.await?)
    }

    /// The records whose `index` equals `key`.
    pub async fn by_index<T: DeserializeOwned>(
        &self,
        store: &str,
        index: &str,
        key: &str,
    ) -> Result<Vec<T>> {
        let tx = self.db.transaction(store).build()?;
        let object_store = tx.object_store(store)?;
        let index = object_store.index(index)?;
        let records: Vec<T> = index
            .get_all()
            .with_query(key.to_owned())
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        Ok(records)
    }

    pub async fn count(&self, store: &str) -> Result<u32> {
        let tx = self.db.transaction(store).build()?;
        Ok(tx.object_store(store)?.count().await?)
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
        let tx = self
            .db
            .transaction(DRAFTS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(DRAFTS)?.delete(key.to_owned()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        self.put_keyed(META, key, value).await
    }

    pub async fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.get(META, key).await
    }

    async fn put_keyed<T: Serialize>(&self, store: &str, key: &str, value: &T) -> Result<()> {
        let tx = self
            .db
            .transaction(store)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(store)?
            .put(value)
            .with_key(key.to_owned())
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Loads a data set (the demo, a backup) in one transaction, without queuing it
    /// for sync: it is local data, not the user's edits.
    pub async fn import(&self, data: &DataSet) -> Result<()> {
        let stores = [CUSTOMERS, INSTALLATIONS, VISITS, EVENTS, ISSUES];
        let tx = self
            .db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let put_all = |name: &str| tx.object_store(name);
        let customers = put_all(CUSTOMERS)?;
        for r in &data.customers {
            customers.put(r).serde()?;
        }
        let installations = put_all(INSTALLATIONS)?;
        for r in &data.installations {
            installations.put(r).serde()?;
        }
        let visits = put_all(VISITS)?;
        for r in &data.visits {
            visits.put(r).serde()?;
        }
        let events = put_all(EVENTS)?;
        for r in &data.events {
            events.put(r).serde()?;
        }
        let issues = put_all(ISSUES)?;
        for r in &data.issues {
            issues.put(r).serde()?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Queues edits again (from a backup), in one transaction; they get new ids.
    pub async fn requeue(&self, mutations: &[Mutation]) -> Result<()> {
        let tx = self
            .db
            .transaction(OUTBOX)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let outbox = tx.object_store(OUTBOX)?;
        for m in mutations {
            outbox
                .add(&Mutation {
                    id: None,
                    ..m.clone()
                })
                .serde()?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Everything the plan and the screens read, in one snapshot.
    pub async fn load(&self) -> Result<DataSet> {
        Ok(DataSet {
            customers: self.all(CUSTOMERS).await?,
            installations: self.all(INSTALLATIONS).await?,
            visits: self.all(VISITS).await?,
            events: self.all(EVENTS).await?,
            issues: self.all(ISSUES).await?,
            settings: None,
        })
    }
}
