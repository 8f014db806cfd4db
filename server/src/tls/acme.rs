//! Automatic certificates for a public domain (`--acme-domain`), by the ACME
//! protocol (rustls-acme, TLS-ALPN-01: the challenge is answered on the HTTPS port
//! itself, so nothing else need listen). The account and the certificate are cached
//! in `<data-dir>/acme/`, so a restart does not ask again; the certificate is
//! renewed in the background once two thirds of its life are over.
use crate::config::TlsArgs;
use anyhow::Context;
use futures_util::StreamExt;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore, ServerConfig};
use rustls_acme::axum::AxumAcceptor;
use rustls_acme::caches::DirCache;
use rustls_acme::AcmeConfig;
use std::path::PathBuf;
use std::sync::Arc;

/// Starts obtaining (or loading) the certificate; the acceptor serves it, and
/// answers the CA's TLS-ALPN-01 challenges, on the HTTPS listener.
pub fn start(args: &TlsArgs, cache: PathBuf) -> anyhow::Result<AxumAcceptor> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(ca) = &args.acme_ca {
        for cert in CertificateDer::pem_file_iter(ca)
            .with_context(|| format!("cannot read {}", ca.display()))?
        {
            roots
                .add(cert.with_context(|| format!("{} is not PEM", ca.display()))?)
                .with_context(|| format!("{} is not a CA certificate", ca.display()))?;
        }
    }
    let client = ClientConfig::builder_with_provider(super::provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    std::fs::create_dir_all(&cache)
        .with_context(|| format!("cannot create {}", cache.display()))?;
    let mut state = AcmeConfig::new_with_client_config(&args.acme_domain, Arc::new(client))
        .contact(&args.acme_contact)
        .directory(&args.acme_directory)
        .cache(DirCache::new(cache))
        .state();
    let mut config = ServerConfig::builder_with_provider(super::provider())
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_cert_resolver(state.resolver());
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = state.axum_acceptor(Arc::new(config));
    let domains = args.acme_domain.join(", ");
    tracing::info!(%domains, directory = %args.acme_directory, "certificates by ACME");
    // The certificate is obtained and renewed as this stream is polled.
    tokio::spawn(async move {
        while let Some(event) = state.next().await {
            match event {
                Ok(event) => tracing::info!(?event, "acme"),
                Err(err) => tracing::error!(error = ?err, "acme: will retry"),
            }
        }
    });
    Ok(acceptor)
}

/// The ACME acceptor on sockets without Nagle (see `serve`).
#[derive(Clone)]
pub struct NoDelay(pub AxumAcceptor);

impl<S: Send + 'static> axum_server::accept::Accept<tokio::net::TcpStream, S> for NoDelay {
    type Stream = <AxumAcceptor as axum_server::accept::Accept<tokio::net::TcpStream, S>>::Stream;
    type Service = S;
    type Future = <AxumAcceptor as axum_server::accept::Accept<tokio::net::TcpStream, S>>::Future;

    fn accept(&self, stream: tokio::net::TcpStream, service: S) -> Self::Future {
        let _ = stream.set_nodelay(true);
        self.0.accept(stream, service)
    }
}
