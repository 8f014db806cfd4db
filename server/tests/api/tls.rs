//! HTTPS for real: the binary serving the local CA's certificate (`tls init`) and
//! certificates from files, checked with a real TLS client — HTTP/2 offered, the
//! security headers and HSTS on API, asset and index answers, plain HTTP redirected,
//! the CA's page and file, a renewed certificate served without a restart (on a file
//! change, and on SIGHUP), a broken one refused while the old one stays.
use crate::helpers::{free_port, http};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BIN: &str = env!("CARGO_BIN_EXE_revisit-server");

fn tls_init(data: &Path, args: &[&str]) {
    let out = Command::new(BIN)
        .args(["tls", "init"])
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The binary on `port` with `args`, once its HTTPS port takes connections.
fn serve(data: &Path, dist: &Path, port: u16, args: &[&str]) -> Server {
    let child = Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data)
        .arg("--dist")
        .arg(dist)
        .args(args)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not come up"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child)
}

/// A dist directory with an index.html that has an inline script, as Trunk's has.
fn dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><script type=\"module\">import init from '/app.js'; await init();</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef.js"),
        "export default async function init() {}",
    )
    .unwrap();
    dist
}

fn client(ca_pem: &[u8], alpn: &[&[u8]]) -> tokio_rustls::TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem) {
        roots.add(cert.unwrap()).unwrap();
    }
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

type Tls = tokio_rustls::client::TlsStream<tokio::net::TcpStream>;

/// A verified handshake with `name` at `port`.
async fn connect(ca_pem: &[u8], name: &str, port: u16, alpn: &[&[u8]]) -> std::io::Result<Tls> {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let name = ServerName::try_from(name.to_owned()).unwrap();
    client(ca_pem, alpn).connect(name, tcp).await
}

/// The certificate the server presents (its DER).
async fn served(ca_pem: &[u8], port: u16) -> Option<Vec<u8>> {
    let tls = connect(ca_pem, "revisit.test", port, &[b"http/1.1"])
        .await
        .ok()?;
    let (_, session) = tls.get_ref();
    Some(session.peer_certificates()?[0].as_ref().to_vec())
}

/// GET over HTTP/1.1 in TLS: the head (status line and headers, lower-cased) and body.
async fn get(ca_pem: &[u8], port: u16, path: &str) -> (String, String) {
    let mut tls = connect(ca_pem, "revisit.test", port, &[b"http/1.1"])
        .await
        .unwrap();
    tls.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: revisit.test:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let mut response = Vec::new();
    let _ = tls.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.to_ascii_lowercase(), body.to_owned())
}

