use crate::helpers::{
    assert_status, body_bytes, header, spawn_app, INDEX_HTML, JS_NAME, WASM_NAME,
};
use axum::http::StatusCode;

#[tokio::test]
async fn wasm_is_served_with_its_mime_type_and_cached_for_good() {
    let app = spawn_app().await;
    let response = app.get(&format!("/{WASM_NAME}")).await;
    assert_status(&response, StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "application/wasm");
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(body_bytes(response).await.starts_with(b"\0asm"));

    let response = app.get(&format!("/{JS_NAME}")).await;
    assert!(header(&response, "content-type").contains("javascript"));
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn the_shell_the_manifest_and_the_service_worker_are_revalidated() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/index.html",
        "/sw.js",
        "/manifest.webmanifest",
        "/icons/icon-192.png",
    ] {
        let response = app.get(path).await;
        assert_status(&response, StatusCode::OK);
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
    }
    let manifest = app.get("/manifest.webmanifest").await;
    assert_eq!(
        header(&manifest, "content-type"),
        "application/manifest+json"
    );
}

#[tokio::test]
async fn client_routes_deep_link_to_the_app_shell() {
    let app = spawn_app().await;
    for path in [
        "/customers",
        "/customers/6f1c2d",
        "/issues?status=open",
        "/settings/",
    ] {
        let response = app.get(path).await;
        assert_status(&response, StatusCode::OK);
        assert!(
            header(&response, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        assert_eq!(body_bytes(response).await, INDEX_HTML.as_bytes(), "{path}");
    }
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_shell() {
    let app = spawn_app().await;
    let response = app.get("/revisit-ffffffffffffffff.js").await;
    assert_status(&response, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn responses_are_compressed_with_brotli_or_gzip() {
    let app = spawn_app().await;
    let path = format!("/{WASM_NAME}");
    let plain = body_bytes(app.get(&path).await).await;
    for (accept, expected) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let response = app.get_with(&path, ("accept-encoding", accept)).await;
        assert_status(&response, StatusCode::OK);
        assert_eq!(
            header(&response, "content-encoding"),
            expected,
            "accept-encoding: {accept}"
        );
        let compressed = body_bytes(response).await;
        assert!(
            compressed.len() < plain.len() / 4,
            "{expected}: {} of {}",
            compressed.len(),
            plain.len()
        );
    }
    let response = app.get_with("/", ("accept-encoding", "gzip")).await;
    assert_eq!(header(&response, "cache-control"), "no-cache");
}
