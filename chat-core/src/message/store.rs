use super::{HistoryPage, Message, NewMessage, PageQuery};
use crate::{ConversationId, CoreResult, MessageId, UserId};
use chrono::{DateTime, Utc};

/// Storage of messages.
#[async_trait::async_trait]
pub trait MessageStore: Send + Sync {
    /// Appends a message with the next `seq` of its conversation, atomically: concurrent appends
    /// get distinct consecutive seqs. When the sender already stored a message with the same
    /// `client_msg_id` in this conversation, returns that one and `false`, storing nothing.
    async fn append_message(&self, new: NewMessage) -> CoreResult<(Message, bool)>;
    /// A message by id.
    async fn message(&self, id: MessageId) -> CoreResult<Option<Message>>;
    /// A page of history as `viewer` sees it (messages they hid are left out).
    async fn history(&self, id: ConversationId, viewer: UserId, page: PageQuery) -> CoreResult<HistoryPage>;
    /// Replaces the content and sets `edited_at`.
    async fn edit_message(&self, id: MessageId, content: String, at: DateTime<Utc>) -> CoreResult<Message>;
    /// Empties the content and attachments and sets `deleted`.
    async fn delete_for_everyone(&self, id: MessageId) -> CoreResult<Message>;
    /// Hides a message from one user's view.
    async fn hide_message(&self, id: MessageId, user: UserId) -> CoreResult<()>;
    /// Messages containing every word of `query`, newest first, from conversations `user` is a
    /// member of (optionally one of them), leaving out deleted and hidden ones.
    async fn search_messages(
        &self,
        user: UserId,
        query: &str,
        conversation: Option<ConversationId>,
        limit: u64,
    ) -> CoreResult<Vec<Message>>;
}
