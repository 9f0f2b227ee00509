use super::{ConversationRow, MemoryBackend};
use crate::{
    ConversationId, CoreError, CoreResult, Taken, UserId,
    conversation::{
        Conversation, ConversationPatch, ConversationStore, ConversationSummary, ListCursor, Member, NewConversation,
        Role,
    },
};

#[async_trait::async_trait]
impl ConversationStore for MemoryBackend {
    async fn insert_conversation(&self, new: NewConversation) -> CoreResult<Conversation> {
        let mut state = self.state();
        let conversation = new.conversation;
        if let Some(key) = &new.direct_key {
            if state.direct_keys.contains_key(key) {
                return Err(CoreError::Taken(Taken::DirectConversation));
            }
            state.direct_keys.insert(key.clone(), conversation.id);
        }
        state.conversations.insert(
            conversation.id,
            ConversationRow {
                conversation: conversation.clone(),
                direct_key: new.direct_key,
                last_activity: conversation.created_at,
            },
        );
        Ok(conversation)
    }

    async fn direct_conversation(&self, direct_key: &str) -> CoreResult<Option<Conversation>> {
        let state = self.state();
        Ok(state.direct_keys.get(direct_key).and_then(|id| state.conversations.get(id)).map(|r| r.conversation.clone()))
    }

    async fn conversation(&self, id: ConversationId) -> CoreResult<Option<Conversation>> {
        Ok(self.state().conversations.get(&id).map(|r| r.conversation.clone()))
    }

    async fn member_state(&self, id: ConversationId, user: UserId) -> CoreResult<Option<Member>> {
        let state = self.state();
        let Some(row) = state.conversations.get(&id) else {
            return Ok(None);
        };
        Ok(row.conversation.member(user).copied())
    }

    async fn conversations_for_user(
        &self,
        user: UserId,
        after: Option<ListCursor>,
        limit: usize,
    ) -> CoreResult<Vec<ConversationSummary>> {
        let state = self.state();
        let mut rows: Vec<&ConversationRow> = state
            .conversations
            .values()
            .filter(|r| r.conversation.role_of(user).is_some())
            .filter(|r| after.is_none_or(|c| (r.last_activity, r.conversation.id) < (c.activity, c.id)))
            .collect();
        rows.sort_by(|a, b| b.last_activity.cmp(&a.last_activity).then(b.conversation.id.cmp(&a.conversation.id)));
        Ok(rows
            .into_iter()
            .take(limit)
            .map(|row| {
                let id = row.conversation.id;
                let read_seq = row.conversation.member(user).map_or(0, |m| m.read_seq);
                let unread_count = state
                    .visible_messages(id, user)
                    .filter(|m| m.seq > read_seq && m.sender_id != user && !m.deleted)
                    .count();
                ConversationSummary {
                    conversation: row.conversation.clone(),
                    last_message: state.visible_messages(id, user).next_back().cloned(),
                    unread_count: i64::try_from(unread_count).unwrap_or(i64::MAX),
                    read_seq,
                    last_activity_at: row.last_activity,
                }
            })
            .collect())
    }

    async fn peers_among(&self, user: UserId, candidates: &[UserId]) -> CoreResult<Vec<UserId>> {
        let state = self.state();
        let shares = |other: UserId| {
            state
                .conversations
                .values()
                .any(|r| r.conversation.role_of(user).is_some() && r.conversation.role_of(other).is_some())
        };
        Ok(candidates.iter().copied().filter(|c| shares(*c)).collect())
    }

    async fn peers(&self, user: UserId, max_members: usize) -> CoreResult<Vec<UserId>> {
        let state = self.state();
        let mut peers: Vec<UserId> = state
            .conversations
            .values()
            .filter(|r| r.conversation.role_of(user).is_some() && r.conversation.members.len() <= max_members)
            .flat_map(|r| r.conversation.member_ids())
            .collect();
        peers.sort_unstable();
        peers.dedup();
        Ok(peers)
    }

