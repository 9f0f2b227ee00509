//! A deadline on every REST request: one that a stuck dependency (a database that stopped
//! answering) holds past `CHAT_REQUEST_DEADLINE_MS` is answered 503 `unavailable` at once,
//! with `Retry-After`, rather than holding the client. Uploads, whose time goes mostly to
//! receiving the body, and file downloads, which stream, are exempt.

use crate::error::{ApiError, past_deadline};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::time::Duration;

/// The middleware: `limit` for every request but uploads and file downloads.
pub async fn within(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path == "/api/uploads" || path.starts_with("/api/files/") {
        return next.run(request).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            metrics::counter!("chat_http_deadline_exceeded_total").increment(1);
            ApiError::from(past_deadline()).into_response()
        }
    }
}
