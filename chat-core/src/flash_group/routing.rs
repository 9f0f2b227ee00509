use super::FlashGroupStore;
use crate::{
    ConversationId, CoreError, CoreResult, MessageId, UserId,
    conversation::{
        Conversation, ConversationPatch, ConversationStore, ConversationSummary, Member, NewConversation, Role,
    },
    message::{HistoryPage, Message, MessageStore, NewMessage, PageQuery},
};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Serves regular conversations from their store and flash groups from theirs, behind the
/// conversation and message store traits, so every service rule (membership, `seq`,
/// idempotency, receipts) applies to both. Regular conversations are asked first: they are the
/// common case, and a flash lookup only happens when the regular store has no such conversation.
///
/// Flash groups keep no per-message index: their messages cannot be edited, deleted, replied to
/// or searched; their membership and name are fixed at creation.
pub struct RoutedStore {
    conversations: Arc<dyn ConversationStore>,
    messages: Arc<dyn MessageStore>,
    flash: Arc<dyn FlashGroupStore>,
    keep: u64,
}

impl std::fmt::Debug for RoutedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoutedStore").field("keep", &self.keep).finish_non_exhaustive()
    }
}

impl RoutedStore {
    /// The live flash groups of `user`, or none when the flash store cannot answer: an outage of
    /// the flash-group store (Redis) must not take regular conversations down with it.
    async fn flash_groups_of(&self, user: UserId) -> Vec<ConversationId> {
        self.flash.flash_groups_for_user(user).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "flash groups unavailable; listing regular conversations only");
            Vec::new()
        })
    }

    /// Routes between the regular stores and the flash store; flash groups keep their newest
    /// `keep` messages.
    pub fn new(
        conversations: Arc<dyn ConversationStore>,
        messages: Arc<dyn MessageStore>,
        flash: Arc<dyn FlashGroupStore>,
        keep: u64,
    ) -> Self {
        Self { conversations, messages, flash, keep }
    }
}

#[async_trait::async_trait]
impl ConversationStore for RoutedStore {
    async fn insert_conversation(&self, new: NewConversation) -> CoreResult<Conversation> {
        self.conversations.insert_conversation(new).await
    }

    async fn direct_conversation(&self, direct_key: &str) -> CoreResult<Option<Conversation>> {
        self.conversations.direct_conversation(direct_key).await
    }

    async fn conversation(&self, id: ConversationId) -> CoreResult<Option<Conversation>> {
        match self.conversations.conversation(id).await? {
            Some(c) => Ok(Some(c)),
            None => self.flash.flash_group(id).await,
        }
    }

    async fn member_state(&self, id: ConversationId, user: UserId) -> CoreResult<Option<Member>> {
        match self.conversations.member_state(id, user).await? {
            Some(state) => Ok(Some(state)),
            None => self.flash.flash_member_state(id, user).await,
        }
    }

    async fn conversations_for_user(&self, user: UserId) -> CoreResult<Vec<ConversationSummary>> {
        let mut all = self.conversations.conversations_for_user(user).await?;
        for id in self.flash_groups_of(user).await {
            all.extend(self.flash.flash_summary(id, user).await?);
        }
        let activity =
            |s: &ConversationSummary| s.last_message.as_ref().map_or(s.conversation.created_at, |m| m.created_at);
        all.sort_by(|a, b| activity(b).cmp(&activity(a)).then(b.conversation.id.cmp(&a.conversation.id)));
        Ok(all)
    }

    async fn peers(&self, user: UserId) -> CoreResult<Vec<UserId>> {
        let mut peers = self.conversations.peers(user).await?;
        for id in self.flash_groups_of(user).await {
            peers.extend(self.flash.flash_group(id).await?.map(|g| g.member_ids()).unwrap_or_default());
        }
        peers.sort_unstable();
        peers.dedup();
        Ok(peers)
    }

    async fn conversation_ids_for_user(&self, user: UserId) -> CoreResult<Vec<ConversationId>> {
        let mut ids = self.conversations.conversation_ids_for_user(user).await?;
        ids.extend(self.flash_groups_of(user).await);
        Ok(ids)
    }

    async fn update_conversation(&self, id: ConversationId, patch: ConversationPatch) -> CoreResult<Conversation> {
        self.conversations.update_conversation(id, patch).await
    }

    async fn delete_conversation(&self, id: ConversationId) -> CoreResult<()> {
        self.conversations.delete_conversation(id).await
    }

    async fn add_member(&self, id: ConversationId, user: UserId, role: Role) -> CoreResult<()> {
        self.conversations.add_member(id, user, role).await
    }

    async fn set_role(&self, id: ConversationId, user: UserId, role: Role) -> CoreResult<()> {
        self.conversations.set_role(id, user, role).await
    }

    async fn remove_member(&self, id: ConversationId, user: UserId) -> CoreResult<bool> {
        self.conversations.remove_member(id, user).await
    }

    async fn advance_read(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        match self.conversations.advance_read(id, user, seq).await {
            Err(CoreError::NotFound(_)) => self.flash.advance_flash_read(id, user, seq).await,
            other => other,
        }
    }

    async fn advance_delivered(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        match self.conversations.advance_delivered(id, user, seq).await {
            Err(CoreError::NotFound(_)) => self.flash.advance_flash_delivered(id, user, seq).await,
            other => other,
        }
    }
}

#[async_trait::async_trait]
impl MessageStore for RoutedStore {
    async fn append_message(&self, new: NewMessage) -> CoreResult<(Message, bool)> {
        match self.messages.append_message(new.clone()).await {
            Err(CoreError::NotFound(_)) => self.flash.append_flash_message(new, self.keep).await,
            other => other,
        }
    }

    async fn message(&self, id: MessageId) -> CoreResult<Option<Message>> {
        self.messages.message(id).await
    }

    async fn history(&self, id: ConversationId, viewer: UserId, page: PageQuery) -> CoreResult<HistoryPage> {
        // Callers checked membership already: a regular membership means a regular conversation.
        if self.conversations.member_state(id, viewer).await?.is_some() {
            return self.messages.history(id, viewer, page).await;
        }
        self.flash.flash_history(id, page).await
    }

    async fn edit_message(&self, id: MessageId, content: String, at: DateTime<Utc>) -> CoreResult<Message> {
        self.messages.edit_message(id, content, at).await
    }

    async fn delete_for_everyone(&self, id: MessageId) -> CoreResult<Message> {
        self.messages.delete_for_everyone(id).await
    }

    async fn hide_message(&self, id: MessageId, user: UserId) -> CoreResult<()> {
        self.messages.hide_message(id, user).await
    }

    async fn search_messages(
        &self,
        user: UserId,
        query: &str,
        conversation: Option<ConversationId>,
        limit: u64,
    ) -> CoreResult<Vec<Message>> {
        self.messages.search_messages(user, query, conversation, limit).await
    }
}
