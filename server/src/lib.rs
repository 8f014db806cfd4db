//! Revisit's server: the built web app plus the JSON API over one shared state.
//!
//! Each area exposes a `router()`; [`app`] merges them and is what the tests call,
//! without a socket.
pub mod accounts;
pub mod admin;
pub mod assets;
pub mod cli;
pub mod clock;
pub mod compute;
pub mod config;
pub mod data;
pub mod db;
pub mod error;
pub mod headers;
pub mod health;
pub mod limit;
pub mod links;
pub mod photos;
pub mod plan;
pub mod report;
pub mod survey_link;
pub mod sync;
pub mod telemetry;
pub mod tls;

use axum::Router;
use cli::{Cli, Command};
use config::ServeArgs;
use std::path::PathBuf;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Database,
    pub limiter: std::sync::Arc<limit::Limiter>,
    /// Turns at the CPU for plans and reports.
    pub compute: compute::Budget,
    /// Where photos' images are kept.
    pub photos: std::sync::Arc<photos::PhotoFiles>,
    /// The HTTPS address phones use, when the server knows one (`/api/health` says
    /// it, so the app can send a user who came by plain HTTP there).
    pub https_url: Option<String>,
}

impl AppState {
    /// The state over `db`, photos in `photo_dir`, with the default rate limit
    /// per device.
    pub fn new(db: db::Database, photo_dir: PathBuf) -> Self {
        Self {
            db,
            limiter: std::sync::Arc::new(limit::Limiter::new(limit::DEFAULT_PER_SECOND)),
            compute: compute::Budget::default(),
            photos: photos::PhotoFiles::new(photo_dir),
            https_url: None,
        }
    }

