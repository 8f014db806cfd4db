//! The server's records as one core `DataSet`, for what the devices compute on
//! theirs (the plan, the reports): the same code on the whole database.
use crate::db::Database;
use crate::error::ApiError;
use futures_util::TryStreamExt;
use revisit_core::dataset::DataSet;
use revisit_core::sync::protocol::{Record, RecordKind};
use sqlx::Row;

/// Every record in the database, as one data set.
pub async fn load(db: &Database) -> Result<DataSet, ApiError> {
    let mut rows = sqlx::query("SELECT kind, body FROM records").fetch(db.pool());
    let mut data = DataSet::default();
    while let Some(row) = rows.try_next().await? {
        let kind: String = row.try_get("kind")?;
        let body: String = row.try_get("body")?;
        let kind = RecordKind::parse(&kind)
            .ok_or_else(|| ApiError::Internal(format!("stored kind {kind:?}")))?;
        let record = Record::from_json(kind, &body)
            .map_err(|err| ApiError::Internal(format!("stored {}: {err}", kind.as_str())))?;
        data.push_record(record);
    }
    Ok(data)
}
