//! Turns domain events into Socket.IO emissions and room changes. One task per shard of the event
//! queue handles its events in order: everything about one conversation is in one shard, so a
//! member removed before a message is sent never receives that message, while conversations in
//! different shards proceed in parallel.
//!
//! With the Redis adapter every operation reaches the other instances through Redis. When Redis
//! cannot be reached the operation is still carried out on this instance's sockets: clients here
//! keep receiving, and clients elsewhere catch up with `syncConversation`.

use super::{
    contract::{
        ConversationEvent, MemberEvent, MessageDeletedEvent, PositionEvent, ReactionsUpdatedEvent, TypingEvent,
    },
    conversation_room, session_room, user_room,
};
use chat_core::{DomainEvent, backend::redis::RedisBackend, events::EventShard, message::DeleteScope};
use serde::Serialize;
use socketioxide::{BroadcastError, SocketIo, adapter::Adapter, operators::BroadcastOperators};
use std::{future::Future, sync::Arc, time::Duration};

/// How long an operation may wait on the other instances before it is done locally only.
const REMOTE_TIMEOUT: Duration = Duration::from_secs(2);
/// After the other instances were unreachable, how long to act locally without trying them.
const REMOTE_PAUSE: Duration = Duration::from_secs(1);

/// Forwards every event of each shard, in a task per shard, until the queue is dropped.
/// Login revocations are also relayed to the other instances' session caches through `redis`.
pub fn forward<A: Adapter>(io: &SocketIo<A>, shards: Vec<EventShard>, redis: Option<Arc<RedisBackend>>) {
    // Exported from the start (at zero), so that a dashboard shows no errors rather than no data.
    for op in ["join", "leave", "disconnect", "resubscribe", "revocation"] {
        metrics::counter!("chat_socket_adapter_errors_total", "op" => op).increment(0);
    }
    for mut shard in shards {
        let mut io = Forwarder { io: io.clone(), redis: redis.clone(), remote_paused_until: None };
        tokio::spawn(async move {
            while let Some(event) = shard.recv().await {
                // The services publish an event before answering the request that caused it. Let
                // that answer (a sender's ack, already woken) go out before a broadcast to a
                // thousand sockets queues a thousand writes ahead of it.
                tokio::task::yield_now().await;
                dispatch(&mut io, event).await;
                shard.done();
            }
        });
    }
}

/// The Socket.IO server, and whether the other instances are known to be unreachable (so that
/// while Redis is down each event does not wait [`REMOTE_TIMEOUT`] before reaching local sockets).
struct Forwarder<A: Adapter> {
    io: SocketIo<A>,
    redis: Option<Arc<RedisBackend>>,
    remote_paused_until: Option<tokio::time::Instant>,
}

/// Sockets to act on: those in any of `rooms`, minus those in `except`.
struct Target {
    rooms: Vec<String>,
    except: Option<String>,
}

fn to(rooms: impl IntoIterator<Item = String>) -> Target {
    Target { rooms: rooms.into_iter().collect(), except: None }
}

