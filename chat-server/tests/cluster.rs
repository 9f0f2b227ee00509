//! Several real `chat-server` processes sharing PostgreSQL and Redis, driven by the official
//! `socket.io-client` (scripts in `tests/socketio/cluster/`): messages, typing, receipts,
//! presence, membership and flash-group expiry cross instances; nginx (the repository's
//! `nginx.conf`) in front of them; a Redis restart; an instance killed with SIGKILL.
//!
//! Each test starts its own `redis-server` on a free port (so it can be stopped and restarted
//! without touching anything else) and its own PostgreSQL schema. They need
//! `CHAT_TEST_DATABASE_URL` and `CHAT_TEST_REDIS_URL` (the latter only as the switch that the
//! Redis suites are wanted; under `CI=true` both are required).

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

#[path = "support/process.rs"]
mod process;
#[allow(dead_code)]
#[path = "api/server.rs"]
mod server;

use process::{Process, free_port, wait_for_port};
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::Duration,
};

const SECRET: &str = server::SECRET;

/// Two chat-server processes on one PostgreSQL schema and one private Redis.
struct Cluster {
    database_url: String,
    schema: String,
    redis_port: u16,
    instances: Vec<(u16, Process)>,
    _redis: Option<Process>,
    dir: PathBuf,
    /// Settings of every instance beyond the defaults of [`Cluster::spawn`].
    env: Vec<(String, String)>,
}

impl Cluster {
    async fn start(instances: usize) -> Option<Self> {
        Self::start_with(instances, &[]).await
    }

    async fn start_with(instances: usize, env: &[(&str, &str)]) -> Option<Self> {
        let database_url = std::env::var("CHAT_TEST_DATABASE_URL").ok();
        let redis = server::redis_url();
        assert!(
            database_url.is_some() || std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but CHAT_TEST_DATABASE_URL is not set"
        );
        let (Some(database_url), Some(_)) = (database_url, redis) else {
            eprintln!("CHAT_TEST_DATABASE_URL and CHAT_TEST_REDIS_URL are needed for the cluster tests: skipped");
            return None;
        };
        let redis_port = free_port();
        let redis = start_redis(redis_port).await;
        let schema = format!("cluster_{}", uuid::Uuid::new_v4().simple());
        let dir = std::env::temp_dir().join(&schema);
        std::fs::create_dir_all(&dir).unwrap();
        let env = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let mut cluster =
            Self { database_url, schema, redis_port, instances: Vec::new(), _redis: Some(redis), dir, env };
        // Started together: the first migration of an empty schema must be safe to race.
        let ports: Vec<u16> = (0..instances).map(|_| free_port()).collect();
        for &port in &ports {
            let process = cluster.spawn(port);
            cluster.instances.push((port, process));
        }
        for &port in &ports {
            cluster.wait_ready(port).await;
        }
        Some(cluster)
    }

    fn spawn(&self, port: u16) -> Process {
        let log = std::fs::File::create(self.dir.join(format!("chat-{port}.log"))).unwrap();
        Process(
            Command::new(env!("CARGO_BIN_EXE_chat-server"))
                .env("CHAT_BIND", format!("127.0.0.1:{port}"))
                .env("DATABASE_URL", &self.database_url)
                .env("CHAT_DATABASE_SCHEMA", &self.schema)
                .env("REDIS_URL", format!("redis://127.0.0.1:{}", self.redis_port))
                .env("CHAT_JWT_SECRET", SECRET)
                .env("CHAT_DATA_DIR", &self.dir)
                .env("CHAT_FLASH_TTL_MIN_SECS", "1")
                .env("CHAT_AUTH_RATE_BURST", "0")
                .envs(
                    ["SEND", "RECEIPT", "TYPING", "STATUS", "CREATE", "WRITE", "READ", "ANONYMOUS"]
                        .map(|class| (format!("CHAT_RATE_{class}"), "0")),
                )
                // Long, so that a revocation seen at once elsewhere can only have come through Redis.
                .env("CHAT_SESSION_CACHE_SECS", "30")
                .env("CHAT_LOG", "info,chat_server=debug")
                .envs(self.env.iter().cloned())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .unwrap(),
        )
    }

