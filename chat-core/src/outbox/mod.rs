//! Integration events: what other systems are told, recorded in the same transaction as the
//! change (a transactional outbox) and relayed to sinks (a message broker, webhooks) at least once.
//!
//! Layout:
//! - this file: [`IntegrationEvent`] and its [`EventType`] (routing key and exchange).
//! - `store.rs`: [`OutboxStore`], what a relay needs of the storage.
//! - `relay.rs`: [`Relay`], which publishes pending events to every [`IntegrationSink`] in order
//!   and marks them published only once every sink took them.
//! - [`webhook`]: deliveries to webhook URLs, their retries, dead letters and signature.
//!
//! Unlike [`crate::DomainEvent`] (in-process, published after the change, shed under load),
//! integration events survive a crash: a change and its event commit together or not at all.

mod relay;
mod store;
pub mod webhook;

pub use relay::{IntegrationSink, Relay, RelayConfig};
pub use store::{OutboxEvent, OutboxStore};

use crate::{
    ConversationId, SessionId, UserId, conversation::Conversation, message::Message, notification::Notification,
    user::User,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

/// The kinds of integration event; each is its routing key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    /// A message was stored (`data`: the Message, with `conversationId` and `seq`).
    MessageSent,
    /// A message was edited (`data`: the Message).
    MessageUpdated,
    /// A message was deleted for everyone (`data`: the Message, emptied and `deleted`).
    MessageDeleted,
    /// A member's read or delivered position moved forward.
    MessageStatusUpdated,
    /// A conversation was created (`data`: the Conversation with its members).
    ConversationCreated,
    /// A user joined a conversation.
    MemberAdded,
    /// A user left or was removed from a conversation.
    MemberRemoved,
    /// An account was created (`data`: the User, email included).
    UserCreated,
    /// A user logged in (a new login session).
    UserLogin,
    /// A user was notified (`data`: the Notification), for push gateways.
    NotificationCreated,
}

impl EventType {
    /// Every event type.
    pub const ALL: [Self; 10] = [
        Self::MessageSent,
        Self::MessageUpdated,
        Self::MessageDeleted,
        Self::MessageStatusUpdated,
        Self::ConversationCreated,
        Self::MemberAdded,
        Self::MemberRemoved,
        Self::UserCreated,
        Self::UserLogin,
        Self::NotificationCreated,
    ];

    /// The routing key, also the body's `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MessageSent => "message.sent",
            Self::MessageUpdated => "message.updated",
            Self::MessageDeleted => "message.deleted",
            Self::MessageStatusUpdated => "message.status.updated",
            Self::ConversationCreated => "conversation.created",
            Self::MemberAdded => "member.added",
            Self::MemberRemoved => "member.removed",
            Self::UserCreated => "user.created",
            Self::UserLogin => "user.login",
            Self::NotificationCreated => "notification.created",
        }
    }

    /// Reads a routing key.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == key)
    }

    /// The topic exchange it is published to: `user_events` for accounts and logins,
    /// `chat_events` for everything else.
    pub fn exchange(self) -> &'static str {
        match self {
            Self::UserCreated | Self::UserLogin => "user_events",
            _ => "chat_events",
        }
    }
}

/// One event for other systems: `{ id, type, occurredAt, data }` once serialized.
#[derive(Clone, Debug, PartialEq)]
pub struct IntegrationEvent {
    /// Unique; a consumer that sees an id twice has seen the same event twice.
    pub id: Uuid,
    /// What happened.
    pub kind: EventType,
    /// Events with the same key are published in the order they were recorded: the
    /// conversation's id, or the user's for account events.
    pub order_key: Uuid,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// The payload (camelCase JSON, as the REST API shows the same things).
    pub data: Value,
}

/// The read or delivered position of [`EventType::MessageStatusUpdated`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Read up to `seq`.
    Read,
    /// Delivered to the member's devices up to `seq`.
    Delivered,
}

impl IntegrationEvent {
    fn new(kind: EventType, order_key: Uuid, occurred_at: DateTime<Utc>, data: Value) -> Self {
        Self { id: Uuid::now_v7(), kind, order_key, occurred_at, data }
    }

    fn of<T: Serialize>(kind: EventType, order_key: Uuid, occurred_at: DateTime<Utc>, data: &T) -> Self {
        // The models serialize infallibly (no maps with non-string keys, no custom serializers).
        Self::new(kind, order_key, occurred_at, serde_json::to_value(data).unwrap_or(Value::Null))
    }

    /// `message.sent`, `message.updated` or `message.deleted`.
    pub fn message(kind: EventType, message: &Message, at: DateTime<Utc>) -> Self {
        Self::of(kind, message.conversation_id.0, at, message)
    }

    /// `message.status.updated`: `user` has read or received everything up to `seq`.
    pub fn status(conversation: ConversationId, user: UserId, position: Position, seq: i64, at: DateTime<Utc>) -> Self {
        let status = match position {
            Position::Read => "read",
            Position::Delivered => "delivered",
        };
        let data = json!({ "conversationId": conversation, "userId": user, "status": status, "seq": seq, "at": at });
        Self::new(EventType::MessageStatusUpdated, conversation.0, at, data)
    }

    /// `conversation.created`.
    pub fn conversation_created(conversation: &Conversation) -> Self {
        Self::of(EventType::ConversationCreated, conversation.id.0, conversation.created_at, conversation)
    }

    /// `member.added` (`role` as stored) or `member.removed` (no role).
    pub fn member(
        kind: EventType,
        conversation: ConversationId,
        user: UserId,
        role: Option<&str>,
        at: DateTime<Utc>,
    ) -> Self {
        let mut data = json!({ "conversationId": conversation, "userId": user });
        if let Some(role) = role {
            data["role"] = json!(role);
        }
        Self::new(kind, conversation.0, at, data)
    }

    /// `user.created`.
    pub fn user_created(user: &User) -> Self {
        Self::of(EventType::UserCreated, user.id.0, user.created_at, user)
    }

    /// `user.login`: a login session was opened.
    pub fn user_login(user: UserId, session: SessionId, at: DateTime<Utc>) -> Self {
        Self::new(EventType::UserLogin, user.0, at, json!({ "userId": user, "sessionId": session, "at": at }))
    }

    /// `notification.created`.
    pub fn notification_created(notification: &Notification) -> Self {
        Self::of(EventType::NotificationCreated, notification.user_id.0, notification.created_at, notification)
    }

    /// The JSON body sinks carry: `{ id, type, occurredAt, data }`.
    pub fn body(&self) -> Value {
        json!({ "id": self.id, "type": self.kind.as_str(), "occurredAt": self.occurred_at, "data": self.data })
    }
}
