//! Flash groups in process memory. Expiry is a timer structure: groups are ordered by expiry, so
//! claiming the due ones touches only those, never the live ones.

use crate::{
    ConversationId, CoreError, CoreResult, MessageId, UserId,
    conversation::{Conversation, ConversationSummary, Member, Role},
    flash_group::{ExpiredGroup, FlashGroupStore},
    message::{
        HistoryPage, Message, NewMessage, PageQuery, Reaction, ReactionChange, ReactionKey, ReactionSet, ReactionStore,
        check_reactor,
    },
};
use chrono::{DateTime, Utc};
use std::{
    collections::{BTreeSet, HashMap, VecDeque},
    sync::{Mutex, MutexGuard, PoisonError},
};

/// Every flash group of this process.
#[derive(Debug, Default)]
pub struct MemoryFlashGroups {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    groups: HashMap<ConversationId, Group>,
    /// (expiry, group), earliest first.
    expiries: BTreeSet<(DateTime<Utc>, ConversationId)>,
}

#[derive(Debug)]
struct Group {
    conversation: Conversation,
    expires_at: DateTime<Utc>,
    /// The newest messages, ascending seq.
    messages: VecDeque<Message>,
    /// (sender, clientMsgId) → seq, for idempotent sends.
    sent: HashMap<(UserId, String), i64>,
    /// Reactions of the kept messages.
    reactions: HashMap<MessageId, ReactionSet>,
}

impl MemoryFlashGroups {
    /// No groups.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    /// A group that has not expired yet.
    fn live(&mut self, id: ConversationId) -> Option<&mut Group> {
        let now = crate::time::now();
        self.groups.get_mut(&id).filter(|g| g.expires_at > now)
    }
}

impl Group {
    fn summary(&self, user: UserId) -> Option<ConversationSummary> {
        let read_seq = self.conversation.member(user)?.read_seq;
        let unread = self.messages.iter().filter(|m| m.seq > read_seq && m.sender_id != user && !m.deleted).count();
        Some(ConversationSummary {
            conversation: self.conversation.clone(),
            last_message: self.messages.back().cloned(),
            unread_count: i64::try_from(unread).unwrap_or(i64::MAX),
            read_seq,
            last_activity_at: self.messages.back().map_or(self.conversation.created_at, |m| m.created_at),
        })
    }
}

#[async_trait::async_trait]
impl ReactionStore for MemoryFlashGroups {
    async fn set_reaction(&self, key: &ReactionKey, on: bool, max_kinds: usize) -> CoreResult<ReactionChange> {
        let mut state = self.state();
        let group = state.live(key.conversation_id).ok_or(CoreError::NotFound("conversation"))?;
        check_reactor(group.conversation.member(key.user_id).map(|m| m.role == Role::Blocked), on)?;
        if !group.messages.iter().any(|m| m.id == key.message_id) {
            return Err(CoreError::NotFound("message"));
        }
        ReactionSet::apply(&mut group.reactions, key, on, max_kinds)
    }

    async fn reactions(
        &self,
        conversation: ConversationId,
        viewer: UserId,
        messages: &[MessageId],
    ) -> CoreResult<HashMap<MessageId, Vec<Reaction>>> {
        let mut state = self.state();
        Ok(state.live(conversation).map(|g| ReactionSet::view_many(&g.reactions, viewer, messages)).unwrap_or_default())
    }
}

#[async_trait::async_trait]
impl FlashGroupStore for MemoryFlashGroups {
    async fn create_flash_group(&self, group: Conversation) -> CoreResult<()> {
        let expires_at = group.expires_at.ok_or_else(|| CoreError::internal("a flash group needs an expiry"))?;
        let mut state = self.state();
        state.expiries.insert((expires_at, group.id));
        state.groups.insert(
            group.id,
            Group {
                conversation: group,
                expires_at,
                messages: VecDeque::new(),
                sent: HashMap::new(),
                reactions: HashMap::new(),
            },
        );
        Ok(())
    }

