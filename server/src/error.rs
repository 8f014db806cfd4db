//! The one error type of the API: every failure becomes a JSON body
//! `{"error": {"code": "...", "message": "..."}}` with a fitting status.
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no API endpoint at {0}")]
    NotFound(String),
    #[error("database unavailable: {0}")]
    Database(#[from] sqlx::Error),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Database(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// A stable, machine-readable code the app can translate.
    fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) => "not_found",
            ApiError::Database(_) => "database_unavailable",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Database(err) = &self {
            tracing::error!(%err, "database error");
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Fallback for `/api/*`: a JSON 404, never the app's HTML.
pub async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!("/api{}", uri.path()))
}
