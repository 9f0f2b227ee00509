//! `/ready`: each dependency reported on its own, 503 at once when one is down or silent.

use crate::server::{TestServer, redis_url};
use reqwest::StatusCode;
use std::{process::Stdio, time::Duration};

/// A private `redis-server` on a free port, killed on drop.
struct PrivateRedis(std::process::Child, u16);

impl PrivateRedis {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let redis = Self(
            std::process::Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
                .stdout(Stdio::null())
                .spawn()
                .expect("redis-server must be installed"),
            port,
        );
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return redis;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server did not start");
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_reports_the_database_and_redis_separately_and_answers_503_when_redis_is_down() {
    if redis_url().is_none() {
        return;
    }
    let redis = PrivateRedis::start().await;
    let url = format!("redis://127.0.0.1:{}", redis.1);
    let server = TestServer::sqlite(|s| s.redis_url = Some(url.clone())).await.unwrap();
    let ready = server.raw().get(server.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ok", "database": "ok", "redis": "ok" }));

    drop(redis);
    // The checks run in the background, once a second: the outage shows within two seconds, and
    // every answer comes at once meanwhile.
    let down = std::time::Instant::now();
    let ready = loop {
        let asked = std::time::Instant::now();
        let ready = server.raw().get(server.url("/ready")).send().await.unwrap();
        assert!(asked.elapsed() < std::time::Duration::from_secs(1), "/ready took {:?}", asked.elapsed());
        if ready.status() != StatusCode::OK || down.elapsed() > std::time::Duration::from_secs(3) {
            break ready;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "unavailable", "database": "ok", "redis": "unavailable" }));
    let health = server.raw().get(server.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK, "alive while Redis is away");
    server.stop().await;
}

/// A TCP proxy to PostgreSQL that can stop forwarding without closing anything: a partition that
/// drops packets, as a load balancer's health check meets it.
struct Partition {
    port: u16,
    paused: std::sync::Arc<std::sync::atomic::AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Partition {
    async fn to(upstream: std::net::SocketAddr) -> Self {
        use std::sync::{Arc, atomic::AtomicBool};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let paused = Arc::new(AtomicBool::new(false));
        let flag = paused.clone();
        let task = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let Ok(outbound) = tokio::net::TcpStream::connect(upstream).await else { continue };
                let (ri, wi) = inbound.into_split();
                let (ro, wo) = outbound.into_split();
                tokio::spawn(forward(ri, wo, flag.clone()));
                tokio::spawn(forward(ro, wi, flag.clone()));
            }
        });
        Self { port, paused, task }
    }

    /// A proxy in front of the database of `url`, and the URL that goes through it.
    async fn in_front_of(url: &str) -> (Self, String) {
        // postgres://user@host:port/db, with the host and port swapped for the proxy's.
        let (scheme, rest) = url.split_once("://").unwrap();
        let (user, rest) = rest.rsplit_once('@').map_or(("", rest), |(user, rest)| (user, rest));
        let (host_port, database) = rest.split_once('/').unwrap_or((rest, ""));
        let (host, port) = host_port.rsplit_once(':').map_or((host_port, 5432), |(h, p)| (h, p.parse().unwrap()));
        let address = tokio::net::lookup_host((host, port)).await.unwrap().next().unwrap();
        let partition = Self::to(address).await;
        let at = if user.is_empty() { String::new() } else { format!("{user}@") };
        let through = format!("{scheme}://{at}127.0.0.1:{}/{database}", partition.port);
        (partition, through)
    }

    fn set_down(&self, down: bool) {
        self.paused.store(down, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Drop for Partition {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies `from` to `to`, holding what it read while `paused`.
async fn forward(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    paused: std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let Ok(n) = from.read(&mut buf).await else { return };
        if n == 0 {
            return;
        }
        while paused.load(std::sync::atomic::Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

/// Polls `/ready` until its status is `want`, each answer within 1 s; the time it took.
async fn ready_until(server: &TestServer, want: StatusCode, limit: Duration) -> (Duration, serde_json::Value) {
    let started = std::time::Instant::now();
    loop {
        let asked = std::time::Instant::now();
        let ready = server.raw().get(server.url("/ready")).send().await.unwrap();
        assert!(asked.elapsed() < Duration::from_secs(1), "/ready took {:?}", asked.elapsed());
        let status = ready.status();
        let body: serde_json::Value = ready.json().await.unwrap();
        if status == want {
            return (started.elapsed(), body);
        }
        assert!(started.elapsed() < limit, "/ready still {status} {body} after {limit:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_answers_503_at_once_while_postgres_silently_drops_packets_and_200_after() {
    let Some((partition, server)) = behind_a_partition().await else { return };
    ready_until(&server, StatusCode::OK, Duration::from_secs(5)).await;

    partition.set_down(true);
    let (down, body) = ready_until(&server, StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(3)).await;
    assert_eq!(body["database"], "unavailable");
    println!("a silent PostgreSQL partition showed in /ready after {down:?}");
    partition.set_down(false);
    let (up, _) = ready_until(&server, StatusCode::OK, Duration::from_secs(3)).await;
    println!("and ready again {up:?} after it ended");
    server.stop().await;
}

/// A server on PostgreSQL behind a [`Partition`], sends and requests answered within two seconds;
/// `None` without `CHAT_TEST_DATABASE_URL`.
async fn behind_a_partition() -> Option<(Partition, TestServer)> {
    let Ok(url) = std::env::var("CHAT_TEST_DATABASE_URL") else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but CHAT_TEST_DATABASE_URL is not set");
        return None;
    };
    let (partition, through) = Partition::in_front_of(&url).await;
    let server = TestServer::postgres(|s| {
        s.database_url = Some(through.clone());
        s.limits.send_deadline_ms = 2000;
        s.request_deadline_ms = 2000;
    })
    .await
    .unwrap();
    Some((partition, server))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_silent_postgres_partition_sends_are_answered_within_the_deadline_and_stored_once() {
    let Some((partition, server)) = behind_a_partition().await else { return };
    let (ada, bob) = (server.register("ada").await, server.register("bob").await);
    let conversation = server.direct(&ada, &bob).await;
    let path = format!("/api/conversations/{conversation}/messages");
    let send =
        |key: &'static str| server.post(&path, &ada.token, serde_json::json!({ "content": key, "clientMsgId": key }));
    assert_eq!(send("before").await.0, StatusCode::CREATED);

    partition.set_down(true);
    let asked = std::time::Instant::now();
    let during = send("during").await;
    let waited = asked.elapsed();
    assert_eq!(during.0, StatusCode::SERVICE_UNAVAILABLE, "{during:?}");
    assert_eq!(during.1["error"]["code"], "unavailable");
    assert!(waited < Duration::from_secs(3), "answered after {waited:?}, past the 2 s deadline + 1 s");
    println!("a send during a silent partition was answered after {waited:?}");

    partition.set_down(false);
    ready_until(&server, StatusCode::OK, Duration::from_secs(5)).await;
    // The retry with the same clientMsgId: stored once, whether the first try committed or not.
    let mut retried = send("during").await;
    for _ in 0..20 {
        if retried.0 != StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        retried = send("during").await;
    }
    assert!(retried.0.is_success(), "{retried:?}");
    let (_, history) = server.get(&path, &ada.token).await;
    let contents: Vec<&str> =
        history["items"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap()).collect();
    assert_eq!(contents, ["before", "during"], "nothing lost, nothing doubled");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_fifteen_second_silent_partition_every_send_is_answered_in_time_and_nothing_is_lost_or_doubled() {
    let Some((partition, server)) = behind_a_partition().await else { return };
    let (ada, bob) = (server.register("ada").await, server.register("bob").await);
    let conversation = server.direct(&ada, &bob).await;
    let path = format!("/api/conversations/{conversation}/messages");
    let send = |key: String| server.post(&path, &ada.token, serde_json::json!({ "content": key, "clientMsgId": key }));

    // Four senders, each retrying a refused message with the same clientMsgId, as clients do.
    partition.set_down(true);
    let until = std::time::Instant::now() + Duration::from_secs(15);
    let sender = |who: usize| async move {
        let (mut answers, mut acked, mut n) = (Vec::new(), Vec::new(), 0);
        while std::time::Instant::now() < until {
            let key = format!("s{who}-{n}");
            let asked = std::time::Instant::now();
            let (status, body) = send(key.clone()).await;
            answers.push(asked.elapsed());
            match status {
                StatusCode::CREATED => {
                    acked.push(key);
                    n += 1;
                }
                StatusCode::SERVICE_UNAVAILABLE => assert_eq!(body["error"]["code"], "unavailable"),
                other => panic!("{other}: {body}"),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        (answers, acked, format!("s{who}-{n}"))
    };
    let outcomes = futures::future::join_all((0..4).map(sender)).await;
    partition.set_down(false);

    let mut answers: Vec<Duration> = outcomes.iter().flat_map(|(a, ..)| a.iter().copied()).collect();
    answers.sort_unstable();
    let slowest = *answers.last().unwrap();
    let fast = answers.iter().filter(|a| **a < Duration::from_millis(100)).count();
    println!(
        "{} sends during a 15 s partition: median answer {:?}, slowest {slowest:?}, {fast} answered at once by the open breaker",
        answers.len(),
        answers[answers.len() / 2]
    );
    assert!(slowest < Duration::from_secs(3), "a send was answered after {slowest:?}, past the 2 s deadline + 1 s");
    assert!(fast > answers.len() / 2, "with the breaker open most sends fail fast");

    // Afterwards each sender's pending message goes through, once, and nothing acked is missing.
    ready_until(&server, StatusCode::OK, Duration::from_secs(10)).await;
    let mut expected: Vec<String> = Vec::new();
    for (_, acked, pending) in &outcomes {
        expected.extend(acked.iter().cloned());
        let mut status = send(pending.clone()).await.0;
        for _ in 0..40 {
            if status.is_success() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
            status = send(pending.clone()).await.0;
        }
        assert!(status.is_success(), "{pending} after the partition: {status}");
        expected.push(pending.clone());
    }
    let (_, history) = server.get(&format!("{path}?limit=100"), &ada.token).await;
    let mut stored: Vec<String> =
        history["items"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap().to_owned()).collect();
    stored.sort();
    expected.sort();
    assert_eq!(stored, expected, "every acknowledged message once, and each retried one once");
    server.stop().await;
}