async fn wait_for(what: &str, mut ok: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !ok().await {
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_local_cas_certificate_serves_http2_with_hsts_and_the_security_headers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    tls_init(&data, &["--name", "revisit.test", "--ip", "127.0.0.1"]);
    let ca_pem = std::fs::read(data.join("tls/ca.pem")).unwrap();
    let (port, plain) = (free_port(), free_port());
    let _server = serve(
        &data,
        &dist(dir.path()),
        port,
        &["--redirect-http", &format!("127.0.0.1:{plain}")],
    );

    // HTTP/2 when the browser offers it; the name is what the certificate is for.
    let tls = connect(&ca_pem, "revisit.test", port, &[b"h2", b"http/1.1"])
        .await
        .unwrap();
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    assert!(
        connect(&ca_pem, "elsewhere.test", port, &[b"http/1.1"])
            .await
            .is_err(),
        "another name is refused"
    );

    // The API, a file and the index: HSTS and the security headers on each.
    let (head, body) = get(&ca_pem, port, "/api/health").await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(
        body.contains(&format!(r#""https_url":"https://revisit.test:{port}""#)),
        "{body}"
    );
    for path in [
        "/api/health",
        "/app-0123456789abcdef.js",
        "/",
        "/customers/x",
    ] {
        let (head, _) = get(&ca_pem, port, path).await;
        for header in [
            "strict-transport-security: max-age=63072000",
            "x-content-type-options: nosniff",
            "referrer-policy: no-referrer",
            "permissions-policy: camera=(self), geolocation=(self)",
            "content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        ] {
            assert!(head.contains(header), "{path}: {header} in\n{head}");
        }
    }

    // Plain HTTP only redirects — a POST stays a POST (308) — except the CA's files.
    let (status, _) = http(plain, "GET", "/customers?q=1", None, "").unwrap();
    assert_eq!(status, 308);
    let raw = raw_http(plain, "POST /api/sync/push HTTP/1.1\r\nHost: revisit.test:80\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert!(raw.starts_with("HTTP/1.1 308"), "{raw}");
    assert!(
        raw.to_ascii_lowercase().contains(&format!(
            "location: https://revisit.test:{port}/api/sync/push"
        )),
        "{raw}"
    );
    let (status, crt) = http(plain, "GET", "/ca.crt", None, "").unwrap();
    assert_eq!(status, 200);
    assert_eq!(crt.as_bytes(), &ca_pem[..]);
    let head = raw_http(
        plain,
        "GET /ca HTTP/1.1\r\nHost: revisit.test\r\nConnection: close\r\n\r\n",
    )
    .to_ascii_lowercase();
    assert!(
        head.contains("x-content-type-options: nosniff")
            && head.contains("content-security-policy:"),
        "{head}"
    );
    let (status, page) = http(plain, "GET", "/ca", None, "").unwrap();
    assert_eq!(status, 200);
    let fingerprint =
        revisit_server::tls::local_ca::fingerprint(std::str::from_utf8(&ca_pem).unwrap()).unwrap();
    assert!(
        page.contains(&fingerprint),
        "the page shows the CA's fingerprint"
    );
    assert!(page.contains("<svg"), "and a QR code");
    assert!(
        page.contains(&format!("http://revisit.test:{plain}/ca")),
        "which opens this page on a phone"
    );
}

fn raw_http(port: u16, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

/// Pads a PEM file to `len` bytes (PEM readers skip trailing blank lines), so that
/// two certificates' files look alike to a watcher of sizes and times.
fn pad(path: &Path, len: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() <= len);
    bytes.resize(len, b'\n');
    std::fs::write(path, bytes).unwrap();
}

#[tokio::test]
async fn a_renewed_certificate_is_served_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let issuer = dir.path().join("issuer");
    tls_init(&issuer, &["--name", "revisit.test"]);
    let ca_pem = std::fs::read(issuer.join("tls/ca.pem")).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let take = |cert: &Path, key: &Path| {
        std::fs::copy(issuer.join("tls/server.pem"), cert).unwrap();
        std::fs::copy(issuer.join("tls/server-key.pem"), key).unwrap();
        pad(cert, 4096);
        pad(key, 1024);
    };
    take(&cert, &key);
    let port = free_port();
    let server = serve(
        &dir.path().join("data"),
        &dist(dir.path()),
        port,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    let first = served(&ca_pem, port).await.expect("served");

    // A renewal written over the files: served within seconds, no restart.
    tls_init(&issuer, &["--name", "revisit.test"]);
    take(&cert, &key);
    wait_for("the renewed certificate was never served", async || {
        served(&ca_pem, port).await.is_some_and(|c| c != first)
    })
    .await;
    let second = served(&ca_pem, port).await.unwrap();

    // A broken pair (a half-written file) is refused: the one in use stays.
    std::fs::write(&cert, "-----BEGIN CERTIFICATE-----\nbroken\n").unwrap();
    tokio::time::sleep(revisit_server::tls::WATCH_EVERY * 2).await;
    assert_eq!(served(&ca_pem, port).await.as_deref(), Some(&second[..]));

    // SIGHUP reloads even when the files look unchanged (same sizes, same times).
    take(&cert, &key);
    tokio::time::sleep(revisit_server::tls::WATCH_EVERY * 2).await;
    assert_eq!(
        served(&ca_pem, port).await.as_deref(),
        Some(&second[..]),
        "still the same pair"
    );
    let times = [&cert, &key].map(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    tls_init(&issuer, &["--name", "revisit.test"]);
    // Made beside, dated as the files in use, then renamed over them: at no moment
    // does the watcher see a size or a time change.
    let (new_cert, new_key) = (dir.path().join("cert.new"), dir.path().join("key.new"));
    take(&new_cert, &new_key);
    for (path, time) in [&new_cert, &new_key].into_iter().zip(times) {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(time)
            .unwrap();
    }
    std::fs::rename(&new_cert, &cert).unwrap();
    std::fs::rename(&new_key, &key).unwrap();
    tokio::time::sleep(revisit_server::tls::WATCH_EVERY * 2).await;
    assert_eq!(
        served(&ca_pem, port).await.as_deref(),
        Some(&second[..]),
        "no reload without a sign of change"
    );
    let hup = Command::new("kill")
        .args(["-HUP", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    wait_for("SIGHUP did not reload the certificate", async || {
        served(&ca_pem, port).await.is_some_and(|c| c != second)
    })
    .await;
}
