//! The plain-HTTP listener (`--redirect-http`): every request is sent on to the same
//! path over HTTPS (308, so a POST stays a POST), except the local CA's page and
//! certificate, which a phone must fetch before it can trust the HTTPS address.
use axum::extract::Request;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;

/// Redirects to HTTPS on `https_port`; `extra` (the local CA's pages) is served as is.
pub fn router(https_port: u16, extra: Router) -> Router {
    extra.fallback(move |request: Request| async move { redirect(&request, https_port) })
}

fn redirect(request: &Request, https_port: u16) -> Response {
    let Some(host) = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(host_without_port)
    else {
        return (StatusCode::BAD_REQUEST, "a Host header is needed").into_response();
    };
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let port = if https_port == 443 {
        String::new()
    } else {
        format!(":{https_port}")
    };
    match format!("https://{host}{port}{path}").parse::<Uri>() {
        Ok(target) => Redirect::permanent(&target.to_string()).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "not a valid host").into_response(),
    }
}

/// `revisit.lan:8080` → `revisit.lan`; `[::1]:80` → `[::1]`.
pub fn host_without_port(host: &str) -> &str {
    if let Some(end) = host.find(']') {
        return &host[..=end];
    }
    host.rsplit_once(':').map_or(host, |(name, _port)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_loses_its_port_and_keeps_its_brackets() {
        assert_eq!(host_without_port("revisit.lan:8080"), "revisit.lan");
        assert_eq!(host_without_port("revisit.lan"), "revisit.lan");
        assert_eq!(host_without_port("192.168.1.10:80"), "192.168.1.10");
        assert_eq!(host_without_port("[::1]:80"), "[::1]");
        assert_eq!(host_without_port("[::1]"), "[::1]");
    }
}
