//! Who may change what: technicians only their own customers (the customer file's
//! owner is their name) and those customers' records; supervisors and admins all.
use crate::accounts::User;
use crate::error::ApiError;
use revisit_core::sync::protocol::Record;
use sqlx::{Any, Transaction};
use uuid::Uuid;

/// The owner of customer `id` on the server; `None` when there is no such customer.
pub async fn owner_of(
    tx: &mut Transaction<'_, Any>,
    customer: Uuid,
) -> Result<Option<Option<String>>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT owner FROM records WHERE kind = 'customer' AND id = $1")
            .bind(customer.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(owner,)| owner))
}

/// Checks that `user` may write `record` (whose current row belongs to
/// `current_customer`, if any), and fills in a technician's new customer's owner.
pub async fn admit(
    tx: &mut Transaction<'_, Any>,
    user: &User,
    record: &mut Record,
    current_customer: Option<Uuid>,
) -> Result<(), ApiError> {
    let own = |owner: &Option<String>| owner.as_deref() == Some(user.name.as_str());
    if let Record::Customer(customer) = record {
        if !user.role.sees_all() {
            if let Some(owner) = owner_of(tx, customer.id).await? {
                if !own(&owner) {
                    return Err(forbidden(user, customer.id));
                }
            }
            match &customer.owner {
                None => customer.owner = Some(user.name.clone()),
                Some(other) if other != &user.name => {
                    return Err(ApiError::Forbidden(format!(
                        "a technician cannot hand customer {} to {other}",
                        customer.id
                    )))
                }
                Some(_) => {}
            }
        }
        return Ok(());
    }
    let Some(customer) = record.customer_id() else {
        if user.role.sees_all() {
            return Ok(());
        }
        return Err(ApiError::Forbidden(
            "only supervisors change settings and templates".into(),
        ));
    };
    for id in std::iter::once(customer).chain(current_customer.filter(|c| *c != customer)) {
        match owner_of(tx, id).await? {
            None => {
                return Err(ApiError::Unprocessable(format!(
                    "no customer {id} on the server: its file must be synced first"
                )))
            }
            Some(owner) if !user.role.sees_all() && !own(&owner) => {
                return Err(forbidden(user, id))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn forbidden(user: &User, customer: Uuid) -> ApiError {
    ApiError::Forbidden(format!(
        "customer {customer} is not {}'s: only its owner or a supervisor may change it",
        user.name
    ))
}
