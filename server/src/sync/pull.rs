//! Reading what changed since a cursor, in pages, limited to what the device's
//! user may see.
use super::{signed, unsigned};
use crate::accounts::Device;
use crate::db::Database;
use crate::error::ApiError;
use revisit_core::customer::Customer;
use revisit_core::sync::protocol::ErrorCode;
use revisit_core::sync::protocol::{Conflict, PullResponse, Pulled, RecordKind};
use revisit_core::types::Cny;
use serde_json::Value;
use sqlx::Row;
use std::collections::BTreeMap;
use uuid::Uuid;

pub const DEFAULT_PAGE: u32 = 1_000;
pub const MAX_PAGE: u32 = 5_000;

pub async fn pull(
    db: &Database,
    device: &Device,
    cursor: u64,
    limit: u32,
) -> Result<PullResponse, ApiError> {
    let mut tx = db.pool().begin().await?;
    // Read first: every version up to it is committed (pushes commit in version
    // order), so it is a safe cursor when nothing newer is returned.
    let latest: i64 = sqlx::query_scalar("SELECT value FROM counters WHERE name = 'version'")
        .fetch_one(&mut *tx)
        .await?;
    let latest = unsigned(latest);
    if cursor > latest {
        return Err(ApiError::bad(
            ErrorCode::CursorAhead,
            format!("cursor {cursor} is ahead of this server ({latest}): was the server's database replaced?"),
        ));
    }
    let everything = "SELECT kind, version, body FROM records WHERE version > $1
         ORDER BY version LIMIT $2";
    // Their customers, and those with a visit handed to them (an assignment's
    // `owner` column is its assignee).
    let own = "SELECT kind, version, body FROM records WHERE version > $1
           AND (customer_id IS NULL OR customer_id IN
                (SELECT id FROM records WHERE kind = 'customer' AND owner = $3)
             OR customer_id IN
                (SELECT customer_id FROM records WHERE kind = 'assignment' AND owner = $3))
         ORDER BY version LIMIT $2";
    let (cursor_at, page) = (signed(cursor)?, i64::from(limit) + 1);
    let query = if device.user.role.sees_all() {
        sqlx::query(everything).bind(cursor_at).bind(page)
    } else {
        sqlx::query(own)
            .bind(cursor_at)
            .bind(page)
            .bind(device.user.id.to_string())
    };
    let rows = query.fetch_all(&mut *tx).await?;
    let more = rows.len() > limit as usize;
    let mut records = Vec::with_capacity(rows.len().min(limit as usize));
    // The last version read, sent or not: a row that does not decode is skipped
    // (and logged) — one bad row never stops everyone's pulls — but passed over.
    let mut last_read = None;
    for row in rows.iter().take(limit as usize) {
        let version = unsigned(row.try_get("version")?);
        last_read = Some(version);
        let kind: String = row.try_get("kind")?;
        let body: String = row.try_get("body")?;
        match crate::data::decode(&kind, &body) {
            Ok(record) => records.push(Pulled { version, record }),
            Err(err) => tracing::warn!(%kind, version, "a stored record skipped: {err}"),
        }
    }
    let cursor = match last_read {
        Some(last) if more => last,
        Some(last) => last.max(latest),
        None => latest,
    };
    let last_mutation_id: i64 =
        sqlx::query_scalar("SELECT last_mutation_id FROM devices WHERE client_id = $1")
            .bind(device.client_id.to_string())
            .fetch_one(&mut *tx)
            .await?;
    let conflicts = open_conflicts(&mut tx, device.client_id).await?;
    let company_sales = if device.user.role.sees_all() || more {
        Default::default()
    } else {
        company_sales(&mut tx).await?
    };
    tx.commit().await?;
    Ok(PullResponse {
        cursor,
        more,
        last_mutation_id: unsigned(last_mutation_id),
        records,
        conflicts,
        latest,
        company_sales,
    })
}

/// The company's sales by year over every customer (see `PullResponse::company_sales`).
async fn company_sales(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> Result<BTreeMap<i32, Cny>, ApiError> {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM records WHERE kind = 'customer'")
            .fetch_all(&mut **tx)
            .await?;
    let customers: Vec<Customer> = bodies
        .iter()
        .filter_map(|body| match serde_json::from_str::<Customer>(body) {
            Ok(customer) => Some(customer),
            Err(err) => {
                tracing::warn!("a stored customer left out of the company's sales: {err}");
                None
            }
        })
        .collect();
    Ok(revisit_core::tiering::sales_by_year(&customers))
}

async fn open_conflicts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    client: Uuid,
) -> Result<Vec<Conflict>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, mutation_id, kind, record_id, field, base, mine, theirs, version
         FROM conflicts WHERE client_id = $1 AND resolved_at IS NULL ORDER BY created_at, id",
    )
    .bind(client.to_string())
    .fetch_all(&mut **tx)
    .await?;
    let json = |text: String| serde_json::from_str::<Value>(&text).unwrap_or(Value::Null);
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let kind: String = row.try_get("kind")?;
            Ok(Conflict {
                id: Uuid::parse_str(&id).map_err(|e| ApiError::Internal(e.to_string()))?,
                kind: RecordKind::parse(&kind)
                    .ok_or_else(|| ApiError::Internal(format!("stored kind {kind:?}")))?,
                record_id: row.try_get("record_id")?,
                field: row.try_get("field")?,
                base: row.try_get::<Option<String>, _>("base")?.map(json),
                mine: json(row.try_get("mine")?),
                theirs: json(row.try_get("theirs")?),
                version: unsigned(row.try_get("version")?),
                client_id: client,
                mutation_id: unsigned(row.try_get("mutation_id")?),
            })
        })
        .collect()
}
