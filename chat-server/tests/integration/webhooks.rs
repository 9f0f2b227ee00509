//! Webhooks to receivers served by the test: signed, retried, dead-lettered, retried by an operator.

use crate::node::{Backend, Node, unique};
use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

const SECRET: &str = "webhook-test-secret";

/// One request a receiver got.
#[derive(Clone, Debug)]
struct Hit {
    receiver: String,
    at: Instant,
    signature: String,
    event_id: String,
    body: Bytes,
}

impl Hit {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// `/ok` answers 200; `/flaky` 500 to the first two attempts at each event, then 200; `/down`
/// 500 until `healthy` is set.
#[derive(Clone, Default)]
struct Receivers {
    hits: Arc<Mutex<Vec<Hit>>>,
    healthy: Arc<AtomicBool>,
}

async fn receive(State(r): State<Receivers>, Path(name): Path<String>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let hit = Hit {
        receiver: name.clone(),
        at: Instant::now(),
        signature: header("x-chat-signature"),
        event_id: header("x-chat-event-id"),
        body,
    };
    let mut hits = r.hits.lock().unwrap();
    let earlier = hits.iter().filter(|h| h.receiver == name && h.event_id == hit.event_id).count();
    hits.push(hit);
    match name.as_str() {
        "flaky" if earlier < 2 => StatusCode::INTERNAL_SERVER_ERROR,
        "down" if !r.healthy.load(Ordering::SeqCst) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::OK,
    }
}

impl Receivers {
    async fn serve() -> (Self, u16) {
        let receivers = Self::default();
        let app = Router::new().route("/{name}", axum::routing::post(receive)).with_state(receivers.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (receivers, port)
    }

    /// The hits of `receiver` for `event_id`, once there are at least `count` (10 s at most).
    async fn wait(&self, receiver: &str, event_id: &str, count: usize) -> Vec<Hit> {
        for _ in 0..200 {
            let hits: Vec<Hit> = {
                let hits = self.hits.lock().unwrap();
                hits.iter().filter(|h| h.receiver == receiver && h.event_id == event_id).cloned().collect()
            };
            if hits.len() >= count {
                return hits;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{receiver} did not get {count} attempts at {event_id}");
    }
}

/// Checks `t=<t>,v1=<hex>` against the body with `secret`, as a receiver would.
fn verifies(signature: &str, body: &[u8], secret: &str) -> bool {
    let Some((t, v1)) = signature.strip_prefix("t=").and_then(|s| s.split_once(",v1=")) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    expected == v1
}

pub async fn webhooks_are_signed_retried_with_backoff_dead_lettered_and_retried_by_an_operator(backend: Backend) {
    let (receivers, port) = Receivers::serve().await;
    let urls = ["ok", "flaky", "down"].map(|r| format!("http://127.0.0.1:{port}/{r}")).join(",");
    let mut node = Node::new(
        backend,
        &[
            ("CHAT_WEBHOOK_URLS", &urls),
            ("CHAT_WEBHOOK_SECRET", SECRET),
            ("CHAT_WEBHOOK_MAX_ATTEMPTS", "3"),
            ("CHAT_WEBHOOK_RETRY_BASE_MS", "400"),
            ("CHAT_WEBHOOK_POLL_MS", "20"),
            ("CHAT_OUTBOX_POLL_MS", "20"),
            ("CHAT_OUTBOX_LEASE_MS", "500"),
        ],
    );
    let server = node.start().await;
    let operator = node.register(&unique("operator")).await;
    // Operators are named at start-up.
    drop(server);
    node.set("CHAT_ADMIN_USER_IDS", &operator.id);
    let server = node.start().await;
    let user = node.register(&unique("dora")).await;

    // The account's creation, to each receiver, signed with the secret.
    let created = created_event(&receivers, &user.id).await;
    let ok = receivers.wait("ok", &created, 1).await;
    assert_eq!(ok.len(), 1, "delivered once");
    assert!(verifies(&ok[0].signature, &ok[0].body, SECRET), "the signature checks out: {}", ok[0].signature);
    assert!(!verifies(&ok[0].signature, &ok[0].body, "another-secret"), "a wrong secret is detected");
    let mut tampered = ok[0].body.to_vec();
    tampered[1] ^= 1;
    assert!(!verifies(&ok[0].signature, &tampered, SECRET), "a changed body is detected");
    let body = ok[0].json();
    assert_eq!((body["type"].as_str(), body["id"].as_str()), (Some("user.created"), Some(created.as_str())));
    assert_eq!(body["data"]["id"], user.id.as_str());

    // 500, 500, then 200: three attempts, the second pause longer than the first.
    let flaky = receivers.wait("flaky", &created, 3).await;
    let (first, second) = (flaky[1].at - flaky[0].at, flaky[2].at - flaky[1].at);
    assert!(first >= Duration::from_millis(380), "backed off {first:?}");
    assert!(second >= first + Duration::from_millis(300), "the pause doubles: {first:?} then {second:?}");
    assert!(flaky.iter().all(|h| verifies(&h.signature, &h.body, SECRET)), "each attempt is signed");

    // Always 500: dead-lettered after the third attempt, listed for operators only.
    receivers.wait("down", &created, 3).await;
    let letter = dead_letter(&node, &operator.token, &created).await;
    assert_eq!(letter["attempts"], 3);
    assert_eq!(letter["lastStatus"], 500);
    assert!(letter["url"].as_str().unwrap().ends_with("/down"));
    assert_eq!(letter["body"]["id"], created.as_str());
    let (status, _) = node.call(reqwest::Method::GET, "/api/admin/webhooks/dead-letters", &user.token, None).await;
    assert_eq!(status, 403, "not an operator");
    let path = format!("/api/admin/webhooks/dead-letters/{}/retry", letter["id"].as_str().unwrap());
    let (status, _) = node.call(reqwest::Method::POST, &path, &user.token, None).await;
    assert_eq!(status, 403, "not an operator");
    assert_eq!(receivers.wait("down", &created, 3).await.len(), 3, "no attempt after the last");

    // Retried by an operator once the receiver is back: delivered, and no longer a dead letter.
    receivers.healthy.store(true, Ordering::SeqCst);
    let (status, _) = node.call(reqwest::Method::POST, &path, &operator.token, None).await;
    assert_eq!(status, 202);
    let down = receivers.wait("down", &created, 4).await;
    assert!(verifies(&down[3].signature, &down[3].body, SECRET));
    let (status, _) = node.call(reqwest::Method::POST, &path, &operator.token, None).await;
    assert_eq!(status, 404, "a delivered letter is no longer dead");
    let (_, list) = node.call(reqwest::Method::GET, "/api/admin/webhooks/dead-letters", &operator.token, None).await;
    assert!(list["items"].as_array().unwrap().iter().all(|l| l["eventId"] != created.as_str()));
    drop(server);
    node.remove().await;
}

/// The id of the `user.created` event of `user_id`, as the `ok` receiver got it.
async fn created_event(receivers: &Receivers, user_id: &str) -> String {
    for _ in 0..200 {
        let found = receivers.hits.lock().unwrap().iter().find_map(|h| {
            let body = h.json();
            (h.receiver == "ok" && body["type"] == "user.created" && body["data"]["id"] == user_id)
                .then(|| h.event_id.clone())
        });
        if let Some(id) = found {
            return id;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no user.created for {user_id}");
}

/// The dead letter of `event_id` at `/down`, once listed (10 s at most).
async fn dead_letter(node: &Node, token: &str, event_id: &str) -> Value {
    for _ in 0..200 {
        let (status, list) =
            node.call(reqwest::Method::GET, "/api/admin/webhooks/dead-letters?limit=100", token, None).await;
        assert_eq!(status, 200, "{list}");
        let found = list["items"].as_array().unwrap().iter().find(|l| l["eventId"] == event_id).cloned();
        if let Some(letter) = found {
            return letter;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{event_id} was not dead-lettered");
}
