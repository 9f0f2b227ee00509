use super::{Conversation, ConversationPatch, ConversationSummary, ListCursor, Member, NewConversation, Role};
use crate::{ConversationId, CoreResult, UserId};

/// Storage of conversations and memberships.
#[async_trait::async_trait]
pub trait ConversationStore: Send + Sync {
    /// Inserts a conversation and its members; [`crate::CoreError::Conflict`] when its direct key exists.
    async fn insert_conversation(&self, new: NewConversation) -> CoreResult<Conversation>;
    /// The direct conversation with this key.
    async fn direct_conversation(&self, direct_key: &str) -> CoreResult<Option<Conversation>>;
    /// A conversation with its members.
    async fn conversation(&self, id: ConversationId) -> CoreResult<Option<Conversation>>;
    /// The members of those of `ids` that exist, as `(conversation, member)` pairs.
    async fn members_of(&self, ids: &[ConversationId]) -> CoreResult<Vec<(ConversationId, UserId)>> {
        let mut pairs = Vec::new();
        for id in ids {
            if let Some(conversation) = self.conversation(*id).await? {
                pairs.extend(conversation.members.iter().map(|m| (*id, m.user_id)));
            }
        }
        Ok(pairs)
    }
    /// The state of one member, `None` when not a member.
    async fn member_state(&self, id: ConversationId, user: UserId) -> CoreResult<Option<Member>>;
    /// A page of a user's conversations with their newest visible message and unread count,
    /// most recently active first: at most `limit`, strictly after `after`.
    async fn conversations_for_user(
        &self,
        user: UserId,
        after: Option<ListCursor>,
        limit: usize,
    ) -> CoreResult<Vec<ConversationSummary>>;
    /// Every user who shares with `user` at least one conversation of at most `max_members`
    /// members (`user` included when a member of one).
    async fn peers(&self, user: UserId, max_members: usize) -> CoreResult<Vec<UserId>>;
    /// Which of `candidates` share at least one conversation with `user`.
    async fn peers_among(&self, user: UserId, candidates: &[UserId]) -> CoreResult<Vec<UserId>>;
    /// Ids of every conversation of a user.
    async fn conversation_ids_for_user(&self, user: UserId) -> CoreResult<Vec<ConversationId>>;
    /// Applies a patch and returns the conversation.
    async fn update_conversation(&self, id: ConversationId, patch: ConversationPatch) -> CoreResult<Conversation>;
    /// Deletes a conversation with its members and messages.
    async fn delete_conversation(&self, id: ConversationId) -> CoreResult<()>;
    /// Adds a member; [`crate::CoreError::Conflict`] when already one.
    async fn add_member(&self, id: ConversationId, user: UserId, role: Role) -> CoreResult<()>;
    /// Changes a member's role.
    async fn set_role(&self, id: ConversationId, user: UserId, role: Role) -> CoreResult<()>;
    /// Removes a member; returns whether they were one.
    async fn remove_member(&self, id: ConversationId, user: UserId) -> CoreResult<bool>;
    /// Moves the read position forward (never back) to at most the last seq; returns the new position.
    async fn advance_read(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64>;
    /// Moves the delivered position forward (never back) to at most the last seq; returns the new position.
    async fn advance_delivered(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64>;
}
