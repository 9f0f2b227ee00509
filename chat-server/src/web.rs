//! The web client: the built single-page app (`CHAT_WEB_DIR`, default `web/dist`) served at `/`,
//! with every unknown path outside the API answered by `index.html` so client-side routes work.

use crate::error::ApiError;
use axum::{
    body::Body,
    extract::Request,
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use chat_core::CoreError;
use std::path::PathBuf;
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

/// Answers every request no route matched.
pub async fn fallback(dir: PathBuf, request: Request) -> Response {
    let path = request.uri().path();
    // API clients get the API's 404, never an HTML page.
    if path.starts_with("/api/") || path.starts_with("/socket.io") {
        return ApiError::from(CoreError::NotFound("route")).into_response();
    }
    let index = dir.join("index.html");
    if !index.is_file() {
        return (StatusCode::NOT_FOUND, Html(NOT_BUILT)).into_response();
    }
    let is_asset = path.starts_with("/assets/");
    match ServeDir::new(&dir).fallback(ServeFile::new(index)).oneshot(request).await {
        Ok(mut response) => {
            // Vite names assets by content hash: they never change. index.html always may.
            let cache = if is_asset { "public, max-age=31536000, immutable" } else { "no-cache" };
            if let Ok(value) = cache.parse() {
                response.headers_mut().insert(header::CACHE_CONTROL, value);
            }
            response.map(Body::new)
        }
        Err(infallible) => match infallible {},
    }
}

const NOT_BUILT: &str = "<!doctype html><title>chat-server</title><h1>chat-server</h1>\
<p>The web client is not built. Run <code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code>, \
or see <a href=\"/docs\">the API documentation</a>.</p>";
