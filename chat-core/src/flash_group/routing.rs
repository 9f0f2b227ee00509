use super::FlashGroupStore;
use crate::{
    ConversationId, CoreError, CoreResult, MessageId, UserId,
    conversation::{
        Conversation, ConversationPatch, ConversationStore, ConversationSummary, ListCursor, Member, NewConversation,
        Role,
    },
    message::{
        HistoryPage, Message, MessageStore, NewMessage, PageQuery, Reaction, ReactionChange, ReactionKey, ReactionStore,
    },
};
use chrono::{DateTime, Utc};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

/// Serves regular conversations from their store and flash groups from theirs, behind the
/// conversation and message store traits, so every service rule (membership, `seq`,
/// idempotency, receipts) applies to both. Regular conversations are asked first: they are the
/// common case, and a flash lookup only happens when the regular store has no such conversation.
/// Which store holds a conversation never changes, so the answer is remembered ([`Routes`]) and
/// sends and history go straight to the right store.
///
/// Flash groups keep no per-message index: their messages cannot be edited, deleted, replied to
/// or searched; their membership and name are fixed at creation.
pub struct RoutedStore {
    conversations: Arc<dyn ConversationStore>,
    messages: Arc<dyn MessageStore>,
    flash: Arc<dyn FlashGroupStore>,
    keep: u64,
    routes: Routes,
}

/// Where a conversation lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    Regular,
    Flash,
}

/// Conversations whose store is known (a conversation's kind never changes).
#[derive(Debug, Default)]
struct Routes(Mutex<HashMap<ConversationId, Route>>);

/// Routes remembered at most; past it the map starts over (it only saves lookups).
const ROUTES_CAPACITY: usize = 100_000;

impl Routes {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<ConversationId, Route>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn get(&self, id: ConversationId) -> Option<Route> {
        self.map().get(&id).copied()
    }

