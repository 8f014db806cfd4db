//! HTTPS in the server itself, with rustls (no OpenSSL): a phone gives a page on a
//! name or a LAN address a service worker, install, camera, location and lasting
//! storage only over HTTPS, so the product's first promise — it works offline —
//! needs it.
//!
//! Three sources of a certificate, in this order: PEM files (`--tls-cert`,
//! `--tls-key`; reloaded on SIGHUP or when the files change, so a renewal needs no
//! restart), ACME (`--acme-domain`, see [`acme`]), and the local CA's certificate
//! that `revisit-server tls init` leaves in the data directory ([`local_ca`]).
//! Every HTTPS answer carries `Strict-Transport-Security`; `--redirect-http` adds a
//! plain-HTTP listener that redirects everything else to HTTPS.
pub mod acme;
pub mod local_ca;
pub mod redirect;

use anyhow::Context;
use axum_server::tls_rustls::RustlsConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::ServerConfig;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How often the certificate files are looked at for a change.
pub const WATCH_EVERY: Duration = Duration::from_secs(2);

/// What browsers are told about HTTPS: this origin only, for two years.
pub const HSTS: &str = "max-age=63072000";

/// The crypto the server's TLS uses (ring: pure Rust and C, builds anywhere).
pub fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A server configuration for a certificate chain and key (PEM), speaking HTTP/2
/// and HTTP/1.1.
pub fn server_config(cert_pem: &[u8], key_pem: &[u8]) -> anyhow::Result<Arc<ServerConfig>> {
    let chain = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .context("the certificate file is not PEM")?;
    anyhow::ensure!(
        !chain.is_empty(),
        "the certificate file holds no certificate"
    );
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .context("the key file holds no private key (PEM: PKCS#8, PKCS#1 or SEC1)")?;
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the key does not belong to the certificate")?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A certificate and key kept in files.
#[derive(Debug, Clone)]
pub struct CertFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl CertFiles {
    /// The files' configuration, read now.
    pub fn load(&self) -> anyhow::Result<Arc<ServerConfig>> {
        let read = |path: &Path| {
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
        };
        server_config(&read(&self.cert)?, &read(&self.key)?)
            .with_context(|| format!("{} / {}", self.cert.display(), self.key.display()))
    }

    /// What tells a change of either file: modification time and length.
    fn stamp(&self) -> Option<[(SystemTime, u64); 2]> {
        let stamp = |path: &Path| {
            let meta = std::fs::metadata(path).ok()?;
            Some((meta.modified().ok()?, meta.len()))
        };
        Some([stamp(&self.cert)?, stamp(&self.key)?])
    }

    /// Serves the files' certificate and keeps it fresh: on SIGHUP, or when either
    /// file changes, the pair is read again; a pair that does not load (half
    /// written, a key of another certificate) is logged and the one in use is kept.
    pub fn watch(self, config: RustlsConfig) {
        tokio::spawn(async move {
            #[cfg(unix)]
            let mut hangup =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
            let mut seen = self.stamp();
            let mut tick = tokio::time::interval(WATCH_EVERY);
            loop {
                #[cfg(unix)]
                let asked = async {
                    match hangup.as_mut() {
                        Some(signal) => signal.recv().await.is_some(),
                        None => std::future::pending().await,
                    }
                };
                #[cfg(not(unix))]
                let asked = std::future::pending::<bool>();
                let forced = tokio::select! {
                    _ = tick.tick() => false,
                    got = asked => got,
                };
                let now = self.stamp();
                if !forced && now == seen {
                    continue;
                }
                seen = now;
                match self.load() {
                    Ok(fresh) => {
                        config.reload_from_config(fresh);
                        tracing::info!(cert = %self.cert.display(), "certificate reloaded");
                    }
                    Err(err) => {
                        tracing::error!("certificate not reloaded, the one in use stays: {err:#}")
                    }
                }
            }
        });
    }
}
