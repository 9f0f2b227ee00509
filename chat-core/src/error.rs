//! The error type of every service and store.

use std::fmt;

/// Result alias used across the crate.
pub type CoreResult<T> = Result<T, CoreError>;

/// What went wrong, in terms a transport can map to a status or an ack code.
///
/// Messages are meant for the client: they never carry secrets or internal details.
/// [`CoreError::Internal`] keeps its cause for logs only.
#[derive(Clone, Debug, thiserror::Error)]
pub enum CoreError {
    /// The input is malformed or breaks a documented rule.
    #[error("{message}")]
    BadRequest {
        /// Human-readable explanation.
        message: String,
        /// The offending field, when there is one.
        field: Option<&'static str>,
    },
    /// Missing, invalid or expired credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// Authenticated, but not allowed to do this.
    #[error("{0}")]
    Forbidden(String),
    /// The thing does not exist, or the caller may not know it exists.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request conflicts with the current state (taken username, last owner leaving, …).
    #[error("{0}")]
    Conflict(String),
    /// Too many requests; retry after the given number of seconds.
    #[error("too many requests, retry in {retry_after_secs} s")]
    RateLimited {
        /// Seconds until a retry may succeed.
        retry_after_secs: u64,
    },
    /// The payload is larger than a configured limit.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The content is of a type that is not accepted (decided from the bytes, not the name).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The thing existed but has expired.
    #[error("{0} has expired")]
    Gone(&'static str),
    /// A dependency did not answer in time; retrying later may succeed (a send retried with the
    /// same `clientMsgId` is stored at most once).
    #[error("{0}")]
    Unavailable(String),
    /// A storage or other internal failure; the text is for logs, not for clients.
    #[error("internal error: {0}")]
    Internal(String),
}

impl CoreError {
    /// A [`CoreError::BadRequest`] about one field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { message: message.into(), field: Some(field) }
    }

    /// A [`CoreError::BadRequest`] not tied to a field.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest { message: message.into(), field: None }
    }

    /// A [`CoreError::Internal`] from any displayable cause.
    pub fn internal(cause: impl fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// The stable machine-readable code shared by every transport.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "bad_request",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict(_) => "conflict",
            Self::RateLimited { .. } => "rate_limited",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Gone(_) => "gone",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// The message safe to show a client (internal causes are replaced).
    pub fn public_message(&self) -> String {
        match self {
            Self::Internal(_) => "internal server error".to_owned(),
            other => other.to_string(),
        }
    }
}
