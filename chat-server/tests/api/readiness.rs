//! `/ready` with Redis: each dependency reported on its own, 503 when one is down.

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
