//! The server's integration tests: one binary, shared helpers.
mod acme;
mod admin;
mod assets;
mod assign;
mod bad_input;
mod cli;
mod convergence;
mod crash;
mod enroll;
mod health;
mod helpers;
mod photos;
mod plan;
mod process;
mod report;
mod sync;
mod tls;
