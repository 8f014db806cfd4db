//! The visit plan computed from the server's own records, with the same core code
//! the devices run: `GET /api/plan` and `revisit-server plan` without `--data`.
//!
//! The plan is always made over every customer, so tiers (shares of the company's
//! sales) and the method mix are the company's; a technician then gets the rows of
//! their own customers, a supervisor everyone's or one technician's.
use crate::accounts::Device;
use crate::error::{ApiError, Json};
use crate::AppState;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use revisit_core::assignment;
use revisit_core::cancel::{Cancel, Cancelled};
use revisit_core::dataset::DataSet;
use revisit_core::schedule::PlannedVisit;
use revisit_core::sync::protocol::ErrorCode;
use revisit_core::user::UserId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// The longest plan one request computes: a year view with its edges.
pub const MAX_DAYS: i64 = 400;

pub fn router() -> Router<AppState> {
    Router::new().route("/plan", get(plan_handler))
}

/// A planned visit with what a supervisor sorts and groups it by.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct PlanRow {
    pub customer_name: String,
    /// The customer's responsible technician (负责人), if any.
    pub owner: Option<UserId>,
    pub region: String,
    #[serde(flatten)]
    pub visit: PlannedVisit,
}

/// The plan from `from` to `to` as of `today`; only the visits `maker` makes when
/// given (their customers' visits not handed on, and those handed to them).
pub fn rows(
    data: &DataSet,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    maker: Option<UserId>,
    cancel: &Cancel,
) -> Result<Vec<PlanRow>, Cancelled> {
    let customers: HashMap<Uuid, _> = data.customers.iter().map(|c| (c.id, c)).collect();
    let visits = data.plan_within(from, to, today, cancel)?;
    Ok(visits
        .into_iter()
        .filter_map(|visit| {
            let customer = customers.get(&visit.customer_id)?;
            let made_by = assignment::maker(&visit, customer.owner);
            if maker.is_some() && made_by != maker {
                return None;
            }
            Some(PlanRow {
                customer_name: customer.name.clone(),
                owner: customer.owner,
                region: customer.region.clone(),
                visit,
            })
        })
        .collect())
}

#[derive(Debug, Deserialize)]
struct PlanQuery {
    from: NaiveDate,
    to: NaiveDate,
    /// The day statuses are computed against; the server's date by default.
    today: Option<NaiveDate>,
    /// One technician's customers (supervisors); a technician always gets their own.
    technician: Option<UserId>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PlanResponse {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub technician: Option<UserId>,
    pub visits: Vec<PlanRow>,
}

async fn plan_handler(
    State(state): State<AppState>,
    device: Device,
    query: Result<Query<PlanQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PlanResponse>, ApiError> {
    let Query(query) = query?;
    check_range(query.from, query.to)
        .map_err(|message| ApiError::bad(ErrorCode::BadQuery, message))?;
    let technician = device.technician_scope(query.technician)?;
    let today = query.today.unwrap_or_else(crate::clock::today);
    let turn = state.compute.turn("plan").await?;
    let data = crate::data::load(&state.db).await?;
    // Planning 10,000 customers takes tens of milliseconds: off the async workers.
    let (from, to) = (query.from, query.to);
    let owner = technician;
    let visits = crate::compute::Budget::run(turn, "plan", move |cancel| {
        rows(&data, from, to, today, owner, cancel)
    })
    .await?;
    Ok(Json(PlanResponse {
        from,
        to,
        today,
        technician,
        visits,
    }))
}

/// A plan's dates in order and at most [`MAX_DAYS`] apart; otherwise why not.
pub fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), String> {
    if from > to {
        return Err(format!("from {from} is after to {to}"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(format!(
            "from {from} to {to} is more than {MAX_DAYS} days: ask for a year at a time"
        ));
    }
    Ok(())
}
