//! The realtime contract, checked with the official `socket.io-client` from npm (the suite in
//! `tests/socketio/`) against the real server on port 0: SQLite always, PostgreSQL when
//! `CHAT_TEST_DATABASE_URL` is set. The Node dependencies are installed with `npm ci` first.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

#[allow(dead_code)]
#[path = "api/server.rs"]
mod server;

use chat_server::quota::{Rate, Rates};
use server::{SECRET, TestServer};
use std::path::PathBuf;
use tokio::{process::Command, sync::OnceCell};

static NPM_CI: OnceCell<()> = OnceCell::const_new();

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/socketio")
}

/// The README's quickstart, run by the suite as a user would.
fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/node")
}

async fn install_client() {
    NPM_CI
        .get_or_init(|| async {
            for dir in [suite_dir(), example_dir()] {
                let status = Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                    .current_dir(&dir)
                    .status()
                    .await
                    .expect("npm must be installed to run the Socket.IO client suite");
                assert!(status.success(), "npm ci failed in {}", dir.display());
            }
        })
        .await;
}

async fn run_suite(server: Option<TestServer>) {
    run_files(server, &[]).await;
}

/// Runs `files` of the suite (all of its `*.test.mjs` when empty) against `server`.
async fn run_files(server: Option<TestServer>, files: &[&str]) {
    let Some(server) = server else { return };
    install_client().await;
    let output = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(files)
        .current_dir(suite_dir())
        .env("CHAT_URL", format!("http://{}", server.addr))
        .env("CHAT_JWT_SECRET", SECRET)
        .env("CHAT_SOCKET_UPLOAD_MAX_BYTES", SOCKET_UPLOAD_MAX.to_string())
        .env("CHAT_SOCKET_HANDSHAKE_TIMEOUT_SECS", HANDSHAKE_TIMEOUT_SECS.to_string())
        .output()
        .await
        .expect("node must be installed to run the Socket.IO client suite");
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    server.stop().await;
    assert!(output.status.success(), "the socket.io-client suite failed:\n{report}");
}

/// Flash groups may live one second, so the suite can watch one expire; `uploadFile` is limited
/// below the socket message size so its own limit can be tested; the handshake deadline is short
/// enough to watch it pass.
fn short_flash_groups(settings: &mut chat_server::Settings) {
    settings.limits.flash_ttl_min_secs = 1;
    // Small enough that a file past it still fits in one socket message (64 KiB by default).
    settings.socket_upload_max_bytes = SOCKET_UPLOAD_MAX;
    settings.socket_handshake_timeout_secs = HANDSHAKE_TIMEOUT_SECS;
}

const SOCKET_UPLOAD_MAX: usize = 32 * 1024;
const HANDSHAKE_TIMEOUT_SECS: u64 = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_socket_io_client_suite_passes_on_sqlite() {
    run_suite(TestServer::sqlite(short_flash_groups).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_socket_io_client_suite_passes_on_postgres() {
    run_suite(TestServer::postgres(short_flash_groups).await).await;
}

/// The event forwarder's queue holds 16 events here, and sockets (not rate limited, as in every
/// scenario but the allowances' own) queue up to 4,096 packets (a burst's acks must all reach the
/// sender), so that a burst of messages overflows the event queue and nothing else (`tests/socketio/burst/forwarder.mjs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_burst_past_the_event_queue_membership_and_login_changes_still_arrive() {
    let tune = |s: &mut chat_server::Settings| {
        s.event_queue_max = 16;
        s.socket_buffer_size = 4096;
    };
    run_files(TestServer::sqlite(tune).await, &["burst/forwarder.mjs"]).await;
}

/// Small allowances, to reach their edges: 5 sends, 3 typing events and 2 status changes per
/// user and minute, 30 receipts and 10 a second (`tests/socketio/quota/allowance.mjs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_users_allowance_is_shared_by_their_sockets_and_rest_and_is_not_refilled_by_reconnecting() {
    let tune = |s: &mut chat_server::Settings| {
        s.rates = Rates {
            rate_send: Rate::new(5, 1),
            rate_typing: Rate::new(3, 1),
            rate_status: Rate::new(2, 1),
            rate_receipt: Rate::new(30, 600),
            ..Rates::OFF
        };
    };
    run_files(TestServer::sqlite(tune).await, &["quota/allowance.mjs"]).await;
}

/// A 1 s ping interval and timeout, so the heartbeat can be watched: a session opened over
/// WebSocket is pinged by its writer task, one opened over polling by a task of its own
/// (`tests/socketio/heartbeat/heartbeat.mjs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_pings_keeps_connections_that_answer_and_closes_those_that_do_not() {
    let tune = |s: &mut chat_server::Settings| {
        s.socket_ping_interval_secs = 1;
        s.socket_ping_timeout_secs = 1;
    };
    run_files(TestServer::sqlite(tune).await, &["heartbeat/heartbeat.mjs"]).await;
}

