//! Starts the real server on port 0 and speaks HTTP to it.

use chat_server::Settings;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use tokio::sync::oneshot;

pub const SECRET: &str = "api-test-secret-that-is-at-least-32-bytes";

pub struct TestServer {
    pub addr: SocketAddr,
    client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    dir: std::path::PathBuf,
    schema: Option<(String, String)>,
}

/// A logged-in user.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    pub token: String,
    pub refresh: String,
}

impl TestServer {
    /// SQLite in a fresh folder.
    pub async fn sqlite(tune: impl FnOnce(&mut Settings)) -> Option<Self> {
        Some(Self::start(None, None, tune).await)
    }

    /// SQLite in a fresh folder, serving on `listener` (for settings that name the address).
    #[allow(dead_code)] // Used by the browser tests in tests/web.rs.
    pub async fn sqlite_on(listener: std::net::TcpListener, tune: impl FnOnce(&mut Settings)) -> Self {
        Self::start(None, Some(listener), tune).await
    }

    /// PostgreSQL in a fresh schema, when `CHAT_TEST_DATABASE_URL` is set (required under `CI=true`).
    pub async fn postgres(tune: impl FnOnce(&mut Settings)) -> Option<Self> {
        let Ok(url) = std::env::var("CHAT_TEST_DATABASE_URL") else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but CHAT_TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI"
            );
            return None;
        };
        let schema = format!("api_{}", uuid::Uuid::new_v4().simple());
        Some(Self::start(Some((url, schema)), None, tune).await)
    }

    async fn start(
        schema: Option<(String, String)>,
        listener: Option<std::net::TcpListener>,
        tune: impl FnOnce(&mut Settings),
    ) -> Self {
        let dir = std::env::temp_dir().join(format!("chat-api-test-{}", uuid::Uuid::new_v4().simple()));
        let mut settings = Settings {
            data_dir: dir.clone(),
            jwt_secret: Some(SECRET.into()),
            auth_rate_burst: 0,
            // Scenarios make many calls as one user; the allowances have scenarios of their own.
            rates: chat_server::quota::Rates::OFF,
            ..Settings::default()
        };
        if let Some((url, name)) = &schema {
            settings.database_url = Some(url.clone());
            settings.database_schema = Some(name.clone());
        }
        tune(&mut settings);
        let listener = match listener {
            Some(listener) => {
                listener.set_nonblocking(true).unwrap();
                tokio::net::TcpListener::from_std(listener).unwrap()
            }
            None => tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        };
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(chat_server::run(settings, listener, async {
            let _ = rx.await;
        }));
        let mut server =
            Self { addr, client: reqwest::Client::new(), shutdown: Some(tx), task: Some(task), dir, schema };
        server.wait_ready().await;
        server
    }

    async fn wait_ready(&mut self) {
        for _ in 0..200 {
            if self.task.as_ref().is_some_and(tokio::task::JoinHandle::is_finished) {
                let result = self.task.take().unwrap().await.unwrap();
                panic!("the server stopped while starting: {result:?}");
            }
            let response = self.client.get(self.url("/ready")).send().await;
            if response.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("server did not become ready");
    }

    /// Stops the server, waits for it, and removes its data.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
        if let Some((url, schema)) = self.schema.take() {
            chat_core::backend::sql::SqlBackend::drop_schema(&url, &schema).await.unwrap();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// The server's data folder (SQLite file, uploads).
    #[allow(dead_code)] // Used by the metrics test in tests/socketio.rs, not by every suite.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.dir
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Sends a request and returns the status and the JSON body (`Value::Null` when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let value =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        (status, value)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    pub fn raw(&self) -> &reqwest::Client {
        &self.client
    }

    /// Registers `username` with password `password123`.
    pub async fn register(&self, username: &str) -> Session {
        let body =
            json!({ "username": username, "password": "password123", "email": format!("{username}@example.org") });
        let (status, value) = self.call(Method::POST, "/api/auth/register", None, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "register {username}: {value}");
        session(&value)
    }

    /// Creates a direct conversation and returns its id.
    pub async fn direct(&self, a: &Session, b: &Session) -> String {
        let (status, value) =
            self.post("/api/conversations", &a.token, json!({ "kind": "direct", "memberIds": [b.id] })).await;
        assert!(status.is_success(), "{value}");
        value["id"].as_str().unwrap().to_owned()
    }

    /// Creates a group owned by `owner` and returns its id.
    pub async fn group(&self, owner: &Session, members: &[&Session]) -> String {
        let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        let (status, value) = self
            .post("/api/conversations", &owner.token, json!({ "kind": "group", "name": "team", "memberIds": ids }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{value}");
        value["id"].as_str().unwrap().to_owned()
    }

    /// Sends a text message and returns it.
    pub async fn send(&self, from: &Session, conversation: &str, text: &str) -> Value {
        let (status, value) = self
            .post(&format!("/api/conversations/{conversation}/messages"), &from.token, json!({ "content": text }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{value}");
        value
    }
}

pub fn session(value: &Value) -> Session {
    Session {
        id: value["user"]["id"].as_str().unwrap().to_owned(),
        token: value["accessToken"].as_str().unwrap().to_owned(),
        refresh: value["refreshToken"].as_str().unwrap().to_owned(),
    }
}

/// Asserts an error answer's status and code.
pub fn assert_error(result: &(StatusCode, Value), status: StatusCode, code: &str) {
    assert_eq!(result.0, status, "body: {}", result.1);
    assert_eq!(result.1["error"]["code"], code, "body: {}", result.1);
    assert!(result.1["error"]["message"].is_string());
}

/// `CHAT_TEST_REDIS_URL`, required under `CI=true`.
pub fn redis_url() -> Option<String> {
    let url = std::env::var("CHAT_TEST_REDIS_URL").ok();
    assert!(
        url.is_some() || std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but CHAT_TEST_REDIS_URL is not set: the Redis suites must run in CI"
    );
    url
}

/// Deletes every key under a test prefix.
#[allow(dead_code)] // Used by some of the test crates that include this file.
pub async fn drop_redis_prefix(url: &str, prefix: &str) {
    let output = tokio::process::Command::new("redis-cli")
        .args(["-u", url, "--scan", "--pattern", &format!("{prefix}*")])
        .output()
        .await
        .unwrap();
    let keys: Vec<String> = String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect();
    for chunk in keys.chunks(500) {
        let mut command = tokio::process::Command::new("redis-cli");
        command.args(["-u", url, "DEL"]).args(chunk);
        command.output().await.unwrap();
    }
}
