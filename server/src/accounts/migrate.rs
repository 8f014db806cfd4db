//! The migration to users by id (issue 18): records written before it name users
//! by display name ("张工"). Once, at the first start of this version, in one
//! transaction: every user gets a directory entry and the alias of their name; a
//! name no user has gets a placeholder user; every record, every kept base
//! version and every open conflict that names a user by name names them by id,
//! with a new version, so devices pull the records again. Done once: the
//! `server_meta` key [`DONE`] says so, and later starts read nothing more (after
//! it, pushes are mapped to ids before they are read, so no name is written).
use super::directory::{add_placeholder, alias, ids_by_name, next_version, publish};
use crate::db::{Database, WriteTx};
use revisit_core::sync::protocol::RecordKind;
use revisit_core::user::{legacy, UserId};
use serde_json::Value;
use std::collections::HashMap;

/// The `server_meta` key set when the migration is done.
pub const DONE: &str = "users_by_id";

/// Rows read at a time.
const PAGE: i64 = 1000;

impl Database {
    /// Opens and migrates the database (see [`Database::connect`]), then brings
    /// its records to users by id.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let db = Self::connect(url).await?;
        db.migrate_users()
            .await
            .map_err(|err| anyhow::anyhow!("cannot move the records to users by id: {err}"))?;
        Ok(db)
    }

    /// The migration itself; what it changed, for the log.
    pub async fn migrate_users(&self) -> Result<Migrated, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let done: Option<String> =
            sqlx::query_scalar("SELECT value FROM server_meta WHERE key = $1")
                .bind(DONE)
                .fetch_optional(&mut *tx)
                .await?;
        if done.is_some() {
            return Ok(Migrated::default());
        }
        let mut names = Names {
            known: ids_by_name(&mut tx).await?,
            added: Vec::new(),
        };
        let mut migrated = Migrated::default();
        for (name, id) in names.known.clone() {
            alias(&mut tx, &name, id).await?;
            publish(&mut tx, id).await?;
        }
        for kind in RecordKind::ALL {
            if kind.user_fields().is_empty() {
                continue;
            }
            migrated.records += rewrite_records(&mut tx, kind, &mut names).await?;
            migrated.versions += rewrite_versions(&mut tx, kind, &mut names).await?;
            migrated.conflicts += rewrite_conflicts(&mut tx, kind, &mut names).await?;
        }
        for name in &names.added {
            add_placeholder(&mut tx, name).await?;
        }
        migrated.placeholders = names.added.len();
        sqlx::query(
            "INSERT INTO server_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(DONE)
        .bind(super::timestamp(crate::clock::now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if migrated != Migrated::default() {
            tracing::info!(?migrated, "records moved to users by id");
        }
        Ok(migrated)
    }
}

/// What [`Database::migrate_users`] changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    pub records: usize,
    pub versions: usize,
    pub conflicts: usize,
    /// Users made for names no user had.
    pub placeholders: usize,
}

/// Names to ids: the users', and those of names no user has (added at the end).
struct Names {
    known: HashMap<String, UserId>,
    added: Vec<String>,
}

impl Names {
    fn resolve(&mut self, name: &str) -> UserId {
        let name = name.trim();
        if let Some(id) = self.known.get(name) {
            return *id;
        }
        let id = UserId::of_name(name);
        self.known.insert(name.to_owned(), id);
        self.added.push(name.to_owned());
        id
    }

    /// `body` with names turned into ids, if it had any.
    fn rewrite(&mut self, kind: RecordKind, body: &str) -> Option<Value> {
        let mut value: Value = serde_json::from_str(body).ok()?;
        (legacy::names_to_ids(kind, &mut value, &mut |name| self.resolve(name)) > 0)
            .then_some(value)
    }

    /// An `owner` column's text as an id (it held a name before).
    fn owner(&mut self, owner: Option<String>) -> Option<String> {
        let owner = owner.filter(|o| !o.trim().is_empty())?;
        Some(match UserId::parse(&owner) {
            Some(id) => id.to_string(),
            None => self.resolve(&owner).to_string(),
        })
    }
}

