//! `revisit-server check`: is the database sound — SQLite's integrity check, then
//! every stored record decoded as the server reads it. Lists what is wrong (the rows
//! the server skips and logs) and exits 1 when anything is.
use crate::config::DatabaseArgs;
use crate::db::{Backend, Database};
use clap::Args;
use futures_util::TryStreamExt;
use sqlx::Row;

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: CheckArgs, out: &mut impl std::io::Write) -> anyhow::Result<bool> {
    let db = Database::open(&args.database.url()).await?;
    let mut sound = true;
    if db.backend() == Backend::Sqlite {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(db.pool())
            .await?;
        if rows == ["ok"] {
            writeln!(out, "integrity: ok")?;
        } else {
            sound = false;
            for row in rows {
                writeln!(out, "integrity: {row}")?;
            }
        }
    }
    let (mut records, mut bad) = (0u64, 0u64);
    let mut rows = sqlx::query("SELECT kind, id, version, body FROM records ORDER BY version")
        .fetch(db.pool());
    while let Some(row) = rows.try_next().await? {
        records += 1;
        let kind: String = row.try_get("kind")?;
        let body: String = row.try_get("body")?;
        if let Err(err) = crate::data::decode(&kind, &body) {
            bad += 1;
            let id: String = row.try_get("id")?;
            let version: i64 = row.try_get("version")?;
            writeln!(out, "record {kind} {id} (version {version}): {err}")?;
        }
    }
    drop(rows);
    db.close().await;
    writeln!(
        out,
        "records: {records}, {bad} that do not decode (skipped by pulls, plans and reports)"
    )?;
    Ok(sound && bad == 0)
}
