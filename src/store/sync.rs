//! The sync engine's side of the device database: the account, the pull cursor,
//! the server version of each synced record, and pull pages applied in one
//! transaction each (with the outbox they are planned against).
use super::{data_stores, names::*, Result, Store};
use crate::wire::{Account, PulledPage};
use chrono::{DateTime, Utc};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;
use revisit_core::sync::client::plan_page;
use revisit_core::sync::protocol::{Conflict, RecordKind};
use revisit_core::sync::{Change, Mutation};
use revisit_core::types::Cny;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Metadata keys of the sync state.
pub(super) const ACCOUNT: &str = "account";
const CURSOR: &str = "sync_cursor";
const CONFLICTS: &str = "sync_conflicts";
const LAST_SYNC: &str = "sync_last";
/// Set while the device holds the demo data set (which no server knows).
const DEMO: &str = "demo";
/// The company's sales by year over every customer, as a technician's pull last
/// brought them (`PullResponse::company_sales`); `load` fills the settings with them.
pub(super) const COMPANY_SALES: &str = "company_sales";

/// The key of a record's server version.
pub fn version_key(kind: RecordKind, id: &str) -> String {
    format!("{}/{id}", kind.as_str())
}

/// The server version an edit of `change`'s record is based on: the one the device
/// holds for a synced customer or installation, none for a new one (and for the
/// append-only records, which are never merged).
pub(super) async fn base_version(tx: &Transaction<'_>, change: &Change) -> Result<Option<u64>> {
    if !change.kind().is_mutable() {
        return Ok(None);
    }
    let key = version_key(change.kind(), &change.record_id().to_string());
    Ok(tx.store(VERSIONS)?.get(key).serde()?.await?)
}

/// What applying one pull page did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PullApplied {
    /// Records written.
    pub written: usize,
    /// For each record of the page, in order, whether it was written.
    pub wrote: Vec<bool>,
    /// Outbox entries the server had applied, removed.
    pub done: usize,
    /// Records kept as they are: an edit of theirs is still queued.
    pub held: usize,
    /// The page brought company sales other than those held: every tier may move.
    pub new_company_sales: bool,
}

/// Company sales as kept in the meta store (years as strings, as in settings).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct CompanySales(
    #[serde(with = "revisit_core::types::year_map")] pub BTreeMap<i32, Cny>,
);

impl Store {
    pub async fn account(&self) -> Result<Option<Account>> {
        self.meta(ACCOUNT).await
    }

    pub async fn set_account(&self, account: &Account) -> Result<()> {
        self.set_meta(ACCOUNT, account).await
    }

    /// The server version the next pull starts after.
    pub async fn cursor(&self) -> Result<u64> {
        Ok(self.meta(CURSOR).await?.unwrap_or(0))
    }

    /// The conflicts the last pull reported, still to be settled.
    pub async fn conflicts(&self) -> Result<Vec<Conflict>> {
        Ok(self.meta(CONFLICTS).await?.unwrap_or_default())
    }

    pub async fn set_conflicts(&self, conflicts: &[Conflict]) -> Result<()> {
        self.set_meta(CONFLICTS, &conflicts).await
    }

    /// When the device last finished a sync.
    pub async fn last_sync(&self) -> Result<Option<DateTime<Utc>>> {
        self.meta(LAST_SYNC).await
    }

    pub async fn set_last_sync(&self, at: DateTime<Utc>) -> Result<()> {
        self.set_meta(LAST_SYNC, &at).await
    }

    pub async fn holds_demo(&self) -> Result<bool> {
        Ok(self.meta(DEMO).await?.unwrap_or(false))
    }

    pub async fn mark_demo(&self) -> Result<()> {
        self.set_meta(DEMO, &true).await
    }

    /// The server version the device holds of a record.
    pub async fn version(&self, kind: RecordKind, id: &str) -> Result<Option<u64>> {
        self.get(VERSIONS, &version_key(kind, id)).await
    }

    /// The oldest `limit` queued edits: the next push.
    pub async fn outbox_head(&self, limit: u32) -> Result<Vec<Mutation>> {
        let tx = self.db.transaction(over([OUTBOX])).build()?;
        let head: Vec<Mutation> = tx
            .store(OUTBOX)?
            .get_all()
            .with_limit(limit)
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        Ok(head)
    }

    /// Removes the queued edits the server has applied (ids up to `last_mutation_id`).
    pub async fn acknowledge(&self, last_mutation_id: u64) -> Result<()> {
        let tx = self
            .db
            .transaction(over([OUTBOX]))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.store(OUTBOX)?
            .delete::<u64, _>(KeyRange::UpperBound(last_mutation_id, false))
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Applies one pull page in one transaction: acknowledged outbox entries go,
    /// every record without a queued edit is written with its version, and the
    /// cursor and conflicts move on. A crash leaves the page wholly applied or not.
    pub async fn apply_pull(&self, page: &PulledPage) -> Result<PullApplied> {
        let mut stores: Vec<StoreName> = data_stores();
        stores.extend([OUTBOX, VERSIONS, META]);
        let tx = self
            .db
            .transaction(over(stores))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let outbox: Vec<Mutation> = tx
            .store(OUTBOX)?
            .get_all()
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        let keys: Vec<String> = page.records.iter().map(|p| p.record.key()).collect();
        let plan = plan_page(&outbox, page.last_mutation_id, &keys);
        if !plan.done.is_empty() {
            tx.store(OUTBOX)?
                .delete::<u64, _>(KeyRange::UpperBound(page.last_mutation_id, false))
                .serde()?;
        }
        let versions = tx.store(VERSIONS)?;
        let mut written = 0;
        for ((pulled, key), write) in page.records.iter().zip(keys).zip(&plan.write) {
            if !write {
                continue;
            }
            written += 1;
            let record = &pulled.record;
            let store = tx.store(record.store())?;
            if record.kind.key_field().is_none() {
                store.put(record.body.clone()).with_key(key).primitive()?;
                continue;
            }
            store.put(record.body.clone()).primitive()?;
            if record.kind.is_mutable() {
                versions
                    .put(pulled.version)
                    .with_key(version_key(record.kind, &key))
                    .serde()?;
            }
        }
        let meta = tx.store(META)?;
        let mut new_company_sales = false;
        if !page.company_sales.is_empty() {
            let held: Option<CompanySales> = meta.get(COMPANY_SALES.to_owned()).serde()?.await?;
            if held.map(|h| h.0) != Some(page.company_sales.clone()) {
                new_company_sales = true;
                meta.put(&CompanySales(page.company_sales.clone()))
                    .with_key(COMPANY_SALES.to_owned())
                    .serde()?;
            }
        }
        meta.put(&page.conflicts)
            .with_key(CONFLICTS.to_owned())
            .serde()?;
        // Requests complete in order: once the cursor is written, so is the page.
        meta.put(page.cursor)
            .with_key(CURSOR.to_owned())
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(PullApplied {
            written,
            wrote: plan.write,
            done: plan.done.len(),
            held: page.records.len() - written,
            new_company_sales,
        })
    }

    /// Empties every store (signing out, or replacing the demo by an account's data).
    pub async fn clear_all(&self) -> Result<()> {
        let mut stores: Vec<StoreName> = data_stores();
        stores.extend([OUTBOX, META, DRAFTS, VERSIONS, PHOTO_FILES, UPLOADS]);
        let tx = self
            .db
            .transaction(over(stores.clone()))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        for name in stores {
            tx.store(name)?.clear()?;
        }
        tx.commit().await?;
        Ok(())
    }
}
