//! Notifications: what a member missed while away, and mentions.
//!
//! Layout:
//! - this file: [`Notification`] and the mention rule ([`mentions`]).
//! - `store.rs`: [`NotificationStore`] (kept for a configurable time) and [`MuteStore`].
//! - `service.rs`: [`NotificationService`], which decides who is notified of stored messages,
//!   and lists, counts and marks a user's notifications.
//!
//! The rule: for each stored message, every other member of the conversation is notified when
//! they have no live connection, or, connected or not, when the message mentions them by
//! `@username`; never when they muted the conversation. Flash groups notify no one (their data
//! is meant to vanish).

mod service;
mod store;

pub use service::{NotificationService, NotificationStores};
pub use store::{MuteStore, NotificationStore, RecordedNotifications};

use crate::{ConversationId, MessageId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Characters of a message kept in its notification.
pub const PREVIEW_CHARS: usize = 120;
/// Notifications kept per user at most, in every store (the oldest go first).
pub const MAX_PER_USER: usize = 1000;

/// Why a user is notified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum NotificationKind {
    /// A message arrived while they had no live connection.
    Message,
    /// A message mentions them by `@username`.
    Mention,
}

impl NotificationKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::Mention => "mention",
        }
    }

    /// Reads the stored name.
    pub fn parse(text: &str) -> Self {
        if text == "mention" { Self::Mention } else { Self::Message }
    }
}

/// One notification of one user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// Identifier, increasing with time (pass it as `cursor` or `upTo`).
    pub id: Uuid,
    /// Who is notified.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub user_id: UserId,
    /// Why.
    pub kind: NotificationKind,
    /// Where.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub conversation_id: ConversationId,
    /// The message.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub message_id: MessageId,
    /// Its `seq` in the conversation.
    pub seq: i64,
    /// Who sent it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub sender_id: UserId,
    /// The start of its text.
    pub preview: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Whether the user marked it read.
    pub read: bool,
}

/// The usernames `text` mentions: `@` at the start or after a character that cannot be part of
/// a username, followed by username characters (`a-z`, `0-9`, `_`, `.`; a trailing `.` ends the
/// sentence, not the name), lowercased, each once.
pub fn mentions(text: &str) -> Vec<String> {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let mut found: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == '@' && !previous.is_some_and(name_char) {
            let name: String = text[i + 1..].chars().take_while(|c| name_char(*c)).collect();
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if !name.is_empty() && !found.contains(&name) {
                found.push(name);
            }
        }
        previous = Some(c);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn mentions_are_names_after_an_at_sign_that_does_not_follow_a_name() {
        assert_eq!(mentions("hi @Bob and @ada.l, see @bob."), ["bob", "ada.l"]);
        assert_eq!(mentions("mail ada@example.org or @ alone"), Vec::<String>::new());
        assert_eq!(mentions("(@carol_1) x@dave"), ["carol_1"]);
    }
}