/// Notifications living 2 s, kept in Redis (`tests/socketio/notifications/lifetime.mjs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_in_redis_are_gone_once_their_lifetime_has_passed() {
    let Some(redis_url) = server::redis_url() else { return };
    let prefix = format!("test:{}:", uuid::Uuid::new_v4().simple());
    let tune = |s: &mut chat_server::Settings| {
        s.limits.notification_ttl_secs = 2;
        s.redis_url = Some(redis_url.clone());
        s.redis_prefix.clone_from(&prefix);
    };
    run_files(TestServer::sqlite(tune).await, &["notifications/lifetime.mjs"]).await;
    server::drop_redis_prefix(&redis_url, &prefix).await;
}

/// The same suite through the Redis adapter, with presence and flash groups in Redis.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_socket_io_client_suite_passes_with_redis() {
    let Some(redis_url) = server::redis_url() else { return };
    let prefix = format!("test:{}:", uuid::Uuid::new_v4().simple());
    let tune = |s: &mut chat_server::Settings| {
        short_flash_groups(s);
        s.redis_url = Some(redis_url.clone());
        s.redis_prefix.clone_from(&prefix);
    };
    let server = match TestServer::postgres(tune).await {
        Some(server) => Some(server),
        None => TestServer::sqlite(tune).await,
    };
    run_suite(server).await;
    server::drop_redis_prefix(&redis_url, &prefix).await;
}

/// `/metrics` as Prometheus text: `(name, labels, value)` per sample.
async fn scrape(server: &TestServer) -> Vec<(String, std::collections::BTreeMap<String, String>, f64)> {
    let text = reqwest::get(server.url("/metrics")).await.unwrap().text().await.unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let (name, labels) = series.split_once('{').map_or((series, ""), |(n, l)| (n, l.trim_end_matches('}')));
            let labels = labels
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.trim_matches('"').to_owned()))
                .collect();
            Some((name.to_owned(), labels, value.parse().ok()?))
        })
        .collect()
}

/// The value of the sample `name` whose labels include `want` (0 when absent).
fn sample(
    samples: &[(String, std::collections::BTreeMap<String, String>, f64)],
    name: &str,
    want: &[(&str, &str)],
) -> f64 {
    samples
        .iter()
        .filter(|(n, labels, _)| n == name && want.iter().all(|(k, v)| labels.get(*k).is_some_and(|l| l == v)))
        .map(|(.., value)| value)
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_metric_the_dashboard_queries_is_exported_and_requests_are_counted_by_route_and_class() {
    let Some(server) = TestServer::sqlite(|_| {}).await else { return };
    let before = scrape(&server).await;
    install_client().await;
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec", "metrics/session.mjs"])
        .current_dir(suite_dir())
        .env("CHAT_URL", format!("http://{}", server.addr))
        .env("CHAT_JWT_SECRET", SECRET)
        .output()
        .await
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));

    // A 500: the upload folder is replaced by a file, so storing an upload fails.
    let uploads = server.data_dir().join("uploads");
    std::fs::remove_dir_all(&uploads).unwrap();
    std::fs::write(&uploads, b"not a folder").unwrap();
    let token = server.register("uploader").await.token;
    let part = reqwest::multipart::Part::bytes(b"plain words".to_vec()).file_name("notes.txt");
    let failed = reqwest::Client::new()
        .post(server.url("/api/uploads"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), reqwest::StatusCode::INTERNAL_SERVER_ERROR);

    let after = scrape(&server).await;
    let dashboard =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/grafana/chat-server.json"))
            .unwrap();
    let dashboard: serde_json::Value = serde_json::from_str(&dashboard).unwrap();
    let mut queried = std::collections::BTreeSet::new();
    for panel in dashboard["panels"].as_array().unwrap() {
        for target in panel["targets"].as_array().unwrap() {
            let expr = target["expr"].as_str().unwrap();
            let mut rest = expr;
            while let Some(at) = rest.find(|c: char| c.is_ascii_lowercase()) {
                let word: String = rest[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if word.starts_with("chat_") || word.starts_with("process_") {
                    queried.insert(word.clone());
                }
                rest = &rest[at + word.len().max(1)..];
            }
        }
    }
    assert!(queried.len() >= 20, "the dashboard queries {queried:?}");
    let missing: Vec<&String> = queried.iter().filter(|name| !after.iter().any(|(n, ..)| n == *name)).collect();
    assert!(missing.is_empty(), "queried by the dashboard but not exported: {missing:?}");

    let route = [("method", "GET"), ("route", "/api/conversations/{id}"), ("status", "4xx")];
    assert!(sample(&after, "chat_http_requests_total", &route) >= 1.0, "the 404 counted under its route template");
    let upload = [("method", "POST"), ("route", "/api/uploads"), ("status", "5xx")];
    assert_eq!(
        sample(&after, "chat_http_requests_total", &upload) - sample(&before, "chat_http_requests_total", &upload),
        1.0
    );
    let sends = |s: &[_]| sample(s, "chat_socket_event_duration_seconds_count", &[("event", "sendMessage")]);
    assert!(sends(&after) - sends(&before) >= 6.0, "the sendMessage histogram moved");
    let refused = [("event", "sendMessage"), ("outcome", "not_found")];
    assert!(sample(&after, "chat_socket_acks_total", &refused) >= 1.0, "acks are counted by outcome");
    assert!(sample(&after, "process_resident_memory_bytes", &[]) > 1e6);
    server.stop().await;
}
