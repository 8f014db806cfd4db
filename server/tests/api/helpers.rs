//! Starts the app on a fresh database and a small fake `dist/`, without a socket.
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use revisit_server::{app, db::Database, AppState};
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use tower::ServiceExt;

pub const WASM_NAME: &str = "revisit-0123456789abcdef_bg.wasm";
pub const JS_NAME: &str = "revisit-0123456789abcdef.js";
pub const INDEX_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><title>回访通</title></head><body></body></html>";

pub struct TestApp {
    pub router: Router,
    pub db: Database,
    pub dir: TempDir,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = write_dist(dir.path());
    let url = format!(
        "sqlite://{}",
        dir.path().join("data").join("revisit.db").display()
    );
    let db = Database::connect(&url).await.expect("database opens");
    let router = app(AppState { db: db.clone() }, dist);
    TestApp { router, db, dir }
}

fn write_dist(root: &Path) -> PathBuf {
    let dist = root.join("dist");
    std::fs::create_dir_all(dist.join("icons")).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
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
