//! The users a push names, made the server's: an app older than ids names them by
//! display name, and a device that wrote before it knew a user's id used the id
//! of their name ([`UserId::of_name`]); both become the user's own id here, before
//! the push is read, so scope and storage only ever see ids.
use crate::db::Database;
use crate::error::ApiError;
use revisit_core::user::{legacy, UserId};
use serde_json::Value;

/// Turns the push's names and name ids into user ids, in place. One walk finds
/// both; a name becomes a user's own id, so only the ids the push gave need
/// looking up as aliases.
pub async fn make_ids(db: &Database, push: &mut Value) -> Result<(), ApiError> {
    let (names, ids) = legacy::users_in_push(push);
    if !names.is_empty() {
        let found = db.users_named(&names).await?;
        legacy::name_users_in_push(push, &mut |name| {
            found
                .get(name)
                .copied()
                .unwrap_or_else(|| UserId::of_name(name))
        });
    }
    let aliases = db.resolve_aliases(&ids).await?;
    if !aliases.is_empty() {
        legacy::map_ids_in_push(push, &mut |id| aliases.get(&id).copied());
    }
    Ok(())
}
