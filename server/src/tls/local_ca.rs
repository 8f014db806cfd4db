//! A company LAN with no public domain: `revisit-server tls init --name
//! revisit.factory.lan --ip 192.168.1.10` makes a certificate authority of the
//! company's own (once) and a server certificate for those names, kept in
//! `<data-dir>/tls/`. The server serves that certificate and offers the authority's
//! certificate at `/ca` (a page with a QR code and the steps for Android) and
//! `/ca.crt`, so phones can be told to trust it. `docs/deploy.md` compares this with
//! a certificate from the company's own CA.
use anyhow::Context;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, SanType,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// How long the authority lives (phones trust it for as long), and a server certificate.
const CA_DAYS: i64 = 3650;
const SERVER_DAYS: i64 = 397;

/// The files of the local CA in a data directory.
#[derive(Debug, Clone)]
pub struct LocalCa {
    dir: PathBuf,
}

/// What a server certificate was made for (kept beside it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Names {
    pub names: Vec<String>,
    pub ips: Vec<IpAddr>,
}

impl Names {
    /// The first name (or address) as the HTTPS address phones use.
    pub fn https_url(&self, port: u16) -> Option<String> {
        let host = self.names.first().cloned().or_else(|| {
            self.ips.first().map(|ip| match ip {
                IpAddr::V6(v6) => format!("[{v6}]"),
                IpAddr::V4(v4) => v4.to_string(),
            })
        })?;
        Some(if port == 443 {
            format!("https://{host}")
        } else {
            format!("https://{host}:{port}")
        })
    }
}

/// What `tls init` made.
#[derive(Debug)]
pub struct Made {
    pub ca_created: bool,
    pub ca_fingerprint: String,
    pub server_cert: PathBuf,
}

impl LocalCa {
    pub fn in_data_dir(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("tls"),
        }
    }
    pub fn ca_cert(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }
    fn ca_key(&self) -> PathBuf {
        self.dir.join("ca-key.pem")
    }
    pub fn server_cert(&self) -> PathBuf {
        self.dir.join("server.pem")
    }
    pub fn server_key(&self) -> PathBuf {
        self.dir.join("server-key.pem")
    }
    fn names_file(&self) -> PathBuf {
        self.dir.join("server.json")
    }

    /// True when `tls init` left a server certificate here.
    pub fn has_server_cert(&self) -> bool {
        self.server_cert().is_file() && self.server_key().is_file()
    }

    /// The names the server certificate is for.
    pub fn names(&self) -> Option<Names> {
        serde_json::from_slice(&std::fs::read(self.names_file()).ok()?).ok()
    }

    /// The authority's certificate (PEM), if there is one.
    pub fn ca_pem(&self) -> Option<String> {
        std::fs::read_to_string(self.ca_cert()).ok()
    }

    /// Makes the authority if there is none (phones that trust it keep trusting it
    /// when the server's names change), then a server certificate for `names`.
    pub fn init(&self, names: &Names) -> anyhow::Result<Made> {
        anyhow::ensure!(
            !names.names.is_empty() || !names.ips.is_empty(),
            "give the server's name (--name) or address (--ip), or both"
        );
        for name in &names.names {
            anyhow::ensure!(
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'),
                "{name:?} is not a host name (letters, digits, - and . only)"
            );
        }
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        let ca_created = !self.ca_cert().is_file();
        let (ca, ca_key) = if ca_created {
            let key = KeyPair::generate()?;
            let cert = ca_params(names)?.self_signed(&key)?;
            write_private(&self.ca_key(), key.serialize_pem().as_bytes())?;
            std::fs::write(self.ca_cert(), cert.pem())?;
            (cert, key)
        } else {
            let key_pem = std::fs::read_to_string(self.ca_key())
                .with_context(|| format!("the CA's key {} is missing", self.ca_key().display()))?;
            let key = KeyPair::from_pem(&key_pem).context("the CA's key is not readable")?;
            let pem = std::fs::read_to_string(self.ca_cert())?;
            // The same name and key as the authority phones trust: what a chain needs.
            let params = CertificateParams::from_ca_cert_pem(&pem)
                .context("the CA's certificate is not readable")?;
            (params.self_signed(&key)?, key)
        };
        let key = KeyPair::generate()?;
        let cert = server_params(names)?.signed_by(&key, &ca, &ca_key)?;
        // The chain a browser needs: the server's certificate, then the authority's.
        let ca_pem = std::fs::read_to_string(self.ca_cert())?;
        // Key first: a watcher reloading on the certificate's change finds its key.
        write_private(&self.server_key(), key.serialize_pem().as_bytes())?;
        replace(
            &self.server_cert(),
            format!("{}{ca_pem}", cert.pem()).as_bytes(),
        )?;
        replace(&self.names_file(), &serde_json::to_vec_pretty(names)?)?;
        Ok(Made {
            ca_created,
            ca_fingerprint: fingerprint(&ca_pem)?,
            server_cert: self.server_cert(),
        })
    }
}