async fn dispatch<A: Adapter>(io: &mut Forwarder<A>, event: DomainEvent) {
    match event {
        DomainEvent::MessageCreated(message) => {
            emit(io, to([conversation_room(message.conversation_id)]), "receiveMessage", &message).await;
        }
        DomainEvent::MessageUpdated(message) => {
            emit(io, to([conversation_room(message.conversation_id)]), "messageUpdated", &message).await;
        }
        DomainEvent::MessageDeleted { conversation_id, message_id, scope, by } => {
            let target = match scope {
                DeleteScope::Everyone => to([conversation_room(conversation_id)]),
                DeleteScope::Me => to([user_room(by)]),
            };
            let payload = MessageDeletedEvent { conversation_id: conversation_id.0, message_id: message_id.0, scope };
            emit(io, target, "messageDeleted", &payload).await;
        }
        DomainEvent::ReactionsUpdated { conversation_id, message_id, user_id, emoji, reacted, reactions } => {
            let payload = ReactionsUpdatedEvent {
                conversation_id: conversation_id.0,
                message_id: message_id.0,
                user_id: user_id.0,
                emoji,
                reacted,
                reactions,
            };
            emit(io, to([conversation_room(conversation_id)]), "reactionsUpdated", &payload).await;
        }
        DomainEvent::MessagesRead { conversation_id, user_id, seq, at } => {
            let payload = PositionEvent { conversation_id: conversation_id.0, user_id: user_id.0, seq, at };
            emit(io, to([conversation_room(conversation_id)]), "messagesRead", &payload).await;
        }
        DomainEvent::MessagesDelivered { conversation_id, user_id, seq, at } => {
            let payload = PositionEvent { conversation_id: conversation_id.0, user_id: user_id.0, seq, at };
            emit(io, to([conversation_room(conversation_id)]), "messagesDelivered", &payload).await;
        }
        DomainEvent::ConversationCreated(conversation) => {
            let members = || conversation.member_ids().into_iter().map(user_room);
            join(io, to(members()), conversation_room(conversation.id)).await;
            emit(io, to(members()), "conversationCreated", &conversation).await;
        }
        DomainEvent::ConversationUpdated(conversation) => {
            emit(io, to([conversation_room(conversation.id)]), "conversationUpdated", &conversation).await;
        }
        DomainEvent::ConversationDeleted { conversation_id, member_ids } => {
            let room = conversation_room(conversation_id);
            leave(io, to([room.clone()]), room).await;
            let payload = ConversationEvent { conversation_id: conversation_id.0 };
            emit(io, to(member_ids.into_iter().map(user_room)), "conversationDeleted", &payload).await;
        }
        DomainEvent::MemberAdded { conversation, user_id } => {
            let room = conversation_room(conversation.id);
            let payload = MemberEvent { conversation_id: conversation.id.0, user_id: user_id.0 };
            emit(io, to([room.clone()]), "memberAdded", &payload).await;
            join(io, to([user_room(user_id)]), room).await;
            emit(io, to([user_room(user_id)]), "conversationCreated", &conversation).await;
        }
        DomainEvent::MemberRemoved { conversation_id, user_id, .. } => {
            let room = conversation_room(conversation_id);
            leave(io, to([user_room(user_id)]), room.clone()).await;
            let payload = MemberEvent { conversation_id: conversation_id.0, user_id: user_id.0 };
            emit(io, to([room, user_room(user_id)]), "memberRemoved", &payload).await;
        }
        DomainEvent::FlashGroupExpired { conversation_id, member_ids } => {
            let room = conversation_room(conversation_id);
            let everyone = member_ids.into_iter().map(user_room).chain([room.clone()]);
            let payload = ConversationEvent { conversation_id: conversation_id.0 };
            emit(io, to(everyone), "flashGroupExpired", &payload).await;
            leave(io, to([room.clone()]), room).await;
        }
        DomainEvent::Typing { conversation_id, user_id, is_typing } => {
            let payload = TypingEvent { conversation_id: conversation_id.0, user_id: user_id.0, is_typing };
            let target = Target { rooms: vec![conversation_room(conversation_id)], except: Some(user_room(user_id)) };
            emit(io, target, "userTyping", &payload).await;
        }
        DomainEvent::PresenceChanged { presence, audience } => {
            emit(io, to(audience.into_iter().map(user_room)), "userStatus", &presence).await;
        }
        DomainEvent::JobUpdated(job) => {
            emit(io, to([user_room(job.owner)]), "jobUpdated", &job).await;
        }
        DomainEvent::NotificationCreated(notification) => {
            emit(io, to([user_room(notification.user_id)]), "notification", &notification).await;
        }
        DomainEvent::SessionRevoked { session_id, .. } => {
            if let Some(redis) = &io.redis {
                super::revocations::publish(redis, session_id).await;
            }
            carry_out(io, &to([session_room(session_id)]), "disconnect", |op| async move {
                op.disconnect().await.map_err(Failure::of_broadcast)
            })
            .await;
        }
        // Events added to chat-core later are not forwarded until a transport maps them.
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

/// Why an operation failed: the other instances were unreachable (retry here only), or some
/// local socket could not take it (a full queue; nothing to retry).
enum Failure {
    Remote(String),
    Local(String),
}

impl Failure {
    fn of_broadcast(e: BroadcastError) -> Self {
        match e {
            BroadcastError::Adapter(e) => Self::Remote(e.to_string()),
            other => Self::Local(other.to_string()),
        }
    }
}

/// Runs `op` on `target` across instances, then, if the other instances could not be reached,
/// on this instance's sockets alone. Every failure is counted and logged.
async fn carry_out<A, F, Fut>(fw: &mut Forwarder<A>, target: &Target, what: &'static str, op: F)
where
    A: Adapter,
    F: Fn(BroadcastOperators<A>) -> Fut,
    Fut: Future<Output = Result<(), Failure>>,
{
    // After shutdown has closed the namespace there is no one left to tell.
    let Some(ns) = fw.io.of("/") else { return };
    let select = |local: bool| {
        let base =
            if local { ns.clone().local().to(target.rooms.clone()) } else { ns.clone().to(target.rooms.clone()) };
        match &target.except {
            Some(room) => base.except(room.clone()),
            None => base,
        }
    };
    let paused = fw.remote_paused_until.is_some_and(|until| tokio::time::Instant::now() < until);
    let failure = if paused {
        Some(Failure::Remote("paused after a recent failure".into()))
    } else {
        match tokio::time::timeout(REMOTE_TIMEOUT, op(select(false))).await {
            Ok(Ok(())) => None,
            Ok(Err(failure)) => Some(failure),
            Err(_) => Some(Failure::Remote("timed out".into())),
        }
    };
    let failure = match failure {
        None => {
            fw.remote_paused_until = None;
            None
        }
        Some(Failure::Remote(cause)) => {
            metrics::counter!("chat_socket_adapter_errors_total", "op" => what).increment(1);
            if !paused {
                tracing::warn!(%cause, op = what, "other instances unreachable; acting on local sockets only");
                fw.remote_paused_until = Some(tokio::time::Instant::now() + REMOTE_PAUSE);
            }
            op(select(true)).await.err()
        }
        Some(local) => Some(local),
    };
    match failure {
        None => metrics::counter!("chat_socket_events_out_total", "event" => what).increment(1),
        Some(Failure::Remote(cause) | Failure::Local(cause)) => {
            // A full per-socket queue or a closed socket: that client resyncs by seq later.
            metrics::counter!("chat_socket_emit_errors_total", "event" => what).increment(1);
            tracing::warn!(%cause, op = what, "realtime operation failed");
        }
    }
}

async fn emit<A: Adapter>(
    io: &mut Forwarder<A>,
    target: Target,
    event: &'static str,
    payload: &(impl Serialize + ?Sized),
) {
    carry_out(io, &target, event, |op| async move { op.emit(event, payload).await.map_err(Failure::of_broadcast) })
        .await;
}

async fn join<A: Adapter>(io: &mut Forwarder<A>, target: Target, room: String) {
    carry_out(io, &target, "join", |op| {
        let room = room.clone();
        async move { op.join(room).await.map_err(|e| Failure::Remote(e.to_string())) }
    })
    .await;
}

async fn leave<A: Adapter>(io: &mut Forwarder<A>, target: Target, room: String) {
    carry_out(io, &target, "leave", |op| {
        let room = room.clone();
        async move { op.leave(room).await.map_err(|e| Failure::Remote(e.to_string())) }
    })
    .await;
}