    /// The same, saying `url` is the server's HTTPS address.
    pub fn with_https_url(self, url: Option<String>) -> Self {
        Self {
            https_url: url,
            ..self
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

/// The whole HTTP application: `/api/*` (JSON, with a JSON 404) and the web app,
/// every answer with the security headers (`headers`).
pub fn app(state: AppState, dist_dir: PathBuf) -> Router {
    let policy = headers::Policy::new(&dist_dir);
    let api = Router::new()
        .route(
            "/csp-report",
            axum::routing::post(headers::report)
                .layer(axum::extract::DefaultBodyLimit::max(16 * 1024)),
        )
        .merge(health::router())
        .merge(accounts::http::router())
        .merge(admin::router())
        .merge(sync::router())
        .merge(plan::router())
        .merge(report::router())
        .merge(photos::router())
        .merge(survey_link::api_router())
        .fallback(error::api_not_found)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    Router::new()
        .nest("/api", api)
        .merge(survey_link::page_router())
        .merge(assets::router(dist_dir))
        .layer(axum::middleware::from_fn_with_state(policy, headers::add))
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
        Some(Command::Tls(command)) => cli::tls::run(command),
        Some(Command::Backup(args)) => cli::backup::run(args).await,
        Some(Command::Check(args)) => {
            if cli::check::run(args, &mut std::io::stdout().lock()).await? {
                Ok(())
            } else {
                Err(anyhow::anyhow!("the database is not sound (above)"))
            }
        }
    }
}

/// How the HTTPS listener gets its certificate.
enum Https {
    /// Plain HTTP (localhost, or behind a reverse proxy that speaks TLS).
    Off,
    Files(tls::CertFiles),
    Acme,
}

/// Opens the database, binds the address(es) and serves until SIGTERM or Ctrl-C.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let database_url = args.database.url();
    let db = db::Database::open(&database_url).await?;
    db.quick_check().await?;
    if !args.dist.join("index.html").is_file() {
        tracing::warn!(dist = %args.dist.display(), "the web app is not built here: run `node build/app.mjs --release` (scripts/run.sh does)");
    }
    let local_ca = tls::local_ca::LocalCa::in_data_dir(&args.database.data_dir);
    let https = if let (Some(cert), Some(key)) = (&args.tls.tls_cert, &args.tls.tls_key) {
        Https::Files(tls::CertFiles {
            cert: cert.clone(),
            key: key.clone(),
        })
    } else if !args.tls.acme_domain.is_empty() {
        Https::Acme
    } else if local_ca.has_server_cert() {
        tracing::info!(cert = %local_ca.server_cert().display(), "serving the local CA's certificate (tls init)");
        Https::Files(tls::CertFiles {
            cert: local_ca.server_cert(),
            key: local_ca.server_key(),
        })
    } else {
        Https::Off
    };
    let listener = std::net::TcpListener::bind(&args.listen)
        .map_err(|err| anyhow::anyhow!("cannot listen on {}: {err}", args.listen))?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let secure = !matches!(https, Https::Off);
    let https_url = args.tls.public_url.clone().or_else(|| {
        let port = address.port();
        let suffix = if port == 443 {
            String::new()
        } else {
            format!(":{port}")
        };
        match &https {
            Https::Acme => Some(format!("https://{}{suffix}", args.tls.acme_domain[0])),
            Https::Files(_) => local_ca.names().and_then(|n| n.https_url(port)),
            Https::Off => None,
        }
    });
    if args.tls.redirect_http.is_some() && !secure {
        return Err(cli::InputError(
            "--redirect-http needs HTTPS: --tls-cert and --tls-key, --acme-domain, or `revisit-server tls init`".into(),
        )
        .into());
    }
    let photo_dir = args.database.photo_dir();
    tracing::info!(photos = %photo_dir.display(), "photos kept here");
    let state = AppState::new(db.clone(), photo_dir)
        .with_limit(args.rate_limit)
        .with_https_url(https_url.clone());
    photos::finish_uploads(&state).await?;
    // The local CA's certificate, for phones to trust (also over plain HTTP).
    let redirect_address = match &args.tls.redirect_http {
        Some(addr) => {
            let plain = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|err| anyhow::anyhow!("cannot listen on {addr}: {err}"))?;
            Some(plain)
        }
        None => None,
    };
    let ca_page_url = match (&redirect_address, &https_url) {
        (Some(plain), Some(url)) => {
            let host = url
                .trim_start_matches("https://")
                .split('/')
                .next()
                .map(tls::redirect::host_without_port)
                .unwrap_or_default()
                .to_owned();
            Some(format!("http://{host}:{}/ca", plain.local_addr()?.port()))
        }
        (None, Some(url)) => Some(format!("{url}/ca")),
        _ => None,
    };
    let ca_routes = || -> Router {
        match local_ca.ca_pem() {
            Some(pem) => tls::local_ca::router(pem, ca_page_url.clone()),
            None => Router::new(),
        }
    };
    let mut app = ca_routes().merge(app(state, args.dist.clone()));
    if secure {
        app = app.layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            axum::http::HeaderValue::from_static(tls::HSTS),
        ));
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let handle = axum_server::Handle::new();
    {
        let handle = handle.clone();
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
            handle.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
        });
    }
    let until_stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    };
    let redirecting = match redirect_address {
        Some(plain) => {
            tracing::info!(address = %plain.local_addr()?, "plain HTTP redirects to HTTPS");
            let router = tls::redirect::router(address.port(), ca_routes()).layer(
                axum::middleware::from_fn_with_state(
                    headers::Policy::new(&args.dist),
                    headers::add,
                ),
            );
            let stopping = until_stopped();
            Some(tokio::spawn(async move {
                axum::serve(plain, router)
                    .with_graceful_shutdown(stopping)
                    .await
            }))
        }
        None => None,
    };
    let scheme = if secure { "https" } else { "http" };
    tracing::info!(%address, database = %db.describe(), "Revisit listening on {scheme}://{address}");
    if let Some(url) = &https_url {
        tracing::info!(%url, "phones use this HTTPS address");
    }
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    match https {
        Https::Off => {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            axum::serve(listener, service)
                .with_graceful_shutdown(until_stopped())
                .await?;
        }
        Https::Files(files) => {
            let config = axum_server::tls_rustls::RustlsConfig::from_config(files.load()?);
            files.watch(config.clone());
            // No Nagle: a handshake's last flight otherwise waits for a delayed ACK
            // (40 ms in one new connection of two, measured).
            let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(config)
                .acceptor(axum_server::accept::NoDelayAcceptor::new());
            axum_server::from_tcp(listener)?
                .acceptor(acceptor)
                .handle(handle)
                .serve(service)
                .await?;
        }
        Https::Acme => {
            let acceptor = tls::acme::NoDelay(tls::acme::start(
                &args.tls,
                args.database.data_dir.join("acme"),
            )?);
            axum_server::from_tcp(listener)?
                .acceptor(acceptor)
                .handle(handle)
                .serve(service)
                .await?;
        }
    }
    if let Some(task) = redirecting {
        let _ = task.await;
    }
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
