//! The server's configuration from flags and the environment: where its database
//! and photos are, and how it serves. The subcommands that take it are `cli`.
use clap::Args;
use std::path::PathBuf;

/// Where the server's database is.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Directory for the embedded SQLite database and other server data.
    #[arg(long, env = "REVISIT_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database URL (sqlite://FILE or postgres://…); defaults to the SQLite file
    /// `revisit.db` in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Directory for photos' images; defaults to `photos` in the data directory.
    #[arg(long, env = "REVISIT_PHOTO_DIR")]
    pub photo_dir: Option<PathBuf>,
}

impl DatabaseArgs {
    /// The configured database URL, or the embedded SQLite file in the data directory.
    pub fn url(&self) -> String {
        match self.database_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => url.to_owned(),
            _ => format!("sqlite://{}", self.data_dir.join("revisit.db").display()),
        }
    }

    /// The configured photo directory, or `photos` in the data directory.
    pub fn photo_dir(&self) -> PathBuf {
        self.photo_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("photos"))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "REVISIT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Requests per second one device may make (bursts of three times that).
    #[arg(long, env = "REVISIT_RATE_LIMIT", default_value_t = crate::limit::DEFAULT_PER_SECOND)]
    pub rate_limit: u32,
    /// The built web app (Trunk's output).
    #[arg(long, env = "REVISIT_DIST", default_value = "dist")]
    pub dist: PathBuf,
    #[command(flatten)]
    pub tls: TlsArgs,
}

/// HTTPS: a certificate from files, one obtained by ACME, or the local CA's
/// (`revisit-server tls init`), found in the data directory.
#[derive(Debug, Clone, Default, Args)]
pub struct TlsArgs {
    /// The server's certificate chain (PEM); reloaded on SIGHUP or when the file changes.
    #[arg(
        long,
        env = "REVISIT_TLS_CERT",
        requires = "tls_key",
        conflicts_with = "acme_domain"
    )]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, env = "REVISIT_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Obtain and renew a certificate for this public domain by ACME (TLS-ALPN-01 on
    /// the HTTPS port, which must then be reachable as port 443 of the domain); repeatable.
    #[arg(long, env = "REVISIT_ACME_DOMAIN", value_delimiter = ',')]
    pub acme_domain: Vec<String>,
    /// Who the ACME CA writes to about the certificate (e.g. mailto:it@example.cn).
    #[arg(long, env = "REVISIT_ACME_CONTACT", requires = "acme_domain")]
    pub acme_contact: Vec<String>,
    /// The ACME directory; Let's Encrypt's by default.
    #[arg(
        long,
        env = "REVISIT_ACME_DIRECTORY",
        requires = "acme_domain",
        default_value = "https://acme-v02.api.letsencrypt.org/directory"
    )]
    pub acme_directory: String,
    /// A CA certificate (PEM) to trust for the ACME directory's own HTTPS, besides the
    /// public roots (an internal ACME CA, or Pebble in the tests).
    #[arg(long, env = "REVISIT_ACME_CA", requires = "acme_domain")]
    pub acme_ca: Option<PathBuf>,
    /// Also listen on this address for plain HTTP, which only redirects to HTTPS (and
    /// offers the local CA's certificate, which a phone needs before HTTPS works).
    #[arg(long, env = "REVISIT_REDIRECT_HTTP")]
    pub redirect_http: Option<String>,
    /// The HTTPS address phones use (e.g. https://revisit.factory.lan); derived from
    /// the ACME domain or the local CA's certificate when not given.
    #[arg(long, env = "REVISIT_PUBLIC_URL")]
    pub public_url: Option<String>,
}
