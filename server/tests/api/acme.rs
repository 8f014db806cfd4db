//! Automatic certificates, for real: Pebble (Let's Encrypt's ACME test server, from
//! Debian's packages) and its DNS stand-in run on loopback; the server obtains a
//! certificate for `revisit.test` by TLS-ALPN-01, serves it, keeps it across a
//! restart (the cache), and renews one near its end while it keeps serving.
use crate::helpers::free_port;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::path::Path;
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_revisit-server");
const DOMAIN: &str = "revisit.test";

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(program: &str, args: &[&str], env: &[(&str, &str)], log: &Path) -> Process {
    let log = std::fs::File::create(log).unwrap();
    let child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .env_remove("DATABASE_URL")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|err| {
            panic!("{program} does not start ({err}): scripts/setup.sh --tests installs Debian's pebble")
        });
    Process(child)
}

fn wait_for_port(port: u16, what: &str) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{what} did not come up"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The certificate chain `DOMAIN` is served with at `port`, if it verifies
/// against `roots`.
async fn served(
    port: u16,
    roots: &[CertificateDer<'static>],
) -> Option<Vec<CertificateDer<'static>>> {
    let mut store = rustls::RootCertStore::empty();
    for root in roots {
        store.add(root.clone()).ok()?;
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .ok()?
    .with_root_certificates(store)
    .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from(DOMAIN).unwrap(), tcp)
        .await
        .ok()?;
    Some(tls.get_ref().1.peer_certificates()?.to_vec())
}

/// Pebble's issuing root, from its management interface.
async fn pebble_root(management: u16, pebble_ca: &[u8]) -> CertificateDer<'static> {
    // The management API speaks HTTPS with Pebble's own (test) certificate.
    let mut store = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(pebble_ca) {
        store.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(store)
    .with_no_client_auth();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", management))
        .await
        .unwrap();
    let mut tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    tls.write_all(b"GET /roots/0 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = Vec::new();
    let _ = tls.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response);
    let pem = &text[text.find("-----BEGIN").expect("a PEM root")..];
    CertificateDer::from_pem_slice(pem.as_bytes())
        .unwrap()
        .into_owned()
}

async fn wait_until<T>(
    what: &str,
    limit: Duration,
    mut probe: impl AsyncFnMut() -> Option<T>,
) -> T {
    let started = Instant::now();
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(started.elapsed() < limit, "{what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_certificate_is_obtained_from_pebble_served_kept_and_renewed() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    // Pebble's own HTTPS (its directory) needs a certificate: one of a local CA.
    let out = Command::new(BIN)
        .args([
            "tls",
            "init",
            "--name",
            "localhost",
            "--ip",
            "127.0.0.1",
            "--data-dir",
        ])
        .arg(path("pebble"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pebble_ca = std::fs::read(path("pebble/tls/ca.pem")).unwrap();

    let (directory, management, dns, dns_management, https) = (
        free_port(),
        free_port(),
        free_port(),
        free_port(),
        free_port(),
    );
    std::fs::write(
        path("pebble.json"),
        serde_json::json!({ "pebble": {
            "listenAddress": format!("127.0.0.1:{directory}"),
            "managementListenAddress": format!("127.0.0.1:{management}"),
            "certificate": path("pebble/tls/server.pem"),
            "privateKey": path("pebble/tls/server-key.pem"),
            "httpPort": free_port(),
            // Where Pebble checks the TLS-ALPN-01 challenge: the server's HTTPS port.
            "tlsPort": https,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false
        }})
        .to_string(),
    )
    .unwrap();
    let _dns = spawn(
        "pebble-challtestsrv",
        &[
            "-dns01",
            &format!("127.0.0.1:{dns}"),
            "-management",
            &format!("127.0.0.1:{dns_management}"),
            "-http01",
            "",
            "-https01",
            "",
            "-tlsalpn01",
            "",
            "-defaultIPv4",
            "127.0.0.1",
            "-defaultIPv6",
            "",
        ],
        &[],
        &path("challtestsrv.log"),
    );
    wait_for_port(dns_management, "pebble-challtestsrv");
    let _pebble = spawn(
        "pebble",
        &[
            "-config",
            path("pebble.json").to_str().unwrap(),
            "-dnsserver",
            &format!("127.0.0.1:{dns}"),
        ],
        &[("PEBBLE_VA_NOSLEEP", "1"), ("PEBBLE_WFE_NONCEREJECT", "0")],
        &path("pebble.log"),
    );
    wait_for_port(directory, "pebble");
    let root = pebble_root(management, &pebble_ca).await;

    let data = path("data");
    let directory_url = format!("https://127.0.0.1:{directory}/dir");
    let serve = |log: &str| {
        spawn(
            BIN,
            &[
                "serve",
                "--listen",
                &format!("127.0.0.1:{https}"),
                "--dist",
                "none",
                "--data-dir",
                data.to_str().unwrap(),
                "--acme-domain",
                DOMAIN,
                "--acme-contact",
                "mailto:it@example.cn",
                "--acme-directory",
                &directory_url,
                "--acme-ca",
                path("pebble/tls/ca.pem").to_str().unwrap(),
            ],
            &[("RUST_LOG", "info")],
            &path(log),
        )
    };
    let server = serve("server-1.log");
    wait_for_port(https, "revisit-server");
    let roots = [root.clone()];
    let first = wait_until(
        "no certificate from Pebble",
        Duration::from_secs(60),
        async || served(https, &roots).await,
    )
    .await;
    assert!(first.len() >= 2, "the chain includes Pebble's intermediate");

    // Restarted: the cached certificate, not a new order. (rustls-acme serves a new
    // certificate before it writes it to the cache: wait for the write, or a restart
    // in between rightly orders another.)
    wait_until(
        "the certificate was not cached",
        Duration::from_secs(20),
        async || {
            std::fs::read_to_string(path("server-1.log"))
                .ok()
                .filter(|log| log.contains("CertCacheStore"))
        },
    )
    .await;
    drop(server);
    let server = serve("server-2.log");
    wait_for_port(https, "revisit-server");
    let again = wait_until(
        "the cached certificate was not served",
        Duration::from_secs(20),
        async || served(https, &roots).await,
    )
    .await;
    assert_eq!(again[0], first[0], "the same certificate after a restart");
    drop(server);

    // A certificate near its end in the cache (30 seconds left of 31): served at
    // start, then renewed from Pebble while the server runs.
    let cached = std::fs::read_dir(data.join("acme"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("cached_cert_")
        })
        .expect("the certificate is cached in the data directory");
    let short_ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let short_ca = ca_params.self_signed(&short_ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec![DOMAIN.to_owned()]).unwrap();
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::seconds(1);
    params.not_after = now + time::Duration::seconds(30);
    let short = params.signed_by(&key, &short_ca, &short_ca_key).unwrap();
    std::fs::write(&cached, format!("{}{}", key.serialize_pem(), short.pem())).unwrap();
    let _server = serve("server-3.log");
    wait_for_port(https, "revisit-server");
    let both = [root.clone(), short_ca.der().clone()];
    let at_start = wait_until(
        "the cached certificate was not served",
        Duration::from_secs(20),
        async || served(https, &both).await,
    )
    .await;
    assert_eq!(
        at_start[0],
        *short.der(),
        "the short-lived certificate first"
    );
    let renewed = wait_until(
        "the certificate was not renewed",
        Duration::from_secs(60),
        async || {
            served(https, &roots)
                .await
                .filter(|chain| chain[0] != *short.der())
        },
    )
    .await;
    assert_ne!(renewed[0], first[0], "a new certificate from Pebble");
}
