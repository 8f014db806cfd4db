//! What a push reads of the records table, fetched in two queries before it applies
//! anything and kept up to date as it writes. A push of ten visits used to read
//! twenty rows one statement at a time; on SQLite each statement is a round trip
//! to sqlx's worker thread, and those trips were most of a push's time.
//!
//! Correctness never rests on the prefetch: a row it did not load is read on demand.
//! The push holds the version counter's lock (and, on SQLite, the write lock), so
//! nobody else writes records while this is in use.
use super::{placeholders, unsigned};
use crate::db::WriteTx;
use crate::error::ApiError;
use revisit_core::sync::protocol::{Record, RecordKind};
use revisit_core::sync::{Change, Mutation};
use revisit_core::user::UserId;
use serde_json::Value;
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A record's row as it is now.
#[derive(Clone)]
pub struct Current {
    pub version: u64,
    pub body: Value,
    pub customer_id: Option<Uuid>,
}

/// `None`: no such row on the server.
type Key = (RecordKind, String);

#[derive(Default)]
pub struct Known {
    rows: HashMap<Key, Option<Current>>,
    /// A customer's owner (负责人); the outer `None` when there is no such customer.
    owners: HashMap<Uuid, Option<Option<UserId>>>,
    /// The customers with a visit handed to the pushing technician, once loaded.
    assigned: Option<HashSet<Uuid>>,
}

/// SQLite's smallest limit on bound parameters is 999.
const CHUNK: usize = 500;

impl Known {
    /// Loads every row `mutations` will read, and the owners of their customers.
    pub async fn prefetch(
        &mut self,
        tx: &mut WriteTx,
        mutations: impl IntoIterator<Item = &Mutation>,
    ) -> Result<(), ApiError> {
        let mut keys: Vec<Key> = Vec::new();
        let mut customers: Vec<Uuid> = Vec::new();
        for m in mutations {
            match &m.change {
                Change::IssueStep { issue_id, .. } => {
                    keys.push((RecordKind::Issue, issue_id.to_string()))
                }
                change => {
                    if let Some(record) = change.record() {
                        keys.push((record.kind(), record.id()));
                        customers.extend(record.customer_id());
                    }
                }
            }
        }
        self.load_rows(tx, &keys).await?;
        customers.extend(self.rows.values().flatten().filter_map(|c| c.customer_id));
        self.load_owners(tx, &customers).await
    }

    /// The row of `kind` `id`, read if not known yet.
    pub async fn current(
        &mut self,
        tx: &mut WriteTx,
        kind: RecordKind,
        id: &str,
    ) -> Result<Option<Current>, ApiError> {
        let key = (kind, id.to_owned());
        if !self.rows.contains_key(&key) {
            self.load_rows(tx, std::slice::from_ref(&key)).await?;
        }
        Ok(self.rows.get(&key).cloned().flatten())
    }

    /// Makes sure the owners of `customers` are known (see [`Known::owner`]).
    pub async fn load_owners(
        &mut self,
        tx: &mut WriteTx,
        customers: &[Uuid],
    ) -> Result<(), ApiError> {
        let mut wanted: Vec<String> = customers
            .iter()
            .filter(|c| !self.owners.contains_key(c))
            .map(Uuid::to_string)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        for chunk in wanted.chunks(CHUNK) {
            let sql = format!(
                "SELECT id, owner FROM records WHERE kind = 'customer' AND id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query_as::<_, (String, Option<String>)>(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            for (id, owner) in query.fetch_all(&mut **tx).await? {
                if let Ok(id) = Uuid::parse_str(&id) {
                    self.owners
                        .insert(id, Some(owner.as_deref().and_then(UserId::parse)));
                }
            }
            for id in chunk {
                if let Ok(id) = Uuid::parse_str(id) {
                    self.owners.entry(id).or_insert(None);
                }
            }
        }
        Ok(())
    }

    /// The owner of customer `id`, as loaded by [`Known::load_owners`]; `None` when
    /// there is no such customer.
    pub fn owner(&self, id: Uuid) -> Option<Option<UserId>> {
        self.owners.get(&id).cloned().flatten()
    }

    /// Loads (once a push) the customers with a visit handed to `user`. Only
    /// supervisors write assignments, so a technician's push never changes them.
    pub async fn load_assigned(&mut self, tx: &mut WriteTx, user: UserId) -> Result<(), ApiError> {
        if self.assigned.is_some() {
            return Ok(());
        }
        let ids: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT DISTINCT customer_id FROM records WHERE kind = 'assignment' AND owner = $1",
        )
        .bind(user.to_string())
        .fetch_all(&mut **tx)
        .await?;
        self.assigned = Some(
            ids.into_iter()
                .flatten()
                .filter_map(|id| Uuid::parse_str(&id).ok())
                .collect(),
        );
        Ok(())
    }

    /// Whether a visit of `customer` is handed to the pushing technician.
    pub fn is_assigned(&self, customer: Uuid) -> bool {
        self.assigned
            .as_ref()
            .is_some_and(|set| set.contains(&customer))
    }

    /// `record` was written as `version`.
    pub fn wrote(&mut self, record: &Record, version: u64, body: Value) {
        if let Record::Customer(c) = record {
            self.owners.insert(c.id, Some(c.owner));
        }
        let current = Current {
            version,
            body,
            customer_id: record.customer_id(),
        };
        self.rows
            .insert((record.kind(), record.id()), Some(current));
    }

    /// The row of `kind` `id` took `version`, its body unchanged.
    pub fn touched(&mut self, kind: RecordKind, id: &str, version: u64) {
        if let Some(Some(row)) = self.rows.get_mut(&(kind, id.to_owned())) {
            row.version = version;
        }
    }

    async fn load_rows(&mut self, tx: &mut WriteTx, keys: &[Key]) -> Result<(), ApiError> {
        for kind in RecordKind::ALL {
            // By kind and id: the primary key's order, so the lookup is an index seek.
            let mut ids: Vec<&str> = keys
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| id.as_str())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            for chunk in ids.chunks(CHUNK) {
                let sql = format!(
                    "SELECT id, version, body, customer_id FROM records
                     WHERE kind = $1 AND id IN ({})",
                    placeholders(2, chunk.len())
                );
                let mut query = sqlx::query(&sql).bind(kind.as_str());
                for id in chunk {
                    query = query.bind(*id);
                }
                for row in query.fetch_all(&mut **tx).await? {
                    let body: String = row.try_get("body")?;
                    let customer: Option<String> = row.try_get("customer_id")?;
                    let current = Current {
                        version: unsigned(row.try_get("version")?),
                        body: serde_json::from_str(&body)
                            .map_err(|err| ApiError::Internal(format!("stored body: {err}")))?,
                        customer_id: customer.and_then(|c| Uuid::parse_str(&c).ok()),
                    };
                    self.rows.insert((kind, row.try_get("id")?), Some(current));
                }
            }
        }
        for key in keys {
            self.rows.entry(key.clone()).or_insert(None);
        }
        Ok(())
    }
}
