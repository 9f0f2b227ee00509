//! One `chat-server` process over a database that outlives it (an SQLite file, or a PostgreSQL
//! schema of its own), so a restart (or a kill) finds what the last run left.

use crate::process::{Process, free_port, start_server};
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct Node {
    pub port: u16,
    dir: PathBuf,
    schema: Option<String>,
    env: Vec<(String, String)>,
    pub http: reqwest::Client,
}

/// A user the scenario registered.
pub struct User {
    pub id: String,
    pub token: String,
}

impl Node {
    pub fn new(backend: Backend, env: &[(&str, &str)]) -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = std::env::temp_dir().join(format!("chat-integration-{id}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut node = Self { port: free_port(), dir, schema: None, env: Vec::new(), http: reqwest::Client::new() };
        if let Backend::Postgres = backend {
            let schema = format!("it_{id}");
            node.set("DATABASE_URL", &std::env::var("CHAT_TEST_DATABASE_URL").unwrap());
            node.set("CHAT_DATABASE_SCHEMA", &schema);
            node.schema = Some(schema);
        }
        for (k, v) in env {
            node.set(k, v);
        }
        node
    }

    pub fn set(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
    }

    pub async fn start(&self) -> Process {
        let env = [("CHAT_AUTH_RATE_BURST", "1000")]
            .into_iter()
            .chain(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        start_server(self.port, &self.dir, env).await
    }

    /// Removes the data folder and the PostgreSQL schema (once the processes are gone).
    pub async fn remove(self) {
        if let Some(schema) = &self.schema {
            let url = std::env::var("CHAT_TEST_DATABASE_URL").unwrap();
            chat_core::backend::sql::SqlBackend::drop_schema(&url, schema).await.unwrap();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sends a JSON request and returns the status and the body (null when empty).
    pub async fn call(&self, method: reqwest::Method, path: &str, token: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// POSTs and expects a 2xx.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Value {
        let (status, answer) = self.call(reqwest::Method::POST, path, token, Some(body)).await;
        assert!((200..300).contains(&status), "POST {path}: {status} {answer}");
        answer
    }

    pub async fn register(&self, name: &str) -> User {
        let body = json!({ "username": name, "password": "password123" });
        let answer: Value =
            self.http.post(self.url("/api/auth/register")).json(&body).send().await.unwrap().json().await.unwrap();
        User {
            id: answer["user"]["id"].as_str().unwrap().to_owned(),
            token: answer["accessToken"].as_str().unwrap().to_owned(),
        }
    }
}

/// A username unique to this run (the broker is shared by every test).
pub fn unique(name: &str) -> String {
    format!("{name}_{}", &uuid::Uuid::new_v4().simple().to_string()[..8])
}
