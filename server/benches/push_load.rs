//! Push throughput of the real server binary on SQLite, on loopback: `DEVICES`
//! enrolled technicians' devices, each push carrying 10 recorded visits, sent by
//! `CONNECTIONS` keep-alive connections, each sending its next push when the last
//! is answered (a bounded, closed-loop load). Prints requests/s and latency
//! percentiles. `BENCH_TLS=1` runs the same over HTTPS (the server with a local CA's
//! certificate, `tls init`), and both report what a push on a *new* connection
//! costs (`BENCH_COLD` of them, one after another): the TLS handshake's price.
//! Run: `cargo bench -p revisit-server --bench push_load` (`scripts/bench.sh`);
//! figures in docs/PERFORMANCE.md.
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
use revisit_core::sync::protocol::PushRequest;
use revisit_core::sync::{Change, Mutation};
use revisit_core::types::DeviceTime;
use revisit_core::visit::Visit;
use revisit_server::accounts::Role;
use revisit_server::db::Database;
use std::time::{Duration, Instant};
use uuid::Uuid;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One device: its token, client id, customers and next mutation id.
struct Device {
    token: String,
    client_id: Uuid,
    customers: Vec<Uuid>,
    next_id: u64,
}

impl Device {
    fn push(&mut self, changes: Vec<Change>) -> String {
        let at = DeviceTime::new(chrono::Utc::now(), 480).expect("a device time");
        let mutations = changes
            .into_iter()
            .map(|change| {
                let mut m = Mutation::new(change, None, at);
                self.next_id += 1;
                m.id = Some(self.next_id);
                m
            })
            .collect();
        serde_json::to_string(&PushRequest {
            client_id: self.client_id,
            mutations,
        })
        .expect("a push")
    }

