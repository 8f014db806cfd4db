//! A push's writes, held until it finishes (or until a statement must see them) and
//! then sent as a few multi-row statements: on SQLite every statement is a round trip
//! to sqlx's worker thread, taken while every other push waits for the write lock.
use super::{placeholders, signed};
use crate::db::WriteTx;
use crate::error::ApiError;

/// A row of `records` (and, for mutable kinds, of `record_versions`).
pub struct RecordRow {
    pub kind: &'static str,
    pub id: String,
    pub customer_id: Option<String>,
    pub owner: Option<String>,
    pub version: u64,
    pub body: String,
    /// Customers and installations keep every version: the base of a later merge.
    pub keep_version: bool,
}

/// A row of the mutation log.
pub struct LogRow {
    pub client_id: String,
    pub id: u64,
    pub user_id: String,
    pub kind: &'static str,
    pub record_id: String,
    pub body: String,
    pub device_time: String,
    pub applied_at: String,
    pub outcome: &'static str,
}

#[derive(Default)]
pub struct Pending {
    records: Vec<RecordRow>,
    log: Vec<LogRow>,
}

/// Rows a statement carries: far under SQLite's and PostgreSQL's parameter limits.
const ROWS: usize = 200;

impl Pending {
    pub fn record(&mut self, row: RecordRow) {
        self.records.push(row);
    }

    pub fn log(&mut self, row: LogRow) {
        self.log.push(row);
    }

    /// Writes what is held.
    pub async fn flush(&mut self, tx: &mut WriteTx) -> Result<(), ApiError> {
        let records = std::mem::take(&mut self.records);
        let versions: Vec<&RecordRow> = records.iter().filter(|r| r.keep_version).collect();
        for chunk in versions.chunks(ROWS) {
            let sql = format!(
                "INSERT INTO record_versions (kind, id, version, body) VALUES {}",
                tuples(4, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for r in chunk {
                query = query
                    .bind(r.kind)
                    .bind(&r.id)
                    .bind(signed(r.version)?)
                    .bind(&r.body);
            }
            query.execute(&mut **tx).await?;
        }
        // One row per record, its last write: a statement may not upsert a key twice.
        let mut latest: Vec<&RecordRow> = Vec::with_capacity(records.len());
        let mut seen = std::collections::HashSet::new();
        for r in records.iter().rev() {
            if seen.insert((r.kind, r.id.as_str())) {
                latest.push(r);
            }
        }
        latest.reverse();
        for chunk in latest.chunks(ROWS) {
            let sql = format!(
                "INSERT INTO records (kind, id, customer_id, owner, version, body) VALUES {}
                 ON CONFLICT (kind, id) DO UPDATE SET customer_id = excluded.customer_id,
                    owner = excluded.owner, version = excluded.version, body = excluded.body",
                tuples(6, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for r in chunk {
                query = query
                    .bind(r.kind)
                    .bind(&r.id)
                    .bind(r.customer_id.clone())
                    .bind(r.owner.clone())
                    .bind(signed(r.version)?)
                    .bind(&r.body);
            }
            query.execute(&mut **tx).await?;
        }
        let log = std::mem::take(&mut self.log);
        for chunk in log.chunks(ROWS) {
            let sql = format!(
                "INSERT INTO mutations (client_id, id, user_id, kind, record_id, body, device_time,
                    applied_at, outcome) VALUES {}",
                tuples(9, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for m in chunk {
                query = query
                    .bind(&m.client_id)
                    .bind(signed(m.id)?)
                    .bind(&m.user_id)
                    .bind(m.kind)
                    .bind(&m.record_id)
                    .bind(&m.body)
                    .bind(&m.device_time)
                    .bind(&m.applied_at)
                    .bind(m.outcome);
            }
            query.execute(&mut **tx).await?;
        }
        Ok(())
    }
}

/// `($1, …, $width), ($width+1, …)` for `rows` rows.
fn tuples(width: usize, rows: usize) -> String {
    (0..rows)
        .map(|row| format!("({})", placeholders(row * width + 1, width)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn tuples_number_every_parameter_once() {
        assert_eq!(super::tuples(2, 2), "($1, $2), ($3, $4)");
        assert_eq!(super::tuples(3, 1), "($1, $2, $3)");
    }
}
