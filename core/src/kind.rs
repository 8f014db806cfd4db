//! What a record kind is, said once per kind. Each kind's module implements
//! [`Kind`] beside its type (its key, its customer, its own rules, how edits of it
//! meet); the registry (`record.rs`) lists the kinds, and from that one list every
//! layer is made — the wire's `Record`, the data file's `DataSet`, backups, the
//! server's table and scope, the device's object stores. Adding a kind is its
//! module, one line in the registry and its object store on the device.
use crate::error::Invalid;
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

/// How concurrent edits of a kind meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edits {
    /// Edited in place by several people: merged field by field against the
    /// version the edit was based on, with conflicts (customers, installations,
    /// assignments).
    Merged,
    /// Written whole by the device that made it (visits, events, photos), or grown
    /// by appended steps (issues).
    Whole,
    /// The organisation's, kept by the server: devices only read them (settings,
    /// survey templates).
    ServerOnly,
}

/// One record kind's description.
pub trait Kind: Sized + Clone + PartialEq + Serialize + DeserializeOwned {
    /// How edits of it meet.
    const EDITS: Edits;
    /// The field that holds its key, as the device's object store is keyed
    /// (`None`: the one record of its kind, kept under [`Kind::key`]).
    const KEY_FIELD: Option<&'static str> = Some("id");

    /// What tells it apart from the others of its kind (an id; a template's
    /// version); as text, it is the record's id on the wire and in stores.
    type Key: Key;

    /// Where its JSON body names a user ([`crate::user::UserId`]): `field`,
    /// `a.b` or `list[].field` — what maps names written before ids.
    const USERS: &'static [&'static str] = &[];

    fn key(&self) -> Self::Key;

    /// The customer it belongs to (whose owner may see it); `None` for what every
    /// device gets.
    fn customer_id(&self) -> Option<Uuid>;

    /// Its own rules beyond what its type enforces (the bounds on texts and lists
    /// are checked for every kind by the registry).
    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }

    /// A valid record of the kind, about [`example::CUSTOMER`]: what the tests
    /// that every layer handles every kind run on (`DataSet::one_of_each`).
    fn example() -> Self;
}

/// What the kinds' examples ([`Kind::example`]) share: one customer, one moment.
pub mod example {
    use crate::types::DeviceTime;
    use chrono::{NaiveDate, TimeZone, Utc};
    use uuid::Uuid;

    pub const CUSTOMER: Uuid = Uuid::from_u128(0xc1);
    pub const INSTALLATION: Uuid = Uuid::from_u128(0xa1);
    pub const VISIT: Uuid = Uuid::from_u128(0xb1);
    /// The users the examples name (by the ids of these names, `UserId::of_name`).
    pub const USERS: [&str; 3] = ["张工", "李工", "王主管"];

    /// 2026-11-23 10:00 in Beijing.
    pub fn at() -> DeviceTime {
        let utc = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).single();
        utc.and_then(|t| DeviceTime::new(t, crate::types::CHINA_OFFSET_MINUTES).ok())
            .unwrap_or_else(|| unreachable!("a fixed time in range"))
    }

    /// The day the example visit is planned for.
    pub fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
    }
}

/// What a record is keyed by: most kinds by a UUID.
pub trait Key: Eq + std::hash::Hash + std::fmt::Display {
    fn as_uuid(&self) -> Option<Uuid> {
        None
    }
}

impl Key for Uuid {
    fn as_uuid(&self) -> Option<Uuid> {
        Some(*self)
    }
}

/// A template's version.
impl Key for u32 {}

/// The one record of its kind.
impl Key for &'static str {}

/// Where a data set keeps the records of one kind: a list, or at most one.
pub trait Collection<T: Kind>: Default {
    fn records(&self) -> &[T];

    /// Replaces the record with `record`'s key, or adds it; whether anything changed.
    fn put(&mut self, record: T) -> bool;

    /// Adds a record known to be distinct from those here (a server's table).
    fn push(&mut self, record: T);

    /// Adds records known to be new here (what a merged backup adds).
    fn append(&mut self, new: Self);

    /// A collection of just `record`.
    fn of_one(record: T) -> Self;

    /// The records of `customer`, with those of no customer (the organisation's).
    fn of_customer(&self, customer: Uuid) -> Self;

    fn take_all(self) -> Vec<T>;

    /// Of `incoming`, what this collection lacks; counts what it has the same and
    /// what it has otherwise (kept as it is).
    fn lacking(&self, incoming: &Self, counts: &mut Counts) -> Self;
}

/// What [`Collection::lacking`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub unchanged: usize,
    pub kept_local: usize,
}

impl<T: Kind> Collection<T> for Vec<T> {
    fn records(&self) -> &[T] {
        self
    }

    fn put(&mut self, record: T) -> bool {
        let key = record.key();
        match self.iter_mut().find(|r| r.key() == key) {
            Some(existing) if *existing == record => false,
            Some(existing) => {
                *existing = record;
                true
            }
            None => {
                self.push(record);
                true
            }
        }
    }

    fn push(&mut self, record: T) {
        if T::EDITS == Edits::ServerOnly {
            // A few of them (template versions): a version here already is replaced.
            self.put(record);
        } else {
            Vec::push(self, record);
        }
    }

    fn append(&mut self, new: Self) {
        if T::EDITS == Edits::ServerOnly {
            // The organisation's (template versions): only those not here yet.
            for record in new {
                let key = record.key();
                if !self.iter().any(|r| r.key() == key) {
                    Vec::push(self, record);
                }
            }
        } else {
            self.extend(new);
        }
    }

    fn take_all(self) -> Vec<T> {
        self
    }

    fn of_one(record: T) -> Self {
        vec![record]
    }

    fn of_customer(&self, customer: Uuid) -> Self {
        self.iter()
            .filter(|r| r.customer_id().is_none_or(|c| c == customer))
            .cloned()
            .collect()
    }

    fn lacking(&self, incoming: &Self, counts: &mut Counts) -> Self {
        let mine: std::collections::HashMap<T::Key, &T> =
            self.iter().map(|r| (r.key(), r)).collect();
        let mut out = Vec::new();
        for record in incoming {
            match mine.get(&record.key()) {
                None => {
                    counts.added += 1;
                    out.push(record.clone());
                }
                Some(existing) if *existing == record => counts.unchanged += 1,
                Some(_) => counts.kept_local += 1,
            }
        }
        out
    }
}

/// The one record of its kind (the settings).
impl<T: Kind> Collection<T> for Option<T> {
    fn records(&self) -> &[T] {
        self.as_slice()
    }

    fn put(&mut self, record: T) -> bool {
        if self.as_ref() == Some(&record) {
            return false;
        }
        *self = Some(record);
        true
    }

    fn push(&mut self, record: T) {
        *self = Some(record);
    }

    /// Only where there was none.
    fn append(&mut self, new: Self) {
        if self.is_none() {
            *self = new;
        }
    }

    fn take_all(self) -> Vec<T> {
        self.into_iter().collect()
    }

    fn of_one(record: T) -> Self {
        Some(record)
    }

    fn of_customer(&self, customer: Uuid) -> Self {
        self.clone()
            .filter(|r| r.customer_id().is_none_or(|c| c == customer))
    }

    /// The organisation's one record: another copy fills only a gap.
    fn lacking(&self, incoming: &Self, counts: &mut Counts) -> Self {
        if self.is_none() && incoming.is_some() {
            counts.added += 1;
            return incoming.clone();
        }
        None
    }
}
