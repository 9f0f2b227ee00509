//! Child processes for the tests that run `chat-server` (or Redis, nginx) as a real process.

use std::{
    path::Path,
    process::{Child, Command},
    time::Duration,
};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A child process killed (and reaped) on drop.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn wait_for_port(port: u16, what: &str) {
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not start on port {port}");
}

/// Starts `chat-server` on `port` with its data in `dir` and its output appended to
/// `dir/server.log`: SQLite unless `env` names a `DATABASE_URL`, no Redis, writes not limited.
/// Resolves once it accepts connections.
#[allow(dead_code)] // Not every test target starts servers this way.
pub async fn start_server<'a>(port: u16, dir: &Path, env: impl IntoIterator<Item = (&'a str, &'a str)>) -> Process {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("server.log")).unwrap();
    let process = Process(
        Command::new(env!("CARGO_BIN_EXE_chat-server"))
            .env("CHAT_BIND", format!("127.0.0.1:{port}"))
            .env("CHAT_DATA_DIR", dir)
            .env("CHAT_JWT_SECRET", "process-test-secret-that-is-long-enough")
            .env("CHAT_RATE_WRITE", "0")
            .env_remove("DATABASE_URL")
            .env_remove("REDIS_URL")
            .envs(env)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    wait_for_port(port, "chat-server").await;
    process
}
