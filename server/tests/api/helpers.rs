//! Starts the app on a fresh database and a small fake `dist/`, without a socket.
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use revisit_core::customer::Customer;
use revisit_core::installation::Installation;
use revisit_core::issue::Issue;
use revisit_core::sync::protocol::{PullResponse, Pulled, PushResponse, Record};
use revisit_core::sync::{Change, Mutation};
use revisit_core::types::DeviceTime;
use revisit_core::visit::Visit;
pub use revisit_server::accounts::Role;
use revisit_server::{app, db::Database, AppState};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use tower::ServiceExt;

pub const WASM_NAME: &str = "revisit-0123456789abcdef_bg.wasm";
pub const JS_NAME: &str = "revisit-0123456789abcdef.js";
pub const INDEX_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><title>回访通</title></head><body></body></html>";
/// The office app's page, with an inline loader as Trunk writes one.
pub const OFFICE_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><title>回访通 · 办公</title>\
    <script type=\"module\">import init from '/office-0123456789abcdef.js'; await init();</script>\
    </head><body></body></html>";

pub struct TestApp {
    pub router: Router,
    pub db: Database,
    /// Holds the data directory (and the fake dist/) for the test's life.
    pub _dir: TempDir,
    /// The database's URL (to reopen it as a restarted server would).
    pub url: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_limited(revisit_server::limit::DEFAULT_PER_SECOND).await
}

/// The app with `per_second` requests allowed per device.
pub async fn spawn_app_limited(per_second: u32) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = write_dist(dir.path());
    let url = database_url(dir.path()).await;
    let db = Database::open(&url).await.expect("database opens");
    let router = app(
        AppState::new(db.clone(), dir.path().join("photos")).with_limit(per_second),
        dist,
    );
    TestApp {
        router,
        db,
        _dir: dir,
        url,
    }
}

/// A fresh database: a SQLite file in `dir`, or, when `REVISIT_TEST_POSTGRES`
/// names a PostgreSQL server (scripts/test.sh starts one), a new database there.
pub async fn database_url(dir: &Path) -> String {
    match std::env::var("REVISIT_TEST_POSTGRES") {
        Ok(admin) if !admin.is_empty() => {
            use sqlx::Connection;
            let name = format!("t_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("the test PostgreSQL server answers");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create a test database");
            let (server, _) = admin.rsplit_once('/').expect("a URL with a database");
            format!("{server}/{name}")
        }
        _ => format!("sqlite://{}", dir.join("data").join("revisit.db").display()),
    }
}

/// Whether the tests run against PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("REVISIT_TEST_POSTGRES").is_ok_and(|v| !v.is_empty())
}

