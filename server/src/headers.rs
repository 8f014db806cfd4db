//! Security headers on every answer — the app, its files and the API alike:
//! a Content-Security-Policy the app runs under (its wasm needs
//! `'wasm-unsafe-eval'`; the inline scripts of the apps' pages, `index.html` and
//! `office.html`, are allowed by their SHA-256, never by `'unsafe-inline'`), `nosniff`, no referrer, and the camera and
//! location for this origin only. Violations are reported to `/api/csp-report` and
//! logged, so the end-to-end suite fails on a screen the policy breaks.
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// Where browsers send what the policy blocked.
pub const REPORT_PATH: &str = "/api/csp-report";
/// What a log line of a reported violation starts with (the e2e harness looks for it).
pub const VIOLATION_LOG: &str = "content security policy violation";

/// How often the pages are looked at for a new build (their scripts' hashes).
const RECHECK: Duration = Duration::from_secs(2);

/// The apps' pages, whose inline scripts the policy allows.
const PAGES: [&str; 2] = ["index.html", "office.html"];

/// The policy, kept in step with the pages it allows.
pub struct Policy {
    pages: Vec<PathBuf>,
    cached: Mutex<Cached>,
}

struct Cached {
    checked: Option<Instant>,
    modified: Vec<Option<SystemTime>>,
    value: HeaderValue,
}

impl Policy {
    pub fn new(dist: &std::path::Path) -> Arc<Self> {
        Arc::new(Self {
            pages: PAGES.iter().map(|page| dist.join(page)).collect(),
            cached: Mutex::new(Cached {
                checked: None,
                modified: Vec::new(),
                value: csp(""),
            }),
        })
    }

    /// The policy for the pages there are now (a deploy may replace them).
    pub fn current(&self) -> HeaderValue {
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        if cached.checked.is_some_and(|at| at.elapsed() < RECHECK) {
            return cached.value.clone();
        }
        cached.checked = Some(Instant::now());
        let modified: Vec<Option<SystemTime>> = self
            .pages
            .iter()
            .map(|page| std::fs::metadata(page).and_then(|m| m.modified()).ok())
            .collect();
        if modified != cached.modified {
            cached.modified = modified;
            let html: String = self
                .pages
                .iter()
                .map(|page| std::fs::read_to_string(page).unwrap_or_default())
                .collect();
            cached.value = csp(&html);
        }
        cached.value.clone()
    }
}

/// The Content-Security-Policy for a page whose inline scripts are in `html`.
pub fn csp(html: &str) -> HeaderValue {
    let hashes: String = inline_scripts(html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; \
         connect-src 'self'; worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'; report-uri {REPORT_PATH}"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// The contents of the `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let open = rest.find("<script")?;
        let after = &rest[open..];
        let tag_end = after.find('>')?;
        let tag = &after[..tag_end];
        let body_start = open + tag_end + 1;
        let close = rest[body_start..].find("</script>")?;
        let body = &rest[body_start..body_start + close];
        rest = &rest[body_start + close + "</script>".len()..];
        if !tag.contains(" src=") {
            return Some(body);
        }
    })
}

/// Adds the headers to every answer.
pub async fn add(State(policy): State<Arc<Policy>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy.current());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
    response
}

/// `POST /api/csp-report`: logs what the browser blocked (the start of it).
pub async fn report(body: Bytes) -> StatusCode {
    let text = String::from_utf8_lossy(&body[..body.len().min(2048)]).into_owned();
    tracing::warn!(report = %text, "{VIOLATION_LOG}");
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_their_hash_and_files_by_origin() {
        let html = r#"<head><script type="module">import init from '/a.js';</script>
            <script src="/b.js"></script><script>console.log(1)</script></head>"#;
        assert_eq!(
            inline_scripts(html).collect::<Vec<_>>(),
            ["import init from '/a.js';", "console.log(1)"]
        );
        let policy = csp(html).to_str().unwrap().to_owned();
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"console.log(1)"));
        assert!(policy.contains(&format!("'sha256-{hash}'")), "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
        assert_eq!(policy.matches("'sha256-").count(), 2);
    }
}
