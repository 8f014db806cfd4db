use crate::helpers::{
    assert_status, body_bytes, header, spawn_app, INDEX_HTML, JS_NAME, OFFICE_HTML, WASM_NAME,
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
async fn office_routes_get_the_office_app_whose_loader_the_policy_allows() {
    use base64::Engine;
    use sha2::Digest;
    let app = spawn_app().await;
    for path in [
        "/office",
        "/office/reports/plan",
        "/office/actions/6f1c2d?x=1",
    ] {
        let response = app.get(path).await;
        assert_status(&response, StatusCode::OK);
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        // Either page's inline loader runs, whichever page answers.
        let loader = "import init from '/office-0123456789abcdef.js'; await init();";
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader));
        assert!(
            header(&response, "content-security-policy").contains(&format!("'sha256-{hash}'")),
            "{path}"
        );
        assert_eq!(body_bytes(response).await, OFFICE_HTML.as_bytes(), "{path}");
    }
    // A name that only starts like the office is the technician's app.
    let response = app.get("/officers").await;
    assert_eq!(body_bytes(response).await, INDEX_HTML.as_bytes());
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

#[tokio::test]
async fn a_builds_precompressed_copies_are_sent_as_they_are() {
    let app = spawn_app().await;
    let dist = app._dir.path().join("dist");
    // What build/precompress.mjs writes beside a file (any bytes do here: they
    // must come back exactly, not compressed again).
    std::fs::write(dist.join(format!("{JS_NAME}.br")), b"brotli of the glue").unwrap();
    std::fs::write(dist.join(format!("{JS_NAME}.gz")), b"gzip of the glue").unwrap();
    std::fs::write(dist.join("index.html.br"), b"brotli of the shell").unwrap();
    let path = format!("/{JS_NAME}");
    for (accept, encoding, body) in [
        ("br", "br", b"brotli of the glue".as_slice()),
        ("gzip, deflate, br", "br", b"brotli of the glue"),
        ("gzip", "gzip", b"gzip of the glue"),
    ] {
        let response = app.get_with(&path, ("accept-encoding", accept)).await;
        assert_status(&response, StatusCode::OK);
        assert_eq!(header(&response, "content-encoding"), encoding, "{accept}");
        assert!(header(&response, "content-type").contains("javascript"));
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(body_bytes(response).await, body, "{accept}");
    }
    // The shell at a client route, too; and no encoding asked: the file itself.
    let response = app.get_with("/customers", ("accept-encoding", "br")).await;
    assert_eq!(header(&response, "content-encoding"), "br");
    assert!(header(&response, "content-type").starts_with("text/html"));
    assert_eq!(
        body_bytes(response).await,
        b"brotli of the shell".as_slice()
    );
    let plain = body_bytes(app.get(&path).await).await;
    assert!(plain.starts_with(b"export default"));
}