fn ca_params(names: &Names) -> anyhow::Result<CertificateParams> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    let mut dn = DistinguishedName::new();
    let host = names
        .names
        .first()
        .cloned()
        .unwrap_or_else(|| names.ips[0].to_string());
    dn.push(DnType::CommonName, format!("Revisit local CA ({host})"));
    dn.push(DnType::OrganizationName, "Revisit 回访通");
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(CA_DAYS);
    Ok(params)
}

fn server_params(names: &Names) -> anyhow::Result<CertificateParams> {
    let mut params = CertificateParams::new(names.names.clone())?;
    params
        .subject_alt_names
        .extend(names.ips.iter().map(|ip| SanType::IpAddress(*ip)));
    let mut dn = DistinguishedName::new();
    let host = names
        .names
        .first()
        .cloned()
        .unwrap_or_else(|| names.ips[0].to_string());
    dn.push(DnType::CommonName, host);
    params.distinguished_name = dn;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(SERVER_DAYS);
    Ok(params)
}

/// The SHA-256 fingerprint of a PEM certificate, as phones show it (AB:CD:…).
pub fn fingerprint(pem: &str) -> anyhow::Result<String> {
    use rustls::pki_types::pem::PemObject;
    let der = rustls::pki_types::CertificateDer::from_pem_slice(pem.as_bytes())
        .context("not a PEM certificate")?;
    let digest = Sha256::digest(der.as_ref());
    Ok(digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":"))
}

/// Writes a file only its owner may read.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let temp = path.with_extension("tmp");
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temp)
            .with_context(|| format!("cannot write {}", temp.display()))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        Ok(())
    }
    #[cfg(not(unix))]
    replace(path, bytes)
}

/// Writes a file whole or not at all (a reader never sees half of it).
fn replace(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temp = path.with_extension("tmp");
    std::fs::write(&temp, bytes).with_context(|| format!("cannot write {}", temp.display()))?;
    std::fs::rename(&temp, path)?;
    Ok(())
}

/// `/ca` and `/ca.crt`: the authority's certificate, and how to install it.
/// `page_url` is what the page's QR code opens on a phone.
pub fn router<S: Clone + Send + Sync + 'static>(
    ca_pem: String,
    page_url: Option<String>,
) -> Router<S> {
    let fingerprint = fingerprint(&ca_pem).unwrap_or_default();
    let page = Html(page(&fingerprint, page_url.as_deref()));
    let pem = ca_pem.clone();
    Router::new()
        .route("/ca", get(move || async move { page.clone() }))
        .route(
            "/ca.crt",
            get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, "application/x-x509-ca-cert"),
                        (
                            header::CONTENT_DISPOSITION,
                            "attachment; filename=\"revisit-ca.crt\"",
                        ),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    pem.clone(),
                )
                    .into_response()
            }),
        )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page, Chinese first: the QR code, the fingerprint, the steps.
fn page(fingerprint: &str, page_url: Option<&str>) -> String {
    let qr = page_url
        .and_then(|url| qrcode::QrCode::new(url.as_bytes()).ok())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(240, 240)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    let url = page_url.map(escape).unwrap_or_default();
    format!(
        include_str!("ca_page.html"),
        qr = qr,
        url = url,
        fingerprint = escape(fingerprint)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_makes_a_ca_once_and_a_server_certificate_for_each_set_of_names() {
        let dir = tempfile::tempdir().unwrap();
        let ca = LocalCa::in_data_dir(dir.path());
        let names = Names {
            names: vec!["revisit.factory.lan".into()],
            ips: vec!["192.168.1.10".parse().unwrap()],
        };
        let first = ca.init(&names).unwrap();
        assert!(first.ca_created);
        assert!(ca.has_server_cert());
        assert_eq!(ca.names(), Some(names.clone()));
        let ca_pem = ca.ca_pem().unwrap();
        // The server's chain ends with the authority, and loads as rustls wants it.
        let chain = std::fs::read_to_string(ca.server_cert()).unwrap();
        assert!(chain.ends_with(&ca_pem));
        super::super::CertFiles {
            cert: ca.server_cert(),
            key: ca.server_key(),
        }
        .load()
        .unwrap();
        // Again with another name: the same authority, a new server certificate.
        let more = Names {
            names: vec!["revisit.factory.lan".into(), "revisit".into()],
            ips: vec![],
        };
        let second = ca.init(&more).unwrap();
        assert!(!second.ca_created);
        assert_eq!(second.ca_fingerprint, first.ca_fingerprint);
        assert_eq!(ca.ca_pem().unwrap(), ca_pem);
        assert_ne!(std::fs::read_to_string(ca.server_cert()).unwrap(), chain);
        assert_eq!(
            more.https_url(8443).as_deref(),
            Some("https://revisit.factory.lan:8443")
        );
        assert!(ca
            .init(&Names {
                names: vec!["bad name".into()],
                ips: vec![]
            })
            .is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("tls/ca-key.pem"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "the CA's key is its owner's only");
        }
    }
}
