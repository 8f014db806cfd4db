//! Bounds on what a record carries, checked with its validation wherever records
//! come in (a push, an import, a backup): every text and every list is bounded,
//! so no device can store what makes others' pages, plans or screens huge. The
//! limits are in `docs/sync.md` ("Limits").
//!
//! Most texts are names, codes, phone numbers (at most [`MAX_SHORT_TEXT`]
//! characters); the free-text fields people write in — notes, descriptions,
//! resolutions, reasons — may hold [`MAX_LONG_TEXT`]; a signature has its own
//! bound (`visit::MAX_SIGNATURE`), checked by its type.
use crate::error::Invalid;
use serde_json::Value;

/// Characters in a name, a code, a phone number, a title…
pub const MAX_SHORT_TEXT: usize = 200;
/// Characters in a note, a description, a resolution, a reason.
pub const MAX_LONG_TEXT: usize = 4_000;
/// Items in any one list of a record (contacts, checklist items, history…).
pub const MAX_ITEMS: usize = 1_000;

/// The fields that hold free text.
const LONG_FIELDS: &[&str] = &[
    "address",
    "basis",
    "comment",
    "competitors",
    "customer_confirmation",
    "description",
    "done",
    "goals",
    "influence",
    "main_business",
    "measures",
    "methods",
    "note",
    "notes",
    "reason",
    "resolution",
    "schedule",
    "suggestions",
];

/// Fields whose own type bounds them.
const OWN_BOUND: &[&str] = &["signature"];

/// Checks every text and list in `body`, a `record`'s JSON; the error names the
/// field by its path (`contacts[2].name`).
pub fn check(record: &'static str, body: &Value) -> Result<(), Invalid> {
    walk(record, body, &mut String::new(), None)
}

fn walk(
    record: &'static str,
    value: &Value,
    path: &mut String,
    key: Option<&str>,
) -> Result<(), Invalid> {
    let too_long =
        |path: &str, what: String| Invalid::new(record, "text", format!("{path}: {what}"));
    match value {
        Value::String(text) => {
            if key.is_some_and(|k| OWN_BOUND.contains(&k)) {
                return Ok(());
            }
            let limit = if key.is_some_and(|k| LONG_FIELDS.contains(&k)) {
                MAX_LONG_TEXT
            } else {
                MAX_SHORT_TEXT
            };
            // Counting stops at the limit: a huge text costs no more than a long one.
            let chars = text.chars().take(limit + 1).count();
            if chars > limit {
                return Err(too_long(
                    path,
                    format!("more than {limit} characters (at most {limit})"),
                ));
            }
            Ok(())
        }
        Value::Array(items) => {
            if items.len() > MAX_ITEMS {
                return Err(too_long(
                    path,
                    format!("{} items (at most {MAX_ITEMS})", items.len()),
                ));
            }
            let len = path.len();
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                walk(record, item, path, key)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(fields) => {
            if fields.len() > MAX_ITEMS {
                return Err(too_long(
                    path,
                    format!("{} entries (at most {MAX_ITEMS})", fields.len()),
                ));
            }
            let len = path.len();
            for (name, field) in fields {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                if name.chars().take(MAX_SHORT_TEXT + 1).count() > MAX_SHORT_TEXT {
                    return Err(too_long(path, "a key longer than a name".into()));
                }
                walk(record, field, path, Some(name))?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn texts_within_their_bounds_pass() {
        let body = json!({
            "name": "华".repeat(MAX_SHORT_TEXT),
            "notes": "记".repeat(MAX_LONG_TEXT),
            "signature": "x".repeat(100_000),
            "contacts": [{"name": "张三", "phone": "13800000000"}],
        });
        assert_eq!(check("customer", &body), Ok(()));
    }

    #[test]
    fn a_text_over_its_bound_is_named_by_its_path() {
        let body = json!({"contacts": [{"name": "a"}, {"name": "华".repeat(MAX_SHORT_TEXT + 1)}]});
        let err = check("customer", &body).unwrap_err();
        assert_eq!(err.record, "customer");
        assert!(err.message.starts_with("contacts[1].name:"), "{err}");
        let long = json!({"history": [{"step": {"resolution": "x".repeat(MAX_LONG_TEXT + 1)}}]});
        let err = check("issue", &long).unwrap_err();
        assert!(
            err.message.starts_with("history[0].step.resolution:"),
            "{err}"
        );
    }

    #[test]
    fn lists_and_maps_are_bounded() {
        let many = json!({"contacts": vec![json!({}); MAX_ITEMS + 1]});
        assert!(check("customer", &many).is_err());
        let keys: serde_json::Map<String, Value> =
            (0..=MAX_ITEMS).map(|i| (i.to_string(), json!(1))).collect();
        assert!(check("customer", &json!({"annual_purchases": keys})).is_err());
        assert!(check("customer", &json!({"k".repeat(201): 1})).is_err());
    }
}
