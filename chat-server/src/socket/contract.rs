//! The realtime contract as types: every client event's payload and answer, every server event's
//! payload, and the acknowledgement envelope. The handlers parse and answer with these types, the
//! forwarder emits them, and the AsyncAPI document ([`crate::asyncapi`]) is generated from them
//! and from the two event tables below, so the document cannot drift from the code.

use chat_core::{
    conversation::Conversation,
    message::{DeleteScope, Message, Reaction, ReactionCount},
    notification::Notification,
    presence::Presence,
    upload::{Job, Upload},
    user::Status,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{
    ToSchema,
    openapi::{RefOr, schema::Schema},
};
use uuid::Uuid;

/// Schemas by name, as the document's `components.schemas` holds them.
pub type Schemas = std::collections::BTreeMap<String, RefOr<Schema>>;

/// Adds a type's schema (and those it refers to) to a set and answers its name.
pub type SchemaOf = fn(&mut Schemas) -> String;

/// Adds `T`'s schema, and those it refers to, to `schemas`; answers `T`'s name.
pub fn register<T: ToSchema>(schemas: &mut Schemas) -> String {
    let mut found = Vec::new();
    T::schemas(&mut found);
    schemas.extend(found);
    let name = T::name().into_owned();
    schemas.insert(name.clone(), T::schema());
    name
}

/// An event a client emits; the server answers every one in its acknowledgement.
#[derive(Debug)]
pub struct ClientEvent {
    pub name: &'static str,
    pub summary: &'static str,
    pub payload: SchemaOf,
    /// The fields of a successful ack besides `ok` (none for `None`).
    pub answer: Option<SchemaOf>,
}

/// An event the server emits.
#[derive(Debug)]
pub struct ServerEvent {
    pub name: &'static str,
    pub summary: &'static str,
    pub payload: SchemaOf,
}

/// Every client event, in the order `docs/realtime.md` lists them.
pub const CLIENT_EVENTS: [ClientEvent; 10] = [
    ClientEvent {
        name: "sendMessage",
        summary: "Store a message (idempotent by clientMsgId); the ack carries it with its seq",
        payload: register::<SendMessagePayload>,
        answer: Some(register::<SentAnswer>),
    },
    ClientEvent {
        name: "addReaction",
        summary: "React to a message with an emoji (once per member and emoji)",
        payload: register::<ReactionPayload>,
        answer: Some(register::<ReactionsAnswer>),
    },
    ClientEvent {
        name: "removeReaction",
        summary: "Take a reaction back",
        payload: register::<ReactionPayload>,
        answer: Some(register::<ReactionsAnswer>),
    },
    ClientEvent {
        name: "syncConversation",
        summary: "Messages after a seq, ascending: how a client catches up after a gap or a reconnect",
        payload: register::<SyncPayload>,
        answer: Some(register::<SyncAnswer>),
    },
    ClientEvent {
        name: "markAsRead",
        summary: "Move the caller's read position forward (never back, never past lastSeq)",
        payload: register::<PositionPayload>,
        answer: Some(register::<PositionAnswer>),
    },
    ClientEvent {
        name: "markAsDelivered",
        summary: "Move the caller's delivered position forward (coalesced, written at most every ~100 ms)",
        payload: register::<PositionPayload>,
        answer: Some(register::<PositionAnswer>),
    },
    ClientEvent {
        name: "userTyping",
        summary: "Start or stop the typing indicator in a conversation",
        payload: register::<TypingPayload>,
        answer: None,
    },
    ClientEvent {
        name: "setStatus",
        summary: "Set the caller's status; the ack carries the presence others now see",
        payload: register::<StatusPayload>,
        answer: Some(register::<Presence>),
    },
    ClientEvent {
        name: "uploadFile",
        summary: "Upload a small file as base64 (as POST /api/uploads does)",
        payload: register::<UploadPayload>,
        answer: Some(register::<UploadAnswer>),
    },
    ClientEvent {
        name: "refreshAuth",
        summary: "Show a fresh access token of the same user: the socket then lives until it expires",
        payload: register::<RefreshPayload>,
        answer: Some(register::<RefreshAnswer>),
    },
];

/// Every server event.
pub const SERVER_EVENTS: [ServerEvent; 17] = [
    ServerEvent {
        name: "receiveMessage",
        summary: "A message stored in one of the user's conversations (the sender's own sockets too)",
        payload: register::<Message>,
    },
    ServerEvent { name: "messageUpdated", summary: "A message was edited", payload: register::<Message> },
    ServerEvent {
        name: "messageDeleted",
        summary: "A message was deleted for everyone (to members) or for the deleter only (to their sockets)",
        payload: register::<MessageDeletedEvent>,
    },
    ServerEvent {
        name: "reactionsUpdated",
        summary: "A member added or took back a reaction; carries the message's counts afterwards",
        payload: register::<ReactionsUpdatedEvent>,
    },
    ServerEvent { name: "messagesRead", summary: "A member's read position moved", payload: register::<PositionEvent> },
    ServerEvent {
        name: "messagesDelivered",
        summary: "A member's delivered position moved (coalesced)",
        payload: register::<PositionEvent>,
    },
    ServerEvent {
        name: "userTyping",
        summary: "A member started or stopped typing (not sent to the typer's own sockets)",
        payload: register::<TypingEvent>,
    },
    ServerEvent {
        name: "userStatus",
        summary: "A user sharing a conversation with the receiver, or their contact, changed status",
        payload: register::<Presence>,
    },
    ServerEvent {
        name: "conversationCreated",
        summary: "The user is a member of a new conversation, or was added to one; their sockets joined its room",
        payload: register::<Conversation>,
    },
    ServerEvent {
        name: "conversationUpdated",
        summary: "A conversation was renamed or its roles changed",
        payload: register::<Conversation>,
    },
    ServerEvent {
        name: "conversationDeleted",
        summary: "A conversation was deleted; the former members' sockets left its room",
        payload: register::<ConversationEvent>,
    },
    ServerEvent { name: "memberAdded", summary: "Someone joined a conversation", payload: register::<MemberEvent> },
    ServerEvent {
        name: "memberRemoved",
        summary: "Someone left or was removed (also sent to them; their sockets left the room)",
        payload: register::<MemberEvent>,
    },
    ServerEvent {
        name: "flashGroupExpired",
        summary: "A flash group expired with its messages; its members' sockets left its room",
        payload: register::<ConversationEvent>,
    },
    ServerEvent {
        name: "authExpired",
        summary: "The socket's access token expired; the server closes the socket right after",
        payload: register::<AuthExpiredEvent>,
    },
    ServerEvent {
        name: "jobUpdated",
        summary: "A processing job of the user's upload changed status",
        payload: register::<Job>,
    },
    ServerEvent {
        name: "notification",
        summary: "The user was notified (a mention, or a message while away)",
        payload: register::<Notification>,
    },
];

/// The names of the client events, for metric labels (bounded: anything else is `unknown`).
pub fn client_event_name(event: &str) -> &'static str {
    CLIENT_EVENTS.iter().map(|e| e.name).find(|known| *known == event).unwrap_or("unknown")
}