    fn remember(&self, id: ConversationId, route: Route) {
        let mut map = self.map();
        if map.len() >= ROUTES_CAPACITY {
            map.clear();
        }
        map.insert(id, route);
    }
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
        Self { conversations, messages, flash, keep, routes: Routes::default() }
    }

    /// Which store holds `id`, asked as `user` (a member's lookup finds either kind). An unknown
    /// conversation goes to the regular store, which answers that it does not exist.
    async fn route(&self, id: ConversationId, user: UserId) -> CoreResult<Route> {
        if let Some(route) = self.routes.get(id) {
            return Ok(route);
        }
        self.member_state(id, user).await?;
        Ok(self.routes.get(id).unwrap_or(Route::Regular))
    }

    /// Appends flash messages, one conversation after another message by message (the flash
    /// store gives seqs in arrival order) and conversations concurrently.
    async fn append_flash(&self, batch: Vec<(usize, NewMessage)>) -> Vec<(usize, CoreResult<(Message, bool)>)> {
        let mut by_conversation: HashMap<ConversationId, Vec<(usize, NewMessage)>> = HashMap::new();
        for (index, new) in batch {
            by_conversation.entry(new.conversation_id).or_default().push((index, new));
        }
        let runs = by_conversation.into_values().map(|run| async move {
            let mut outcomes = Vec::with_capacity(run.len());
            for (index, new) in run {
                let outcome = match self.flash.flash_member_state(new.conversation_id, new.sender_id).await {
                    Ok(Some(_)) => self.flash.append_flash_message(new, self.keep).await,
                    Ok(None) => Err(CoreError::NotFound("conversation")),
                    Err(e) => Err(e),
                };
                outcomes.push((index, outcome));
            }
            outcomes
        });
        futures::future::join_all(runs).await.into_iter().flatten().collect()
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
        if self.routes.get(id) != Some(Route::Flash)
            && let Some(c) = self.conversations.conversation(id).await?
        {
            self.routes.remember(id, Route::Regular);
            return Ok(Some(c));
        }
        let found = self.flash.flash_group(id).await?;
        if found.is_some() {
            self.routes.remember(id, Route::Flash);
        }
        Ok(found)
    }

    async fn member_state(&self, id: ConversationId, user: UserId) -> CoreResult<Option<Member>> {
        if self.routes.get(id) != Some(Route::Flash) {
            if let Some(state) = self.conversations.member_state(id, user).await? {
                self.routes.remember(id, Route::Regular);
                return Ok(Some(state));
            }
            if self.routes.get(id) == Some(Route::Regular) {
                return Ok(None);
            }
        }
        let found = self.flash.flash_member_state(id, user).await?;
        if found.is_some() {
            self.routes.remember(id, Route::Flash);
        }
        Ok(found)
    }

    async fn conversations_for_user(
        &self,
        user: UserId,
        after: Option<ListCursor>,
        limit: usize,
    ) -> CoreResult<Vec<ConversationSummary>> {
        // The page of each kind, merged: what is past the first `limit` of either is past the
        // first `limit` of both.
        let mut page = self.conversations.conversations_for_user(user, after, limit).await?;
        for id in self.flash_groups_of(user).await {
            let summary = self.flash.flash_summary(id, user).await?;
            page.extend(summary.filter(|s| after.is_none_or(|c| c.precedes(s))));
        }
        crate::conversation::sort_summaries(&mut page);
        page.truncate(limit);
        Ok(page)
    }

    async fn peers_among(&self, user: UserId, candidates: &[UserId]) -> CoreResult<Vec<UserId>> {
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let mut peers = self.conversations.peers_among(user, candidates).await?;
        for id in self.flash_groups_of(user).await {
            let members = self.flash.flash_group(id).await?.map(|g| g.member_ids()).unwrap_or_default();
            peers.extend(candidates.iter().copied().filter(|c| members.contains(c)));
        }
        peers.sort_unstable();
        peers.dedup();
        Ok(peers)
    }

    async fn peers(&self, user: UserId, max_members: usize) -> CoreResult<Vec<UserId>> {
        let mut peers = self.conversations.peers(user, max_members).await?;
        for id in self.flash_groups_of(user).await {
            let members = self.flash.flash_group(id).await?.map(|g| g.member_ids()).unwrap_or_default();
            if members.len() <= max_members {
                peers.extend(members);
            }
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
impl ReactionStore for RoutedStore {
    async fn set_reaction(&self, key: &ReactionKey, on: bool, max_kinds: usize) -> CoreResult<ReactionChange> {
        match self.route(key.conversation_id, key.user_id).await? {
            Route::Regular => self.messages.set_reaction(key, on, max_kinds).await,
            Route::Flash => self.flash.set_reaction(key, on, max_kinds).await,
        }
    }

    async fn reactions(
        &self,
        conversation: ConversationId,
        viewer: UserId,
        messages: &[MessageId],
    ) -> CoreResult<HashMap<MessageId, Vec<Reaction>>> {
        match self.route(conversation, viewer).await? {
            Route::Regular => self.messages.reactions(conversation, viewer, messages).await,
            Route::Flash => self.flash.reactions(conversation, viewer, messages).await,
        }
    }
}

#[async_trait::async_trait]
impl MessageStore for RoutedStore {
    async fn append_messages(&self, batch: Vec<NewMessage>) -> Vec<CoreResult<(Message, bool)>> {
        let size = batch.len();
        let (mut regular, mut flash) = (Vec::new(), Vec::new());
        let mut outcomes: Vec<Option<CoreResult<(Message, bool)>>> = (0..size).map(|_| None).collect();
        for (index, new) in batch.into_iter().enumerate() {
            match self.route(new.conversation_id, new.sender_id).await {
                Ok(Route::Regular) => regular.push((index, new)),
                Ok(Route::Flash) => flash.push((index, new)),
                Err(e) => outcomes[index] = Some(Err(e)),
            }
        }
        let (indexes, regular): (Vec<usize>, Vec<NewMessage>) = regular.into_iter().unzip();
        let appended =
            async { if regular.is_empty() { Vec::new() } else { self.messages.append_messages(regular).await } };
        let (appended, flashed) = futures::join!(appended, self.append_flash(flash));
        for (index, outcome) in indexes.into_iter().zip(appended).chain(flashed) {
            outcomes[index] = Some(outcome);
        }
        outcomes
            .into_iter()
            .map(|o| o.unwrap_or_else(|| Err(CoreError::internal("a message of the batch got no answer"))))
            .collect()
    }

    async fn message(&self, id: MessageId) -> CoreResult<Option<Message>> {
        self.messages.message(id).await
    }

    async fn history(&self, id: ConversationId, viewer: UserId, page: PageQuery) -> CoreResult<HistoryPage> {
        // Callers checked membership already, which found the route.
        match self.route(id, viewer).await? {
            Route::Regular => self.messages.history(id, viewer, page).await,
            Route::Flash => self.flash.flash_history(id, page).await,
        }
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
