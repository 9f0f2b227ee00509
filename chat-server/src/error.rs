//! The one mapping from [`CoreError`] to what a client sees: an HTTP response ([`ApiError`]) and
//! a Socket.IO acknowledgement ([`ack_error`]), with the same codes and details. Internal causes
//! are logged here, with their sources, and never shown.

use crate::socket::contract::AckError;
use axum::{
    Json,
    extract::rejection::{JsonRejection, PathRejection, QueryRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chat_core::CoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer: `{ "error": { "code", "message", "details"? } }`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The error itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// One of `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `rate_limited`,
    /// `payload_too_large`, `unsupported_media_type`, `gone`, `unavailable`, `internal`.
    #[schema(example = "bad_request")]
    pub code: &'static str,
    /// Human-readable explanation.
    #[schema(example = "username must be 3–32 characters")]
    pub message: String,
    /// Extra facts: the offending `field`; `retryAfterSecs` (`rate_limited`, `unavailable`); the
    /// `reason` of a `conflict` over something taken (`username_taken`, `email_taken`,
    /// `external_identity_taken`, `direct_conversation_exists`, `already_member`,
    /// `message_already_stored`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

/// A failed request.
#[derive(Debug)]
pub struct ApiError {
    error: CoreError,
    /// Set for rejections axum decides (unsupported media type).
    status: Option<(StatusCode, &'static str)>,
}

impl From<CoreError> for ApiError {
    fn from(error: CoreError) -> Self {
        Self { error, status: None }
    }
}

/// Status code of a core error.
pub fn status_of(error: &CoreError) -> StatusCode {
    match error {
        CoreError::BadRequest { field: Some(_), .. } => StatusCode::UNPROCESSABLE_ENTITY,
        CoreError::BadRequest { field: None, .. } => StatusCode::BAD_REQUEST,
        CoreError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        CoreError::Forbidden(_) => StatusCode::FORBIDDEN,
        CoreError::NotFound(_) | CoreError::NotConfigured(_) => StatusCode::NOT_FOUND,
        CoreError::Conflict(_) | CoreError::Taken(_) => StatusCode::CONFLICT,
        CoreError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        CoreError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        CoreError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        CoreError::Gone(_) => StatusCode::GONE,
        CoreError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        CoreError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The `details` of an error answer, on both transports: the offending field, or when to retry.
pub fn details_of(error: &CoreError) -> Option<serde_json::Value> {
    match error {
        CoreError::BadRequest { field: Some(field), .. } => Some(serde_json::json!({ "field": field })),
        CoreError::RateLimited { retry_after_secs } => Some(serde_json::json!({ "retryAfterSecs": retry_after_secs })),
        CoreError::Unavailable(_) => Some(serde_json::json!({ "retryAfterSecs": 1 })),
        CoreError::Taken(taken) => Some(serde_json::json!({ "reason": taken.as_str() })),
        _ => None,
    }
}

/// The answer to a request or event not done within `CHAT_REQUEST_DEADLINE_MS`.
pub fn past_deadline() -> CoreError {
    CoreError::Unavailable("the server could not answer in time; retry shortly".into())
}

/// Logs a server-side failure with its causes (the client is told only its code).
fn log_failure(error: &CoreError, during: &str) {
    if status_of(error).is_server_error() {
        tracing::error!(%error, during, "request failed");
    }
}

/// The code of a failed Socket.IO acknowledgement. The realtime contract has no 415: a refused
/// file type is a `bad_request` there.
pub fn ack_code(error: &CoreError) -> &'static str {
    match error {
        CoreError::UnsupportedMediaType(_) => "bad_request",
        _ => error.code(),
    }
}

/// The `error` of a failed Socket.IO acknowledgement: `{ code, message, details? }`, as the
/// AsyncAPI document describes it.
pub fn ack_error(error: &CoreError, event: &str) -> AckError {
    log_failure(error, event);
    AckError { code: ack_code(error), message: error.public_message(), details: details_of(error) }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status.unwrap_or_else(|| (status_of(&self.error), self.error.code()));
        log_failure(&self.error, "http");
        let details = details_of(&self.error);
        let body = ErrorBody { error: ErrorDetail { code, message: self.error.public_message(), details } };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        match &self.error {
            CoreError::RateLimited { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            CoreError::Unauthorized(_) => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            CoreError::Unavailable(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(1));
            }
            _ => {}
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => CoreError::PayloadTooLarge("request body is too large".into()).into(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self {
                error: CoreError::bad_request("expected a JSON body with Content-Type: application/json"),
                status: Some((StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")),
            },
            // 400 for malformed JSON, 422 for well-formed JSON of the wrong shape, as axum decides.
            status => {
                Self { error: CoreError::bad_request(rejection.body_text()), status: Some((status, "bad_request")) }
            }
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        CoreError::bad_request(rejection.body_text()).into()
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        CoreError::bad_request(rejection.body_text()).into()
    }
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
