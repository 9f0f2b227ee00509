//! A flash group across a crash of a Redis that keeps an append-only file (`appendfsync
//! everysec`, as the shipped `docker-compose.yml` runs it): what was written a second before the
//! crash is there after the restart, and the group still expires at its time.

use chat_core::{
    ConversationId, MessageId, UserId,
    backend::redis::RedisBackend,
    conversation::{Conversation, ConversationKind, Member, Role},
    flash_group::FlashGroupStore,
    message::{MessageKind, NewMessage, PageQuery},
    time,
};
use std::{path::Path, process::Child, time::Duration};

/// A `redis-server` with AOF in `dir` on `port`, SIGKILLed on drop.
struct AofRedis(Child);

impl AofRedis {
    async fn start(dir: &Path, port: u16) -> Self {
        let redis = Self(
            std::process::Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", ""])
                .args(["--appendonly", "yes", "--appendfsync", "everysec", "--dir"])
                .arg(dir)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("redis-server must be installed"),
        );
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return redis;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server did not start");
    }

    /// Dies as a crash would (SIGKILL: no goodbye, no final write).
    fn crash(self) {
        drop(self);
    }
}

impl Drop for AofRedis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flash_group_survives_a_crash_of_a_redis_with_an_append_only_file_and_expires_on_time() {
    // redis-server is known to be installed where the Redis suite runs.
    if std::env::var("CHAT_TEST_REDIS_URL").is_err() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but CHAT_TEST_REDIS_URL is not set");
        return;
    }
    let dir = std::env::temp_dir().join(format!("aof-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let redis = AofRedis::start(&dir, port).await;
    let store = RedisBackend::connect(&format!("redis://127.0.0.1:{port}"), "aof:").await.unwrap();

    let (owner, member) = (UserId::new(), UserId::new());
    let now = time::now();
    let expires_at = now + chrono::Duration::seconds(6);
    let group = Conversation {
        id: ConversationId::new(),
        kind: ConversationKind::Flash,
        name: Some("kept".into()),
        description: None,
        avatar_url: None,
        created_by: owner,
        created_at: now,
        members: vec![Member::new(owner, Role::Owner), Member::new(member, Role::Member)],
        last_seq: 0,
        expires_at: Some(expires_at),
    };
    store.create_flash_group(group.clone()).await.unwrap();
    let new = NewMessage {
        id: MessageId::new(),
        conversation_id: group.id,
        sender_id: member,
        kind: MessageKind::Text,
        content: "before the crash".into(),
        attachments: Vec::new(),
        client_msg_id: None,
        reply_to_id: None,
        created_at: time::now(),
    };
    store.append_flash_message(new, 100).await.unwrap();
    // `everysec`: what is older than a second is on disk.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    redis.crash();
    let _restarted = AofRedis::start(&dir, port).await;

    // The client reconnects by itself.
    let mut kept = None;
    for _ in 0..50 {
        if let Ok(Some(found)) = store.flash_group(group.id).await {
            kept = Some(found);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let kept = kept.expect("the group is back after the restart");
    assert_eq!(kept.member_ids().len(), 2);
    let history = store.flash_history(group.id, PageQuery { limit: 10, ..PageQuery::default() }).await.unwrap();
    assert_eq!(history.items.iter().map(|m| m.content.as_str()).collect::<Vec<_>>(), ["before the crash"]);

    // And it still ends at its time, not later.
    while time::now() < expires_at {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(store.flash_group(group.id).await.unwrap().is_none(), "expired at its time after the restart");
    let _ = std::fs::remove_dir_all(&dir);
}
