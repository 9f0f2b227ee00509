//! RabbitMQ: what a consumer bound to the exchanges receives.

use crate::node::{Backend, Node, unique};
use futures::StreamExt as _;
use lapin::{
    Connection, ConnectionProperties, ExchangeKind,
    options::{BasicAckOptions, BasicConsumeOptions, ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions},
    types::FieldTable,
};
use serde_json::{Value, json};
use std::time::Duration;

pub fn amqp_url() -> String {
    std::env::var("CHAT_TEST_AMQP_URL").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

/// Whether a broker answers at `CHAT_TEST_AMQP_URL`; without one the broker tests are skipped
/// locally, and fail under `CI=true`.
async fn broker_up() -> bool {
    let up = Connection::connect(&amqp_url(), ConnectionProperties::default()).await.is_ok();
    assert!(up || std::env::var("CI").is_err(), "RabbitMQ must answer at CHAT_TEST_AMQP_URL under CI");
    if !up {
        eprintln!("skipped: no RabbitMQ at CHAT_TEST_AMQP_URL");
    }
    up
}

/// One message as the consumer got it.
#[derive(Debug)]
pub struct Received {
    pub exchange: String,
    pub routing_key: String,
    pub message_id: Option<String>,
    pub persistent: bool,
    pub body: Value,
}

/// An exclusive queue bound to both exchanges with `#`: it gets every event from now on.
pub struct Consumer {
    _connection: Connection,
    consumer: lapin::Consumer,
}

impl Consumer {
    pub async fn bind() -> Self {
        let connection = Connection::connect(&amqp_url(), ConnectionProperties::default()).await.unwrap();
        let channel = connection.create_channel().await.unwrap();
        for exchange in ["chat_events", "user_events"] {
            let options = ExchangeDeclareOptions { durable: true, ..ExchangeDeclareOptions::default() };
            channel
                .exchange_declare(exchange.into(), ExchangeKind::Topic, options, FieldTable::default())
                .await
                .unwrap();
        }
        let options = QueueDeclareOptions { exclusive: true, auto_delete: true, ..QueueDeclareOptions::default() };
        let queue = channel.queue_declare("".into(), options, FieldTable::default()).await.unwrap();
        for exchange in ["chat_events", "user_events"] {
            channel
                .queue_bind(
                    queue.name().clone(),
                    exchange.into(),
                    "#".into(),
                    QueueBindOptions::default(),
                    FieldTable::default(),
                )
                .await
                .unwrap();
        }
        let consumer = channel
            .basic_consume(queue.name().clone(), "".into(), BasicConsumeOptions::default(), FieldTable::default())
            .await
            .unwrap();
        Self { _connection: connection, consumer }
    }

    /// Receives until `count` messages passed `keep`, for at most 30 s.
    pub async fn receive(&mut self, count: usize, keep: impl Fn(&Value) -> bool) -> Vec<Received> {
        let mut kept = Vec::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while kept.len() < count {
            let next = tokio::time::timeout_at(deadline, self.consumer.next()).await;
            let Ok(Some(delivery)) = next else {
                panic!("received {} of {count} events: {kept:#?}", kept.len());
            };
            let delivery = delivery.unwrap();
            delivery.ack(BasicAckOptions::default()).await.unwrap();
            let body: Value = serde_json::from_slice(&delivery.data).unwrap();
            if keep(&body) {
                kept.push(Received {
                    exchange: delivery.exchange.to_string(),
                    routing_key: delivery.routing_key.to_string(),
                    message_id: delivery.properties.message_id().as_ref().map(ToString::to_string),
                    persistent: *delivery.properties.delivery_mode() == Some(2),
                    body,
                });
            }
        }
        kept
    }
}

/// Whether an event is about one of `ids` (users or conversations).
fn about(body: &Value, ids: &[&str]) -> bool {
    let data = &body["data"];
    [&data["id"], &data["userId"], &data["conversationId"]].iter().any(|v| v.as_str().is_some_and(|v| ids.contains(&v)))
}

pub async fn a_consumer_bound_to_the_exchanges_receives_every_event_of_a_session_in_order_per_conversation(
    backend: Backend,
) {
    if !broker_up().await {
        return;
    }
    let mut consumer = Consumer::bind().await;
    let node = Node::new(backend, &[("CHAT_AMQP_URL", &amqp_url()), ("CHAT_OUTBOX_POLL_MS", "20")]);
    let server = node.start().await;
    let (alice, bob, carol) = (
        node.register(&unique("alice")).await,
        node.register(&unique("bob")).await,
        node.register(&unique("carol")).await,
    );
    let group = node
        .post("/api/conversations", &alice.token, json!({ "kind": "group", "name": "Ops", "memberIds": [bob.id] }))
        .await;
    let group_id = group["id"].as_str().unwrap().to_owned();
    node.post(&format!("/api/conversations/{group_id}/members"), &alice.token, json!({ "userId": carol.id })).await;
    let mut message_ids = Vec::new();
    for n in 1..=5 {
        let body = json!({ "content": format!("message {n}"), "clientMsgId": format!("m{n}") });
        let sent = node.post(&format!("/api/conversations/{group_id}/messages"), &alice.token, body).await;
        message_ids.push(sent["id"].as_str().unwrap().to_owned());
    }
    // A replay stores nothing, so it announces nothing.
    let replay = json!({ "content": "message 1", "clientMsgId": "m1" });
    node.post(&format!("/api/conversations/{group_id}/messages"), &alice.token, replay).await;
    let (status, _) = node
        .call(
            reqwest::Method::PATCH,
            &format!("/api/messages/{}", message_ids[1]),
            &alice.token,
            Some(json!({ "content": "edited" })),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = node
        .call(reqwest::Method::DELETE, &format!("/api/messages/{}?scope=everyone", message_ids[2]), &alice.token, None)
        .await;
    assert_eq!(status, 204);
    node.post(&format!("/api/conversations/{group_id}/read"), &bob.token, json!({ "seq": 5 })).await;
    let (status, _) = node
        .call(
            reqwest::Method::DELETE,
            &format!("/api/conversations/{group_id}/members/{}", carol.id),
            &alice.token,
            None,
        )
        .await;
    assert_eq!(status, 204);

    let ids = [alice.id.as_str(), bob.id.as_str(), carol.id.as_str(), group_id.as_str()];
    // Bob and Carol have no connection: each of the five messages notifies both of them.
    let received = consumer.receive(6 + 11 + 10, |body| about(body, &ids)).await;
    let (notifications, received): (Vec<Received>, Vec<Received>) =
        received.into_iter().partition(|r| r.routing_key == "notification.created");
    for user in [&bob.id, &carol.id] {
        let mut seqs: Vec<i64> = notifications
            .iter()
            .filter(|n| n.body["data"]["userId"] == user.as_str())
            .map(|n| n.body["data"]["seq"].as_i64().unwrap())
            .collect();
        seqs.sort_unstable();
        assert_eq!(seqs, [1, 2, 3, 4, 5], "notification.created for {user}");
    }
    assert!(notifications.iter().all(|n| n.exchange == "chat_events" && n.body["data"]["kind"] == "message"));
    for r in &received {
        let kind = r.body["type"].as_str().unwrap();
        assert_eq!(r.routing_key, kind, "the routing key is the type");
        let exchange = if kind.starts_with("user.") { "user_events" } else { "chat_events" };
        assert_eq!(r.exchange, exchange, "{kind}");
        assert!(r.persistent, "{kind} is persistent");
        assert_eq!(r.message_id.as_deref(), r.body["id"].as_str(), "the message id is the event id");
        assert!(r.body["occurredAt"].as_str().is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()));
    }
    let of_users: Vec<&str> =
        received.iter().filter(|r| r.exchange == "user_events").map(|r| r.routing_key.as_str()).collect();
    assert_eq!(of_users.iter().filter(|k| **k == "user.created").count(), 3);
    assert_eq!(of_users.iter().filter(|k| **k == "user.login").count(), 3);
    let created: Vec<&Value> =
        received.iter().filter(|r| r.routing_key == "user.created").map(|r| &r.body["data"]).collect();
    assert!(created.iter().all(|u| u.get("passwordHash").is_none() && u["username"].is_string()));

    let of_group: Vec<&Received> = received.iter().filter(|r| r.exchange == "chat_events").collect();
    let kinds: Vec<&str> = of_group.iter().map(|r| r.routing_key.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "conversation.created",
            "member.added",
            "message.sent",
            "message.sent",
            "message.sent",
            "message.sent",
            "message.sent",
            "message.updated",
            "message.deleted",
            "message.status.updated",
            "member.removed",
        ],
        "in the order the changes were made"
    );
    let seqs: Vec<i64> = of_group[2..7].iter().map(|r| r.body["data"]["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert!(of_group[2..7].iter().all(|r| r.body["data"]["conversationId"] == group_id.as_str()));
    assert_eq!(of_group[0].body["data"]["members"].as_array().unwrap().len(), 2);
    assert_eq!(of_group[1].body["data"], json!({ "conversationId": group_id, "userId": carol.id, "role": "member" }));
    assert_eq!(of_group[7].body["data"]["content"], "edited");
    assert_eq!(of_group[8].body["data"]["deleted"], true);
    let status = &of_group[9].body["data"];
    assert_eq!(
        (status["userId"].as_str(), status["status"].as_str(), status["seq"].as_i64()),
        (Some(bob.id.as_str()), Some("read"), Some(5))
    );
    assert_eq!(of_group[10].body["data"]["userId"], carol.id.as_str());
    drop(server);
    node.remove().await;
}

pub async fn events_committed_while_the_broker_is_away_arrive_after_the_server_is_killed_and_restarted(
    backend: Backend,
) {
    if !broker_up().await {
        return;
    }
    let mut consumer = Consumer::bind().await;
    // Nothing listens there: every publication fails, and the events wait in the outbox.
    let away = format!("amqp://guest:guest@127.0.0.1:{}/%2f", crate::process::free_port());
    let mut node = Node::new(
        backend,
        &[("CHAT_AMQP_URL", &away), ("CHAT_OUTBOX_POLL_MS", "20"), ("CHAT_OUTBOX_LEASE_MS", "1000")],
    );
    let server = node.start().await;
    let alice = node.register(&unique("alice")).await;
    let bob = node.register(&unique("bob")).await;
    let direct =
        node.post("/api/conversations", &alice.token, json!({ "kind": "direct", "memberIds": [bob.id] })).await;
    let direct_id = direct["id"].as_str().unwrap().to_owned();
    for n in 1..=3 {
        let body = json!({ "content": format!("while away {n}") });
        let sent = node.post(&format!("/api/conversations/{direct_id}/messages"), &alice.token, body).await;
        assert_eq!(sent["seq"], n, "acknowledged: committed");
    }
    drop(server); // SIGKILL: no drain, nothing flushed.

    node.set("CHAT_AMQP_URL", &amqp_url());
    let server = node.start().await;
    // Two accounts and their logins, the conversation and its messages: all recorded before the kill.
    let ids = [alice.id.as_str(), bob.id.as_str(), direct_id.as_str()];
    // Bob's notifications are made after the acks, so the kill may come before some of them.
    let received = consumer.receive(8, |body| about(body, &ids) && body["type"] != "notification.created").await;
    let mut event_ids: Vec<&str> = received.iter().map(|r| r.body["id"].as_str().unwrap()).collect();
    event_ids.sort_unstable();
    event_ids.dedup();
    assert_eq!(event_ids.len(), 8, "eight distinct events: {received:#?}");
    let sent: Vec<i64> = received
        .iter()
        .filter(|r| r.routing_key == "message.sent")
        .map(|r| r.body["data"]["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(sent, [1, 2, 3]);
    let created = received.iter().find(|r| r.routing_key == "conversation.created").unwrap();
    assert_eq!(created.body["data"]["kind"], "direct");
    drop(server);
    node.remove().await;
}
