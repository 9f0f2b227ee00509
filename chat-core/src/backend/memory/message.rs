use super::{MemoryBackend, State};
use crate::{
    ConversationId, CoreError, CoreResult, MessageId, UserId,
    conversation::Role,
    message::{
        HistoryPage, Message, MessageStore, NewMessage, PageQuery, Reaction, ReactionChange, ReactionKey, ReactionSet,
        ReactionStore, check_reactor,
    },
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

#[async_trait::async_trait]
impl ReactionStore for MemoryBackend {
    async fn set_reaction(&self, key: &ReactionKey, on: bool, max_kinds: usize) -> CoreResult<ReactionChange> {
        let mut state = self.state();
        let role = state.conversations.get(&key.conversation_id).and_then(|r| r.conversation.role_of(key.user_id));
        check_reactor(role.map(|r| r == Role::Blocked), on)?;
        let message = state
            .messages
            .get(&key.conversation_id)
            .filter(|_| state.message_index.get(&key.message_id) == Some(&key.conversation_id))
            .and_then(|log| log.iter().find(|m| m.id == key.message_id))
            .ok_or(CoreError::NotFound("message"))?;
        if message.deleted {
            return Err(CoreError::Conflict("a deleted message cannot be reacted to".into()));
        }
        ReactionSet::apply(&mut state.reactions, key, on, max_kinds)
    }

    async fn reactions(
        &self,
        _conversation: ConversationId,
        viewer: UserId,
        messages: &[MessageId],
    ) -> CoreResult<HashMap<MessageId, Vec<Reaction>>> {
        Ok(ReactionSet::view_many(&self.state().reactions, viewer, messages))
    }
}

#[async_trait::async_trait]
impl MessageStore for MemoryBackend {
    async fn append_messages(&self, batch: Vec<NewMessage>) -> Vec<CoreResult<(Message, bool)>> {
        let mut state = self.state();
        batch.into_iter().map(|new| state.append(new)).collect()
    }

    async fn message(&self, id: MessageId) -> CoreResult<Option<Message>> {
        let state = self.state();
        Ok(state
            .message_index
            .get(&id)
            .and_then(|c| state.messages.get(c))
            .and_then(|log| log.iter().find(|m| m.id == id).cloned()))
    }

    async fn history(&self, id: ConversationId, viewer: UserId, page: PageQuery) -> CoreResult<HistoryPage> {
        Ok(HistoryPage::slice(self.state().visible_messages(id, viewer), page))
    }

    async fn edit_message(&self, id: MessageId, content: String, at: DateTime<Utc>) -> CoreResult<Message> {
        self.update_message(id, |m| {
            m.content = content;
            m.edited_at = Some(at);
        })
    }

    async fn delete_for_everyone(&self, id: MessageId) -> CoreResult<Message> {
        self.update_message(id, |m| {
            m.content.clear();
            m.attachments.clear();
            m.deleted = true;
        })
    }

    async fn hide_message(&self, id: MessageId, user: UserId) -> CoreResult<()> {
        let mut state = self.state();
        if !state.message_index.contains_key(&id) {
            return Err(CoreError::NotFound("message"));
        }
        state.hidden.insert((id, user));
        Ok(())
    }

    async fn search_messages(
        &self,
        user: UserId,
        query: &str,
        conversation: Option<ConversationId>,
        limit: u64,
    ) -> CoreResult<Vec<Message>> {
        let state = self.state();
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut found: Vec<Message> = state
            .conversations
            .values()
            .filter(|r| r.conversation.role_of(user).is_some())
            .filter(|r| conversation.is_none_or(|c| c == r.conversation.id))
            .flat_map(|r| state.visible_messages(r.conversation.id, user))
            .filter(|m| !m.deleted)
            .filter(|m| {
                let tokens: Vec<String> =
                    m.content.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
                words.iter().all(|w| tokens.iter().any(|t| t == w))
            })
            .cloned()
            .collect();
        found.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.seq.cmp(&a.seq)));
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(found)
    }
}

impl MemoryBackend {
    fn update_message(&self, id: MessageId, change: impl FnOnce(&mut Message)) -> CoreResult<Message> {
        let mut state = self.state();
        let conversation = *state.message_index.get(&id).ok_or(CoreError::NotFound("message"))?;
        let message = state
            .messages
            .get_mut(&conversation)
            .and_then(|log| log.iter_mut().find(|m| m.id == id))
            .ok_or(CoreError::NotFound("message"))?;
        change(message);
        Ok(message.clone())
    }
}

impl State {
    /// One message of a batch: the reference behaviour every backend matches.
    fn append(&mut self, new: NewMessage) -> CoreResult<(Message, bool)> {
        let row = self.conversations.get_mut(&new.conversation_id).ok_or(CoreError::NotFound("conversation"))?;
        if row.conversation.role_of(new.sender_id).is_none_or(|role| role == Role::Blocked) {
            return Err(CoreError::NotFound("conversation"));
        }
        let log = self.messages.entry(new.conversation_id).or_default();
        let replayed = new.client_msg_id.as_ref().and_then(|key| {
            log.iter().find(|m| m.sender_id == new.sender_id && m.client_msg_id.as_deref() == Some(key.as_str()))
        });
        if let Some(existing) = replayed {
            return Ok((existing.clone(), false));
        }
        row.conversation.last_seq += 1;
        row.last_activity = new.created_at;
        let message = new.into_message(row.conversation.last_seq);
        log.push(message.clone());
        self.message_index.insert(message.id, message.conversation_id);
        Ok((message, true))
    }
}
