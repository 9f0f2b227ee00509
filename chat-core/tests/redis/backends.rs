//! The backends every scenario runs against: the memory reference, and Redis when
//! `CHAT_TEST_REDIS_URL` is set, each test under a key prefix of its own.

use chat_core::{
    backend::{
        memory::{MemoryFlashGroups, MemoryPresence},
        redis::{RedisBackend, RedisPresence},
    },
    flash_group::FlashGroupStore,
    presence::PresenceStore,
};
use fred::prelude::{KeysInterface, Value};
use std::{sync::Arc, time::Duration};

/// Stores of one test. `flash` and `flash_other` share their data, like two server processes.
pub struct Backend {
    pub flash: Arc<dyn FlashGroupStore>,
    pub flash_other: Arc<dyn FlashGroupStore>,
    /// Set when running against Redis.
    pub redis: Option<RedisBackend>,
    memory_presence: Arc<MemoryPresence>,
}

impl Backend {
    /// The presence store of one more server process. In memory there is only one process, so
    /// every call answers the same store.
    pub async fn presence(&self) -> Arc<dyn PresenceStore> {
        match &self.redis {
            Some(redis) => Arc::new(redis.presence_with_heartbeat(Duration::from_secs(2)).await.unwrap()),
            None => self.memory_presence.clone(),
        }
    }

    /// A Redis presence store with its own heartbeat TTL (Redis only).
    pub async fn redis_presence(&self, heartbeat: Duration) -> RedisPresence {
        self.redis.as_ref().expect("a Redis scenario").presence_with_heartbeat(heartbeat).await.unwrap()
    }

    /// Every key under the test's prefix (SCAN, never KEYS), or none in memory.
    pub async fn keys(&self) -> Vec<String> {
        let Some(redis) = &self.redis else { return Vec::new() };
        let pattern = format!("{}*", redis.prefix());
        let mut cursor = "0".to_owned();
        let mut keys = Vec::new();
        loop {
            let page: Value = redis.client().scan_page(cursor, pattern.as_str(), Some(1000), None).await.unwrap();
            let (next, found): (String, Vec<String>) = page.convert().unwrap();
            keys.extend(found);
            if next == "0" {
                return keys;
            }
            cursor = next;
        }
    }

    /// Deletes every key of the test (only its own prefix, never a flush).
    pub async fn cleanup(&self) {
        let Some(redis) = &self.redis else { return };
        // Twice: a heartbeat aborted mid-flight may still land just after the first pass.
        for _ in 0..2 {
            for key in self.keys().await {
                let _: () = redis.client().del(key).await.unwrap();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

pub async fn memory() -> Option<Backend> {
    let flash = Arc::new(MemoryFlashGroups::new());
    Some(Backend {
        flash: flash.clone(),
        flash_other: flash,
        redis: None,
        memory_presence: Arc::new(MemoryPresence::default()),
    })
}

pub async fn redis() -> Option<Backend> {
    let Ok(url) = std::env::var("CHAT_TEST_REDIS_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but CHAT_TEST_REDIS_URL is not set: the Redis suite must run in CI"
        );
        eprintln!("CHAT_TEST_REDIS_URL not set: skipping the Redis run");
        return None;
    };
    let prefix = format!("chat-test-{}:", uuid::Uuid::new_v4().simple());
    let one = RedisBackend::connect(&url, &prefix).await.expect("connect to Redis");
    // A second connection under the same prefix: another server process.
    let other = RedisBackend::connect(&url, &prefix).await.expect("connect to Redis");
    one.ping().await.unwrap();
    Some(Backend {
        flash: Arc::new(one.clone()),
        flash_other: Arc::new(other),
        redis: Some(one),
        memory_presence: Arc::new(MemoryPresence::default()),
    })
}
