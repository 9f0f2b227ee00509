use crate::{ConversationId, CoreError, CoreResult, Limits, MessageId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a message carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    /// Text only.
    Text,
    /// At least one image attachment.
    Image,
    /// At least one non-image attachment.
    File,
    /// Written by the server (member joined, …).
    System,
}

impl MessageKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Image => "image",
            Self::File => "file",
            Self::System => "system",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "text" => Some(Self::Text),
            "image" => Some(Self::Image),
            "file" => Some(Self::File),
            "system" => Some(Self::System),
            _ => None,
        }
    }
}

/// A file attached to a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// Upload identifier.
    pub id: String,
    /// Where to read the file.
    pub url: String,
    /// MIME type decided from the content.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// Image width in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<i32>,
    /// Image height in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<i32>,
    /// Thumbnail URL, for images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    /// The original file name, sanitised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
}

/// A stored message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Identifier.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: MessageId,
    /// Conversation.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub conversation_id: ConversationId,
    /// Position in the conversation: 1, 2, 3… with no gap.
    #[cfg_attr(feature = "openapi", schema(example = 42))]
    pub seq: i64,
    /// Author.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub sender_id: UserId,
    /// Text, image, file or system.
    #[serde(rename = "type")]
    pub kind: MessageKind,
    /// Body; empty once deleted for everyone.
    #[cfg_attr(feature = "openapi", schema(example = "Hello!"))]
    pub content: String,
    /// Attached files.
    pub attachments: Vec<Attachment>,
    /// The sender's idempotency key.
    pub client_msg_id: Option<String>,
    /// The message this one answers.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub reply_to_id: Option<MessageId>,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// When it was last edited.
    pub edited_at: Option<DateTime<Utc>>,
    /// Deleted for everyone.
    pub deleted: bool,
    /// Emoji reactions, as the member reading sees them; absent when there are none (and in
    /// `receiveMessage` and `messageUpdated`, which carry none: reactions change by `reactionsUpdated`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<super::Reaction>,
}

/// A validated message body: trimmed of nothing, 1..=max characters, no control character but
/// tab and line breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageBody(String);

impl MessageBody {
    /// Checks a body against [`Limits::message_max_chars`]. Empty bodies are allowed only
    /// when `allow_empty` (a message that carries attachments).
    pub fn parse(raw: &str, limits: &Limits, allow_empty: bool) -> CoreResult<Self> {
        if raw.trim().is_empty() && !allow_empty {
            return Err(CoreError::invalid("content", "content must not be empty"));
        }
        if raw.chars().count() > limits.message_max_chars {
            return Err(CoreError::PayloadTooLarge(format!(
                "content must be at most {} characters",
                limits.message_max_chars
            )));
        }
        crate::text::check_text("content", raw, usize::MAX)?;
        Ok(Self(raw.to_owned()))
    }

    /// The text.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A client-chosen idempotency key: 1–64 printable ASCII characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientMsgId(String);

impl ClientMsgId {
    /// Parses a key.
    pub fn parse(raw: &str) -> CoreResult<Self> {
        if raw.is_empty() || raw.len() > 64 || !raw.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(CoreError::invalid("clientMsgId", "clientMsgId must be 1–64 printable ASCII characters"));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A message to append; the store assigns `seq`.
#[derive(Clone, Debug)]
pub struct NewMessage {
    /// Identifier to use if the message is new.
    pub id: MessageId,
    /// Conversation.
    pub conversation_id: ConversationId,
    /// Author.
    pub sender_id: UserId,
    /// Kind.
    pub kind: MessageKind,
    /// Body.
    pub content: String,
    /// Attachments.
    pub attachments: Vec<Attachment>,
    /// Idempotency key.
    pub client_msg_id: Option<ClientMsgId>,
    /// Replied-to message (already checked to be in the same conversation).
    pub reply_to_id: Option<MessageId>,
    /// Time of storing.
    pub created_at: DateTime<Utc>,
}

impl NewMessage {
    /// The stored message, once the store has given it its `seq`.
    pub fn into_message(self, seq: i64) -> Message {
        Message {
            id: self.id,
            conversation_id: self.conversation_id,
            seq,
            sender_id: self.sender_id,
            kind: self.kind,
            content: self.content,
            attachments: self.attachments,
            client_msg_id: self.client_msg_id.map(|k| k.as_str().to_owned()),
            reply_to_id: self.reply_to_id,
            created_at: self.created_at,
            edited_at: None,
            deleted: false,
            reactions: Vec::new(),
        }
    }
}

/// Which slice of history to read. With neither bound: the newest messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageQuery {
    /// Only messages with a smaller seq (the page just before it).
    pub before_seq: Option<i64>,
    /// Only messages with a larger seq (the page just after it).
    pub after_seq: Option<i64>,
    /// At most this many (already bounded by the service).
    pub limit: u64,
}

/// Messages in ascending `seq`, and whether more exist in the paging direction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    /// Messages, ascending seq.
    pub items: Vec<Message>,
    /// More messages exist beyond this page.
    pub has_more: bool,
}

impl HistoryPage {
    /// The page `page` asks for out of messages given in ascending `seq` (for backends that hold
    /// a conversation's messages in order): after `after_seq` the oldest ones, otherwise the
    /// newest ones below `before_seq`.
    pub fn slice<'a>(ascending: impl DoubleEndedIterator<Item = &'a Message>, page: PageQuery) -> Self {
        let in_range =
            |m: &&Message| page.before_seq.is_none_or(|b| m.seq < b) && page.after_seq.is_none_or(|a| m.seq > a);
        let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
        let mut items: Vec<Message> = if page.after_seq.is_some() {
            ascending.filter(in_range).take(limit + 1).cloned().collect()
        } else {
            let mut newest: Vec<Message> = ascending.rev().filter(in_range).take(limit + 1).cloned().collect();
            newest.reverse();
            newest
        };
        let has_more = items.len() > limit;
        if has_more {
            if page.after_seq.is_some() {
                items.truncate(limit);
            } else {
                items.remove(0);
            }
        }
        Self { items, has_more }
    }
}

/// Who a deletion applies to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DeleteScope {
    /// Hidden from the caller only.
    #[default]
    Me,
    /// Content removed for every member.
    Everyone,
}
