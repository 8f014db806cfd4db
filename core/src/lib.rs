//! Revisit's pure core: the records of customer follow-up work and the rules that
//! drive it — tiering, the relationship score card, the working-day calendar, the
//! visit schedule, suggested calls, the issue loop and proposals.
//!
//! Nothing here touches a browser, a network or a disk: the web app (wasm32) and the
//! server both compile this crate and get the same answers. Rules follow
//! `docs/rules.md`, which records every decision the source documents left open.

pub mod action;
pub mod approval;
pub mod assignment;
pub mod backup;
pub mod bounds;
pub mod calendar;
pub mod cancel;
pub mod customer;
pub mod dataset;
pub mod demo;
pub mod department;
pub mod error;
pub mod evaluation;
pub mod event;
pub mod installation;
pub mod intake;
pub mod issue;
pub mod kind;
pub mod maintenance;
pub mod nameplate;
pub mod on_site;
pub mod photo;
pub mod proposal;
pub mod received;
pub mod record;
pub mod replan;
pub mod report;
mod rng;
pub mod schedule;
pub mod settings;
pub mod suggest;
pub mod survey;
pub mod sync;
pub mod tier;
pub mod tiering;
pub mod today;
pub mod types;
pub mod user;
pub mod visit;
pub mod visit_plan;

pub use error::{Invalid, Result};
