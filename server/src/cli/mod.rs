//! Admin subcommands of the server binary.
pub mod accounts;
pub mod backup;
pub mod check;
pub mod demo;
pub mod import;
pub mod plan;
pub mod report;
pub mod tls;

/// Bad input from the user (a malformed data file, an impossible range): the
/// message says what and where, and the process exits with code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// Where an admin command reads its records: a data file, or the server's database.
#[derive(Debug, Clone, clap::Args)]
pub struct Source {
    /// A data file (JSON; see docs/data-format.md) instead of the database.
    #[arg(long)]
    pub data: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub database: crate::config::DatabaseArgs,
}

impl Source {
    /// Every record, read and checked.
    pub async fn load(&self) -> anyhow::Result<revisit_core::dataset::DataSet> {
        match &self.data {
            Some(path) => Ok(plan::read_data(path)?),
            None => {
                let db = crate::db::Database::connect(&self.database.url()).await?;
                let data = crate::data::load(&db).await;
                db.close().await;
                Ok(data?)
            }
        }
    }
}