    /// A done visit of one of the device's customers, as the app records it.
    fn visit(&self, n: usize) -> Change {
        let customer = self.customers[n % self.customers.len()];
        let visit: Visit = serde_json::from_value(serde_json::json!({
            "id": Uuid::now_v7(), "customer_id": customer, "status": "done", "assignee": "技术员",
            "result": {"completed_at": {"utc": chrono::Utc::now(), "offset_minutes": 480},
                "method": "on_site", "met": "王经理", "product_rating": 5, "service_rating": 4,
                "template_version": 1, "content_types": ["explanation", "suggestion"],
                "suggestions": "希望增加远程诊断功能，备件响应再快一些"}
        }))
        .expect("a visit");
        Change::put(visit)
    }
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

/// A keep-alive HTTP/1.1 connection, in TLS when `tls` is given.
async fn connect(port: u16, tls: Option<&tokio_rustls::TlsConnector>) -> Sender {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    stream.set_nodelay(true).expect("nodelay");
    match tls {
        None => {
            let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .expect("handshake");
            tokio::spawn(connection);
            sender
        }
        Some(connector) => {
            let name = rustls::pki_types::ServerName::try_from("localhost").expect("a name");
            let stream = connector
                .connect(name, stream)
                .await
                .expect("a TLS handshake");
            let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .expect("handshake");
            tokio::spawn(connection);
            sender
        }
    }
}

/// A client trusting the local CA in `data_dir`.
fn tls_client(data_dir: &std::path::Path) -> tokio_rustls::TlsConnector {
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls::pki_types::CertificateDer::pem_file_iter(data_dir.join("tls/ca.pem"))
        .expect("the CA")
    {
        roots.add(cert.expect("a certificate")).expect("a root");
    }
    let mut config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    tokio_rustls::TlsConnector::from(std::sync::Arc::new(config))
}

async fn post(sender: &mut Sender, token: &str, body: String) -> u16 {
    let request = Request::post("/api/sync/push")
        .header("host", "127.0.0.1")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .body(Full::new(Bytes::from(body)))
        .expect("a request");
    sender.ready().await.expect("connection ready");
    let response = sender.send_request(request).await.expect("an answer");
    let status = response.status().as_u16();
    response.into_body().collect().await.expect("a body");
    status
}

fn main() {
    let devices = setting("BENCH_DEVICES", 200);
    let connections = setting("BENCH_CONNECTIONS", 16);
    let seconds = setting("BENCH_SECONDS", 10);
    let cold = setting("BENCH_COLD", 200);
    let https = setting("BENCH_TLS", 0) == 1;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    // Accounts first, straight in the database the server will open.
    let url = format!("sqlite://{}", dir.path().join("revisit.db").display());
    let mut fleet: Vec<Device> = runtime.block_on(async {
        let db = Database::open(&url).await.expect("database");
        let mut fleet = Vec::new();
        for d in 0..devices {
            let login = format!("tech{d}");
            db.create_user(&login, &format!("技术员{d}"), Role::Technician)
                .await
                .expect("a user");
            let (code, _) = db.issue_code(&login).await.expect("a code");
            let client_id = Uuid::new_v4();
            let (token, _) = db
                .enroll(&code, client_id, "bench")
                .await
                .expect("enrolled");
            fleet.push(Device {
                token,
                client_id,
                customers: (0..10).map(|_| Uuid::now_v7()).collect(),
                next_id: 0,
            });
        }
        db.close().await;
        fleet
    });

    if https {
        let made = std::process::Command::new(env!("CARGO_BIN_EXE_revisit-server"))
            .args(["tls", "init", "--name", "localhost", "--data-dir"])
            .arg(dir.path())
            .output()
            .expect("tls init");
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
    }
    let tls = https.then(|| tls_client(dir.path()));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_revisit-server"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--dist", "none"])
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    std::thread::sleep(Duration::from_millis(300));

    let (latencies, refused, elapsed, mut cold_times) = runtime.block_on(async {
        // Each device creates its ten customers (they become its technician's).
        let mut sender = loop {
            if let Ok(stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                drop(stream);
                break connect(port, tls.as_ref()).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        for device in &mut fleet {
            let changes = device
                .customers
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    let mut c = revisit_core::customer::Customer::new(*id, &format!("客户{i}"))
                        .expect("a customer");
                    c.region = "华东".into();
                    Change::put(c)
                })
                .collect();
            let body = device.push(changes);
            assert_eq!(post(&mut sender, &device.token, body).await, 200);
        }

        // The load: each connection owns a share of the devices, in turn, so one
        // device's pushes never overlap (its mutation ids stay in order).
        let mut shares: Vec<Vec<Device>> = (0..connections).map(|_| Vec::new()).collect();
        for (i, device) in fleet.drain(..).enumerate() {
            shares[i % connections].push(device);
        }
        let deadline = Instant::now() + Duration::from_secs(seconds as u64);
        let started = Instant::now();
        let workers: Vec<_> = shares
            .into_iter()
            .map(|mut share| {
                let tls = tls.clone();
                tokio::spawn(async move {
                    let mut sender = connect(port, tls.as_ref()).await;
                    let (mut latencies, mut refused, mut n) = (Vec::new(), 0usize, 0usize);
                    while Instant::now() < deadline {
                        let turn = n % share.len();
                        let device = &mut share[turn];
                        let changes = (0..10).map(|i| device.visit(n + i)).collect();
                        let body = device.push(changes);
                        let sent = Instant::now();
                        let status = post(&mut sender, &device.token, body).await;
                        if status == 200 {
                            latencies.push(sent.elapsed());
                        } else {
                            refused += 1;
                        }
                        n += 1;
                    }
                    (latencies, refused, share)
                })
            })
            .collect();
        let mut all = Vec::new();
        let mut refused = 0;
        let mut devices_back = Vec::new();
        for worker in workers {
            let (latencies, r, share) = worker.await.expect("a worker");
            all.extend(latencies);
            refused += r;
            devices_back.extend(share);
        }
        let elapsed = started.elapsed();
        // A push on a new connection each, one after another: the handshake's cost.
        let mut cold_times = Vec::with_capacity(cold);
        let fleet_size = devices_back.len();
        for n in 0..cold {
            let device = &mut devices_back[n % fleet_size];
            let body = device.push(vec![device.visit(n)]);
            let sent = Instant::now();
            let mut sender = connect(port, tls.as_ref()).await;
            assert_eq!(post(&mut sender, &device.token, body).await, 200);
            cold_times.push(sent.elapsed());
        }
        (all, refused, elapsed, cold_times)
    });
    // The WAL is checkpointed beside the writer: it should stay small under load.
    let size =
        |name: &str| std::fs::metadata(dir.path().join(name)).map_or(0.0, |m| m.len() as f64 / 1e6);
    let (database, wal) = (size("revisit.db"), size("revisit.db-wal"));
    let _ = server.kill();
    let _ = server.wait();

    let mut sorted = latencies;
    sorted.sort_unstable();
    let at = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "push load over {}: {devices} devices, {connections} connections, 10 visits a push, {:.1} s",
        if https { "HTTPS (TLS 1.3, rustls)" } else { "plain HTTP" },
        elapsed.as_secs_f64()
    );
    println!(
        "  {} pushes answered 200 ({} mutations), {refused} refused",
        sorted.len(),
        sorted.len() * 10
    );
    println!(
        "  throughput {:.0} pushes/s; latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        sorted.len() as f64 / elapsed.as_secs_f64(),
        ms(at(0.50)),
        ms(at(0.90)),
        ms(at(0.99)),
        ms(*sorted.last().expect("some pushes"))
    );
    println!("  database file {database:.1} MB, WAL {wal:.1} MB at the end of the load");
    cold_times.sort_unstable();
    let cold_at =
        |q: f64| cold_times[((cold_times.len() as f64 * q) as usize).min(cold_times.len() - 1)];
    println!(
        "  a push of one visit on a new connection ({cold} in turn): p50 {:.2} ms, p90 {:.2} ms",
        ms(cold_at(0.50)),
        ms(cold_at(0.90))
    );
}
