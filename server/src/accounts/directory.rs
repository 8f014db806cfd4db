//! The user directory every device pulls: one `user` record per user, written in
//! the same transaction as the change to the user (added, renamed, another role,
//! disabled or enabled), so names on every screen follow a rename and nothing in
//! the records that name the user changes. And the aliases: the id each name a
//! user has had stands for, so what a device wrote by name still means them.
use super::{timestamp, user_from_row, AccountError, Role, User};
use crate::db::{Database, WriteTx};
use revisit_core::sync::protocol::Record;
use revisit_core::user::{UserEntry, UserId};
use sqlx::Row;
use std::collections::HashMap;

/// Takes the next record version, holding the counter's lock until `tx` ends (so
/// versions become visible in order, as a push's do).
pub(crate) async fn next_version(tx: &mut WriteTx) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value",
    )
    .fetch_one(&mut **tx)
    .await
}

/// Writes `user`'s directory entry as its next version, unless it says that already.
pub(crate) async fn publish(tx: &mut WriteTx, user: UserId) -> Result<(), sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, login, name, role, department, disabled_at FROM users WHERE id = $1",
    )
    .bind(user.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let disabled: Option<String> = row.try_get("disabled_at")?;
    let found = user_from_row(&row)?;
    let entry = UserEntry {
        active: disabled.is_none(),
        department: found.department,
        ..UserEntry::new(found.id, &found.name, found.role)
    };
    let body = Record::User(entry).body().to_string();
    let stored: Option<String> =
        sqlx::query_scalar("SELECT body FROM records WHERE kind = 'user' AND id = $1")
            .bind(user.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    if stored.is_some_and(|s| {
        serde_json::from_str::<serde_json::Value>(&s).ok()
            == serde_json::from_str::<serde_json::Value>(&body).ok()
    }) {
        return Ok(());
    }
    let version = next_version(tx).await?;
    sqlx::query(
        "INSERT INTO records (kind, id, customer_id, owner, version, body)
         VALUES ('user', $1, NULL, NULL, $2, $3)
         ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, body = excluded.body",
    )
    .bind(user.to_string())
    .bind(version)
    .bind(body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Says that the name `name` means `user` from now on.
pub(crate) async fn alias(tx: &mut WriteTx, name: &str, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO user_aliases (alias, user_id) VALUES ($1, $2)
         ON CONFLICT (alias) DO UPDATE SET user_id = excluded.user_id",
    )
    .bind(UserId::of_name(name).to_string())
    .bind(user.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A user for a name records gave before ids where no user has it (a customer file
/// imported with an owner nobody enrolled as): a technician with a login made from
/// the id, so an admin can issue them a code, rename them, or hand their customers on.
pub(crate) async fn add_placeholder(tx: &mut WriteTx, name: &str) -> Result<UserId, sqlx::Error> {
    let id = UserId::of_name(name);
    sqlx::query(
        "INSERT INTO users (id, login, name, role, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
    )
    .bind(id.to_string())
    .bind(format!("user-{}", &id.uuid().simple().to_string()[..8]))
    .bind(name.trim())
    .bind(Role::Technician.as_str())
    .bind(timestamp(crate::clock::now()))
    .execute(&mut **tx)
    .await?;
    alias(tx, name, id).await?;
    publish(tx, id).await?;
    Ok(id)
}

/// Every user by name, with the names they had before (their aliases).
pub(crate) async fn ids_by_name(tx: &mut WriteTx) -> Result<HashMap<String, UserId>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT name, id FROM users")
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(name, id)| Some((name, UserId::parse(&id)?)))
        .collect())
}

impl Database {
    /// What the ids in `ids` mean where they are aliases (the id of a name) of a user.
    pub async fn resolve_aliases(
        &self,
        ids: &[UserId],
    ) -> Result<HashMap<UserId, UserId>, sqlx::Error> {
        let mut found = HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT alias, user_id FROM user_aliases WHERE alias IN ({})",
                crate::db::placeholders(1, chunk.len())
            );
            let mut query = sqlx::query_as::<_, (String, String)>(&sql);
            for id in chunk {
                query = query.bind(id.to_string());
            }
            for (alias, user) in query.fetch_all(self.pool()).await? {
                if let (Some(alias), Some(user)) = (UserId::parse(&alias), UserId::parse(&user)) {
                    found.insert(alias, user);
                }
            }
        }
        Ok(found)
    }

    /// The users `names` (written before ids) mean: the user with the name now,
    /// else the one who had it, else the id of the name ([`UserId::of_name`]), the
    /// id a user who takes that name later gets. Reads only: a push that is then
    /// refused has changed nothing.
    pub async fn users_named(
        &self,
        names: &[String],
    ) -> Result<HashMap<String, UserId>, sqlx::Error> {
        if names.is_empty() {
            return Ok(HashMap::new());
        }
        let of_names: Vec<UserId> = names.iter().map(|n| UserId::of_name(n)).collect();
        let aliases = self.resolve_aliases(&of_names).await?;
        let now: HashMap<String, UserId> =
            sqlx::query_as::<_, (String, String)>("SELECT name, id FROM users")
                .fetch_all(self.pool())
                .await?
                .into_iter()
                .filter_map(|(name, id)| Some((name, UserId::parse(&id)?)))
                .collect();
        Ok(names
            .iter()
            .zip(of_names)
            .map(|(name, of_name)| {
                let id = now
                    .get(name.trim())
                    .or_else(|| aliases.get(&of_name))
                    .copied()
                    .unwrap_or(of_name);
                (name.clone(), id)
            })
            .collect())
    }

    /// As [`users_named`](Self::users_named), but a name no user has or had gets a
    /// [placeholder](add_placeholder) technician, so it shows as a name everywhere:
    /// for an office import, which means to bring its people along.
    pub async fn users_named_or_added(
        &self,
        names: &[String],
    ) -> Result<HashMap<String, UserId>, sqlx::Error> {
        if names.is_empty() {
            return Ok(HashMap::new());
        }
        let aliases = self
            .resolve_aliases(&names.iter().map(|n| UserId::of_name(n)).collect::<Vec<_>>())
            .await?;
        let mut tx = self.begin_write().await?;
        let now = ids_by_name(&mut tx).await?;
        let mut found = HashMap::new();
        for name in names {
            let id = match now.get(name.trim()) {
                Some(id) => *id,
                None => match aliases.get(&UserId::of_name(name)) {
                    Some(id) => *id,
                    None => add_placeholder(&mut tx, name).await?,
                },
            };
            found.insert(name.clone(), id);
        }
        tx.commit().await?;
        Ok(found)
    }

    /// Renames `login`: their directory entry changes, and every record that names
    /// them (by id) shows the new name; the old name still means them.
    pub async fn rename_user(&self, login: &str, name: &str) -> Result<User, AccountError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AccountError::Invalid("a user needs a name".into()));
        }
        let user = self.user_by_login(login).await?;
        let mut tx = self.begin_write().await?;
        let taken: Option<String> =
            sqlx::query_scalar("SELECT id FROM users WHERE name = $1 AND id <> $2")
                .bind(name)
                .bind(user.id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(AccountError::Taken);
        }
        sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(user.id.to_string())
            .execute(&mut *tx)
            .await?;
        alias(&mut tx, &user.name, user.id).await?;
        alias(&mut tx, name, user.id).await?;
        publish(&mut tx, user.id).await?;
        tx.commit().await?;
        Ok(User {
            name: name.to_owned(),
            ..user
        })
    }
}
