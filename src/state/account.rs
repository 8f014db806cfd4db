//! Intents about whose device this is: the demo data set for a newcomer, enrolling
//! with the admin's code, signing out, and settling a sync conflict. The network
//! and the sync state are the engine's; the data shown is this module's.
use super::AppState;
use crate::clock::{device_now, today};
use crate::store::StoreError;
use crate::sync::account::{current_record, with_choices, AccountProblem};
use crate::wire::Account;
use leptos::prelude::*;
use revisit_core::sync::client::Choice;
use revisit_core::sync::protocol::Conflict;

impl AppState {
    /// Fills an empty device with the demo data set (300 customers), to look
    /// around before enrolling.
    pub async fn load_demo(&self) -> Result<(), StoreError> {
        let store = self.open_store()?;
        let data = revisit_core::demo::generate(300, 7, today());
        // Marked first: enrolling clears the demo, which no server knows.
        store.mark_demo().await?;
        store.import(&data, |_, _| ()).await?;
        self.set_data(data).await;
        Ok(())
    }

    /// Whether the device holds the demo data set (which enrolling clears).
    pub async fn holds_demo(&self) -> bool {
        match self.store() {
            Some(store) => store.holds_demo().await.unwrap_or(false),
            None => false,
        }
    }

    /// Enrolls the device with the admin's code: the user's data is then read and
    /// shown, and a first sync brings the rest.
    pub async fn enroll(&self, code: &str) -> Result<Account, AccountProblem> {
        let account = self.sync.enroll(code).await?;
        self.set_user(account.user.name.clone()).await?;
        self.reload().await;
        self.sync.sync_now();
        Ok(account)
    }

    /// Signs the device out (see [`crate::sync::SyncEngine::sign_out`]); the data
    /// shown is then the empty device's.
    pub async fn sign_out(&self, exported: bool) -> Result<(), AccountProblem> {
        self.sync.sign_out(exported).await?;
        self.user.set(String::new());
        self.reload().await;
        Ok(())
    }

    /// Settles the conflicts of one record with the user's choices: a new edit of
    /// the record, based on the conflicts' version, which the server takes as the
    /// answer to all of them.
    pub async fn settle(&self, choices: &[(&Conflict, Choice)]) -> Result<(), String> {
        let Some((first, _)) = choices.first() else {
            return Ok(());
        };
        let data = self.snapshot_untracked().ok_or("the data is not loaded")?;
        let current = current_record(&data, first.kind, &first.record_id)
            .ok_or("the record is no longer on this device")?;
        let change = with_choices(current, choices)?
            .into_change()
            .ok_or("this record is not edited on devices")?;
        let store = self.open_store().map_err(|e| e.to_string())?;
        let held = store
            .version(first.kind, &first.record_id)
            .await
            .map_err(|e| e.to_string())?;
        let base = choices.iter().map(|(c, _)| c.version).chain(held).max();
        store
            .save(change.clone(), base, device_now())
            .await
            .map_err(|e| e.to_string())?;
        self.show_saved(std::slice::from_ref(&change)).await;
        self.sync
            .settled(first.kind, &first.record_id)
            .await
            .map_err(|e| e.to_string())?;
        self.sync.sync_now();
        Ok(())
    }
}
