//! Accounts: users with a role, one-time enrollment codes, and the devices they
//! enroll. A device holds a bearer token; the server keeps only its SHA-256.
pub mod admin;
mod directory;
pub mod http;
mod migrate;

use crate::db::Database;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use revisit_core::department::Department;
use sha2::{Digest, Sha256};
use sqlx::Row;
use uuid::Uuid;

pub use revisit_core::sync::account::{Role, User};
pub use revisit_core::user::UserId;

/// An enrolled device acting for its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub client_id: Uuid,
    pub user: User,
}

impl Device {
    /// Whose customers a plan or report covers: a supervisor picks any technician
    /// (or, with none, everyone); a technician gets their own, and asking for
    /// another's is refused.
    pub fn technician_scope(
        &self,
        wanted: Option<UserId>,
    ) -> Result<Option<UserId>, crate::error::ApiError> {
        if self.user.role.sees_all() {
            return Ok(wanted);
        }
        match wanted {
            Some(other) if other != self.user.id => {
                Err(crate::error::ApiError::Forbidden(format!(
                    "{} may see only their own customers' figures, not user {other}'s",
                    self.user.name
                )))
            }
            _ => Ok(Some(self.user.id)),
        }
    }
}

/// Why an account operation failed, in words for the admin or the device.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(String),
    #[error("no user {0:?}")]
    NoSuchUser(String),
    #[error("a user with this login or name already exists")]
    Taken,
    #[error("the enrollment code is unknown, used or expired")]
    BadCode,
    #[error("this device is enrolled for another user: sign out there first")]
    OtherUsersDevice,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// How long an enrollment code stays valid, unless the admin says otherwise.
pub const CODE_HOURS: i64 = 24;
/// The longest an admin may make it (a month).
pub const CODE_HOURS_AT_MOST: i64 = 720;

/// Times are stored as RFC 3339 UTC text of one fixed shape, so they sort.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A bearer token: 256 random bits.
fn new_token() -> String {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    format!("rv1_{}", hex::encode(bytes))
}

/// 32 letters and digits nobody confuses when reading them out (no 0/O, 1/I).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// An enrollment code a technician can type: `XXXX-XXXX-XXXX`, 12 of 32 signs:
/// 60 bits, beyond guessing at the rate the server allows.
fn new_code() -> String {
    let mut rng = rand::thread_rng();
    let mut code: String = (0..12)
        .map(|_| char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]))
        .collect();
    code.insert(8, '-');
    code.insert(4, '-');
    code
}

/// A typed code as stored: capitals, without spaces or dashes.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<User, sqlx::Error> {
    let role: String = row.try_get("role")?;
    let id: String = row.try_get("id")?;
    Ok(User {
        id: UserId::parse(&id)
            .ok_or_else(|| sqlx::Error::Decode(format!("user id {id:?}").into()))?,
        login: row.try_get("login")?,
        name: row.try_get("name")?,
        role: Role::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
        department: match row.try_get::<Option<String>, _>("department")? {
            None => None,
            Some(name) => Some(Department::parse(&name).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown department {name:?}").into())
            })?),
        },
    })
}

impl Database {
    pub async fn create_user(
        &self,
        login: &str,
        name: &str,
        role: Role,
    ) -> Result<User, AccountError> {
        let (login, name) = (login.trim(), name.trim());
        if login.is_empty()
            || !login
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            return Err(AccountError::Invalid(
                "a login is letters, digits, '.', '_' or '-'".into(),
            ));
        }
        if name.is_empty() {
            return Err(AccountError::Invalid("a user needs a name".into()));
        }
        let mut tx = self.begin_write().await?;
        // The id of their name, unless someone has it (a user renamed from it):
        // records written before the user existed (a device before it enrolled,
        // an import, the demo) name that id, and are the new user's at once.
        let of_name = UserId::of_name(name);
        let taken: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
            .bind(of_name.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        let user = User {
            id: match taken {
                None => of_name,
                Some(_) => UserId::from_uuid(Uuid::new_v4()),
            },
            login: login.to_owned(),
            name: name.to_owned(),
            role,
            department: None,
        };
        let inserted = sqlx::query(
            "INSERT INTO users (id, login, name, role, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
        )
        .bind(user.id.to_string())
        .bind(&user.login)
        .bind(&user.name)
        .bind(role.as_str())
        .bind(timestamp(crate::clock::now()))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(AccountError::Taken);
        }
        directory::alias(&mut tx, &user.name, user.id).await?;
        directory::publish(&mut tx, user.id).await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn users(&self) -> Result<Vec<User>, sqlx::Error> {
        sqlx::query("SELECT id, login, name, role, department FROM users ORDER BY login")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }

    pub async fn user_by_login(&self, login: &str) -> Result<User, AccountError> {
        let row =
            sqlx::query("SELECT id, login, name, role, department FROM users WHERE login = $1")
                .bind(login)
                .fetch_optional(self.pool())
                .await?
                .ok_or_else(|| AccountError::NoSuchUser(login.to_owned()))?;
        Ok(user_from_row(&row)?)
    }

