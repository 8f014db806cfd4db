//! What an admin does to accounts — list users and their devices, change a role,
//! disable or enable a user, revoke one device — shared by the admin page's API
//! (`crate::admin`) and the command line (`cli::accounts`), so both do it alike.
use super::{timestamp, user_from_row, AccountError, Role, User};
use crate::db::Database;
use revisit_core::department::Department;
pub use revisit_core::sync::admin::{DeviceEntry, UserEntry};
use sqlx::Row;
use uuid::Uuid;

impl Database {
    /// Every user with their devices, by login; devices newest first.
    pub async fn user_entries(&self) -> Result<Vec<UserEntry>, sqlx::Error> {
        let users = sqlx::query(
            "SELECT id, login, name, role, department, disabled_at FROM users ORDER BY login",
        )
        .fetch_all(self.pool())
        .await?;
        let devices = sqlx::query(
            "SELECT client_id, user_id, label, created_at, last_seen_at, revoked_at
             FROM devices ORDER BY created_at DESC",
        )
        .fetch_all(self.pool())
        .await?;
        let mut entries = Vec::with_capacity(users.len());
        for row in &users {
            let disabled: Option<String> = row.try_get("disabled_at")?;
            entries.push(UserEntry {
                user: user_from_row(row)?,
                disabled: disabled.is_some(),
                devices: Vec::new(),
            });
        }
        for row in &devices {
            let user_id: String = row.try_get("user_id")?;
            let client_id: String = row.try_get("client_id")?;
            let Some(entry) = entries
                .iter_mut()
                .find(|e| e.user.id.to_string() == user_id)
            else {
                continue;
            };
            entry.devices.push(DeviceEntry {
                client_id: Uuid::parse_str(&client_id)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                label: row.try_get("label")?,
                enrolled_at: row.try_get("created_at")?,
                last_seen_at: row.try_get("last_seen_at")?,
                revoked_at: row.try_get("revoked_at")?,
            });
        }
        Ok(entries)
    }

    /// Gives `login` another role.
    pub async fn set_role(&self, login: &str, role: Role) -> Result<User, AccountError> {
        let user = self.user_by_login(login).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(user.id.to_string())
            .execute(&mut *tx)
            .await?;
        super::directory::publish(&mut tx, user.id).await?;
        tx.commit().await?;
        Ok(User { role, ..user })
    }

    /// Puts `login` in `department`, or in none.
    pub async fn set_department(
        &self,
        login: &str,
        department: Option<Department>,
    ) -> Result<User, AccountError> {
        let user = self.user_by_login(login).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET department = $1 WHERE id = $2")
            .bind(department.map(Department::as_str))
            .bind(user.id.to_string())
            .execute(&mut *tx)
            .await?;
        super::directory::publish(&mut tx, user.id).await?;
        tx.commit().await?;
        Ok(User { department, ..user })
    }

    /// Disables `login` (their devices are refused from the next request on, and
    /// their unused codes no longer enroll), or enables them again.
    pub async fn set_disabled(&self, login: &str, disabled: bool) -> Result<User, AccountError> {
        let user = self.user_by_login(login).await?;
        let at = disabled.then(|| timestamp(crate::clock::now()));
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(at)
            .bind(user.id.to_string())
            .execute(&mut *tx)
            .await?;
        super::directory::publish(&mut tx, user.id).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Revokes the device `client_id` of `login` (a lost phone); false when that
    /// user has no such device.
    pub async fn revoke_users_device(
        &self,
        login: &str,
        client_id: Uuid,
    ) -> Result<bool, AccountError> {
        let user = self.user_by_login(login).await?;
        let done = sqlx::query(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, $1) WHERE client_id = $2 AND user_id = $3",
        )
        .bind(timestamp(crate::clock::now()))
        .bind(client_id.to_string())
        .bind(user.id.to_string())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
