//! Who may change what: technicians only their own customers (the customer file's
//! owner is their id) and those customers' records, and the records of customers
//! with a visit handed to them; supervisors and admins all, and only they hand
//! visits on.
use crate::accounts::User;
use crate::error::ApiError;
use revisit_core::sync::protocol::Record;
use revisit_core::user::UserId;
use uuid::Uuid;

/// The customers [`admit`] asks the owner of: the record's, and the one its current
/// row belongs to (when a record moves from one customer to another).
pub fn customers_of(record: &Record, current_customer: Option<Uuid>) -> Vec<Uuid> {
    record
        .customer_id()
        .into_iter()
        .chain(current_customer)
        .collect()
}

/// Checks that `user` may write `record` (whose current row belongs to
/// `current_customer`, if any), and fills in a technician's new customer's owner.
/// `owner_of` says a customer's owner on the server, `None` when there is no such
/// customer; `assigned` whether a visit of the customer is handed to `user`.
pub fn admit(
    user: &User,
    record: &mut Record,
    current_customer: Option<Uuid>,
    owner_of: impl Fn(Uuid) -> Option<Option<UserId>>,
    assigned: impl Fn(Uuid) -> bool,
) -> Result<(), ApiError> {
    if matches!(record, Record::Assignment(_)) && !user.role.supervises() {
        return Err(ApiError::Forbidden(format!(
            "{} cannot hand visits on: only supervisors assign them",
            user.name
        )));
    }
    let own = |owner: &Option<UserId>| *owner == Some(user.id);
    if let Record::Customer(customer) = record {
        if !user.role.sees_all() {
            if let Some(owner) = owner_of(customer.id) {
                if !own(&owner) {
                    return Err(forbidden(user, customer.id));
                }
            }
            match &customer.owner {
                None => customer.owner = Some(user.id),
                Some(other) if *other != user.id => {
                    return Err(ApiError::Forbidden(format!(
                        "a technician cannot hand customer {} to user {other}",
                        customer.id
                    )))
                }
                Some(_) => {}
            }
        }
        return Ok(());
    }
    let Some(customer) = record.customer_id() else {
        // The company's records: actions are quality control's too; plans' changes
        // (maintenance, visits) and tasks' reports are each one role's, decided
        // record by record (`decide`); settings and templates a supervisor's or above.
        let allowed = match record {
            Record::Action(_) => user.role.handles_actions(),
            Record::MaintenancePlan(_) | Record::VisitPlan(_) | Record::TaskReport(_) => true,
            _ => user.role.supervises(),
        };
        if allowed {
            return Ok(());
        }
        return Err(ApiError::Forbidden(format!(
            "{} ({}) may not change the company's records: settings and templates are a \
             supervisor's or above, corrective actions also quality control's",
            user.name,
            user.role.as_str()
        )));
    };
    for id in std::iter::once(customer).chain(current_customer.filter(|c| *c != customer)) {
        match owner_of(id) {
            None => {
                return Err(ApiError::Unprocessable(format!(
                    "no customer {id} on the server: its file must be synced first"
                )))
            }
            Some(owner) if !user.role.sees_all() && !own(&owner) && !assigned(id) => {
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