    /// A new one-time enrollment code for `login`, valid for [`CODE_HOURS`].
    pub async fn issue_code(&self, login: &str) -> Result<(String, DateTime<Utc>), AccountError> {
        self.issue_code_for(login, CODE_HOURS).await
    }

    /// The same, valid for `hours` (1 to [`CODE_HOURS_AT_MOST`]).
    pub async fn issue_code_for(
        &self,
        login: &str,
        hours: i64,
    ) -> Result<(String, DateTime<Utc>), AccountError> {
        if !(1..=CODE_HOURS_AT_MOST).contains(&hours) {
            return Err(AccountError::Invalid(format!(
                "a code is valid 1 to {CODE_HOURS_AT_MOST} hours, not {hours}"
            )));
        }
        let user = self.user_by_login(login).await?;
        let code = new_code();
        let now = crate::clock::now();
        let expires = now + Duration::hours(hours);
        sqlx::query(
            "INSERT INTO enrollments (code_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(hash(&normalize_code(&code)))
        .bind(user.id.to_string())
        .bind(timestamp(now))
        .bind(timestamp(expires))
        .execute(self.pool())
        .await?;
        Ok((code, expires))
    }

    /// Spends a code: the device `client_id` gets a token for the code's user.
    /// A device already enrolled for the same user gets a new token and keeps its
    /// place in the mutation sequence.
    pub async fn enroll(
        &self,
        code: &str,
        client_id: Uuid,
        label: &str,
    ) -> Result<(String, User), AccountError> {
        let now = timestamp(crate::clock::now());
        let mut tx = self.begin_write().await?;
        // Spent in the same statement that checks it: two devices cannot share a code.
        let user_id: Option<String> = sqlx::query_scalar(
            "UPDATE enrollments SET used_at = $1
             WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1
             RETURNING user_id",
        )
        .bind(&now)
        .bind(hash(&normalize_code(code)))
        .fetch_optional(&mut *tx)
        .await?;
        let user_id = user_id.ok_or(AccountError::BadCode)?;
        let row = sqlx::query(
            "SELECT id, login, name, role, department FROM users WHERE id = $1 AND disabled_at IS NULL",
        )
        .bind(&user_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AccountError::BadCode)?;
        let user = user_from_row(&row)?;
        let token = new_token();
        let enrolled_for: Option<String> =
            sqlx::query_scalar("SELECT user_id FROM devices WHERE client_id = $1")
                .bind(client_id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        match enrolled_for {
            Some(other) if other != user_id => return Err(AccountError::OtherUsersDevice),
            Some(_) => {
                sqlx::query(
                    "UPDATE devices SET token_hash = $1, revoked_at = NULL, label = $2 WHERE client_id = $3",
                )
                .bind(hash(&token))
                .bind(label)
                .bind(client_id.to_string())
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO devices (client_id, user_id, token_hash, label, created_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(client_id.to_string())
                .bind(&user_id)
                .bind(hash(&token))
                .bind(label)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok((token, user))
    }

    /// The device a bearer token belongs to, unless revoked or its user disabled.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Device>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT d.client_id, u.id, u.login, u.name, u.role, u.department
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND u.disabled_at IS NULL",
        )
        .bind(hash(token))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let client_id: String = row.try_get("client_id")?;
        Ok(Some(Device {
            client_id: Uuid::parse_str(&client_id).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            user: user_from_row(&row)?,
        }))
    }

    /// Revokes every token of `login`'s devices (a lost phone, someone leaving),
    /// and ends their unused codes; returns how many tokens were revoked.
    pub async fn revoke_devices(&self, login: &str) -> Result<u64, AccountError> {
        let user = self.user_by_login(login).await?;
        sqlx::query("UPDATE enrollments SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
            .bind(timestamp(crate::clock::now()))
            .bind(user.id.to_string())
            .execute(self.pool())
            .await?;
        let done = sqlx::query(
            "UPDATE devices SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(timestamp(crate::clock::now()))
        .bind(user.id.to_string())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// Revokes one device's token (its own sign-out).
    pub async fn revoke_device(&self, client_id: Uuid) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE devices SET revoked_at = $1 WHERE client_id = $2")
            .bind(timestamp(crate::clock::now()))
            .bind(client_id.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_typeable_and_normalize() {
        let code = new_code();
        assert_eq!(code.len(), 14, "{code}");
        assert_eq!(&code[4..5], "-");
        assert_eq!(&code[9..10], "-");
        assert!(code
            .chars()
            .filter(|c| *c != '-')
            .all(|c| CODE_ALPHABET.contains(&(c as u8))));
        assert_eq!(normalize_code(" ab2c-d3ef-gh45 "), "AB2CD3EFGH45");
        assert_ne!(new_code(), code, "60 random bits do not repeat");
    }

    #[test]
    fn tokens_are_long_random_and_only_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(!Role::Technician.sees_all());
        assert!(Role::Supervisor.sees_all());
    }
}