    async fn wait_ready(&self, port: u16) {
        let client = reqwest::Client::new();
        for _ in 0..400 {
            let ready = client.get(format!("http://127.0.0.1:{port}/ready")).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("instance on {port} never became ready; see {}", self.dir.display());
    }

    fn url(&self, i: usize) -> String {
        format!("http://127.0.0.1:{}", self.instances[i].0)
    }

    /// The command that runs one script of `tests/socketio/cluster/` with the instances' URLs.
    async fn script(&self, script: &str, extra: &[(&str, String)]) -> tokio::process::Command {
        install_client().await;
        let mut command = tokio::process::Command::new("node");
        command
            .args(["--test", "--test-reporter=spec", &format!("cluster/{script}")])
            .current_dir(suite_dir())
            .env("CHAT_JWT_SECRET", SECRET)
            .env("CHAT_URL", self.url(0))
            .env("REDIS_PORT", self.redis_port.to_string());
        for (i, (port, process)) in self.instances.iter().enumerate() {
            command.env(format!("CHAT_URL_{i}"), format!("http://127.0.0.1:{port}"));
            command.env(format!("CHAT_PID_{i}"), process.0.id().to_string());
        }
        for (key, value) in extra {
            command.env(key, value);
        }
        command
    }

    /// Runs one script to its end; fails with its report if it failed.
    async fn run_script(&self, script: &str, extra: &[(&str, String)]) {
        let output = self.script(script, extra).await.output().await.unwrap();
        self.check_script(script, &output);
    }

    fn check_script(&self, script: &str, output: &std::process::Output) {
        let report = String::from_utf8_lossy(&output.stdout);
        println!("{report}");
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "{script} failed (server logs in {}):\n{report}", self.dir.display());
    }