fn write_dist(root: &Path) -> PathBuf {
    let dist = root.join("dist");
    std::fs::create_dir_all(dist.join("icons")).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(dist.join("office.html"), OFFICE_HTML).unwrap();
    // Big enough, and repetitive enough, to be worth compressing.
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(b"revisit ".as_slice(), 512).flatten());
    std::fs::write(dist.join(WASM_NAME), wasm).unwrap();
    std::fs::write(
        dist.join(JS_NAME),
        "export default function init() {}\n".repeat(64),
    )
    .unwrap();
    std::fs::write(
        dist.join("sw.js"),
        "self.addEventListener('fetch', () => {});\n",
    )
    .unwrap();
    std::fs::write(dist.join("manifest.webmanifest"), r#"{"name":"回访通"}"#).unwrap();
    std::fs::write(
        dist.join("icons").join("icon-192.png"),
        b"\x89PNG\r\n\x1a\n",
    )
    .unwrap();
    dist
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Response {
        self.request(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with(&self, path: &str, header: (&str, &str)) -> Response {
        self.request(
            Request::get(path)
                .header(header.0, header.1)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn request(&self, request: Request<Body>) -> Response {
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible")
    }
}

pub fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().expect("ASCII header"))
        .unwrap_or_default()
}

pub async fn body_bytes(response: Response) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

pub async fn json(response: Response) -> serde_json::Value {
    let bytes = body_bytes(response).await;
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", String::from_utf8_lossy(&bytes)))
}

pub fn assert_status(response: &Response, expected: StatusCode) {
    assert_eq!(
        response.status(),
        expected,
        "unexpected status for response {response:?}"
    );
}

/// An enrolled device: its sync client id and bearer token.
#[derive(Clone, Debug)]
pub struct TestDevice {
    pub client_id: uuid::Uuid,
    pub token: String,
    /// The next mutation id of its outbox.
    pub next_id: std::cell::Cell<u64>,
}

impl TestApp {
    /// A user with `role`, and one enrolled device of theirs.
    pub async fn device(&self, login: &str, name: &str, role: Role) -> TestDevice {
        if self.db.user_by_login(login).await.is_err() {
            self.db.create_user(login, name, role).await.expect("user");
        }
        let (code, _) = self.db.issue_code(login).await.expect("code");
        let client_id = uuid::Uuid::new_v4();
        let response = self
            .send_json(
                "POST",
                "/api/enroll",
                None,
                &serde_json::json!({"code": code, "client_id": client_id, "label": "test phone"}),
            )
            .await;
        assert_status(&response, StatusCode::CREATED);
        let body = json(response).await;
        TestDevice {
            client_id,
            token: body["token"].as_str().expect("a token").to_owned(),
            next_id: std::cell::Cell::new(1),
        }
    }

    pub async fn send_json(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &serde_json::Value,
    ) -> Response {
        self.send_raw(method, path, token, body.to_string()).await
    }

    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: impl Into<Body>,
    ) -> Response {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        self.request(request.body(body.into()).unwrap()).await
    }

    /// Pushes `changes` from `device` as its next mutations (with their base
    /// versions), and returns the answer.
    pub async fn push(&self, device: &TestDevice, changes: &[(Change, Option<u64>)]) -> Response {
        let mutations: Vec<Mutation> = changes
            .iter()
            .map(|(change, base)| device.mutation(change.clone(), *base))
            .collect();
        self.push_mutations(device, &mutations).await
    }

    pub async fn push_mutations(&self, device: &TestDevice, mutations: &[Mutation]) -> Response {
        let body = serde_json::json!({"client_id": device.client_id, "mutations": mutations});
        self.send_json("POST", "/api/sync/push", Some(&device.token), &body)
            .await
    }

    /// Pushes and expects success.
    pub async fn push_ok(
        &self,
        device: &TestDevice,
        changes: &[(Change, Option<u64>)],
    ) -> PushResponse {
        let response = self.push(device, changes).await;
        assert_status(&response, StatusCode::OK);
        serde_json::from_value(json(response).await).expect("a push response")
    }

    pub async fn pull(&self, device: &TestDevice, cursor: u64) -> PullResponse {
        let response = self
            .send_raw(
                "GET",
                &format!("/api/sync/pull?cursor={cursor}"),
                Some(&device.token),
                Body::empty(),
            )
            .await;
        assert_status(&response, StatusCode::OK);
        serde_json::from_value(json(response).await).expect("a pull response")
    }

    /// Every record `device` may see, by pulling all pages from the start.
    pub async fn pull_all(&self, device: &TestDevice) -> Vec<Pulled> {
        let mut cursor = 0;
        let mut records = Vec::new();
        loop {
            let page = self.pull(device, cursor).await;
            records.extend(page.records);
            cursor = page.cursor;
            if !page.more {
                return records;
            }
        }
    }

    /// What a failed request must leave untouched: the version counter, and the
    /// numbers of records, mutations and conflicts.
    pub async fn fingerprint(&self) -> (i64, i64, i64, i64) {
        let one = |sql: &'static str| async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(self.db.pool())
                .await
                .expect("count")
        };
        (
            one("SELECT value FROM counters WHERE name = 'version'").await,
            one("SELECT COUNT(*) FROM records").await,
            one("SELECT COUNT(*) FROM mutations").await,
            one("SELECT COUNT(*) FROM conflicts").await,
        )
    }

    /// A GET of `path` as `device`, whatever its answer.
    pub async fn pull_response(&self, device: &TestDevice, path: &str) -> Response {
        self.send_raw("GET", path, Some(&device.token), Body::empty())
            .await
    }

    /// The record `id` as `device` pulls it now.
    pub async fn record(
        &self,
        device: &TestDevice,
        id: &str,
    ) -> revisit_core::sync::protocol::Record {
        find(&self.pull_all(device).await, id)
            .unwrap_or_else(|| panic!("{id} is not pulled"))
            .record
            .clone()
    }

    /// The server stopped and started again on the same database.
    pub async fn restart(self) -> TestApp {
        self.db.close().await;
        let db = Database::open(&self.url).await.expect("database reopens");
        let router = app(
            AppState::new(db.clone(), self._dir.path().join("photos")),
            self._dir.path().join("dist"),
        );
        TestApp { router, db, ..self }
    }
}

