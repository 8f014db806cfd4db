//! The engine's part of what the user does to sync itself: enroll the device with
//! a one-time code, sign out (never dropping unsent edits without a backup), and
//! forget conflicts once settled. What that means for the data shown (the user's
//! name, the data read again) is the app state's (`crate::state::account`).
use super::{api, SyncEngine};
use crate::clock::device_now;
use crate::store::StoreError;
use crate::wire::Account;
use leptos::prelude::*;
use revisit_core::dataset::DataSet;
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

impl SyncEngine {
    /// Enrolls the device with a code from the admin. The demo data set, which no
    /// server knows, is cleared first; the user's own queued edits stay and go up
    /// with the first sync (which the caller asks for once it shows the data).
    pub async fn enroll(&self, typed: &str) -> Result<Account, AccountProblem> {
        let code = parse_code(typed).ok_or(AccountProblem::BadCode)?;
        let store = self.store()?;
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
            enrolled_at: device_now().utc,
        };
        store.set_account(&account).await?;
        self.refresh().await;
        Ok(account)
    }

    /// Signs the device out: its token ends on the server and its data is cleared.
    /// Refused while edits are queued, unless they were `exported` just before.
    pub async fn sign_out(&self, exported: bool) -> Result<(), AccountProblem> {
        let store = self.store()?;
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
        self.set_state.set(Default::default());
        self.refresh().await;
        Ok(())
    }

    /// Forgets the conflicts of one record, settled by an edit just saved: the
    /// server settles every conflict of the record up to the edit's base.
    pub async fn settled(&self, kind: RecordKind, record_id: &str) -> Result<(), StoreError> {
        let store = self.store()?;
        let mut left = self.state.with_untracked(|s| s.conflicts.clone());
        left.retain(|c| !(c.kind == kind && c.record_id == record_id));
        store.set_conflicts(&left).await?;
        self.set_state.update(|s| s.conflicts = left);
        Ok(())
    }
}

/// The device's copy of a conflicting record (only field-merged kinds conflict).
pub fn current_record(data: &DataSet, kind: RecordKind, id: &str) -> Option<Record> {
    kind.is_mutable().then(|| data.record(kind, id)).flatten()
}

/// The record with the chosen value in each conflicting field, checked against
/// its rules (core's `resolve`, done on the browser's objects: see `crate::json`).
pub fn with_choices(current: Record, choices: &[(&Conflict, Choice)]) -> Result<Record, String> {
    use wasm_bindgen::JsValue;
    let kind = current.kind();
    if !kind.is_mutable() {
        return Err(format!("{} records have no conflicts", kind.as_str()));
    }
    let object = crate::json::to_js(&current.body_ref())?;
    for (field, value) in chosen_values(choices) {
        let key = JsValue::from_str(&field);
        if value.is_null() {
            js_sys::Reflect::delete_property(&object.clone().into(), &key)
        } else {
            js_sys::Reflect::set(&object, &key, &crate::json::to_js(&value)?)
        }
        .map_err(|e| format!("{e:?}"))?;
    }
    let record = Record::deserialize_as(kind, serde_wasm_bindgen::Deserializer::from(object))
        .map_err(|e| e.to_string())?;
    record.validate().map_err(|e| e.to_string())?;
    Ok(record)
}
