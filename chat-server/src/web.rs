//! The web client: the built single-page app served at `/`, with every unknown path outside the
//! API answered by `index.html` so client-side routes work.
//!
//! Release builds carry `web/dist` inside the binary, so the server serves its UI from any
//! working folder; `CHAT_WEB_DIR` serves a folder from disk instead. Hashed assets (`/assets/…`,
//! named by Vite after their content) are cached for a year, `index.html` never; every page and
//! asset carries the security headers of [`secure`].

use crate::error::ApiError;
use axum::{
    body::Body,
    extract::Request,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use chat_core::CoreError;
use std::path::PathBuf;
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

/// `web/dist` as it was when the server was built (read from disk in debug builds).
#[derive(rust_embed::Embed)]
#[folder = "../web/dist/"]
#[allow_missing = true]
struct Embedded;

/// Answers every request no route matched, from `dir` when given, else from the embedded client.
pub async fn fallback(dir: Option<PathBuf>, request: Request) -> Response {
    let path = request.uri().path();
    // API clients get the API's 404, never an HTML page.
    if path.starts_with("/api/") || path.starts_with("/socket.io") {
        return ApiError::from(CoreError::NotFound("route")).into_response();
    }
    let is_asset = path.starts_with("/assets/");
    let mut response = match dir {
        Some(dir) => from_folder(dir, request).await,
        None => embedded(path.trim_start_matches('/')),
    };
    if response.status().is_success() {
        // Vite names assets by content hash: they never change. index.html always may.
        let cache = if is_asset { "public, max-age=31536000, immutable" } else { "no-cache" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    secure(response.headers_mut());
    response
}

async fn from_folder(dir: PathBuf, request: Request) -> Response {
    let index = dir.join("index.html");
    if !index.is_file() {
        return not_built();
    }
    match ServeDir::new(&dir).fallback(ServeFile::new(index)).oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(infallible) => match infallible {},
    }
}

fn embedded(path: &str) -> Response {
    let file = Embedded::get(path).or_else(|| {
        // A client-side route gets the app; a missing asset is a 404.
        if path.starts_with("assets/") { None } else { Embedded::get("index.html") }
    });
    match file {
        Some(file) => {
            let mime = file.metadata.mimetype().to_owned();
            ([(header::CONTENT_TYPE, mime)], file.data.into_owned()).into_response()
        }
        None if Embedded::get("index.html").is_some() => StatusCode::NOT_FOUND.into_response(),
        None => not_built(),
    }
}

/// Headers every page of the app carries: scripts, styles and connections from this origin only
/// (the Socket.IO WebSocket included), images also from `data:` and `blob:` (previews); no
/// framing; no MIME sniffing; no referrer sent elsewhere.
fn secure(headers: &mut HeaderMap) {
    const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
                       connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; \
                       frame-ancestors 'none'";
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
}

fn not_built() -> Response {
    (StatusCode::NOT_FOUND, Html(NOT_BUILT)).into_response()
}

const NOT_BUILT: &str = "<!doctype html><title>chat-server</title><h1>chat-server</h1>\
<p>The web client is not built. Run <code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code>, \
then build the server again (or point <code>CHAT_WEB_DIR</code> at the built folder), \
or see <a href=\"/docs\">the API documentation</a>.</p>";
