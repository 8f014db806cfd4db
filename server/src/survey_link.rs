//! A visit's survey answered by the customer on their own phone (issue 19 item 4;
//! seed 001: 由顾客填写《顾客满意度调查表》). The technician, online, asks for a
//! one-time link to a done visit (with its QR code to show); the customer opens it
//! within `SURVEY_LINK_DAYS`, with no account, and answers once: the two ratings, their
//! suggestions, the services they want. The answer lands on the visit as its next
//! version, marked as the customer's by link, and reaches every device in scope by
//! the ordinary pull. Only the token's SHA-256 is kept; the page and its answer are
//! limited per address like every try without a token (`limit`), and an unknown
//! token counts as a failed try.
use crate::accounts::{hash, timestamp, Device};
use crate::error::ApiError;
use crate::limit::ClientAddress;
use crate::AppState;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};
use revisit_core::sync::admin::{SurveyLink, SurveyLinkRequest, SURVEY_LINK_DAYS};
use revisit_core::sync::protocol::{ErrorCode, Record};
use revisit_core::types::Rating;
use revisit_core::visit::{AnsweredBy, Visit};
use serde::Deserialize;
use uuid::Uuid;

mod page;

/// The most a customer may write (a visit's suggestions hold 4,000 with the
/// technician's).
pub const MAX_SUGGESTIONS: usize = 2_000;

/// `POST /api/visits/{id}/survey-link` (under `/api`).
pub fn api_router() -> Router<AppState> {
    Router::new().route("/visits/{id}/survey-link", post(issue))
}

/// `GET` and `POST /s/{token}`: the customer's page, outside the app.
pub fn page_router() -> Router<AppState> {
    Router::new().route("/s/{token}", get(open).post(answer))
}

async fn issue(
    State(state): State<AppState>,
    device: Device,
    Path(id): Path<String>,
    Json(request): Json<SurveyLinkRequest>,
) -> Result<(StatusCode, Json<SurveyLink>), ApiError> {
    let id: Uuid = id.parse().map_err(|_| {
        ApiError::bad(
            ErrorCode::BadId,
            format!("{id:?} is not a visit id (a UUID)"),
        )
    })?;
    let visit = stored_visit(&state, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no visit {id} on the server: sync it first")))?;
    if visit.result.is_none() {
        return Err(ApiError::Unprocessable(format!(
            "visit {id} is not done: the customer answers the survey of a visit made"
        )));
    }
    may_ask(&state, &device, &visit).await?;
    let base = crate::links::base(state.https_url.as_deref(), request.origin)?;
    let token = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let now = crate::clock::now();
    let expires = now + Duration::days(SURVEY_LINK_DAYS);
    sqlx::query(
        "INSERT INTO survey_links (token_hash, visit_id, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash(&token))
    .bind(id.to_string())
    .bind(device.user.id.to_string())
    .bind(timestamp(now))
    .bind(timestamp(expires))
    .execute(state.db.pool())
    .await?;
    let link = format!("{}/s/{token}", base.trim_end_matches('/'));
    let qr_svg = crate::links::qr_svg(&link, 220)?;
    tracing::info!(by = %device.user.login, visit = %id, "survey link issued");
    Ok((
        StatusCode::CREATED,
        Json(SurveyLink {
            link,
            expires_at: timestamp(expires),
            qr_svg,
        }),
    ))
}

/// A technician asks for their own customers' visits, or the visits they made;
/// supervisors and the office for any.
async fn may_ask(state: &AppState, device: &Device, visit: &Visit) -> Result<(), ApiError> {
    let user = &device.user;
    if user.role.sees_all() || visit.assignee == Some(user.id) {
        return Ok(());
    }
    let owner: Option<Option<String>> =
        sqlx::query_scalar("SELECT owner FROM records WHERE kind = 'customer' AND id = $1")
            .bind(visit.customer_id.to_string())
            .fetch_optional(state.db.pool())
            .await?;
    if owner.flatten() == Some(user.id.to_string()) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "visit {} is not {}'s: only its technician, its customer's owner or a supervisor \
             may send its survey",
            visit.id, user.name
        )))
    }
}

async fn stored_visit(state: &AppState, id: Uuid) -> Result<Option<Visit>, ApiError> {
    visit_in(state.db.pool(), id).await
}

/// Visit `id` as stored, read through `db` (the pool, or a transaction's connection).
async fn visit_in<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: Uuid,
) -> Result<Option<Visit>, ApiError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM records WHERE kind = 'visit' AND id = $1")
            .bind(id.to_string())
            .fetch_optional(db)
            .await?;
    body.map(|body| {
        serde_json::from_str(&body).map_err(|err| {
            ApiError::Internal(format!("visit {id}'s stored record does not decode: {err}"))
        })
    })
    .transpose()
}

/// A link's row, when the token is one.
struct Link {
    visit_id: Uuid,
    expires_at: DateTime<Utc>,
    answered: bool,
}

async fn link(state: &AppState, token: &str) -> Result<Option<Link>, ApiError> {
    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT visit_id, expires_at, answered_at FROM survey_links WHERE token_hash = $1",
    )
    .bind(hash(token))
    .fetch_optional(state.db.pool())
    .await?;
    Ok(row.and_then(|(visit, expires, answered)| {
        Some(Link {
            visit_id: visit.parse().ok()?,
            expires_at: DateTime::parse_from_rfc3339(&expires)
                .ok()?
                .with_timezone(&Utc),
            answered: answered.is_some(),
        })
    }))
}

