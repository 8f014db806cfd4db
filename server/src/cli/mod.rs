//! Admin subcommands of the server binary.
pub mod accounts;
pub mod demo;
pub mod import;
pub mod plan;
pub mod report;

/// Bad input from the user (a malformed data file, an impossible range): the
/// message says what and where, and the process exits with code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);
