//! Trace export (cargo feature `otlp`): the server, configured only by the standard `OTEL_*`
//! variables, sends its spans to an OTLP/HTTP receiver run by the test: a REST request with the
//! service and store spans nested inside it, a socket event with its service span, ids on them,
//! and never a message's text, a password or a token.
//!
//! `cargo test -p chat-server --features otlp --test otlp`

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

#[path = "support/process.rs"]
mod process;

use axum::{Router, extract::State, routing::post};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio_tungstenite::tungstenite::Message as Frame;

/// The bodies the receiver was sent, as JSON.
type Received = Arc<Mutex<Vec<Value>>>;

async fn receiver() -> (u16, Received) {
    let received = Received::default();
    let app = Router::new()
        .route(
            "/v1/traces",
            post(|State(received): State<Received>, body: String| async move {
                received.lock().unwrap().push(serde_json::from_str(&body).unwrap());
                "{}"
            }),
        )
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (port, received)
}

/// A span as the receiver got it.
#[derive(Debug)]
struct Span {
    name: String,
    id: String,
    parent: String,
    attributes: Vec<(String, String)>,
}

impl Span {
    /// An attribute's value, as text ("" when absent).
    fn attribute(&self, key: &str) -> String {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// Every span received.
fn spans(received: &Received) -> Vec<Span> {
    let bodies = received.lock().unwrap().clone();
    let mut out = Vec::new();
    for body in &bodies {
        for resource in body["resourceSpans"].as_array().into_iter().flatten() {
            for scope in resource["scopeSpans"].as_array().into_iter().flatten() {
                for span in scope["spans"].as_array().into_iter().flatten() {
                    let attributes = span["attributes"].as_array().into_iter().flatten().map(|a| {
                        let value = a["value"].as_object().and_then(|v| v.values().next()).cloned().unwrap_or_default();
                        (a["key"].as_str().unwrap().to_owned(), value.as_str().map_or(value.to_string(), str::to_owned))
                    });
                    let text = |key: &str| span[key].as_str().unwrap_or_default().to_owned();
                    out.push(Span {
                        name: text("name"),
                        id: text("spanId"),
                        parent: text("parentSpanId"),
                        attributes: attributes.collect(),
                    });
                }
            }
        }
    }
    out
}

async fn call(port: u16, method: reqwest::Method, path: &str, token: Option<&str>, body: Value) -> Value {
    let mut request = reqwest::Client::new().request(method, format!("http://127.0.0.1:{port}{path}")).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{path}: {}", response.status());
    response.json().await.unwrap_or_default()
}

/// Sends `markAsRead` over a raw Engine.IO WebSocket and waits for its ack.
async fn mark_read_over_the_socket(port: u16, token: &str, conversation: &str) {
    let url = format!("ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket");
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let Frame::Text(open) = ws.next().await.unwrap().unwrap() else { panic!("no Engine.IO OPEN packet") };
    assert!(open.starts_with("0{"), "the Engine.IO OPEN packet: {open}");
    ws.send(Frame::text(format!("40{}", json!({ "token": token })))).await.unwrap();
    let event = json!(["markAsRead", { "conversationId": conversation, "seq": 1 }]);
    let mut acked = false;
    while !acked {
        let Frame::Text(text) = ws.next().await.unwrap().unwrap() else { continue };
        if text.starts_with("40{") {
            ws.send(Frame::text(format!("421{event}"))).await.unwrap();
        }
        acked = text.starts_with("431");
    }
}

#[tokio::test]
async fn spans_of_requests_events_services_and_stores_reach_an_otlp_receiver_with_ids_and_no_secrets() {
    let (collector, received) = receiver().await;
    let dir = tempfile_dir();
    let port = process::free_port();
    let endpoint = format!("http://127.0.0.1:{collector}");
    let _server = process::start_server(
        port,
        &dir,
        [
            ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.as_str()),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"),
            ("OTEL_SERVICE_NAME", "chat-under-test"),
        ],
    )
    .await;

    let password = "correct-horse-battery-staple";
    let register = |name: &'static str| {
        call(port, reqwest::Method::POST, "/api/auth/register", None, json!({ "username": name, "password": password }))
    };
    let (ada, bob) = (register("ada").await, register("bob").await);
    let token = ada["accessToken"].as_str().unwrap();
    let direct = json!({ "kind": "direct", "memberIds": [bob["user"]["id"]] });
    let conversation = call(port, reqwest::Method::POST, "/api/conversations", Some(token), direct).await;
    let id = conversation["id"].as_str().unwrap();
    let text = "the-secret-words-7f3a";
    let path = format!("/api/conversations/{id}/messages");
    call(port, reqwest::Method::POST, &path, Some(token), json!({ "content": text })).await;
    mark_read_over_the_socket(port, token, id).await;

    let wanted = ["POST /api/conversations/{id}/messages", "messages.send", "messages.append_batch", "markAsRead"];
    let mut found = spans(&received);
    for _ in 0..100 {
        if wanted.iter().chain(&["conversations.mark_read"]).all(|name| found.iter().any(|s| s.name == *name)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        found = spans(&received);
    }
    let named =
        |name: &str| found.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no {name} span in {found:?}"));
    let (request, send, batch) =
        (named("POST /api/conversations/{id}/messages"), named("messages.send"), named("messages.append_batch"));
    assert_eq!(request.attribute("route"), "/api/conversations/{id}/messages");
    assert_eq!(request.attribute("status"), "201");
    assert_eq!(send.parent, request.id, "the service span is inside the request's");
    assert_eq!(send.attribute("conversation"), id);
    assert_eq!(send.attribute("user"), ada["user"]["id"].as_str().unwrap());
    assert_eq!(batch.attribute("size"), "1");
    let event = named("markAsRead");
    assert_eq!(named("conversations.mark_read").parent, event.id, "the service span is inside the event's");
    assert_eq!(event.attribute("conversation"), id);

    let everything = serde_json::to_string(&*received.lock().unwrap()).unwrap();
    assert!(everything.contains("chat-under-test"), "OTEL_SERVICE_NAME names the service");
    for secret in [text, password, token] {
        assert!(!everything.contains(secret), "a span carries {secret}");
    }
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chat-otlp-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
