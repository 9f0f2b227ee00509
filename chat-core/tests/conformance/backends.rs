//! The backends every scenario runs against. PostgreSQL runs when `CHAT_TEST_DATABASE_URL` is set,
//! each test in a schema of its own; under `CI=true` its absence fails the test instead of skipping.

use chat_core::{Stores, backend::memory::MemoryBackend, backend::sql::SqlBackend};
use std::sync::Arc;

/// A backend for one test, and how to clean up after it.
pub struct TestBackend {
    pub stores: Stores,
    /// The database URL, and the PostgreSQL schema of the test.
    pub sql: Option<(String, Option<String>)>,
    _dir: Option<TempDir>,
}

impl TestBackend {
    /// Drops the PostgreSQL schema of the test, if any.
    pub async fn cleanup(self) {
        drop_schema(self.sql).await;
    }
}

/// Drops a test's PostgreSQL schema (nothing for SQLite).
pub async fn drop_schema(sql: Option<(String, Option<String>)>) {
    if let Some((url, Some(schema))) = sql {
        SqlBackend::drop_schema(&url, &schema).await.expect("drop test schema");
    }
}

/// A second backend, with pools of its own, on the PostgreSQL schema of `first` (as a second
/// server process would be).
pub async fn postgres_again(first: &TestBackend) -> TestBackend {
    let Some((url, Some(schema))) = first.sql.clone() else { panic!("not a PostgreSQL test backend") };
    let db = SqlBackend::connect_with_schema(&url, &schema).await.expect("connect PostgreSQL");
    TestBackend { stores: Stores::from_backend(Arc::new(db)), sql: None, _dir: None }
}

pub async fn memory() -> Option<TestBackend> {
    Some(TestBackend { stores: Stores::from_backend(Arc::new(MemoryBackend::new())), sql: None, _dir: None })
}

pub async fn sqlite() -> Option<TestBackend> {
    let dir = TempDir::new();
    let url = format!("sqlite://{}/chat.db?mode=rwc", dir.0.display());
    let db = SqlBackend::connect(&url, None).await.expect("open SQLite");
    db.migrate().await.expect("migrate SQLite");
    Some(TestBackend { stores: Stores::from_backend(Arc::new(db)), sql: Some((url, None)), _dir: Some(dir) })
}

pub async fn postgres() -> Option<TestBackend> {
    let Ok(url) = std::env::var("CHAT_TEST_DATABASE_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but CHAT_TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI"
        );
        eprintln!("CHAT_TEST_DATABASE_URL not set: skipping the PostgreSQL run");
        return None;
    };
    let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
    let db = SqlBackend::connect_with_schema(&url, &schema).await.expect("connect PostgreSQL");
    db.migrate().await.expect("migrate PostgreSQL");
    Some(TestBackend { stores: Stores::from_backend(Arc::new(db)), sql: Some((url, Some(schema))), _dir: None })
}

/// A temporary folder removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let path = std::env::temp_dir().join(format!("chat-core-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