    /// Stops instance `i` with SIGTERM, checks it exits cleanly, and starts it again on the same
    /// port; the time it took to exit.
    async fn restart(&mut self, i: usize) -> Duration {
        let started = std::time::Instant::now();
        let pid = self.instances[i].1.0.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let status = loop {
            if let Some(status) = self.instances[i].1.0.try_wait().unwrap() {
                break status;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "instance {i} still running 30 s after SIGTERM");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let took = started.elapsed();
        assert!(status.success(), "instance {i} exited with {status} after SIGTERM; logs in {}", self.dir.display());
        let port = self.instances[i].0;
        let log = std::fs::read_to_string(self.dir.join(format!("chat-{port}.log"))).unwrap();
        let drained = log.rfind("draining").is_some_and(|at| log[at..].contains("sockets closed"));
        assert!(drained, "instance {i} exited without closing its sockets first; logs in {}", self.dir.display());
        self.instances[i].1 = self.spawn(port);
        self.wait_ready(port).await;
        took
    }

    async fn stop(mut self) {
        self.instances.clear();
        self._redis = None;
        let _ = tokio::process::Command::new("redis-cli")
            .args(["-p", &self.redis_port.to_string(), "shutdown", "nosave"])
            .output()
            .await;
        chat_core::backend::sql::SqlBackend::drop_schema(&self.database_url, &self.schema).await.unwrap();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn start_redis(port: u16) -> Process {
    let process = Process(
        Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server must be installed for the cluster tests"),
    );
    wait_for_port(port, "redis-server").await;
    process
}

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/socketio")
}

async fn install_client() {
    static NPM_CI: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    NPM_CI
        .get_or_init(|| async {
            let status = tokio::process::Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(suite_dir())
                .status()
                .await
                .unwrap();
            assert!(status.success(), "npm ci failed");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_typing_receipts_presence_membership_and_expiry_cross_between_two_instances() {
    let Some(cluster) = Cluster::start(2).await else { return };
    cluster.run_script("crossing.mjs", &[]).await;
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_loses_nothing_acknowledged_and_delivery_recovers_by_itself() {
    let Some(cluster) = Cluster::start(2).await else { return };
    cluster.run_script("redis-restart.mjs", &[]).await;
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolling_restart_under_traffic_loses_nothing_duplicates_nothing_and_every_client_converges() {
    let Some(mut cluster) = Cluster::start(2).await else { return };
    let done = cluster.dir.join("restarts-done");
    let mut script = cluster.script("rolling.mjs", &[("CHAT_DONE_FILE", done.display().to_string())]).await;
    let traffic = script.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    for i in [0, 1] {
        let took = cluster.restart(i).await;
        println!("instance {i} drained and exited {} ms after SIGTERM", took.as_millis());
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    std::fs::write(&done, b"").unwrap();
    let output = traffic.wait_with_output().await.unwrap();
    cluster.check_script("rolling.mjs", &output);
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_killed_with_sigkill_leaves_its_users_offline_within_ten_seconds() {
    let Some(cluster) = Cluster::start(2).await else { return };
    cluster.run_script("sigkill.mjs", &[]).await;
    cluster.stop().await;
}

/// The repository's nginx.conf with the compose service names and port replaced.
fn nginx_config(source: &Path, listen: u16, upstreams: &[u16]) -> String {
    let text = std::fs::read_to_string(source).unwrap();
    let servers: String = upstreams.iter().map(|p| format!("server 127.0.0.1:{p};\n        ")).collect();
    let mut lines = Vec::new();
    let mut replaced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("server chat-") {
            if !replaced {
                lines.push(format!("        {}", servers.trim_end()));
                replaced = true;
            }
        } else if line.trim() == "listen 80;" {
            lines.push(format!("        listen 127.0.0.1:{listen};"));
        } else {
            lines.push(line.to_owned());
        }
    }
    assert!(replaced, "nginx.conf has no `server chat-N:3000;` upstream lines");
    lines.join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nginx_with_the_repository_config_serves_polling_and_websocket_across_two_instances() {
    if !Path::new("/usr/sbin/nginx").exists() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but nginx is not installed");
        eprintln!("nginx is not installed: skipped");
        return;
    }
    let Some(cluster) = Cluster::start(2).await else { return };
    let port = free_port();
    let dir = cluster.dir.join("nginx");
    std::fs::create_dir_all(dir.join("logs")).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../nginx.conf");
    let ports: Vec<u16> = cluster.instances.iter().map(|(p, _)| *p).collect();
    std::fs::write(dir.join("nginx.conf"), nginx_config(&source, port, &ports)).unwrap();
    let check = Command::new("/usr/sbin/nginx")
        .args(["-t", "-p"])
        .arg(&dir)
        .args(["-c", "nginx.conf", "-g", "pid nginx.pid; error_log logs/error.log;"])
        .output()
        .unwrap();
    assert!(check.status.success(), "nginx -t: {}", String::from_utf8_lossy(&check.stderr));
    let _nginx = Process(
        Command::new("/usr/sbin/nginx")
            .args(["-p"])
            .arg(&dir)
            .args(["-c", "nginx.conf", "-g", "daemon off; pid nginx.pid; error_log logs/error.log;"])
            .spawn()
            .unwrap(),
    );
    wait_for_port(port, "nginx").await;
    cluster.run_script("nginx.mjs", &[("CHAT_PROXY_URL", format!("http://127.0.0.1:{port}"))]).await;
    drop(_nginx);
    cluster.stop().await;
}

/// No Docker engine runs here, so the compose file is checked by reading it: the services the
/// README promises, wired to each other and to the same nginx.conf the tests above run.
#[test]
fn the_compose_file_runs_three_instances_on_postgres_redis_and_rabbitmq_behind_the_tested_nginx_config() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("docker-compose.yml")).unwrap();
    let mut compose: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    compose.apply_merge().unwrap();
    let services = compose["services"].as_mapping().unwrap();
    let names: Vec<&str> = services.keys().filter_map(|k| k.as_str()).collect();
    for name in ["postgres", "redis", "rabbitmq", "chat-1", "chat-2", "chat-3", "nginx"] {
        assert!(names.contains(&name), "service {name} is missing");
    }
    for name in ["chat-1", "chat-2", "chat-3"] {
        let service = &services[name];
        assert_eq!(service["build"].as_str(), Some("."), "{name} builds the Dockerfile");
        let env = &service["environment"];
        assert!(env["DATABASE_URL"].as_str().unwrap().starts_with("postgres://"), "{name} uses PostgreSQL");
        assert!(env["REDIS_URL"].as_str().unwrap().starts_with("redis://redis:"), "{name} uses the redis service");
        assert!(env["CHAT_JWT_SECRET"].as_str().unwrap().contains("CHAT_JWT_SECRET"), "{name} shares one secret");
        assert_eq!(env["CHAT_BIND"].as_str(), Some("0.0.0.0:3000"));
        let proxies = env["CHAT_TRUSTED_PROXIES"].as_str().expect("the instances believe nginx's X-Forwarded-For");
        let proxies = chat_server::net::TrustedProxies::parse(proxies).unwrap();
        assert!(proxies.contains([172, 18, 0, 5].into()), "the default compose network is trusted");
        let amqp = env["CHAT_AMQP_URL"].as_str().expect("the instances publish integration events");
        let user = services["rabbitmq"]["environment"]["RABBITMQ_DEFAULT_USER"].as_str().unwrap();
        assert!(amqp.starts_with(&format!("amqp://{user}:")) && amqp.contains("@rabbitmq:5672/"), "{name}: {amqp}");
        let depends = service["depends_on"].as_mapping().unwrap();
        assert!(["postgres", "redis", "rabbitmq"].iter().all(|d| depends.contains_key(*d)));
    }
    let redis_command: Vec<&str> =
        services["redis"]["command"].as_sequence().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(redis_command.windows(2).any(|w| w == ["--appendonly", "yes"]), "Redis keeps an append-only file");
    assert!(redis_command.windows(2).any(|w| w == ["--appendfsync", "everysec"]));
    let nginx = &services["nginx"];
    let volumes: Vec<&str> = nginx["volumes"].as_sequence().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(volumes.iter().any(|v| v.starts_with("./nginx.conf:/etc/nginx/nginx.conf")));
    let conf = std::fs::read_to_string(root.join("nginx.conf")).unwrap();
    for name in ["chat-1", "chat-2", "chat-3"] {
        assert!(conf.contains(&format!("server {name}:3000;")), "nginx.conf routes to {name}");
    }
    assert!(conf.contains("ip_hash;"), "long-polling sessions stay on one instance");
    assert!(conf.contains("proxy_set_header Upgrade $http_upgrade;"), "WebSocket upgrade is forwarded");
    let dockerfile = std::fs::read_to_string(root.join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("cargo build --release -p chat-server"));
}

/// POSTs JSON with a bearer token and returns the answer's body.
async fn post(http: &reqwest::Client, url: String, token: Option<&str>, body: serde_json::Value) -> serde_json::Value {
    let mut request = http.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_writing_one_conversation_give_seqs_one_to_n_without_gaps() {
    let Some(cluster) = Cluster::start(2).await else { return };
    let http = reqwest::Client::new();
    let mut users = Vec::new();
    for name in ["writer_a", "writer_b"] {
        let body = serde_json::json!({ "username": name, "password": "password123" });
        let registered = post(&http, format!("{}/api/auth/register", cluster.url(0)), None, body).await;
        users.push((registered["accessToken"].as_str().unwrap().to_owned(), registered["user"]["id"].clone()));
    }
    let body = serde_json::json!({ "kind": "group", "name": "race", "memberIds": [users[1].1] });
    let created = post(&http, format!("{}/api/conversations", cluster.url(0)), Some(&users[0].0), body).await;
    let conversation = created["id"].as_str().unwrap().to_owned();
    let sends: Vec<_> = (0..200)
        .map(|i| {
            let (http, token) = (http.clone(), users[i % 2].0.clone());
            let url = format!("{}/api/conversations/{conversation}/messages", cluster.url(i % 2));
            tokio::spawn(async move {
                let sent = post(&http, url, Some(&token), serde_json::json!({ "content": format!("m{i}") })).await;
                sent["seq"].as_i64().unwrap()
            })
        })
        .collect();
    let mut seqs = Vec::new();
    for send in sends {
        seqs.push(send.await.unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=200).collect::<Vec<i64>>(), "each instance's batches interleave without gap or repeat");
    cluster.stop().await;
}

/// With Redis, the allowance of a shared class is one for all instances: two conversations an
/// hour, started on either instance, leave none for the third on any.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_allowance_counts_the_actions_made_on_every_instance() {
    let Some(cluster) = Cluster::start_with(2, &[("CHAT_RATE_CREATE", "2/2h")]).await else { return };
    let http = reqwest::Client::new();
    let body = serde_json::json!({ "username": "starter", "password": "password123" });
    let registered = post(&http, format!("{}/api/auth/register", cluster.url(0)), None, body).await;
    let token = registered["accessToken"].as_str().unwrap().to_owned();
    let create = |i: usize| {
        let request = http.post(format!("{}/api/conversations", cluster.url(i))).bearer_auth(&token);
        request.json(&serde_json::json!({ "kind": "group", "name": format!("g{i}"), "memberIds": [] })).send()
    };
    assert_eq!(create(0).await.unwrap().status(), reqwest::StatusCode::CREATED);
    assert_eq!(create(1).await.unwrap().status(), reqwest::StatusCode::CREATED);
    for i in [0, 1] {
        let refused = create(i).await.unwrap();
        assert_eq!(refused.status(), reqwest::StatusCode::TOO_MANY_REQUESTS, "instance {i}");
        let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=1_800).contains(&wait), "Retry-After {wait}");
    }
    cluster.stop().await;
}
