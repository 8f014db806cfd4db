//! The server binary's command line: serving (the default) and the admin
//! subcommands.
use crate::config::ServeArgs;
use clap::{Parser, Subcommand};

pub mod accounts;
pub mod backup;
pub mod check;
pub mod demo;
pub mod import;
pub mod plan;
pub mod report;
pub mod tls;

#[derive(Debug, Parser)]
#[command(
    name = "revisit-server",
    version,
    about = "Revisit: customer follow-up visits — sync server and admin tools"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no subcommand the server serves.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and the API (the default).
    Serve(ServeArgs),
    /// Print the visit plan of the database (or of a data file), as JSON (or CSV with --csv).
    Plan(plan::PlanArgs),
    /// Print the satisfaction or visit analysis report of the database (or a data file), as JSON.
    Report(report::ReportArgs),
    /// Write the demo data set as a data file.
    Demo(demo::DemoArgs),
    /// Manage users: add, list.
    #[command(subcommand)]
    User(accounts::UserCommand),
    /// Issue a one-time code that enrolls one device for a user (printed, and as a QR code).
    Enroll(accounts::EnrollArgs),
    /// Import customers or installations (CSV), or a data file (JSON), into the database.
    Import(import::ImportArgs),
    /// Revoke the tokens of every device of a user (a lost phone, someone leaving).
    Revoke(accounts::RevokeArgs),
    /// Check the database: SQLite's integrity check and every record decoded; exit 1 if unsound.
    Check(check::CheckArgs),
    /// Copy the SQLite database to FILE while the server runs (checked before done).
    Backup(backup::BackupArgs),
    /// HTTPS on a company LAN: a local certificate authority and the server's certificate.
    #[command(subcommand)]
    Tls(tls::TlsCommand),
}

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
                let db = crate::db::Database::open(&self.database.url()).await?;
                let data = crate::data::load(&db).await;
                db.close().await;
                Ok(data?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn default_database_is_sqlite_in_the_data_dir() {
        let cli = Cli::try_parse_from(["revisit-server", "--data-dir", "/srv/revisit"]).unwrap();
        assert_eq!(cli.serve.database.url(), "sqlite:///srv/revisit/revisit.db");
        assert_eq!(cli.serve.listen, "127.0.0.1:8080");
        assert_eq!(
            cli.serve.database.photo_dir(),
            PathBuf::from("/srv/revisit/photos")
        );
    }

    #[test]
    fn an_empty_database_url_means_the_default() {
        let cli = Cli::try_parse_from(["revisit-server", "--database-url", "", "--data-dir", "d"])
            .unwrap();
        assert_eq!(cli.serve.database.url(), "sqlite://d/revisit.db");
    }

    #[test]
    fn an_explicit_database_url_wins() {
        let cli = Cli::try_parse_from([
            "revisit-server",
            "serve",
            "--database-url",
            "sqlite::memory:",
            "--listen",
            "0.0.0.0:9000",
        ])
        .unwrap();
        let Some(Command::Serve(args)) = cli.command else {
            panic!("expected the serve subcommand");
        };
        assert_eq!(args.database.url(), "sqlite::memory:");
        assert_eq!(args.listen, "0.0.0.0:9000");
    }
}
