//! The server's records as one core `DataSet`, for what the devices compute on
//! theirs (the plan, the reports): the same code on the whole database.
use crate::db::Database;
use crate::error::ApiError;
use futures_util::TryStreamExt;
use revisit_core::dataset::DataSet;
use revisit_core::sync::protocol::{Record, RecordKind};
use sqlx::Row;

/// Every record in the database, as one data set. A row that does not decode (an
/// unknown kind, a body that is not the kind's) is skipped and logged: one bad row
/// never breaks everyone's plans and reports (`revisit-server check` lists them).
pub async fn load(db: &Database) -> Result<DataSet, ApiError> {
    let mut rows = sqlx::query("SELECT kind, id, body FROM records").fetch(db.pool());
    let mut data = DataSet::default();
    while let Some(row) = rows.try_next().await? {
        let kind: String = row.try_get("kind")?;
        let body: String = row.try_get("body")?;
        match decode(&kind, &body) {
            Ok(record) => data.push_record(record),
            Err(err) => {
                let id: String = row.try_get("id").unwrap_or_default();
                tracing::warn!(%kind, %id, "a stored record skipped: {err}");
            }
        }
    }
    Ok(data)
}

/// A stored row as a record, or why it is not one.
pub fn decode(kind: &str, body: &str) -> Result<Record, String> {
    let kind = RecordKind::parse(kind).ok_or_else(|| format!("unknown kind {kind:?}"))?;
    Record::from_json(kind, body).map_err(|err| err.to_string())
}