/// An open link's visit and customer, or the page saying why it takes no answer;
/// every call is a try of `address` (`limit`), an unknown token a failed one.
async fn usable(
    state: &AppState,
    address: std::net::IpAddr,
    token: &str,
) -> Result<Result<(Link, Visit, String), Response>, ApiError> {
    state.limiter.attempt(address)?;
    let Some(link) = link(state, token).await? else {
        state.limiter.failed(address);
        return Ok(Err(page::closed(
            StatusCode::NOT_FOUND,
            page::Closed::Unknown,
        )));
    };
    if link.answered {
        return Ok(Err(page::closed(StatusCode::GONE, page::Closed::Answered)));
    }
    if link.expires_at <= crate::clock::now() {
        return Ok(Err(page::closed(StatusCode::GONE, page::Closed::Expired)));
    }
    match stored_visit(state, link.visit_id).await? {
        Some(visit) if visit.result.is_some() => {
            let customer = customer_name(state, &visit).await?;
            Ok(Ok((link, visit, customer)))
        }
        _ => Ok(Err(page::closed(StatusCode::GONE, page::Closed::Unknown))),
    }
}

async fn customer_name(state: &AppState, visit: &Visit) -> Result<String, ApiError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM records WHERE kind = 'customer' AND id = $1")
            .bind(visit.customer_id.to_string())
            .fetch_optional(state.db.pool())
            .await?;
    Ok(body
        .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
        .and_then(|v| v.get("name")?.as_str().map(str::to_owned))
        .unwrap_or_default())
}

async fn open(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let (link, visit, customer) = match usable(&state, address, &token).await? {
        Ok(found) => found,
        Err(closed) => return Ok(closed),
    };
    Ok(page::form(&customer, &visit, link.expires_at, &Answer::default(), None).into_response())
}

/// What the customer sent (an HTML form: checkboxes are present when ticked).
#[derive(Debug, Default, Deserialize)]
pub struct Answer {
    #[serde(default)]
    pub product: Option<u8>,
    #[serde(default)]
    pub service: Option<u8>,
    #[serde(default)]
    pub suggestions: String,
    #[serde(default)]
    pub maintenance: Option<String>,
    #[serde(default)]
    pub outage_service: Option<String>,
    #[serde(default)]
    pub retrofit: Option<String>,
}

/// The visit as the customer's answer leaves it, or what is wrong with the answer.
pub fn answered(mut visit: Visit, answer: &Answer) -> Result<Visit, page::Problem> {
    let rating = |n: Option<u8>| n.and_then(|n| Rating::parse(n).ok());
    let (Some(product), Some(service)) = (rating(answer.product), rating(answer.service)) else {
        return Err(page::Problem::NeedRatings);
    };
    let words = answer.suggestions.trim();
    if words.chars().count() > MAX_SUGGESTIONS {
        return Err(page::Problem::TooLong);
    }
    let result = visit.result.as_mut().ok_or(page::Problem::NotDone)?;
    result.product_rating = product;
    result.service_rating = service;
    if !words.is_empty() {
        // The technician's note is kept; the customer's own words follow it.
        result.suggestions = if result.suggestions.trim().is_empty() {
            words.to_owned()
        } else {
            format!("{}\n\n客户填写：{words}", result.suggestions.trim())
        };
    }
    result.wanted.maintenance |= answer.maintenance.is_some();
    result.wanted.outage_service |= answer.outage_service.is_some();
    result.wanted.retrofit |= answer.retrofit.is_some();
    result.answered_by = AnsweredBy::CustomerByLink;
    Ok(visit)
}

async fn answer(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(token): Path<String>,
    Form(answer): Form<Answer>,
) -> Result<Response, ApiError> {
    let (link, visit, customer) = match usable(&state, address, &token).await? {
        Ok(found) => found,
        Err(closed) => return Ok(closed),
    };
    if let Err(problem) = answered(visit.clone(), &answer) {
        let page = page::form(&customer, &visit, link.expires_at, &answer, Some(problem));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    // The link is spent and the visit written in one transaction: one answer, and
    // none lost (a failed write leaves the link open).
    let now = crate::clock::now();
    let mut tx = state.db.begin_write().await?;
    let spent = sqlx::query(
        "UPDATE survey_links SET answered_at = $1 \
         WHERE token_hash = $2 AND answered_at IS NULL AND expires_at > $1",
    )
    .bind(timestamp(now))
    .bind(hash(&token))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if spent != 1 {
        // Answered (or expired) between the page's check and now.
        return Ok(page::closed(StatusCode::GONE, page::Closed::Answered));
    }
    // The visit as it is now, inside the transaction (a device may have pushed since).
    let current = visit_in(&mut *tx, link.visit_id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("visit {} vanished", link.visit_id)))?;
    let record = Record::Visit(answered(current, &answer).map_err(|problem| {
        ApiError::Unprocessable(format!("the answer no longer fits the visit: {problem:?}"))
    })?);
    record
        .validate()
        .map_err(|err| ApiError::Unprocessable(err.to_string()))?;
    let (tx, version) = crate::sync::import_in(tx, &[record]).await?;
    tx.commit().await?;
    tracing::info!(visit = %link.visit_id, version, "survey answered by link");
    Ok(page::thanks(&customer).into_response())
}

pub use page::Problem;
