//! The binary as an operator runs it: started from an empty folder it serves the web client built
//! into it; `chat-server backup` copies a live SQLite database under a write load, and
//! `chat-server restore` puts the copy back.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

#[path = "support/process.rs"]
mod process;

use process::{Process, free_port, wait_for_port};
use serde_json::{Value, json};
use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Duration,
};

/// A fresh, empty folder, removed on drop.
struct Folder(PathBuf);

impl Folder {
    fn new(what: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("chat-{what}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The server binary, run in `cwd` with its data in `data` (SQLite, no Redis, limits off).
fn server(cwd: &Path, data: &Path, port: u16) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chat-server"));
    command
        .current_dir(cwd)
        .env("CHAT_BIND", format!("127.0.0.1:{port}"))
        .env("CHAT_DATA_DIR", data)
        .env("CHAT_JWT_SECRET", "operations-test-secret-that-is-long-enough")
        .env("CHAT_RATE_SEND", "0")
        .env("CHAT_RATE_WRITE", "0")
        .env("CHAT_AUTH_RATE_BURST", "0")
        .env("CHAT_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .env_remove("CHAT_WEB_DIR");
    command
}

async fn start(cwd: &Path, data: &Path, port: u16) -> Process {
    let process = Process(server(cwd, data, port).spawn().unwrap());
    wait_for_port(port, "chat-server").await;
    process
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn started_from_an_empty_folder_the_binary_serves_its_web_client_with_security_headers() {
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist/index.html");
    if !built.is_file() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but the web client was not built");
        return;
    }
    let (empty, data, port) = (Folder::new("empty"), Folder::new("data"), free_port());
    let _server = start(&empty.0, &data.0, port).await;
    let get = |path: &str| reqwest::get(format!("http://127.0.0.1:{port}{path}"));
    for path in ["/", "/conversations/some-deep-link"] {
        let page = get(path).await.unwrap();
        assert_eq!(page.status(), 200, "{path}");
        let headers = page.headers().clone();
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert_eq!(headers["cache-control"], "no-cache");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        let html = page.text().await.unwrap();
        assert!(html.contains("<div id=\"root\">"), "{path}: {html}");
        assert!(!html.contains("is not built"));
    }
    let html = get("/").await.unwrap().text().await.unwrap();
    let script = html.split('"').find(|part| part.starts_with("/assets/") && part.ends_with(".js")).unwrap();
    let asset = get(script).await.unwrap();
    assert_eq!(asset.status(), 200);
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(asset.headers()["content-type"].to_str().unwrap().contains("javascript"));
    assert_eq!(get("/assets/no-such-file.js").await.unwrap().status(), 404);
}

async fn post(http: &reqwest::Client, url: String, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut request = http.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_a_write_load_holds_every_message_acknowledged_before_it_and_restores() {
    let (cwd, data, port) = (Folder::new("cwd"), Folder::new("data"), free_port());
    let server_process = start(&cwd.0, &data.0, port).await;
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut tokens = Vec::new();
    for name in ["writer", "reader"] {
        let (_, body) = post(
            &http,
            format!("{base}/api/auth/register"),
            None,
            json!({ "username": name, "password": "password123" }),
        )
        .await;
        tokens.push((body["accessToken"].as_str().unwrap().to_owned(), body["user"]["id"].clone()));
    }
    let body = json!({ "kind": "group", "name": "load", "memberIds": [tokens[1].1] });
    let (_, conversation) = post(&http, format!("{base}/api/conversations"), Some(&tokens[0].0), body).await;
    let path = format!("{base}/api/conversations/{}/messages", conversation["id"].as_str().unwrap());

    // Four writers send without pause; every acknowledged seq is recorded with its time.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(std::time::Instant, i64)>::new()));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (http, path, token) = (http.clone(), path.clone(), tokens[0].0.clone());
            let (stop, acked) = (stop.clone(), acked.clone());
            tokio::spawn(async move {
                for i in 0.. {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let (status, message) =
                        post(&http, path.clone(), Some(&token), json!({ "content": format!("w{w}-{i}") })).await;
                    assert_eq!(status, 201, "{message}");
                    let seq = message["seq"].as_i64().unwrap();
                    acked.lock().unwrap().push((std::time::Instant::now(), seq));
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let started = std::time::Instant::now();
    let target = cwd.0.join("copy.db");
    let backup = tokio::process::Command::from(server(&cwd.0, &data.0, port)).arg("backup").arg(&target).output().await;
    let backup = backup.unwrap();
    assert!(backup.status.success(), "backup failed: {}", String::from_utf8_lossy(&backup.stderr));
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    drop(server_process);
    let acked = acked.lock().unwrap().clone();
    let before: Vec<i64> = acked.iter().filter(|(at, _)| *at < started).map(|(_, seq)| *seq).collect();
    assert!(before.len() > 20 && acked.len() > before.len(), "writes went on during the backup: {}", acked.len());

    // Restored into a new data folder, the copy holds every message acknowledged before it began.
    let (restored, port) = (Folder::new("restored"), free_port());
    let restore = server(&cwd.0, &restored.0, port).arg("restore").arg(&target).output().unwrap();
    assert!(restore.status.success(), "restore failed: {}", String::from_utf8_lossy(&restore.stderr));
    let _again = start(&cwd.0, &restored.0, port).await;
    let history =
        format!("http://127.0.0.1:{port}/api/conversations/{}/messages", conversation["id"].as_str().unwrap());
    let mut seqs: Vec<i64> = Vec::new();
    loop {
        let url = format!("{history}?limit=100&afterSeq={}", seqs.last().copied().unwrap_or(0));
        let page: Value = http.get(url).bearer_auth(&tokens[1].0).send().await.unwrap().json().await.unwrap();
        let items = page["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        seqs.extend(items.iter().map(|m| m["seq"].as_i64().unwrap()));
    }
    for seq in &before {
        assert!(seqs.contains(seq), "message {seq}, acknowledged before the backup, is in the copy");
    }
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "the copy is consistent: seqs without gaps");
    println!(
        "{} messages acknowledged before the backup, {} in the copy, {} in all",
        before.len(),
        seqs.len(),
        acked.len()
    );

    let twice = server(&cwd.0, &data.0, free_port()).arg("backup").arg(&target).output().unwrap();
    assert!(!twice.status.success(), "a backup never overwrites a file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_logs_trace_requests_by_user_and_conversation_and_never_hold_passwords_tokens_or_text() {
    let (cwd, data, port) = (Folder::new("cwd"), Folder::new("data"), free_port());
    let log_path = cwd.0.join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut command = server(&cwd.0, &data.0, port);
    command.env("CHAT_LOG", "debug").stdout(log.try_clone().unwrap()).stderr(log);
    let process = Process(command.spawn().unwrap());
    wait_for_port(port, "chat-server").await;
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let password = "a-very-secret-password";
    let (_, ada) =
        post(&http, format!("{base}/api/auth/register"), None, json!({ "username": "logged", "password": password }))
            .await;
    let (_, bob) =
        post(&http, format!("{base}/api/auth/register"), None, json!({ "username": "other", "password": password }))
            .await;
    let token = ada["accessToken"].as_str().unwrap();
    let body = json!({ "kind": "direct", "memberIds": [bob["user"]["id"]] });
    let (_, conversation) = post(&http, format!("{base}/api/conversations"), Some(token), body).await;
    let conversation = conversation["id"].as_str().unwrap();
    let text = "the-words-of-a-private-message";
    let path = format!("{base}/api/conversations/{conversation}/messages");
    assert_eq!(post(&http, path, Some(token), json!({ "content": text })).await.0, 201);
    let (_, refreshed) =
        post(&http, format!("{base}/api/auth/refresh"), None, json!({ "refreshToken": ada["refreshToken"] })).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(process);

    let logs = std::fs::read_to_string(&log_path).unwrap();
    let user = ada["user"]["id"].as_str().unwrap();
    assert!(logs.lines().any(|l| l.contains("http{") && l.contains(&format!("user={user}"))), "{logs}");
    assert!(logs.lines().any(|l| l.contains("messages.send{") && l.contains(&format!("conversation={conversation}"))));
    for secret in
        [password, text, token, ada["refreshToken"].as_str().unwrap(), refreshed["accessToken"].as_str().unwrap()]
    {
        assert!(!logs.contains(secret), "the logs hold {secret}");
    }
}
