//! The backup file: everything on the device, unsent edits included, as JSON the
//! user keeps (Settings → 备份, and before signing out with edits not yet sent).
use crate::state::{device_now, AppState};
use revisit_core::backup::Backup;

/// Downloads a backup of the device's data and outbox.
pub async fn export(app: &AppState) -> Result<(), String> {
    let store = app.store().ok_or("storage not open")?;
    let data = store.load().await.map_err(|e| e.to_string())?;
    let outbox = store.outbox().await.map_err(|e| e.to_string())?;
    let now = device_now();
    let backup = Backup::new(data, outbox, now);
    // Through the browser's JSON: a big backup is built without a copy in Rust.
    let text = String::from(crate::json::stringify(&backup)?);
    let name = format!("revisit-backup-{}.json", now.local().format("%Y%m%d-%H%M"));
    crate::pwa::download(&name, &text, "application/json").map_err(|e| format!("{e:?}"))
}

/// Parses a backup file's text, kept a JS string: a copy into Rust and back would
/// cost more than the parse on a big file.
pub fn parse(text: &wasm_bindgen::JsValue) -> Result<Backup, String> {
    let value = {
        let _s = crate::timing::span("revisit:import:json");
        crate::json::parse(text).map_err(|_| "not a Revisit backup: not JSON".to_owned())?
    };
    let _s = crate::timing::span("revisit:import:decode");
    let backup: Backup =
        crate::json::from_js(value).map_err(|e| format!("not a Revisit backup: {e}"))?;
    backup.check()
}
