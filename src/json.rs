//! JSON through the browser: `JSON.stringify` / `JSON.parse` and serde-wasm-bindgen.
//! One serde backend for everything the app reads and writes (IndexedDB, files,
//! the network), so no record type's (de)serializer is compiled in twice.
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A value as a JS object, JSON-shaped (maps as objects, u64 as numbers).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())
}

pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// A value as JSON text, kept a JS string (a request body, a file).
pub fn stringify<T: Serialize + ?Sized>(value: &T) -> Result<js_sys::JsString, String> {
    js_sys::JSON::stringify(&to_js(value)?).map_err(|e| format!("{e:?}"))
}

/// The name serde gives a unit variant (`awaiting_review`, `one_month`,
/// `complaint`): what addresses, data attributes and tests key on; empty for a
/// value that is not one.
pub fn wire_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The unit variant serde names `name` ([`wire_name`]'s inverse).
pub fn from_wire_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JS string as it is (js_sys's takes a Rust `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn parse(text: &JsValue) -> Result<JsValue, JsValue>;
}
