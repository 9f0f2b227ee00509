//! Paging of a user's conversation list: most recently active first (the time of the newest
//! message, or of creation), ties broken by id, so a page boundary is exact even when many
//! conversations share an instant.

use super::ConversationSummary;
use crate::{ConversationId, CoreError, CoreResult};
use chrono::{DateTime, Utc};

/// Where a page of the conversation list ends: the next page holds what is strictly older.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListCursor {
    /// The last listed conversation's activity.
    pub activity: DateTime<Utc>,
    /// And its id.
    pub id: ConversationId,
}

impl ListCursor {
    /// The cursor after `summary`.
    pub fn after(summary: &ConversationSummary) -> Self {
        Self { activity: activity(summary), id: summary.conversation.id }
    }

    /// Whether `summary` comes after this cursor in the list.
    pub fn precedes(&self, summary: &ConversationSummary) -> bool {
        (activity(summary), summary.conversation.id) < (self.activity, self.id)
    }

    /// The opaque text form given to clients.
    pub fn encode(&self) -> String {
        format!("{}_{}", self.activity.timestamp_micros(), self.id)
    }

    /// Reads [`ListCursor::encode`]'s form.
    pub fn decode(text: &str) -> CoreResult<Self> {
        let invalid = || CoreError::invalid("cursor", "cursor is not one this server gave");
        let (micros, id) = text.split_once('_').ok_or_else(invalid)?;
        let activity = micros.parse().ok().and_then(DateTime::from_timestamp_micros).ok_or_else(invalid)?;
        Ok(Self { activity, id: ConversationId(id.parse().map_err(|_| invalid())?) })
    }
}

/// When a conversation was last active: its newest message, or its creation.
pub fn activity(summary: &ConversationSummary) -> DateTime<Utc> {
    summary.last_activity_at
}

/// Sorts `list` most recently active first.
pub fn sort(list: &mut [ConversationSummary]) {
    list.sort_by_key(|s| std::cmp::Reverse((activity(s), s.conversation.id)));
}
