use super::{HistoryPage, Message, NewMessage, PageQuery, ReactionStore};
use crate::{ConversationId, CoreResult, MessageId, UserId};
use chrono::{DateTime, Utc};

/// Storage of messages and their reactions.
#[async_trait::async_trait]
pub trait MessageStore: ReactionStore {
    /// Appends a batch of messages, durably and in one write where the backend can (group
    /// commit), and answers one result per message, in the order given.
    ///
    /// Each message gets the next `seq` of its conversation, in the order of the batch; concurrent
    /// batches (from several processes too) get distinct consecutive seqs. Every message is
    /// checked on its own: a conversation that does not exist or a sender who is not a member
    /// fails that message with [`crate::CoreError::NotFound`]`("conversation")` and nothing else.
    /// When the sender already stored a message with the same `client_msg_id` in the
    /// conversation (before, or earlier in this batch), its result is that message and `false`.
    /// Nothing of a message is visible to readers before its result is returned.
    async fn append_messages(&self, batch: Vec<NewMessage>) -> Vec<CoreResult<(Message, bool)>>;

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
