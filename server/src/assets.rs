//! Serves the built web app (Trunk's `dist/`).
//!
//! Hashed files (`revisit-<hash>.js`, `…_bg.wasm`, `main-<hash>.css`) never change
//! under their name, so browsers may keep them for a year; everything else —
//! `index.html`, the manifest, the service worker, icons — must be revalidated, or
//! an update would never reach the phones. Client routes get their app's page —
//! `office.html` under `/office`, `index.html` elsewhere (`/customers/…`) — so a
//! deep link or a reload works; a missing *file* is a 404.
//! A release build carries brotli and gzip copies of its files
//! (`build/precompress.mjs`): those are sent to a browser that accepts them, as
//! they are, so nothing is compressed per request.
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::convert::Infallible;
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// Where the office app's screens are (`src/office.rs`; the service worker
/// answers the same way, `public/sw.js`).
pub const OFFICE: &str = "/office";

/// The page of the app a client route belongs to: the office app's under
/// [`OFFICE`], the technician's everywhere else.
pub fn page_of(path: &str) -> &'static str {
    let office = path
        .strip_prefix(OFFICE)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    if office {
        "office.html"
    } else {
        "index.html"
    }
}

pub fn router<S: Clone + Send + Sync + 'static>(dist: PathBuf) -> Router<S> {
    let pages = dist.clone();
    let client_route = tower::service_fn(move |request: Request| {
        let pages = pages.clone();
        async move {
            if names_a_file(request.uri().path()) {
                return Ok::<_, Infallible>(StatusCode::NOT_FOUND.into_response());
            }
            let page = pages.join(page_of(request.uri().path()));
            let response = ServeFile::new(page)
                .precompressed_br()
                .precompressed_gzip()
                .oneshot(request)
                .await?;
            Ok(response.map(Body::new))
        }
    });
    Router::new()
        .fallback_service(
            ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(client_route),
        )
        .layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// The `Cache-Control` value for a request path.
pub fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    if has_content_hash(name) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// True for Trunk's content-hashed names: a `-` followed by 16 or more hex digits,
/// ending the stem or followed by `_` (as in `revisit-0123456789abcdef_bg.wasm`).
fn has_content_hash(name: &str) -> bool {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _ext)| stem);
    stem.match_indices('-').any(|(at, _)| {
        let rest = &stem[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        digits >= 16 && matches!(rest.as_bytes().get(digits), None | Some(b'_'))
    })
}

/// A path whose last segment has an extension asks for a file, not a client route.
fn names_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_files_are_immutable() {
        assert_eq!(cache_policy("/revisit-9f86d081884c7d65.js"), IMMUTABLE);
        assert_eq!(cache_policy("/revisit-9f86d081884c7d65_bg.wasm"), IMMUTABLE);
        assert_eq!(cache_policy("/main-0a1b2c3d4e5f6789.css"), IMMUTABLE);
    }

    #[test]
    fn unhashed_files_are_revalidated() {
        for path in [
            "/",
            "/index.html",
            "/sw.js",
            "/manifest.webmanifest",
            "/icons/icon-192.png",
            "/customers",
        ] {
            assert_eq!(cache_policy(path), REVALIDATE, "{path}");
        }
        // A short hex run is part of a name, not a hash.
        assert_eq!(cache_policy("/icon-512.png"), REVALIDATE);
        assert_eq!(cache_policy("/revisit-9f86d081.js"), REVALIDATE);
    }

    #[test]
    fn office_routes_get_the_office_app() {
        assert_eq!(page_of("/office"), "office.html");
        assert_eq!(page_of("/office/reports/plan"), "office.html");
        assert_eq!(page_of("/"), "index.html");
        assert_eq!(page_of("/customers/0b6f2a"), "index.html");
        assert_eq!(
            page_of("/officers"),
            "index.html",
            "a prefix of a segment is not the office"
        );
    }

    #[test]
    fn client_routes_are_not_files() {
        assert!(!names_a_file("/customers"));
        assert!(!names_a_file("/customers/0b6f2a"));
        assert!(names_a_file("/missing.js"));
    }
}
