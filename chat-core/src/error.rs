//! The error type of every service and store.

use std::{fmt, sync::Arc};

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
    /// The request conflicts with the current state (last owner leaving, …).
    #[error("{0}")]
    Conflict(String),
    /// Something unique is already taken (a unique rule of the store refused the change).
    #[error("{}", .0.message())]
    Taken(Taken),
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
    /// A feature this server is not configured for (password recovery without SMTP, …).
    #[error("{0} is not configured on this server")]
    NotConfigured(&'static str),
    /// The thing existed but has expired.
    #[error("{0} has expired")]
    Gone(&'static str),
    /// A dependency did not answer in time; retrying later may succeed (a send retried with the
    /// same `clientMsgId` is stored at most once).
    #[error("{0}")]
    Unavailable(String),
    /// A storage or other internal failure; the cause and its sources are for logs, not for
    /// clients.
    #[error("internal error: {0}")]
    Internal(Cause),
}

/// What is already taken when a unique rule refuses a change: named, so that clients can tell
/// the cases apart (`details.reason`) and every backend reports the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    /// A username (case does not matter).
    Username,
    /// An email address (case does not matter).
    Email,
    /// An external identity (issuer and subject).
    ExternalIdentity,
    /// The direct conversation of a pair.
    DirectConversation,
    /// A membership of a conversation.
    Membership,
    /// A message's `clientMsgId` from the same sender in the same conversation.
    ClientMsgId,
}

impl Taken {
    /// The machine-readable reason.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Username => "username_taken",
            Self::Email => "email_taken",
            Self::ExternalIdentity => "external_identity_taken",
            Self::DirectConversation => "direct_conversation_exists",
            Self::Membership => "already_member",
            Self::ClientMsgId => "message_already_stored",
        }
    }

    /// The message shown to clients.
    pub fn message(self) -> &'static str {
        match self {
            Self::Username => "username already taken",
            Self::Email => "email already registered",
            Self::ExternalIdentity => "external identity already provisioned",
            Self::DirectConversation => "direct conversation already exists",
            Self::Membership => "already a member",
            Self::ClientMsgId => "message already stored",
        }
    }
}

/// The cause of an internal error with its chain of sources, shown whole by `Display` (for logs).
#[derive(Clone)]
pub struct Cause(Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    /// The underlying error.
    pub fn error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.to_string();
        f.write_str(&shown)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            // Many errors already repeat their source in their own message: not twice.
            let text = cause.to_string();
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
            }
            shown = text;
            source = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
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

    /// A [`CoreError::Internal`] from an error (its sources are kept) or a message.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(Cause(Arc::from(cause.into())))
    }

    /// The stable machine-readable code shared by every transport.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "bad_request",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::NotConfigured(_) => "not_configured",
            Self::Conflict(_) | Self::Taken(_) => "conflict",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("query failed")]
    struct Query(#[source] std::io::Error);

    #[test]
    fn an_internal_error_keeps_its_sources_for_logs_and_shows_clients_nothing_of_them() {
        let error = CoreError::internal(Query(std::io::Error::other("connection reset by peer")));
        assert_eq!(error.to_string(), "internal error: query failed: connection reset by peer");
        assert_eq!(error.public_message(), "internal server error");
        assert_eq!(error.code(), "internal");
        assert_eq!(CoreError::internal("plain words").to_string(), "internal error: plain words");
    }

    #[test]
    fn a_taken_value_is_a_conflict_with_a_named_reason() {
        let error = CoreError::Taken(Taken::Username);
        assert_eq!((error.code(), error.public_message().as_str()), ("conflict", "username already taken"));
        assert_eq!(Taken::ClientMsgId.as_str(), "message_already_stored");
    }
}