// ---- client → server payloads ----

/// `sendMessage`: text (`content`), files (`attachmentIds` from uploads), or both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessagePayload {
    pub conversation_id: Uuid,
    /// The text (at most CHAT_MESSAGE_MAX_CHARS characters); required without attachments.
    pub content: Option<String>,
    /// The client's id for this message: sending it again returns the stored message instead of a copy.
    pub client_msg_id: Option<String>,
    /// Ids of the caller's own uploads.
    #[serde(default)]
    pub attachment_ids: Vec<String>,
    /// A message of the same conversation this one answers.
    pub reply_to_id: Option<Uuid>,
}

/// `addReaction` and `removeReaction`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReactionPayload {
    pub conversation_id: Uuid,
    pub message_id: Uuid,
    /// One fully-qualified emoji (one of CHAT_REACTION_EMOJIS when that is set).
    #[schema(max_length = 64, min_length = 1)]
    pub emoji: String,
}

/// `syncConversation`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncPayload {
    pub conversation_id: Uuid,
    /// Messages with a greater seq are returned (0: from the start).
    #[schema(minimum = 0)]
    pub after_seq: i64,
    /// At most this many (1–100, default 50); `hasMore` tells whether more follow.
    #[schema(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// `markAsRead` and `markAsDelivered`: everything up to `seq`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PositionPayload {
    pub conversation_id: Uuid,
    pub seq: i64,
}

