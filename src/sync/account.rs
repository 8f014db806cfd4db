//! What the user does to sync itself: enroll the device with a one-time code, sign
//! out (never dropping unsent edits without a backup), and settle conflicts.
use super::{api, SyncEngine};
use crate::state::{device_now, AppState};
use crate::store::{Account, StoreError};
use leptos::prelude::*;
use revisit_core::sync::account::{parse_code, EnrollRequest};
use revisit_core::sync::client::{chosen_values, Choice, Failure};
use revisit_core::sync::protocol::{Conflict, Record, RecordKind};
use uuid::Uuid;

/// Why an enrollment or a sign-out did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum AccountProblem {
    /// The typed code is not of the `XXXX-XXXX` shape.
    BadCode,
    /// Edits are still queued: export them first.
    Unsent(u32),
    Server(Failure),
    Device(StoreError),
}

impl From<StoreError> for AccountProblem {
    fn from(err: StoreError) -> Self {
        AccountProblem::Device(err)
    }
}

fn not_open() -> StoreError {
    StoreError::Unavailable("the database is not open".into())
}

impl SyncEngine {
    /// Enrolls the device with a code from the admin. The demo data set, which no
    /// server knows, is cleared first; the user's own queued edits stay and go up
    /// with the first sync.
    pub async fn enroll(&self, app: &AppState, typed: &str) -> Result<Account, AccountProblem> {
        let code = parse_code(typed).ok_or(AccountProblem::BadCode)?;
        let store = app.store().ok_or_else(not_open)?;
        // A new identity for every enrollment: the server keys replays by it.
        let client_id = Uuid::new_v4();
        let label = web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default();
        let session = api::enroll(&EnrollRequest {
            code,
            client_id,
            label,
        })
        .await
        .map_err(AccountProblem::Server)?;
        if store.holds_demo().await? {
            store.clear_all().await?;
        }
        let account = Account {
            token: session.token.unwrap_or_default(),
            client_id,
            user: session.user,
            server_id: session.server_id,
            enrolled_at: crate::state::device_now().utc,
        };
        store.set_account(&account).await?;
        app.set_user(account.user.name.clone()).await?;
        app.reload().await;
        self.refresh(app).await;
        self.sync_now();
        Ok(account)
    }

    /// Signs the device out: its token ends on the server and its data is cleared.
    /// Refused while edits are queued, unless they were `exported` just before.
    pub async fn sign_out(&self, app: &AppState, exported: bool) -> Result<(), AccountProblem> {
        let store = app.store().ok_or_else(not_open)?;
        let queued = store.count(crate::store::names::OUTBOX).await?;
        if queued > 0 && !exported {
            return Err(AccountProblem::Unsent(queued));
        }
        if let Some(account) = store.account().await? {
            match api::sign_out(&account.token).await {
                // Already ended, or unreachable: the admin can still revoke it.
                Ok(()) | Err(Failure::SignedOut) | Err(Failure::Unreachable) => {}
                Err(other) => return Err(AccountProblem::Server(other)),
            }
        }
        store.clear_all().await?;
        app.user.set(String::new());
        app.reload().await;
        self.state.set(Default::default());
        self.refresh(app).await;
        Ok(())
    }

    /// Settles the conflicts of one record with the user's choices: a new edit of
    /// the record, based on the conflicts' version, which the server takes as the
    /// answer to all of them.
    pub async fn settle(
        &self,
        app: &AppState,
        choices: &[(&Conflict, Choice)],
    ) -> Result<(), String> {
        let Some((first, _)) = choices.first() else {
            return Ok(());
        };
        let data = app.snapshot_untracked().ok_or("the data is not loaded")?;
        let current = current_record(&data, first.kind, &first.record_id)
            .ok_or("the record is no longer on this device")?;
        let resolved = with_choices(current, choices)?;
        let change = resolved
            .into_change()
            .ok_or("this record is not edited on devices")?;
        let store = app.store().ok_or("the database is not open")?;
        let held = store
            .version(first.kind, &first.record_id)
            .await
            .map_err(|e| e.to_string())?;
        let base = choices.iter().map(|(c, _)| c.version).chain(held).max();
        store
            .save(change.clone(), base, device_now())
            .await
            .map_err(|e| e.to_string())?;
        app.show_saved(std::slice::from_ref(&change)).await;
        let mut left = self.state.with_untracked(|s| s.conflicts.clone());
        // The server settles every conflict of the record up to the edit's base.
        left.retain(|c| !(c.kind == first.kind && c.record_id == first.record_id));
        store
            .set_conflicts(&left)
            .await
            .map_err(|e| e.to_string())?;
        self.state.update(|s| s.conflicts = left);
        self.sync_now();
        Ok(())
    }
}

/// The device's copy of a conflicting record.
pub fn current_record(
    data: &revisit_core::dataset::DataSet,
    kind: RecordKind,
    id: &str,
) -> Option<Record> {
    match kind {
        RecordKind::Customer => data
            .customers
            .iter()
            .find(|c| c.id.to_string() == id)
            .cloned()
            .map(Record::Customer),
        RecordKind::Installation => data
            .installations
            .iter()
            .find(|i| i.id.to_string() == id)
            .cloned()
            .map(Record::Installation),
        RecordKind::Assignment => data
            .assignments
            .iter()
            .find(|a| a.id.to_string() == id)
            .cloned()
            .map(Record::Assignment),
        _ => None,
    }
}

/// The record with the chosen value in each conflicting field, checked against
/// its rules (core's `resolve`, done on the browser's objects: see `crate::json`).
fn with_choices(current: Record, choices: &[(&Conflict, Choice)]) -> Result<Record, String> {
    fn edit<T: serde::Serialize + serde::de::DeserializeOwned>(
        record: &T,
        choices: &[(&Conflict, Choice)],
    ) -> Result<T, String> {
        use wasm_bindgen::JsValue;
        let object = crate::json::to_js(record)?;
        for (field, value) in chosen_values(choices) {
            let key = JsValue::from_str(&field);
            if value.is_null() {
                js_sys::Reflect::delete_property(&object.clone().into(), &key)
            } else {
                js_sys::Reflect::set(&object, &key, &crate::json::to_js(&value)?)
            }
            .map_err(|e| format!("{e:?}"))?;
        }
        crate::json::from_js(object)
    }
    let record = match current {
        Record::Customer(c) => Record::Customer(edit(&c, choices)?),
        Record::Installation(i) => Record::Installation(edit(&i, choices)?),
        Record::Assignment(a) => Record::Assignment(edit(&a, choices)?),
        _ => return Err("only customers, installations and assignments have conflicts".into()),
    };
    record.validate().map_err(|e| e.to_string())?;
    Ok(record)
}
