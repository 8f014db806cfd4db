//! The backup file: everything on the device, unsent edits included, as JSON the
//! user keeps (Settings → 备份, and before signing out with edits not yet sent),
//! and taken back in, merged with what the device holds.
use super::AppState;
use crate::clock::device_now;
use crate::store::StoreError;
use revisit_core::backup::{self, Backup, MergeReport};

/// Why a backup was not taken in (nothing of it was, then).
#[derive(Clone, Debug, PartialEq)]
pub enum BackupProblem {
    /// The file is not a backup, or not one this version reads: why.
    NotABackup(String),
    Store(StoreError),
}

impl From<StoreError> for BackupProblem {
    fn from(err: StoreError) -> Self {
        BackupProblem::Store(err)
    }
}

impl AppState {
    /// Downloads a backup of the device's data and outbox.
    pub async fn export_backup(&self) -> Result<(), String> {
        let store = self.open_store().map_err(|e| e.to_string())?;
        let data = store.load().await.map_err(|e| e.to_string())?;
        let outbox = store.outbox().await.map_err(|e| e.to_string())?;
        let now = device_now();
        let backup = Backup::new(data, outbox, now);
        // Through the browser's JSON: a big backup is built without a copy in Rust.
        let text = String::from(crate::json::stringify(&backup)?);
        let name = format!("revisit-backup-{}.json", now.local().format("%Y%m%d-%H%M"));
        crate::pwa::download(&name, &text, "application/json").map_err(|e| format!("{e:?}"))
    }

    /// Takes a backup file in: what the device lacks is added, edits it held
    /// unsent are queued again, what the device holds otherwise is kept; then
    /// shown. `progress` hears (written, of) as the records go in: a big import
    /// takes seconds.
    pub async fn import_backup(
        &self,
        file: web_sys::File,
        progress: impl Fn(usize, usize) + 'static,
    ) -> Result<MergeReport, BackupProblem> {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .map_err(|e| BackupProblem::NotABackup(format!("{e:?}")))?;
        let backup = parse(&text).map_err(BackupProblem::NotABackup)?;
        let store = self.open_store()?;
        // Memory holds what the store holds: no need to read it again.
        let local = self.snapshot_untracked().ok_or_else(|| {
            BackupProblem::Store(StoreError::Unavailable("the data is not loaded yet".into()))
        })?;
        let queued = store.outbox().await?;
        let (add, requeue, report) = {
            let _s = crate::timing::span("revisit:import:merge");
            backup::merge(&local, &queued, &backup)
        };
        let writing = crate::timing::span("revisit:import:write");
        store.import(&add, progress).await?;
        store.requeue(&requeue).await?;
        drop(writing);
        let mut merged = (*local).clone();
        merged.append(add);
        self.set_data(merged).await;
        Ok(report)
    }
}

/// Parses a backup file's text, kept a JS string: a copy into Rust and back would
/// cost more than the parse on a big file.
fn parse(text: &wasm_bindgen::JsValue) -> Result<Backup, String> {
    let value = {
        let _s = crate::timing::span("revisit:import:json");
        crate::json::parse(text).map_err(|_| "not a Revisit backup: not JSON".to_owned())?
    };
    let _s = crate::timing::span("revisit:import:decode");
    let backup: Backup =
        crate::json::from_js(value).map_err(|e| format!("not a Revisit backup: {e}"))?;
    backup.check()
}
