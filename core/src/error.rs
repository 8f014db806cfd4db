//! Validation errors: which record, which field, and what is wrong, in words an
//! administrator can act on. Constructors return these; nothing in core panics on
//! bad data.
use serde::Serialize;

/// A record failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{record}.{field}: {message}")]
pub struct Invalid {
    /// The kind of record, e.g. `customer`.
    pub record: &'static str,
    /// The field at fault, e.g. `name`.
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(record: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        Self {
            record,
            field,
            message: message.into(),
        }
    }
}

pub type Result<T, E = Invalid> = std::result::Result<T, E>;
