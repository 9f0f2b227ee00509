//! Failures and limits of the message writer, on the backends where they can happen: a commit
//! that fails, two writers on one conversation, a full queue.

use crate::{
    backends::{self, TestBackend},
    world::World,
};
use chat_core::{
    CoreError, DomainEvent, Limits, Stores,
    backend::memory::MemoryBackend,
    message::{MessageKind, SendMessage},
};
use std::sync::Arc;

/// A trigger that fails the commit of any message whose content is `poison`: a deferred
/// constraint trigger on PostgreSQL (the COMMIT itself fails), a failing insert on SQLite.
async fn poison(backend: &TestBackend) {
    let (url, schema) = backend.sql.clone().expect("an SQL backend");
    let mut options = sea_orm::ConnectOptions::new(url.clone());
    if let Some(schema) = &schema {
        options.set_schema_search_path(schema.clone());
    }
    let db = sea_orm::Database::connect(options).await.unwrap();
    let statements: &[&str] = if schema.is_some() {
        &[
            "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.content = 'poison' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$",
            "CREATE CONSTRAINT TRIGGER poison AFTER INSERT ON messages DEFERRABLE INITIALLY DEFERRED \
             FOR EACH ROW EXECUTE FUNCTION poison()",
        ]
    } else {
        &["CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.content = 'poison' \
           BEGIN SELECT RAISE(ABORT, 'poisoned'); END"]
    };
    for sql in statements {
        sea_orm::ConnectionTrait::execute_unprepared(&db, sql).await.unwrap();
    }
    db.close().await.unwrap();
}

async fn a_failed_commit_acks_an_error_announces_nothing_and_the_rest_of_the_batch_commits(backend: TestBackend) {
    poison(&backend).await;
    let w = World::new(backend.stores.clone());
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    let new = |content: &str| chat_core::message::NewMessage {
        id: chat_core::MessageId::new(),
        conversation_id: conv,
        sender_id: a,
        kind: MessageKind::Text,
        content: content.into(),
        attachments: Vec::new(),
        client_msg_id: None,
        reply_to_id: None,
        created_at: crate::world::now(),
    };
    let out = w.stores.messages.append_messages(vec![new("one"), new("poison"), new("two")]).await;
    assert_eq!(out[0].as_ref().unwrap().0.seq, 1);
    assert!(matches!(out[1], Err(CoreError::Internal(_))), "{:?}", out[1]);
    assert_eq!(out[2].as_ref().unwrap().0.seq, 2, "the failed message takes no seq");

    w.events.take();
    let poisoned =
        w.chat.messages.send(a, conv, SendMessage { content: Some("poison".into()), ..SendMessage::default() }).await;
    assert!(matches!(poisoned, Err(CoreError::Internal(_))), "{poisoned:?}");
    assert!(
        !w.events.take().iter().any(|e| matches!(e, DomainEvent::MessageCreated(_))),
        "nothing is announced without a commit"
    );
    assert_eq!(w.send(a, conv, "after").await.seq, 3, "the next batch commits");
    let page = w.chat.messages.history(b, conv, None, None, None).await.unwrap();
    assert_eq!(page.items.iter().map(|m| m.content.as_str()).collect::<Vec<_>>(), ["one", "two", "after"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_a_failed_commit_acks_an_error_announces_nothing_and_the_rest_of_the_batch_commits() {
    let backend = backends::sqlite().await.unwrap();
    a_failed_commit_acks_an_error_announces_nothing_and_the_rest_of_the_batch_commits(backend).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_a_failed_commit_acks_an_error_announces_nothing_and_the_rest_of_the_batch_commits() {
    let Some(backend) = backends::postgres().await else { return };
    let cleanup = backend.sql.clone();
    a_failed_commit_acks_an_error_announces_nothing_and_the_rest_of_the_batch_commits(backend).await;
    backends::drop_schema(cleanup).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_writers_with_their_own_pools_on_one_postgres_conversation_get_seqs_without_gaps() {
    let Some(first) = backends::postgres().await else { return };
    let second = backends::postgres_again(&first).await;
    let (one, two) = (World::new(first.stores.clone()), World::new(second.stores.clone()));
    let owner = one.user("olga").await;
    let member = one.user("mia").await;
    let conv = one.group(owner, &[member]).await;
    let sends: Vec<_> = (0..200)
        .map(|i| {
            let chat = if i % 2 == 0 { one.chat.clone() } else { two.chat.clone() };
            let from = if i % 3 == 0 { owner } else { member };
            tokio::spawn(async move {
                let request = SendMessage { content: Some(format!("m{i}")), ..SendMessage::default() };
                chat.messages.send(from, conv, request).await.map(|(m, _)| m.seq)
            })
        })
        .collect();
    let mut seqs = Vec::new();
    for send in sends {
        seqs.push(send.await.unwrap().unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=200).collect::<Vec<i64>>());
    backends::drop_schema(first.sql.clone()).await;
}

#[tokio::test]
async fn a_full_queue_refuses_sends_at_once_with_a_retry_hint_and_stores_every_accepted_one() {
    let stores = Stores::from_backend(Arc::new(MemoryBackend::new()));
    let w = World::with_limits(stores, Limits { message_queue_max: 1, ..Limits::default() });
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    // Polled together on this one thread, every send reaches the queue before the writer runs.
    let sends = (0..50).map(|i| {
        w.chat.messages.send(a, conv, SendMessage { content: Some(format!("m{i}")), ..SendMessage::default() })
    });
    let results = futures::future::join_all(sends).await;
    let refused = results.iter().filter(|r| matches!(r, Err(CoreError::RateLimited { retry_after_secs: 1.. }))).count();
    let mut stored: Vec<i64> = results.iter().filter_map(|r| r.as_ref().ok().map(|(m, _)| m.seq)).collect();
    stored.sort_unstable();
    assert!(refused > 0, "a queue of one cannot take fifty sends at once");
    assert_eq!(refused + stored.len(), 50, "every send is either refused or stored");
    assert_eq!(stored, (1..=stored.len() as i64).collect::<Vec<_>>());
    // Once the queue drained, sends are accepted again.
    assert_eq!(w.send(a, conv, "later").await.seq, stored.len() as i64 + 1);
}
