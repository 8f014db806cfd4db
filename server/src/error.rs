//! The one error type of the API: every failure becomes a JSON body
//! `{"error": {"code": "...", "message": "..."}}` with a fitting status.
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use revisit_core::sync::protocol::{ErrorBody, ErrorCode, ErrorDetail};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no API endpoint at {0}")]
    NotFound(String),
    /// Malformed or impossible input; nothing was changed.
    #[error("{message}")]
    BadRequest { code: ErrorCode, message: String },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    /// Well-formed, but it cannot be applied (an issue step on no issue…).
    #[error("{0}")]
    Unprocessable(String),
    /// An upload chunk sent for another offset than the bytes the server holds.
    #[error("{message}")]
    UploadOffset {
        held: u64,
        /// The image is stored whole (the resumable-upload draft's `Upload-Complete`).
        complete: bool,
        message: String,
    },
    /// Another request is writing the same resource; retry shortly.
    #[error("{0}")]
    Locked(String),
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("too many requests: wait a moment and retry")]
    TooManyRequests,
    #[error("database unavailable: {0}")]
    Database(#[from] sqlx::Error),
    /// Every core is computing plans and reports; retry shortly (503).
    #[error("{0}")]
    Overloaded(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::UploadOffset { .. } => StatusCode::CONFLICT,
            ApiError::Locked(_) => StatusCode::LOCKED,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Database(_) | ApiError::Overloaded(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable, machine-readable code the app can translate.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::BadRequest { code, .. } => *code,
            ApiError::Unauthorized(_) => ErrorCode::Unauthorized,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::Unprocessable(_) => ErrorCode::Unprocessable,
            ApiError::UploadOffset { .. } => ErrorCode::OffsetMismatch,
            ApiError::Locked(_) => ErrorCode::Busy,
            ApiError::TooLarge(_) => ErrorCode::TooLarge,
            ApiError::TooManyRequests => ErrorCode::RateLimited,
            ApiError::Database(_) => ErrorCode::DatabaseUnavailable,
            ApiError::Overloaded(_) => ErrorCode::Overloaded,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }
}

/// `Retry-After` of a 503, 423 or 429.
pub const RETRY_AFTER_SECONDS: &str = "5";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Database(err) => tracing::error!(%err, "database error"),
            ApiError::Internal(err) => tracing::error!(%err, "internal error"),
            _ => {}
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.to_string(),
            },
        };
        let mut response = (self.status(), axum::Json(body)).into_response();
        // When to try again: the database refused a write (a full disk, a read-only
        // file), or the device asked too often. Devices retry on their own.
        if matches!(
            self,
            ApiError::Database(_)
                | ApiError::Overloaded(_)
                | ApiError::TooManyRequests
                | ApiError::Locked(_)
        ) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
        }
        if let ApiError::UploadOffset { held, complete, .. } = self {
            // Where to resume (tus): the client sends from here next.
            let headers = response.headers_mut();
            headers.insert(revisit_core::photo::upload::OFFSET, held.into());
            headers.insert(
                revisit_core::photo::upload::COMPLETE,
                axum::http::HeaderValue::from_static(if complete { "?1" } else { "?0" }),
            );
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(crate::BODY_LIMIT),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ApiError::bad(ErrorCode::NotJson, "send the body as application/json")
            }
            _ => ApiError::bad(ErrorCode::BadJson, rejection.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::bad(ErrorCode::BadQuery, rejection.body_text())
    }
}

/// axum's `Json`, answering bad input with this API's JSON errors.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Fallback for `/api/*`: a JSON 404, never the app's HTML.
pub async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!("/api{}", uri.path()))
}
