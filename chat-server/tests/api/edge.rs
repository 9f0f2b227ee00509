//! The network edge against a hostile client: forged `X-Forwarded-For`, too many connections
//! from one address.

use crate::server::{TestServer, assert_error};
use chat_server::{Settings, quota::Rate};
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::{net::SocketAddr, time::Duration};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpSocket, TcpStream},
};

/// Behind a proxy on 127.0.0.1, two login attempts per address, then one a minute.
pub fn behind_a_trusted_proxy(s: &mut Settings) {
    s.trusted_proxies = "127.0.0.1/32".into();
    s.auth_rate_burst = 2;
    s.auth_rate_per_minute = 1;
}

async fn login_via_proxy(s: &TestServer, forwarded_for: &str) -> (StatusCode, serde_json::Value) {
    let response = s
        .raw()
        .post(s.url("/api/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "login": "ada", "password": "wrong-password" }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

pub async fn a_forged_first_forwarded_for_entry_does_not_escape_the_login_limit(s: &TestServer) {
    s.register("ada").await;
    // What nginx's `$proxy_add_x_forwarded_for` sends: the client's own header, then the peer.
    let mut statuses = Vec::new();
    for i in 0..12 {
        statuses.push(login_via_proxy(s, &format!("10.{i}.0.1, 203.0.113.7")).await.0);
    }
    assert_eq!(&statuses[..2], &[StatusCode::UNAUTHORIZED; 2]);
    assert_eq!(&statuses[2..], &[StatusCode::TOO_MANY_REQUESTS; 10], "{statuses:?}");
    // Another client behind the same proxy has its own allowance.
    assert_eq!(login_via_proxy(s, "203.0.113.8").await.0, StatusCode::UNAUTHORIZED);
    // A chain through a second trusted hop still finds the client.
    let chained = login_via_proxy(s, "198.51.100.1, 203.0.113.7, 127.0.0.1").await;
    assert_error(&chained, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // Addresses of one IPv6 /64 are one client.
    assert_eq!(login_via_proxy(s, "2001:db8:7:7::1").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(login_via_proxy(s, "2001:db8:7:7::2").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(login_via_proxy(s, "2001:db8:7:7:ffff::3").await.0, StatusCode::TOO_MANY_REQUESTS);
    // Requests with no header are the proxy's own, counted apart from its clients (the register
    // above took one of them).
    let own = || s.call(Method::POST, "/api/auth/login", None, Some(json!({ "login": "ada", "password": "x" })));
    assert_eq!(own().await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(own().await.0, StatusCode::TOO_MANY_REQUESTS);
}

/// Two requests without a user per address, then one a minute.
pub fn two_anonymous_requests(s: &mut Settings) {
    s.rates.rate_anonymous = Rate::new(2, 1);
}

pub async fn refreshes_and_file_links_are_limited_per_address(s: &TestServer) {
    let ada = s.register("ada").await;
    let refresh =
        |token: String| s.call(Method::POST, "/api/auth/refresh", None, Some(json!({ "refreshToken": token })));
    let (status, tokens) = refresh(ada.refresh.clone()).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(refresh("not-a-token".into()).await.0, StatusCode::UNAUTHORIZED);
    assert_error(
        &refresh(tokens["refreshToken"].as_str().unwrap().into()).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    );
    let file =
        s.call(Method::GET, "/api/files/00000000-0000-4000-8000-000000000000?expires=1&sig=00", None, None).await;
    assert_error(&file, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // A user's own calls draw from the user's allowances, not the address's.
    assert_eq!(s.get("/api/users/me", &ada.token).await.0, StatusCode::OK);
}

/// Three connections per address.
pub fn three_connections_per_address(s: &mut Settings) {
    s.max_connections_per_address = 3;
}

/// A connection from `source` (a loopback address of its own, so the test client's pool is not counted).
async fn connect_from(source: [u8; 4], server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((source, 0))).unwrap();
    socket.connect(server).await.unwrap()
}

/// Whether the server answers `GET /health` on `stream` (or closes it unanswered).
async fn answers(stream: &mut TcpStream) -> bool {
    if stream.write_all(b"GET /health HTTP/1.1\r\nhost: chat\r\n\r\n").await.is_err() {
        return false;
    }
    let mut buf = [0u8; 12];
    match tokio::time::timeout(Duration::from_secs(5), stream.read_exact(&mut buf)).await {
        Ok(Ok(_)) => &buf == b"HTTP/1.1 200",
        Ok(Err(_)) => false,
        Err(_) => panic!("the server neither answered nor closed within 5 s"),
    }
}

pub async fn an_address_at_its_connection_cap_has_its_next_connection_closed_unread(s: &TestServer) {
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut stream = connect_from([127, 0, 0, 2], s.addr).await;
        assert!(answers(&mut stream).await, "a connection under the cap is served");
        held.push(stream);
    }
    let mut fourth = connect_from([127, 0, 0, 2], s.addr).await;
    assert!(!answers(&mut fourth).await, "the fourth connection of 127.0.0.2 is closed");
    let mut other = connect_from([127, 0, 0, 3], s.addr).await;
    assert!(answers(&mut other).await, "another address is not affected");
    // Closing one gives its slot back.
    drop(held.pop());
    let mut served = false;
    for _ in 0..50 {
        let mut again = connect_from([127, 0, 0, 2], s.addr).await;
        if answers(&mut again).await {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(served, "a slot freed by a closed connection is given to the next one");
}

async fn metrics(s: &TestServer, forwarded_for: Option<&str>, token: Option<&str>) -> StatusCode {
    let mut request = s.raw().get(s.url("/metrics"));
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", address);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().status()
}

pub async fn metrics_are_served_to_this_host_only_unless_a_token_is_set(s: &TestServer) {
    assert_eq!(metrics(s, None, None).await, StatusCode::OK, "from this host");
    assert_eq!(metrics(s, Some("203.0.113.7"), None).await, StatusCode::FORBIDDEN, "through the proxy, from outside");
}

/// A token for `/metrics`, behind a proxy on 127.0.0.1.
pub fn metrics_token(s: &mut Settings) {
    s.trusted_proxies = "127.0.0.1".into();
    s.metrics_token = Some("scrape-secret".into());
}

pub async fn with_a_metrics_token_only_its_bearer_reads_the_metrics(s: &TestServer) {
    assert_eq!(metrics(s, None, None).await, StatusCode::UNAUTHORIZED, "not even from this host");
    assert_eq!(metrics(s, None, Some("scrape-secreT")).await, StatusCode::UNAUTHORIZED);
    assert_eq!(metrics(s, Some("203.0.113.7"), Some("scrape-secret")).await, StatusCode::OK);
}

/// Two conversations an hour.
pub fn two_conversations_an_hour(s: &mut Settings) {
    s.rates.rate_create = Rate::hourly(2, 2);
}

pub async fn starting_conversations_is_limited_per_hour(s: &TestServer) {
    let (ada, bob) = (s.register("ada").await, s.register("bob").await);
    s.group(&ada, &[&bob]).await;
    s.direct(&ada, &bob).await;
    let third =
        s.post("/api/conversations", &ada.token, json!({ "kind": "group", "name": "x", "memberIds": [] })).await;
    assert_error(&third, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let wait = third.1["error"]["details"]["retryAfterSecs"].as_u64().unwrap();
    assert!((1_700..=1_800).contains(&wait), "one conversation comes back in half an hour, not {wait} s");
    let flash =
        s.post("/api/flash-groups", &ada.token, json!({ "name": "f", "ttlSeconds": 600, "memberIds": [] })).await;
    assert_error(&flash, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // Other changes and other users are not affected.
    assert_eq!(s.patch("/api/users/me", &ada.token, json!({ "bio": "still here" })).await.0, StatusCode::OK);
    s.group(&bob, &[&ada]).await;
}
