//! Who does what. Records name a user by [`UserId`] — the id the server gave them
//! — so a rename changes one directory entry ([`UserEntry`], a record every device
//! pulls) and nothing else; names are only for display. Before ids, records named
//! users by their display name: [`legacy`] maps such names to ids, on the server's
//! migration, in a push from an older app and in the device's schema step.
use crate::error::Invalid;
use crate::kind::{Edits, Kind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod legacy;
mod role;

pub use role::Role;

/// A user's id: the server's `users.id`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct UserId(Uuid);

/// The namespace of [`UserId::of_name`].
const NAMESPACE: Uuid = Uuid::from_u128(0x5f0c_7a1e_2b4d_4c6e_9a1f_3d2b_8e7c_6a51);

impl UserId {
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    pub const fn uuid(self) -> Uuid {
        self.0
    }

    /// The id a name stands for where no server has given one: the demo's
    /// technicians, a device's user before it enrolls, a name written before ids.
    /// The same name gives the same id everywhere, so the server can tell whom such
    /// an id meant (it keeps the id of every name a user has had).
    pub fn of_name(name: &str) -> Self {
        Self(Uuid::new_v5(&NAMESPACE, name.trim().as_bytes()))
    }

    pub fn parse(text: &str) -> Option<Self> {
        Uuid::parse_str(text.trim()).ok().map(Self)
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Uuid> for UserId {
    fn from(id: Uuid) -> Self {
        Self(id)
    }
}

/// A user as every device knows them: the directory that turns ids into names
/// and offers whom a customer or a visit can go to. The server writes an entry
/// when a user is added, renamed, given another role, disabled or enabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserEntry {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    /// The department they work in, if any (the issues routed to it are theirs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<crate::department::Department>,
    /// Still works here: a disabled user keeps their name on what they did, but
    /// nothing new is handed to them.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl UserEntry {
    pub fn new(id: UserId, name: &str, role: Role) -> Self {
        Self {
            id,
            name: name.trim().to_owned(),
            role,
            department: None,
            active: true,
        }
    }
}

impl Kind for UserEntry {
    const EDITS: Edits = Edits::ServerOnly;
    type Key = Uuid;

    fn key(&self) -> Uuid {
        self.id.uuid()
    }

    fn customer_id(&self) -> Option<Uuid> {
        None
    }

    fn validate(&self) -> Result<(), Invalid> {
        if self.name.trim().is_empty() {
            return Err(Invalid::new("user", "name", "a user has a name"));
        }
        Ok(())
    }

    fn example() -> Self {
        UserEntry::new(UserId::of_name("李工"), "李工", Role::Technician)
    }
}

/// The name to show for `id`: the directory's, else a short form of the id (a user
/// this device has not heard of yet).
pub fn name_of(users: &[UserEntry], id: UserId) -> String {
    users
        .iter()
        .find(|u| u.id == id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| format!("#{}", &id.to_string()[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_stands_for_one_id_everywhere() {
        assert_eq!(UserId::of_name("张工"), UserId::of_name(" 张工 "));
        assert_ne!(UserId::of_name("张工"), UserId::of_name("李工"));
        let id = UserId::of_name("张工");
        assert_eq!(UserId::parse(&id.to_string()), Some(id));
        assert_eq!(
            serde_json::to_value(id).unwrap(),
            serde_json::json!(id.to_string())
        );
    }

    #[test]
    fn names_are_shown_from_the_directory() {
        let zhang = UserEntry::new(UserId::of_name("张工"), "张工", Role::Technician);
        let other = UserId::of_name("王工");
        assert_eq!(name_of(std::slice::from_ref(&zhang), zhang.id), "张工");
        assert_eq!(
            name_of(&[zhang], other),
            format!("#{}", &other.to_string()[..8])
        );
    }
}
