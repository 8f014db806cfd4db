//! Revisit's server: the built web app plus the JSON API over one shared state.
//!
//! Each area exposes a `router()`; [`app`] merges them and is what the tests call,
//! without a socket.
pub mod accounts;
pub mod assets;
pub mod cli;
pub mod clock;
pub mod config;
pub mod data;
pub mod db;
pub mod error;
pub mod health;
pub mod limit;
pub mod photos;
pub mod plan;
pub mod report;
pub mod sync;
pub mod telemetry;

use axum::Router;
use config::{Cli, Command, ServeArgs};
use std::path::PathBuf;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Database,
    pub limiter: std::sync::Arc<limit::Limiter>,
    /// Where photos' images are kept.
    pub photos: std::sync::Arc<photos::PhotoFiles>,
}

impl AppState {
    /// The state over `db`, photos in `photo_dir`, with the default rate limit
    /// per device.
    pub fn new(db: db::Database, photo_dir: PathBuf) -> Self {
        Self {
            db,
            limiter: std::sync::Arc::new(limit::Limiter::new(limit::DEFAULT_PER_SECOND)),
            photos: photos::PhotoFiles::new(photo_dir),
        }
    }

    /// The same with `per_second` requests allowed per device.
    pub fn with_limit(self, per_second: u32) -> Self {
        Self {
            limiter: std::sync::Arc::new(limit::Limiter::new(per_second)),
            ..self
        }
    }
}

/// The largest request body the API reads: a push of [`MAX_PUSH`] big records fits.
///
/// [`MAX_PUSH`]: revisit_core::sync::protocol::MAX_PUSH
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// How long a request may take before it is answered 408 and dropped.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The whole HTTP application: `/api/*` (JSON, with a JSON 404) and the web app.
pub fn app(state: AppState, dist_dir: PathBuf) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(accounts::http::router())
        .merge(sync::router())
        .merge(plan::router())
        .merge(report::router())
        .merge(photos::router())
        .fallback(error::api_not_found)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    Router::new()
        .nest("/api", api)
        .merge(assets::router(dist_dir))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Runs what the command line asked for.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    clock::init_from_env()?;
    match cli.command {
        None => serve(cli.serve).await,
        Some(Command::Serve(args)) => serve(args).await,
        Some(Command::Plan(args)) => cli::plan::run(&args, &mut std::io::stdout().lock()).await,
        Some(Command::Report(args)) => cli::report::run(&args, &mut std::io::stdout().lock()).await,
        Some(Command::Demo(args)) => cli::demo::run(&args, &mut std::io::stdout().lock()),
        Some(Command::User(command)) => cli::accounts::user(command).await,
        Some(Command::Enroll(args)) => cli::accounts::enroll(args).await,
        Some(Command::Import(args)) => cli::import::run(args).await,
        Some(Command::Revoke(args)) => cli::accounts::revoke(args).await,
    }
}

/// Opens the database, binds the address and serves until SIGTERM or Ctrl-C.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let database_url = args.database.url();
    let db = db::Database::connect(&database_url).await?;
    if !args.dist.join("index.html").is_file() {
        tracing::warn!(dist = %args.dist.display(), "the web app is not built here: run `trunk build --release` (scripts/run.sh does)");
    }
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    tracing::info!(address = %listener.local_addr()?, database = %db.describe(), "Revisit listening on http://{}", listener.local_addr()?);
    let photo_dir = args.database.photo_dir();
    tracing::info!(photos = %photo_dir.display(), "photos kept here");
    let app = app(
        AppState::new(db.clone(), photo_dir).with_limit(args.rate_limit),
        args.dist.clone(),
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish and the database closes cleanly.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
