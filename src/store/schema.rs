//! The IndexedDB schema and its upgrade steps. Each version's step runs once, in
//! order, so a database written by any earlier version is brought up to date
//! without losing data.
use super::{names::*, StoreError};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;
use revisit_core::sync::protocol::RecordKind;

/// The schema version this build writes. A kind added to the registry gets its
/// store by a new version (step [`EVERY_KIND`]).
pub const VERSION: u32 = 9;
/// The version from which records name users by id (`store::users`).
pub const USERS_BY_ID: u32 = 6;
/// From this version on, an upgrade gives every record kind of the registry
/// that has none its store, keyed as the kind says (`RecordKind::key_field`).
const EVERY_KIND: u32 = 8;

/// Opens (creating or upgrading) the database `name` at `version`. While another
/// tab holds an older version open, the upgrade waits and `on_blocked` is called.
pub async fn open(
    name: &str,
    version: u32,
    on_blocked: impl Fn() + 'static,
) -> Result<Database, StoreError> {
    Database::open(name)
        .with_version(version)
        .with_on_blocked(move |_event| {
            leptos::logging::warn!("database upgrade blocked by another tab");
            on_blocked();
            Ok(())
        })
        .with_on_upgrade_needed(move |event, db| {
            let old = event.old_version() as u32;
            for step in (old + 1)..=version {
                upgrade(&db, step)?;
            }
            Ok(())
        })
        .await
        .map_err(StoreError::from_open)
}

fn store_with_id<'a>(
    db: &'a Database,
    name: StoreName,
) -> indexed_db_futures::Result<indexed_db_futures::object_store::ObjectStore<'a>> {
    db.create_object_store(name.as_str())
        .with_key_path(KeyPath::from("id"))
        .build()
}

fn upgrade(db: &Database, step: u32) -> indexed_db_futures::Result<()> {
    match step {
        // Version 1: the records, the outbox and metadata.
        1 => {
            let customers = store_with_id(db, CUSTOMERS)?;
            customers
                .create_index(BY_REGION.as_str(), KeyPath::from("region"))
                .build()?;
            customers
                .create_index(BY_NAME.as_str(), KeyPath::from("name"))
                .build()?;
            store_with_id(db, INSTALLATIONS)?
                .create_index(BY_CUSTOMER.as_str(), KeyPath::from("customer_id"))
                .build()?;
            let visits = store_with_id(db, VISITS)?;
            visits
                .create_index(BY_CUSTOMER.as_str(), KeyPath::from("customer_id"))
                .build()?;
            visits
                .create_index(BY_STATUS.as_str(), KeyPath::from("status"))
                .build()?;
            visits
                .create_index(BY_DATE.as_str(), KeyPath::from("planned_date"))
                .build()?;
            store_with_id(db, EVENTS)?
                .create_index(BY_CUSTOMER.as_str(), KeyPath::from("customer_id"))
                .build()?;
            let issues = store_with_id(db, ISSUES)?;
            issues
                .create_index(BY_CUSTOMER.as_str(), KeyPath::from("customer_id"))
                .build()?;
            issues
                .create_index(BY_STATUS.as_str(), KeyPath::from("status"))
                .build()?;
            issues
                .create_index(BY_DEPARTMENT.as_str(), KeyPath::from("departments"))
                .with_multi_entry(true)
                .build()?;
            // Mutation ids are the outbox's keys: sequential per device, never reused.
            db.create_object_store(OUTBOX.as_str())
                .with_key_path(KeyPath::from("id"))
                .with_auto_increment(true)
                .build()?;
            db.create_object_store(META.as_str()).build()?;
        }
        // Version 2: visit drafts, saved on every change of the form.
        2 => {
            db.create_object_store(DRAFTS.as_str()).build()?;
        }
        // Version 3: the organisation's settings (one record, `current`) and survey
        // templates, every version kept (old visits are read against theirs).
        3 => {
            db.create_object_store(SETTINGS.as_str()).build()?;
            db.create_object_store(TEMPLATES.as_str())
                .with_key_path(KeyPath::from("version"))
                .build()?;
        }
        // Version 4: the server version of each synced record (key `kind/id`), sent
        // as an edit's base so the server can merge it field by field.
        4 => {
            db.create_object_store(VERSIONS.as_str()).build()?;
        }
        // Version 5: photos' records; their images (the photo and its thumbnail,
        // as blobs, by photo id); the photos whose image the server still lacks;
        // and planned visits handed to someone (assignments).
        5 => {
            store_with_id(db, PHOTOS)?;
            store_with_id(db, ASSIGNMENTS)?;
            db.create_object_store(PHOTO_FILES.as_str()).build()?;
            db.create_object_store(UPLOADS.as_str()).build()?;
        }
        // Version 6: the user directory (ids to names). The records that named
        // users by name get their ids right after the upgrade (`store::users`).
        6 => {
            store_with_id(db, USERS)?;
        }
        // Version 7: corrective and preventive actions.
        7 => {
            store_with_id(db, ACTIONS)?;
        }
        // Version 8 on: evaluations, maintenance plans, task reports (8), visit
        // plans (9), and any kind added later.
        _ if step >= EVERY_KIND => {
            let present: Vec<String> = db.object_store_names().collect();
            for kind in RecordKind::ALL {
                if present.iter().any(|name| name == kind.collection()) {
                    continue;
                }
                let store = db.create_object_store(kind.collection());
                match kind.key_field() {
                    Some(field) => store.with_key_path(KeyPath::from(field)).build()?,
                    None => store.build()?,
                };
            }
        }
        _ => {}
    }
    Ok(())
}
