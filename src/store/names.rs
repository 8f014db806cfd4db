//! The names of the device database's object stores and indexes, as types: a
//! store is one of these, never any string, so a misspelt or unknown store is a
//! compile error instead of a `NotFoundError` on someone's phone. The record
//! stores are the registry's (`RecordKind::collection`); the rest are the app's
//! and the sync engine's own.
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::transaction::Transaction;
use revisit_core::sync::protocol::RecordKind;

/// An object store of the device database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StoreName {
    /// The records of one kind.
    Records(RecordKind),
    /// The edits not yet acknowledged by the server, keyed by mutation id.
    Outbox,
    /// Small values of the app and the sync engine (user, account, cursor…).
    Meta,
    /// Forms being typed, kept on every change.
    Drafts,
    /// The server's version of each synced record.
    Versions,
    /// Photos' images (full and thumbnail), as blobs.
    PhotoFiles,
    /// The photos whose image is still to go up.
    Uploads,
}

impl StoreName {
    /// Every store of the database: the record kinds', then the others.
    pub fn all() -> Vec<StoreName> {
        let mut all: Vec<StoreName> = RecordKind::ALL.map(StoreName::Records).to_vec();
        all.extend([
            StoreName::Outbox,
            StoreName::Meta,
            StoreName::Drafts,
            StoreName::Versions,
            StoreName::PhotoFiles,
            StoreName::Uploads,
        ]);
        all
    }

    /// Its name in IndexedDB.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreName::Records(kind) => kind.collection(),
            StoreName::Outbox => "outbox",
            StoreName::Meta => "meta",
            StoreName::Drafts => "drafts",
            StoreName::Versions => "versions",
            StoreName::PhotoFiles => "photo_files",
            StoreName::Uploads => "uploads",
        }
    }
}

impl std::fmt::Display for StoreName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An index of a record store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndexName {
    ByCustomer,
    ByRegion,
    ByName,
    ByStatus,
    ByDate,
    ByDepartment,
}

impl IndexName {
    /// Its name in IndexedDB.
    pub fn as_str(self) -> &'static str {
        match self {
            IndexName::ByCustomer => "by_customer",
            IndexName::ByRegion => "by_region",
            IndexName::ByName => "by_name",
            IndexName::ByStatus => "by_status",
            IndexName::ByDate => "by_date",
            IndexName::ByDepartment => "by_department",
        }
    }
}

pub const CUSTOMERS: StoreName = StoreName::Records(RecordKind::Customer);
pub const INSTALLATIONS: StoreName = StoreName::Records(RecordKind::Installation);
pub const VISITS: StoreName = StoreName::Records(RecordKind::Visit);
pub const EVENTS: StoreName = StoreName::Records(RecordKind::Event);
pub const ISSUES: StoreName = StoreName::Records(RecordKind::Issue);
pub const SETTINGS: StoreName = StoreName::Records(RecordKind::Settings);
pub const TEMPLATES: StoreName = StoreName::Records(RecordKind::Template);
pub const PHOTOS: StoreName = StoreName::Records(RecordKind::Photo);
pub const ASSIGNMENTS: StoreName = StoreName::Records(RecordKind::Assignment);
pub const USERS: StoreName = StoreName::Records(RecordKind::User);
pub const ACTIONS: StoreName = StoreName::Records(RecordKind::Action);
pub const OUTBOX: StoreName = StoreName::Outbox;
pub const META: StoreName = StoreName::Meta;
pub const DRAFTS: StoreName = StoreName::Drafts;
pub const VERSIONS: StoreName = StoreName::Versions;
pub const PHOTO_FILES: StoreName = StoreName::PhotoFiles;
pub const UPLOADS: StoreName = StoreName::Uploads;
pub const BY_CUSTOMER: IndexName = IndexName::ByCustomer;
pub const BY_REGION: IndexName = IndexName::ByRegion;
pub const BY_NAME: IndexName = IndexName::ByName;
pub const BY_STATUS: IndexName = IndexName::ByStatus;
pub const BY_DATE: IndexName = IndexName::ByDate;
pub const BY_DEPARTMENT: IndexName = IndexName::ByDepartment;

/// The names IndexedDB opens a transaction over.
pub(crate) fn over(stores: impl IntoIterator<Item = StoreName>) -> Vec<&'static str> {
    stores.into_iter().map(StoreName::as_str).collect()
}

/// A store of an open transaction, by its typed name.
pub(crate) trait TypedStores {
    fn store(&self, name: StoreName) -> indexed_db_futures::Result<ObjectStore<'_>>;
}

impl TypedStores for Transaction<'_> {
    fn store(&self, name: StoreName) -> indexed_db_futures::Result<ObjectStore<'_>> {
        self.object_store(name.as_str())
    }
}
