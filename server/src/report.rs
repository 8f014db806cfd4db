//! The supervisor's reports over the whole database (the company-wide view), by
//! the core code the app runs on a device's data: `GET /api/reports/satisfaction`,
//! `…/analysis` and `…/ledger`, and `revisit-server report`.
//!
//! A technician gets the reports of their own customers; a supervisor anyone's.
use crate::accounts::Device;
use crate::error::{ApiError, Json};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use revisit_core::cancel::{Cancel, Cancelled};
use revisit_core::dataset::DataSet;
use revisit_core::report::analysis::{analysis, AnalysisReport};
use revisit_core::report::ledger::{ledger, LedgerRow};
use revisit_core::report::satisfaction::{satisfaction, SatisfactionReport};
use revisit_core::report::{Context, Period, Scope};
use revisit_core::sync::protocol::ErrorCode;
use revisit_core::tier::Tier;
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new().route("/reports/{kind}", get(report_handler))
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Satisfaction,
    Analysis,
    Ledger,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "report", rename_all = "snake_case")]
pub enum Report {
    Satisfaction(SatisfactionReport),
    Analysis(AnalysisReport),
    Ledger { rows: Vec<LedgerRow> },
}

/// Computes `kind` over `data` for `period`, read at `now`; stops early, with
/// no report, once `cancel` is raised.
pub fn compute(
    data: &DataSet,
    kind: Kind,
    period: Period,
    scope: &Scope,
    now: DateTime<Utc>,
    cancel: &Cancel,
) -> Result<Report, Cancelled> {
    let ctx = Context::new(data, scope, now.date_naive()).cancelled_by(cancel.clone());
    let report = match kind {
        Kind::Satisfaction => Report::Satisfaction(satisfaction(&ctx, period)),
        Kind::Analysis => Report::Analysis(analysis(&ctx, period, now)),
        Kind::Ledger => Report::Ledger {
            rows: ledger(&ctx, period),
        },
    };
    ctx.cancelled().map(|()| report)
}

#[derive(Debug, Deserialize)]
struct ReportQuery {
    from: NaiveDate,
    to: NaiveDate,
    tier: Option<Tier>,
    region: Option<String>,
    product_line: Option<String>,
    technician: Option<revisit_core::user::UserId>,
}

async fn report_handler(
    State(state): State<AppState>,
    device: Device,
    Path(kind): Path<String>,
    query: Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Report>, ApiError> {
    let kind = match kind.as_str() {
        "satisfaction" => Kind::Satisfaction,
        "analysis" => Kind::Analysis,
        "ledger" => Kind::Ledger,
        other => return Err(ApiError::NotFound(format!("/api/reports/{other}"))),
    };
    let Query(query) = query?;
    let period = Period::new(query.from, query.to)
        .map_err(|err| ApiError::bad(ErrorCode::BadQuery, err.to_string()))?;
    let technician = device.technician_scope(query.technician)?;
    let scope = Scope {
        tier: query.tier,
        region: query.region.filter(|r| !r.is_empty()),
        product_line: query.product_line.filter(|l| !l.is_empty()),
        technician,
    };
    let turn = state.compute.turn("report").await?;
    let data = crate::data::load(&state.db).await?;
    let report = crate::compute::Budget::run(turn, "report", move |cancel| {
        compute(&data, kind, period, &scope, crate::clock::now(), cancel)
    })
    .await?;
    Ok(Json(report))
}
