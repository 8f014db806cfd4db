//! `revisit-server`: serves the app and the JSON API; admin subcommands come later.
use clap::Parser;
use revisit_server::config::Cli;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    revisit_server::telemetry::init();
    let cli = Cli::parse();
    revisit_server::run(cli).await
}
