//! What the app receives from the server and keeps as it came: the enrolled
//! account, and pull pages whose records stay the browser's objects. Apart from
//! the store and the sync engine, which both speak them, so neither needs the other.
use chrono::{DateTime, Utc};
use revisit_core::sync::account::User;
use revisit_core::sync::protocol::{Conflict, Record, RecordKind};
use revisit_core::types::Cny;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;
use wasm_bindgen::JsValue;

/// The enrolled device: who it acts for and its token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub token: String,
    pub client_id: Uuid,
    pub user: User,
    pub server_id: String,
    pub enrolled_at: DateTime<Utc>,
}

/// A pull page (`core::sync::protocol::PullResponse`) as the browser parsed it:
/// the records stay JS objects and go into IndexedDB as they came, never decoded
/// into Rust and encoded back (the server stores only records its core checked).
#[derive(Debug, Deserialize)]
pub struct PulledPage {
    pub cursor: u64,
    pub more: bool,
    pub last_mutation_id: u64,
    pub records: Vec<PulledRecord>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub latest: u64,
    #[serde(default, with = "revisit_core::types::year_map")]
    pub company_sales: BTreeMap<i32, Cny>,
}

#[derive(Debug, Deserialize)]
pub struct PulledRecord {
    pub version: u64,
    pub record: RawRecord,
}

#[derive(Debug, Deserialize)]
pub struct RawRecord {
    pub kind: RecordKind,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub body: JsValue,
}

impl RawRecord {
    /// The record decoded, to show it without reading the stores again.
    pub fn decode(&self) -> std::result::Result<Record, String> {
        let body = serde_wasm_bindgen::Deserializer::from(self.body.clone());
        Record::deserialize_as(self.kind, body).map_err(|err| err.to_string())
    }

    /// The record's key, as `core::record::Record::id` gives it: its key field
    /// (an id, a template's version), or, for the one record of its kind, the
    /// key the registry gives it.
    pub fn key(&self) -> String {
        let Some(name) = self.kind.key_field() else {
            return self.decode().map(|r| r.id()).unwrap_or_default();
        };
        let field = js_sys::Reflect::get(&self.body, &JsValue::from_str(name)).ok();
        match field {
            Some(v) if v.as_string().is_some() => v.as_string().unwrap_or_default(),
            Some(v) => v
                .as_f64()
                .map(|n| (n as u64).to_string())
                .unwrap_or_default(),
            None => String::new(),
        }
    }

    /// The store the record lives in.
    pub fn store(&self) -> crate::store::names::StoreName {
        crate::store::names::StoreName::Records(self.kind)
    }
}
