//! `revisit-server backup FILE`: a consistent copy of the embedded SQLite database
//! while the server runs (`VACUUM INTO`: one read transaction, so pushes landing
//! meanwhile are either wholly in the copy or not at all), checked before it is
//! called done. PostgreSQL has its own tools (`pg_dump`), named in the refusal.
use super::InputError;
use crate::config::DatabaseArgs;
use crate::db::{Backend, Database};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// Where the copy goes; must not exist yet.
    pub file: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: BackupArgs) -> anyhow::Result<()> {
    if args.file.exists() {
        return Err(InputError(format!(
            "{} exists already: give a new file",
            args.file.display()
        ))
        .into());
    }
    let db = Database::open(&args.database.url()).await?;
    if db.backend() == Backend::Postgres {
        db.close().await;
        return Err(InputError(
            "the database is PostgreSQL: back it up with pg_dump (docs/deploy.md)".into(),
        )
        .into());
    }
    let target = args.file.to_string_lossy().into_owned();
    let done = sqlx::query("VACUUM INTO $1")
        .bind(&target)
        .execute(db.pool())
        .await;
    db.close().await;
    if let Err(err) = done {
        let _ = std::fs::remove_file(&args.file);
        anyhow::bail!("the backup failed, nothing written: {err}");
    }
    // A copy is only a backup once it opens and checks out.
    let copy = Database::open(&format!("sqlite://{target}")).await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(copy.pool())
        .await?;
    copy.close().await;
    if check != "ok" {
        anyhow::bail!("the copy in {target} does not check out: {check}");
    }
    let bytes = std::fs::metadata(&args.file)?.len();
    println!("backed up to {target} ({bytes} bytes, integrity ok)");
    println!("to restore: stop the server, put this file in place of <data-dir>/revisit.db (delete revisit.db-wal and -shm), start it");
    Ok(())
}