/// `userTyping`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TypingPayload {
    pub conversation_id: Uuid,
    pub is_typing: bool,
}

/// `setStatus`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusPayload {
    /// `offline` is refused: a connected user is never shown offline by choice.
    #[schema(value_type = SettableStatus)]
    pub status: Status,
}

/// A status a user can choose.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum SettableStatus {
    Online,
    Away,
    Busy,
}

/// `uploadFile`. The declared `contentType` is accepted for compatibility and ignored: the bytes decide.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UploadPayload {
    pub file_name: String,
    pub content_type: Option<String>,
    /// The file, base64 (at most CHAT_SOCKET_UPLOAD_MAX_BYTES once decoded).
    #[schema(content_encoding = "base64")]
    pub data: String,
}

/// `refreshAuth`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshPayload {
    /// A fresh access token of the socket's user.
    pub token: String,
}

// ---- answers (the fields of `{ ok: true, … }`) ----

/// `sendMessage`'s answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentAnswer {
    pub message: Message,
}

/// `addReaction` and `removeReaction`'s answer: the message's reactions as the caller sees them.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReactionsAnswer {
    pub message_id: Uuid,
    pub reactions: Vec<Reaction>,
}

/// `syncConversation`'s answer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncAnswer {
    /// Ascending seq.
    pub messages: Vec<Message>,
    pub has_more: bool,
}

/// `markAsRead` and `markAsDelivered`'s answer: the position now stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionAnswer {
    pub seq: i64,
}

/// `uploadFile`'s answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadAnswer {
    pub upload: Upload,
}

/// `refreshAuth`'s answer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshAnswer {
    /// The socket is closed (after `authExpired`) at this time unless refreshed again.
    pub expires_at: Option<DateTime<Utc>>,
}

/// What went wrong with an event: a failed ack is `{ ok: false, error }`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AckError {
    #[schema(value_type = AckErrorCode)]
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: String,
    /// Extra facts: the offending `field`, `retryAfterSecs` (`rate_limited`, `unavailable`), a
    /// conflict's `reason`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

// Documentation only: `crate::error::ack_code` gives the codes, and a test checks that each is here.
/// The codes an acknowledgement can carry.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum AckErrorCode {
    /// Malformed payload, unknown event, or a field breaking a rule (`details.field`).
    BadRequest,
    /// The token shown to `refreshAuth` is not valid.
    Unauthorized,
    /// Not allowed: a blocked sender, another user's token, a role too low.
    Forbidden,
    /// No such conversation or message, or not visible to the caller.
    NotFound,
    /// The feature is off on this server.
    NotConfigured,
    /// The change conflicts with the current state (`details.reason`).
    Conflict,
    /// The caller's allowance for this class of event is spent (`details.retryAfterSecs`).
    RateLimited,
    /// The payload is larger than allowed.
    PayloadTooLarge,
    /// Gone for good (an expired flash group).
    Gone,
    /// Overloaded, draining, past the deadline or a dependency down: retry (`details.retryAfterSecs`).
    Unavailable,
    /// A server fault; the message is generic and the cause is logged.
    Internal,
}

// ---- server → client payloads ----

/// `messageDeleted`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageDeletedEvent {
    pub conversation_id: Uuid,
    pub message_id: Uuid,
    pub scope: DeleteScope,
}

/// `reactionsUpdated`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReactionsUpdatedEvent {
    pub conversation_id: Uuid,
    pub message_id: Uuid,
    /// Who reacted or took it back.
    pub user_id: Uuid,
    pub emoji: String,
    /// `true` when added, `false` when taken back.
    pub reacted: bool,
    /// The message's counts afterwards (a reader's own flags come from their own events).
    pub reactions: Vec<ReactionCount>,
}

/// `messagesRead` and `messagesDelivered`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PositionEvent {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
    /// The member's new position: everything up to it is read (delivered).
    pub seq: i64,
    pub at: DateTime<Utc>,
}

/// `userTyping`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TypingEvent {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
    pub is_typing: bool,
}

/// `conversationDeleted` and `flashGroupExpired`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationEvent {
    pub conversation_id: Uuid,
}

/// `memberAdded` and `memberRemoved`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberEvent {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
}

/// `authExpired`: no fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthExpiredEvent {}
