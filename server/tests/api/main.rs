//! The server's integration tests: one binary, shared helpers.
mod assets;
mod cli;
mod health;
mod helpers;
mod process;