    async fn conversation_ids_for_user(&self, user: UserId) -> CoreResult<Vec<ConversationId>> {
        let state = self.state();
        Ok(state
            .conversations
            .values()
            .filter(|r| r.conversation.role_of(user).is_some())
            .map(|r| r.conversation.id)
            .collect())
    }

    async fn update_conversation(&self, id: ConversationId, patch: ConversationPatch) -> CoreResult<Conversation> {
        let mut state = self.state();
        let row = state.conversations.get_mut(&id).ok_or(CoreError::NotFound("conversation"))?;
        let c = &mut row.conversation;
        if let Some(name) = patch.name {
            c.name = Some(name);
        }
        if let Some(description) = patch.description {
            c.description = description;
        }
        if let Some(url) = patch.avatar_url {
            c.avatar_url = url;
        }
        Ok(c.clone())
    }

    async fn delete_conversation(&self, id: ConversationId) -> CoreResult<()> {
        let mut state = self.state();
        if let Some(key) = state.conversations.remove(&id).and_then(|row| row.direct_key) {
            state.direct_keys.remove(&key);
        }
        for message in state.messages.remove(&id).unwrap_or_default() {
            state.message_index.remove(&message.id);
            state.hidden.retain(|(m, _)| *m != message.id);
            state.reactions.remove(&message.id);
        }
        drop(state);
        self.forget_mutes(id);
        Ok(())
    }

    async fn add_member(&self, id: ConversationId, user: UserId, role: Role) -> CoreResult<()> {
        let mut state = self.state();
        let row = state.conversations.get_mut(&id).ok_or(CoreError::NotFound("conversation"))?;
        if row.conversation.role_of(user).is_some() {
            return Err(CoreError::Taken(Taken::Membership));
        }
        row.conversation.members.push(Member::new(user, role));
        Ok(())
    }

    async fn set_role(&self, id: ConversationId, user: UserId, role: Role) -> CoreResult<()> {
        let mut state = self.state();
        let row = state.conversations.get_mut(&id).ok_or(CoreError::NotFound("conversation"))?;
        keeps_an_owner(&row.conversation, user, role != Role::Owner)?;
        row.conversation.member_mut(user).ok_or(CoreError::NotFound("member"))?.role = role;
        Ok(())
    }

    async fn remove_member(&self, id: ConversationId, user: UserId) -> CoreResult<bool> {
        let mut state = self.state();
        let Some(row) = state.conversations.get_mut(&id) else {
            return Ok(false);
        };
        keeps_an_owner(&row.conversation, user, true)?;
        let before = row.conversation.members.len();
        row.conversation.members.retain(|m| m.user_id != user);
        let removed = row.conversation.members.len() < before;
        drop(state);
        self.forget_mute(id, user);
        Ok(removed)
    }

    async fn advance_read(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        self.advance(id, user, seq, |m| &mut m.read_seq)
    }

    async fn advance_delivered(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        self.advance(id, user, seq, |m| &mut m.delivered_seq)
    }
}

impl MemoryBackend {
    fn advance(
        &self,
        id: ConversationId,
        user: UserId,
        seq: i64,
        field: impl Fn(&mut Member) -> &mut i64,
    ) -> CoreResult<i64> {
        let mut state = self.state();
        let row = state.conversations.get_mut(&id).ok_or(CoreError::NotFound("conversation"))?;
        let last_seq = row.conversation.last_seq;
        let member = row.conversation.member_mut(user).ok_or(CoreError::NotFound("conversation"))?;
        let slot = field(member);
        *slot = (*slot).max(seq.min(last_seq));
        Ok(*slot)
    }
}

/// Refuses to take ownership from the only owner of a conversation that has other members.
fn keeps_an_owner(conversation: &Conversation, user: UserId, losing_ownership: bool) -> CoreResult<()> {
    let owners = conversation.members.iter().filter(|m| m.role == Role::Owner).count();
    if losing_ownership
        && conversation.role_of(user) == Some(Role::Owner)
        && owners == 1
        && conversation.members.len() > 1
    {
        return Err(CoreError::Conflict("a conversation keeps at least one owner".into()));
    }
    Ok(())
}