impl TestDevice {
    /// `change` as this device's next outbox entry.
    pub fn mutation(&self, change: Change, base: Option<u64>) -> Mutation {
        let mut m = Mutation::new(change, base, now());
        m.id = Some(self.next_id.get());
        self.next_id.set(self.next_id.get() + 1);
        m
    }
}

pub fn now() -> DeviceTime {
    DeviceTime::new(chrono::Utc::now(), 480).unwrap()
}

/// The id of the user named `name` here (a user's id is their name's, see
/// `Database::create_user`).
pub fn uid(name: &str) -> revisit_core::user::UserId {
    revisit_core::user::UserId::of_name(name)
}

pub fn customer(n: u128, name: &str, owner: Option<&str>) -> Customer {
    Customer {
        owner: owner.map(revisit_core::user::UserId::of_name),
        region: "华东".into(),
        ..Customer::new(uuid::Uuid::from_u128(n), name).unwrap()
    }
}

pub fn installation(n: u128, customer: u128) -> Installation {
    Installation::new(
        uuid::Uuid::from_u128(n),
        uuid::Uuid::from_u128(customer),
        "switchgear",
    )
}

/// A done phone visit of `customer`, as a device records it.
pub fn visit(n: u128, customer: u128) -> Visit {
    serde_json::from_value(serde_json::json!({
        "id": uuid::Uuid::from_u128(n), "customer_id": uuid::Uuid::from_u128(customer),
        "status": "done", "assignee": uid("张工"),
        "result": {"completed_at": now(), "method": "phone", "met": "王经理",
            "product_rating": 5, "service_rating": 4, "template_version": 1}
    }))
    .expect("a visit")
}

/// A recorded issue of `customer`.
pub fn issue(n: u128, customer: u128) -> Issue {
    serde_json::from_value(serde_json::json!({
        "id": uuid::Uuid::from_u128(n), "customer_id": uuid::Uuid::from_u128(customer),
        "category": "service", "severity": "medium", "title": "柜门密封条老化",
        "departments": ["customer_service"], "raised_at": now(),
        "due": "2030-01-01T00:00:00Z", "status": "recorded"
    }))
    .expect("an issue")
}

pub fn step(issue: u128, event: u128, step: serde_json::Value) -> Change {
    Change::IssueStep {
        issue_id: uuid::Uuid::from_u128(issue),
        event: serde_json::from_value(serde_json::json!({
            "id": uuid::Uuid::from_u128(event), "step": step, "by": uid("张工"), "at": now()
        }))
        .expect("an issue event"),
    }
}

/// The pulled record of `id`, and its version.
/// The user directory in `pulled`: every device pulls all of it, to show names.
pub fn directory(pulled: &[Pulled]) -> Vec<revisit_core::user::UserEntry> {
    pulled
        .iter()
        .filter_map(|p| match &p.record {
            Record::User(u) => Some(u.clone()),
            _ => None,
        })
        .collect()
}

/// The pulled records that are the company's data: all but the user directory.
pub fn data(pulled: &[Pulled]) -> Vec<&Pulled> {
    pulled
        .iter()
        .filter(|p| !matches!(p.record, Record::User(_)))
        .collect()
}

pub fn find<'a>(records: &'a [Pulled], id: &str) -> Option<&'a Pulled> {
    records.iter().rev().find(|p| p.record.id() == id)
}

/// A loopback port nobody listens on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The real binary serving on `port` with its data in `data`, once it answers.
pub fn start_server(data: &Path, port: u16) -> std::process::Child {
    crate::binary::serve(data, port, None)
}

/// One HTTP/1.1 request; the status and body, or `None` if the connection failed.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> Option<(u16, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .ok()?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.get(9..12)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}
