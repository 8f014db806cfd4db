//! `revisit-server`: serves the app and the JSON API, plus admin subcommands.
use clap::Parser;
use revisit_server::cli::Cli;
use revisit_server::cli::InputError;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // FAILPOINTS=name=action;… (the fault tests'; a no-op without the feature).
    let _faults = fail::FailScenario::setup();
    if matches!(
        cli.command,
        None | Some(revisit_server::cli::Command::Serve(_))
    ) {
        revisit_server::telemetry::init();
    }
    match revisit_server::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            // Bad input is the user's to fix (exit 2); anything else is ours (exit 1).
            if err.downcast_ref::<InputError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
