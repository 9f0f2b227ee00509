//! What a Socket.IO connection keeps of the HTTP request that opened it.
//!
//! socketioxide stores the opening request's head for the connection's whole life. hyper parses
//! header values and the URI as slices of its read buffer (8 to 16 KiB), and axum keeps a copy of
//! the URI in the extensions (`OriginalUri`), so keeping any of them keeps that whole buffer
//! allocated: measured with heaptrack, 15.6 KiB per idle connection. Before the request reaches
//! socketioxide, [`slim`] replaces the head with fresh copies of the few parts the connection
//! needs (headers, URI, and of the extensions only the upgrade and the peer address), and the
//! buffer is freed once hyper hands the connection over.

use axum::{
    extract::{ConnectInfo, Request},
    http::{Extensions, HeaderMap, HeaderName, HeaderValue, Uri, header},
};
use std::net::SocketAddr;

/// The headers a connection keeps: the WebSocket upgrade, polling bodies and the bearer token.
const KEPT: [HeaderName; 8] = [
    header::AUTHORIZATION,
    header::CONNECTION,
    header::CONTENT_LENGTH,
    header::CONTENT_TYPE,
    header::SEC_WEBSOCKET_KEY,
    header::SEC_WEBSOCKET_VERSION,
    header::UPGRADE,
    header::ORIGIN,
];

/// Rebuilds the head of a request to `/socket.io` from copies of the parts it needs; passes any
/// other request through untouched.
pub async fn slim(request: Request) -> Request {
    if !request.uri().path().starts_with("/socket.io") {
        return request;
    }
    let (mut head, body) = request.into_parts();
    let mut headers = HeaderMap::with_capacity(KEPT.len());
    for name in KEPT {
        for value in head.headers.get_all(&name) {
            if let Ok(mut copy) = HeaderValue::from_bytes(value.as_bytes()) {
                copy.set_sensitive(value.is_sensitive());
                headers.append(name.clone(), copy);
            }
        }
    }
    head.headers = headers;
    let mut extensions = Extensions::new();
    if let Some(upgrade) = head.extensions.remove::<hyper::upgrade::OnUpgrade>() {
        extensions.insert(upgrade);
    }
    if let Some(peer) = head.extensions.remove::<ConnectInfo<SocketAddr>>() {
        extensions.insert(peer);
    }
    head.extensions = extensions;
    // Parsing an owned string copies it; the parsed URI was valid, so its text parses again.
    if let Ok(uri) = Uri::try_from(head.uri.to_string()) {
        head.uri = uri;
    }
    Request::from_parts(head, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[tokio::test]
    async fn a_handshake_keeps_copies_of_the_token_and_upgrade_headers_and_nothing_else() {
        let request = Request::builder()
            .uri("/socket.io/?EIO=4&transport=websocket")
            .header(header::AUTHORIZATION, "Bearer abc")
            .header(header::UPGRADE, "websocket")
            .header(header::SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==")
            .header(header::USER_AGENT, "test")
            .header(header::COOKIE, "session=1")
            .extension(axum::extract::OriginalUri(Uri::from_static("/socket.io/")))
            .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))))
            .body(Body::empty())
            .expect("valid request");
        let original = request.headers().get(header::AUTHORIZATION).expect("set").as_bytes().as_ptr();
        let slim = slim(request).await;
        let token = slim.headers().get(header::AUTHORIZATION).expect("kept");
        assert_eq!(token, "Bearer abc");
        assert_ne!(token.as_bytes().as_ptr(), original, "the value is a copy");
        assert_eq!(slim.headers().get(header::UPGRADE).expect("kept"), "websocket");
        assert!(slim.headers().get(header::USER_AGENT).is_none());
        assert!(slim.headers().get(header::COOKIE).is_none());
        assert_eq!(slim.uri(), "/socket.io/?EIO=4&transport=websocket");
        assert!(slim.extensions().get::<axum::extract::OriginalUri>().is_none(), "its URI shares the buffer");
        assert!(slim.extensions().get::<ConnectInfo<SocketAddr>>().is_some(), "the peer address is kept");
    }

    #[tokio::test]
    async fn other_requests_pass_untouched() {
        let request = Request::builder()
            .uri("/api/users/me")
            .header(header::USER_AGENT, "test")
            .body(Body::empty())
            .expect("valid request");
        assert_eq!(slim(request).await.headers().get(header::USER_AGENT).expect("kept"), "test");
    }
}
