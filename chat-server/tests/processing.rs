//! Image processing in a real `chat-server` process (SQLite, its own data folder), where its
//! memory can be read from `/proc` and the process can be killed: 10000×10000 PNGs stay within the
//! processing memory budget, and a job whose process dies twice ends `failed`.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

#[path = "support/process.rs"]
mod process;

use process::{Process, free_port, start_server};
use reqwest::multipart;
use serde_json::{Value, json};
use std::{path::PathBuf, time::Duration};

/// One server process on a data folder that outlives it (so a restart finds its jobs).
struct Node {
    port: u16,
    dir: PathBuf,
    env: Vec<(&'static str, String)>,
}

impl Node {
    fn new(env: &[(&'static str, &str)]) -> Self {
        let dir = std::env::temp_dir().join(format!("chat-processing-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        Self { port: free_port(), dir, env: env.iter().map(|(k, v)| (*k, (*v).to_owned())).collect() }
    }

    async fn start(&self) -> Process {
        start_server(self.port, &self.dir, self.env.iter().map(|(k, v)| (*k, v.as_str()))).await
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    async fn register(&self, http: &reqwest::Client) -> String {
        let body = json!({ "username": "photographer", "password": "password123" });
        let answer: Value =
            http.post(self.url("/api/auth/register")).json(&body).send().await.unwrap().json().await.unwrap();
        answer["accessToken"].as_str().unwrap().to_owned()
    }

    async fn upload(&self, http: &reqwest::Client, token: &str, png: Vec<u8>) -> String {
        let part = multipart::Part::bytes(png).file_name("huge.png").mime_str("image/png").unwrap();
        let response = http
            .post(self.url("/api/uploads"))
            .bearer_auth(token)
            .multipart(multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
        response.json::<Value>().await.unwrap()["jobId"].as_str().unwrap().to_owned()
    }

    async fn job(&self, http: &reqwest::Client, token: &str, id: &str) -> Value {
        http.get(self.url(&format!("/api/jobs/{id}"))).bearer_auth(token).send().await.unwrap().json().await.unwrap()
    }

    /// Polls the job every 10 ms until `done(job)`, for at most `limit`.
    async fn job_until(
        &self,
        http: &reqwest::Client,
        token: &str,
        id: &str,
        limit: Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let started = std::time::Instant::now();
        loop {
            let job = self.job(http, token, id).await;
            if done(&job) {
                return job;
            }
            assert!(started.elapsed() < limit, "job still {job} after {limit:?}; log in {}", self.dir.display());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A 10000×10000 RGB PNG of one colour: 300 MB of pixels, about 300 KB on the wire.
fn huge_png() -> Vec<u8> {
    let image = image::RgbImage::from_pixel(10_000, 10_000, image::Rgb([30, 120, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A field of `/proc/<pid>/status`, in KiB.
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn finished(job: &Value) -> bool {
    job["status"] == "completed" || job["status"] == "failed"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_concurrent_10000_by_10000_pngs_are_processed_within_the_memory_budget() {
    // Each needs 600 MB by the estimate (2 × 300 MB of pixels): with 700 MiB, one at a time,
    // although four workers are free to start them together.
    let node = Node::new(&[("CHAT_UPLOAD_MEMORY_BUDGET_MB", "700"), ("CHAT_UPLOAD_WORKERS", "4")]);
    let server = node.start().await;
    let pid = server.0.id();
    let http = reqwest::Client::new();
    let token = node.register(&http).await;
    let png = huge_png();
    let before = status_kib(pid, "VmRSS:");
    let jobs = futures::future::join_all((0..4).map(|_| node.upload(&http, &token, png.clone()))).await;
    for id in &jobs {
        let job = node.job_until(&http, &token, id, Duration::from_secs(120), finished).await;
        assert_eq!(job["status"], "completed", "{job}");
        assert_eq!(job["result"]["width"], 10_000);
    }
    let peak = status_kib(pid, "VmHWM:");
    let budget = 700 * 1024;
    println!(
        "RSS before {} MiB, peak {} MiB: {} MiB for 4 × 10000×10000 PNG (budget {} MiB)",
        before / 1024,
        peak / 1024,
        (peak - before) / 1024,
        budget / 1024
    );
    assert!(peak - before <= budget, "processing held {} MiB, more than the 700 MiB budget", (peak - before) / 1024);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_was_running_each_time_its_process_was_killed_twice_ends_failed() {
    let node = Node::new(&[("CHAT_UPLOAD_JOB_STALE_SECS", "1")]);
    let http = reqwest::Client::new();
    let mut server = node.start().await;
    let token = node.register(&http).await;
    let id = node.upload(&http, &token, huge_png()).await;
    for attempt in 1..=2 {
        let running = |job: &Value| job["status"] == "processing" && job["attempts"] == attempt;
        let job = node.job_until(&http, &token, &id, Duration::from_secs(30), running).await;
        assert_eq!(job["attempts"], attempt);
        // SIGKILL, as the kernel's OOM killer would.
        drop(server);
        server = node.start().await;
    }
    let job = node.job_until(&http, &token, &id, Duration::from_secs(30), finished).await;
    assert_eq!(job["status"], "failed", "{job}");
    assert_eq!(job["attempts"], 2);
    let reason = job["error"].as_str().unwrap();
    assert!(reason.contains("interrupted 2 times"), "{reason}");
    drop(server);
}
