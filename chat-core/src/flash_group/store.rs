use crate::{
    ConversationId, CoreResult, UserId,
    conversation::{Conversation, ConversationSummary, Member},
    message::{HistoryPage, Message, NewMessage, PageQuery, ReactionStore},
};
use chrono::{DateTime, Utc};

/// A group whose time ran out, with the members to tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiredGroup {
    /// The group.
    pub id: ConversationId,
    /// Its members at expiry.
    pub member_ids: Vec<UserId>,
}

/// Storage of flash groups. Every read answers as if the group never existed once its
/// `expires_at` has passed, whether or not its data was removed yet. Reactions live and expire
/// with the group's messages.
#[async_trait::async_trait]
pub trait FlashGroupStore: ReactionStore {
    /// Stores a group (kind `flash`, `expires_at` set, members with roles); all of its data
    /// expires at `expires_at`, set atomically.
    async fn create_flash_group(&self, group: Conversation) -> CoreResult<()>;
    /// A live group with its members and `last_seq`.
    async fn flash_group(&self, id: ConversationId) -> CoreResult<Option<Conversation>>;
    /// The live groups of a user.
    async fn flash_groups_for_user(&self, user: UserId) -> CoreResult<Vec<ConversationId>>;
    /// A member's role and positions.
    async fn flash_member_state(&self, id: ConversationId, user: UserId) -> CoreResult<Option<Member>>;
    /// The group as listed for one member: newest message, unread count, read position.
    async fn flash_summary(&self, id: ConversationId, user: UserId) -> CoreResult<Option<ConversationSummary>>;
    /// Appends with the next `seq`, idempotent by (sender, `client_msg_id`), keeping the newest
    /// `keep` messages. Never extends the group's life. [`crate::CoreError::NotFound`] when expired.
    async fn append_flash_message(&self, new: NewMessage, keep: u64) -> CoreResult<(Message, bool)>;
    /// A page of the kept messages, ascending `seq` (same paging as regular history).
    async fn flash_history(&self, id: ConversationId, page: PageQuery) -> CoreResult<HistoryPage>;
    /// Moves a read position forward (never back, at most `last_seq`); returns it.
    async fn advance_flash_read(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64>;
    /// Moves a delivered position forward (never back, at most `last_seq`); returns it.
    async fn advance_flash_delivered(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64>;
    /// Groups whose expiry is at or before `now`, each returned to exactly one caller across every
    /// process sharing the store (so exactly one announces it), with anything left of them removed.
    async fn claim_expired(&self, now: DateTime<Utc>) -> CoreResult<Vec<ExpiredGroup>>;
}