async fn rewrite_records(
    tx: &mut WriteTx,
    kind: RecordKind,
    names: &mut Names,
) -> Result<usize, sqlx::Error> {
    let mut changed = 0;
    let mut after = String::new();
    loop {
        let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT id, owner, body FROM records WHERE kind = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(kind.as_str())
        .bind(&after)
        .bind(PAGE)
        .fetch_all(&mut **tx)
        .await?;
        let Some((last, _, _)) = rows.last() else {
            return Ok(changed);
        };
        after = last.clone();
        for (id, owner, body) in rows {
            let Some(value) = names.rewrite(kind, &body) else {
                continue;
            };
            let version = next_version(tx).await?;
            let body = value.to_string();
            sqlx::query(
                "UPDATE records SET body = $1, owner = $2, version = $3 WHERE kind = $4 AND id = $5",
            )
            .bind(&body)
            .bind(names.owner(owner))
            .bind(version)
            .bind(kind.as_str())
            .bind(&id)
            .execute(&mut **tx)
            .await?;
            if kind.is_mutable() {
                // The new version is a base a device's next edit may name.
                sqlx::query(
                    "INSERT INTO record_versions (kind, id, version, body) VALUES ($1, $2, $3, $4)",
                )
                .bind(kind.as_str())
                .bind(&id)
                .bind(version)
                .bind(&body)
                .execute(&mut **tx)
                .await?;
            }
            changed += 1;
        }
    }
}

/// The kept bases, in place: a device's edit based on one is mapped to ids before
/// it is merged, so its base must say ids too.
async fn rewrite_versions(
    tx: &mut WriteTx,
    kind: RecordKind,
    names: &mut Names,
) -> Result<usize, sqlx::Error> {
    let mut changed = 0;
    let (mut after_id, mut after_version) = (String::new(), -1_i64);
    loop {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT id, version, body FROM record_versions
             WHERE kind = $1 AND (id > $2 OR (id = $2 AND version > $3))
             ORDER BY id, version LIMIT $4",
        )
        .bind(kind.as_str())
        .bind(&after_id)
        .bind(after_version)
        .bind(PAGE)
        .fetch_all(&mut **tx)
        .await?;
        let Some((id, version, _)) = rows.last() else {
            return Ok(changed);
        };
        (after_id, after_version) = (id.clone(), *version);
        for (id, version, body) in rows {
            let Some(value) = names.rewrite(kind, &body) else {
                continue;
            };
            sqlx::query(
                "UPDATE record_versions SET body = $1 WHERE kind = $2 AND id = $3 AND version = $4",
            )
            .bind(value.to_string())
            .bind(kind.as_str())
            .bind(&id)
            .bind(version)
            .execute(&mut **tx)
            .await?;
            changed += 1;
        }
    }
}

/// Conflicts keep one field's three values: a user field's are mapped as the
/// record's would be.
async fn rewrite_conflicts(
    tx: &mut WriteTx,
    kind: RecordKind,
    names: &mut Names,
) -> Result<usize, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, String, String)> =
        sqlx::query_as("SELECT id, field, base, mine, theirs FROM conflicts WHERE kind = $1")
            .bind(kind.as_str())
            .fetch_all(&mut **tx)
            .await?;
    let mut changed = 0;
    for (id, field, base, mine, theirs) in rows {
        let mut field_of = |text: &str| -> Option<String> {
            let value: Value = serde_json::from_str(text).ok()?;
            let mut body = serde_json::json!({ field.as_str(): value });
            (legacy::names_to_ids(kind, &mut body, &mut |name| names.resolve(name)) > 0)
                .then(|| body[field.as_str()].to_string())
        };
        let (new_base, new_mine, new_theirs) = (
            base.as_deref().and_then(&mut field_of),
            field_of(&mine),
            field_of(&theirs),
        );
        if new_base.is_none() && new_mine.is_none() && new_theirs.is_none() {
            continue;
        }
        sqlx::query("UPDATE conflicts SET base = $1, mine = $2, theirs = $3 WHERE id = $4")
            .bind(new_base.or(base))
            .bind(new_mine.unwrap_or(mine))
            .bind(new_theirs.unwrap_or(theirs))
            .bind(&id)
            .execute(&mut **tx)
            .await?;
        changed += 1;
    }
    Ok(changed)
}