    async fn flash_group(&self, id: ConversationId) -> CoreResult<Option<Conversation>> {
        Ok(self.state().live(id).map(|g| g.conversation.clone()))
    }

    async fn flash_groups_for_user(&self, user: UserId) -> CoreResult<Vec<ConversationId>> {
        let now = crate::time::now();
        let state = self.state();
        Ok(state
            .groups
            .values()
            .filter(|g| g.expires_at > now && g.conversation.member(user).is_some())
            .map(|g| g.conversation.id)
            .collect())
    }

    async fn flash_member_state(&self, id: ConversationId, user: UserId) -> CoreResult<Option<Member>> {
        let mut state = self.state();
        let Some(group) = state.live(id) else { return Ok(None) };
        Ok(group.conversation.member(user).copied())
    }

    async fn flash_summary(&self, id: ConversationId, user: UserId) -> CoreResult<Option<ConversationSummary>> {
        Ok(self.state().live(id).and_then(|g| g.summary(user)))
    }

    async fn append_flash_message(&self, new: NewMessage, keep: u64) -> CoreResult<(Message, bool)> {
        let mut state = self.state();
        let group = state.live(new.conversation_id).ok_or(CoreError::NotFound("conversation"))?;
        let key = new.client_msg_id.as_ref().map(|k| (new.sender_id, k.as_str().to_owned()));
        if let Some(&seq) = key.as_ref().and_then(|k| group.sent.get(k)) {
            // A replay of a message the cap already dropped must not store it a second time.
            return group.messages.iter().find(|m| m.seq == seq).map(|m| (m.clone(), false)).ok_or_else(|| {
                CoreError::Conflict("this clientMsgId was used for a message the group no longer keeps".into())
            });
        }
        group.conversation.last_seq += 1;
        let message = new.into_message(group.conversation.last_seq);
        if let Some(key) = key {
            group.sent.insert(key, message.seq);
        }
        group.messages.push_back(message.clone());
        let keep = usize::try_from(keep).unwrap_or(usize::MAX).max(1);
        while group.messages.len() > keep {
            if let Some(dropped) = group.messages.pop_front() {
                group.reactions.remove(&dropped.id);
            }
        }
        Ok((message, true))
    }

    async fn flash_history(&self, id: ConversationId, page: PageQuery) -> CoreResult<HistoryPage> {
        let mut state = self.state();
        let Some(group) = state.live(id) else { return Ok(HistoryPage { items: Vec::new(), has_more: false }) };
        Ok(HistoryPage::slice(group.messages.iter(), page))
    }

    async fn advance_flash_read(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        advance(&mut self.state(), id, user, seq, true)
    }

    async fn advance_flash_delivered(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        advance(&mut self.state(), id, user, seq, false)
    }

    async fn claim_expired(&self, now: DateTime<Utc>) -> CoreResult<Vec<ExpiredGroup>> {
        let mut state = self.state();
        let mut expired = Vec::new();
        while let Some(&(at, id)) = state.expiries.first() {
            if at > now {
                break;
            }
            state.expiries.pop_first();
            if let Some(group) = state.groups.remove(&id) {
                expired.push(ExpiredGroup { id, member_ids: group.conversation.member_ids() });
            }
        }
        Ok(expired)
    }
}

fn advance(state: &mut State, id: ConversationId, user: UserId, seq: i64, read: bool) -> CoreResult<i64> {
    let group = state.live(id).ok_or(CoreError::NotFound("conversation"))?;
    let last_seq = group.conversation.last_seq;
    let member = group.conversation.member_mut(user).ok_or(CoreError::NotFound("conversation"))?;
    let slot = if read { &mut member.read_seq } else { &mut member.delivered_seq };
    *slot = (*slot).max(seq.min(last_seq));
    Ok(*slot)
}
