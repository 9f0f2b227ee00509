//! The caller's conversation list, whole or a page at a time (see [`crate::conversation::ListCursor`]).

use super::{ConversationPage, ConversationService};
use crate::{
    ConversationId, CoreResult, UserId,
    conversation::{ConversationSummary, ListCursor},
};

impl ConversationService {
    /// All of the caller's conversations, most recently active first, with unread counts.
    pub async fn list(&self, me: UserId) -> CoreResult<Vec<ConversationSummary>> {
        self.listed(me, None, usize::MAX).await
    }

    /// A page of the caller's conversations, most recently active first, with the cursor of the
    /// next page.
    pub async fn list_page(
        &self,
        me: UserId,
        cursor: Option<&str>,
        limit: Option<u64>,
    ) -> CoreResult<ConversationPage> {
        let after = cursor.map(ListCursor::decode).transpose()?;
        let limit = usize::try_from(self.limits.page(limit)?).unwrap_or(usize::MAX);
        let mut items = self.listed(me, after, limit.saturating_add(1)).await?;
        let next_cursor = (items.len() > limit).then(|| {
            items.truncate(limit);
            items.last().map(|s| ListCursor::after(s).encode())
        });
        Ok(ConversationPage { items, next_cursor: next_cursor.flatten() })
    }

    /// The ids of the caller's `count` most recently active conversations.
    pub async fn recent_ids(&self, me: UserId, count: usize) -> CoreResult<Vec<ConversationId>> {
        Ok(self.store.conversations_for_user(me, None, count).await?.into_iter().map(|s| s.conversation.id).collect())
    }

    async fn listed(
        &self,
        me: UserId,
        after: Option<ListCursor>,
        limit: usize,
    ) -> CoreResult<Vec<ConversationSummary>> {
        let mut list = self.store.conversations_for_user(me, after, limit).await?;
        for summary in &mut list {
            summary.last_message = summary.last_message.take().map(|m| self.uploads.sign(m));
        }
        Ok(list)
    }
}
