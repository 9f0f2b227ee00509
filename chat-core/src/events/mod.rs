//! Domain events: what changed, published by the services after it is stored.
//!
//! Transports implement [`EventSink`] to forward events (the chat server turns them into Socket.IO
//! broadcasts). Publishing must not block: a sink that does I/O queues the event.

use crate::{
    ConversationId, MessageId, SessionId, UserId,
    conversation::Conversation,
    message::{DeleteScope, Message, ReactionCount},
    presence::Presence,
};
use chrono::{DateTime, Utc};

mod queue;
pub use queue::{EventQueue, EventShard};

/// Something that happened, for the members concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainEvent {
    /// A message was stored (never published for an idempotent replay).
    MessageCreated(Message),
    /// A message was edited.
    MessageUpdated(Message),
    /// A message was deleted, for everyone or for one user.
    MessageDeleted {
        /// Conversation.
        conversation_id: ConversationId,
        /// The message.
        message_id: MessageId,
        /// `Me`: only `by`'s devices should drop it.
        scope: DeleteScope,
        /// Who deleted it.
        by: UserId,
    },
    /// A member reacted to a message, or took a reaction back.
    ReactionsUpdated {
        /// Conversation.
        conversation_id: ConversationId,
        /// The message.
        message_id: MessageId,
        /// The member whose reaction changed.
        user_id: UserId,
        /// The emoji they added or removed.
        emoji: String,
        /// Added (`true`) or removed.
        reacted: bool,
        /// The message's reactions afterwards.
        reactions: Vec<ReactionCount>,
    },
    /// A member read everything up to `seq`.
    MessagesRead {
        /// Conversation.
        conversation_id: ConversationId,
        /// Reader.
        user_id: UserId,
        /// New read position.
        seq: i64,
        /// When.
        at: DateTime<Utc>,
    },
    /// A member's devices received everything up to `seq`.
    MessagesDelivered {
        /// Conversation.
        conversation_id: ConversationId,
        /// Recipient.
        user_id: UserId,
        /// New delivered position.
        seq: i64,
        /// When.
        at: DateTime<Utc>,
    },
    /// A conversation was created; every member should join it.
    ConversationCreated(Conversation),
    /// Name, description, picture or roles changed.
    ConversationUpdated(Conversation),
    /// A conversation was deleted; its former members are listed.
    ConversationDeleted {
        /// Conversation.
        conversation_id: ConversationId,
        /// Who were members.
        member_ids: Vec<UserId>,
    },
    /// A user joined (the conversation as it is now, the new member included).
    MemberAdded {
        /// The conversation after the change.
        conversation: Conversation,
        /// The new member.
        user_id: UserId,
    },
    /// A user left or was removed.
    MemberRemoved {
        /// Conversation.
        conversation_id: ConversationId,
        /// The former member.
        user_id: UserId,
        /// Remaining members.
        member_ids: Vec<UserId>,
    },
    /// A flash group expired: its data is gone and its members should close it.
    FlashGroupExpired {
        /// The group.
        conversation_id: ConversationId,
        /// Its members at expiry.
        member_ids: Vec<UserId>,
    },
    /// A member started or stopped typing (never sent back to them).
    Typing {
        /// Conversation.
        conversation_id: ConversationId,
        /// Who types.
        user_id: UserId,
        /// Typing or stopped.
        is_typing: bool,
    },
    /// A user's status changed; `audience` lists who should be told.
    PresenceChanged {
        /// The new presence.
        presence: Presence,
        /// Users who share a conversation with them or list them as a contact.
        audience: Vec<UserId>,
    },
    /// A job of the user's changed status (sent to the owner only).
    JobUpdated(crate::upload::Job),
    /// A user was notified (sent to their devices only).
    NotificationCreated(crate::notification::Notification),
    /// A login was revoked (logout or refresh-token replay); its connections must close.
    SessionRevoked {
        /// The user.
        user_id: UserId,
        /// The login.
        session_id: SessionId,
    },
}

/// Receives every domain event.
pub trait EventSink: Send + Sync {
    /// Hands over one event. Must not block.
    fn publish(&self, event: DomainEvent);
}

/// A sink that drops everything (for embedding without a transport).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoEvents;

impl EventSink for NoEvents {
    fn publish(&self, _event: DomainEvent) {}
}

impl DomainEvent {
    /// What orders this event: events with the same key are delivered in publication order.
    /// Everything about one conversation shares its key (so a member removed before a message is
    /// sent never receives it); events about a user alone are keyed by the user.
    pub fn order_key(&self) -> uuid::Uuid {
        match self {
            Self::MessageCreated(message) | Self::MessageUpdated(message) => message.conversation_id.0,
            Self::ConversationCreated(conversation) | Self::ConversationUpdated(conversation) => conversation.id.0,
            Self::MemberAdded { conversation, .. } => conversation.id.0,
            Self::MessageDeleted { conversation_id, .. }
            | Self::ReactionsUpdated { conversation_id, .. }
            | Self::MessagesRead { conversation_id, .. }
            | Self::MessagesDelivered { conversation_id, .. }
            | Self::ConversationDeleted { conversation_id, .. }
            | Self::MemberRemoved { conversation_id, .. }
            | Self::FlashGroupExpired { conversation_id, .. }
            | Self::Typing { conversation_id, .. } => conversation_id.0,
            Self::PresenceChanged { presence, .. } => presence.user_id.0,
            Self::JobUpdated(job) => job.owner.0,
            Self::NotificationCreated(notification) => notification.user_id.0,
            Self::SessionRevoked { session_id, .. } => session_id.0,
        }
    }

    /// Whether a client can do without this event when the server is overloaded: it recovers
    /// messages and receipts by seq (`syncConversation`), and typing, presence and job states are
    /// superseded by the next one; notifications stay listed. Membership, conversation and login changes are never shed.
    pub fn is_sheddable(&self) -> bool {
        matches!(
            self,
            Self::MessageCreated(_)
                | Self::MessageUpdated(_)
                | Self::MessagesRead { .. }
                | Self::MessagesDelivered { .. }
                | Self::Typing { .. }
                | Self::PresenceChanged { .. }
                | Self::JobUpdated(_)
                | Self::NotificationCreated(_)
        )
    }
}
