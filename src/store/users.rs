//! The device's records made to name users by id, once, before the first load of
//! a database written by an app older than ids: every record and unsent edit that
//! names a user by name gets the user's id — the enrolled account's own, else the
//! id the name stands for ([`UserId::of_name`], which the server knows as an alias
//! of that user's id) — and the names are kept as directory entries, so they are
//! still shown until the server's directory arrives. One transaction: on a crash
//! the database stays as it was and the step runs again at the next start.
use super::names::*;
use super::names::{over, TypedStores};
use super::sync::ACCOUNT;
use super::{Result, StoreError};
use crate::wire::Account;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use revisit_core::record::RecordKind;
use revisit_core::user::{legacy, Role, UserEntry, UserId};
use serde_json::Value;
use std::collections::BTreeMap;

/// The metadata key set once every record names its users by id.
const DONE: &str = "users_by_id";
/// The metadata key of Today's lists kept for the next start: written before ids,
/// they are dropped (the next plan writes them again).
const TODAY: &str = "today";
/// Records read at a time.
const PAGE: u32 = 2_000;

/// Runs the step unless it has run on this database. Returns the number of places
/// that named a user by name.
pub(super) async fn names_to_ids(db: &Database) -> Result<usize> {
    let kinds: Vec<RecordKind> = RecordKind::ALL
        .into_iter()
        .filter(|k| !k.user_fields().is_empty())
        .collect();
    let mut stores: Vec<StoreName> = kinds.iter().copied().map(StoreName::Records).collect();
    stores.extend([USERS, OUTBOX, META]);
    let tx = db
        .transaction(over(stores))
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let meta = tx.store(META)?;
    let done: Option<bool> = meta.get(DONE.to_owned()).serde()?.await?;
    if done == Some(true) {
        return Ok(0);
    }
    let account: Option<Account> = meta.get(ACCOUNT.to_owned()).serde()?.await?;
    let mut named = Names {
        me: account.map(|a| (a.user.name.trim().to_owned(), a.user.id)),
        seen: BTreeMap::new(),
    };
    let mut changed = 0;
    for kind in kinds {
        changed += rewrite_store(&tx, kind, &mut named).await?;
    }
    changed += rewrite_outbox(&tx, &mut named).await?;
    let users = tx.store(USERS)?;
    for (name, id) in &named.seen {
        let role = if named.me.as_ref().is_some_and(|(_, me)| me == id) {
            None // the account's own entry comes with the server's directory
        } else {
            Some(Role::Technician)
        };
        if let Some(role) = role {
            users.put(&UserEntry::new(*id, name, role)).serde()?;
        }
    }
    meta.delete(TODAY.to_owned()).await?;
    meta.put(true).with_key(DONE.to_owned()).serde()?.await?;
    tx.commit().await?;
    Ok(changed)
}

/// Who a name means on this device, and the names met.
struct Names {
    me: Option<(String, UserId)>,
    seen: BTreeMap<String, UserId>,
}

impl Names {
    fn resolve(&mut self, name: &str) -> UserId {
        let name = name.trim();
        let id = match &self.me {
            Some((mine, id)) if mine == name => *id,
            _ => UserId::of_name(name),
        };
        self.seen.insert(name.to_owned(), id);
        id
    }
}

/// Rewrites the records of `kind` that name users by name, page by page.
async fn rewrite_store(tx: &Transaction<'_>, kind: RecordKind, named: &mut Names) -> Result<usize> {
    let store = tx.store(StoreName::Records(kind))?;
    let mut changed = 0;
    let mut from = indexed_db_futures::KeyRange::LowerBound(String::new(), false);
    loop {
        let page: Vec<Value> = store
            .get_all()
            .with_query::<String, _>(from)
            .with_limit(PAGE)
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        let more = page.len() == PAGE as usize;
        let last = page
            .last()
            .and_then(|v| v.get("id")?.as_str().map(str::to_owned));
        for mut body in page {
            let n = legacy::names_to_ids(kind, &mut body, &mut |name| named.resolve(name));
            if n > 0 {
                store.put(&body).serde()?;
                changed += n;
            }
        }
        match last {
            Some(last) if more => from = indexed_db_futures::KeyRange::LowerBound(last, true),
            _ => return Ok(changed),
        }
    }
}

/// Rewrites the unsent edits that name users by name (kept under their ids).
async fn rewrite_outbox(tx: &Transaction<'_>, named: &mut Names) -> Result<usize> {
    let outbox = tx.store(OUTBOX)?;
    let queued: Vec<Value> = outbox
        .get_all()
        .serde()?
        .await?
        .collect::<std::result::Result<_, _>>()?;
    let mut changed = 0;
    for mutation in queued {
        let mut push = serde_json::json!({ "mutations": [mutation] });
        let n = legacy::name_users_in_push(&mut push, &mut |name| named.resolve(name));
        if n > 0 {
            let mutation = push["mutations"][0].take();
            if mutation.get("id").and_then(Value::as_u64).is_none() {
                return Err(StoreError::Failed("an unsent edit without its id".into()));
            }
            outbox.put(&mutation).serde()?;
            changed += n;
        }
    }
    Ok(changed)
}
