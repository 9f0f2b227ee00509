//! Who is notified of stored messages; a user's notifications and mutes.

use super::{MuteStore, Notification, NotificationKind, NotificationStore, PREVIEW_CHARS, mentions};
use crate::{
    ConversationId, CoreError, CoreResult, DomainEvent, EventSink, UserId,
    conversation::ConversationStore,
    message::Message,
    presence::PresenceStore,
    user::{Status, UserStore},
};
use chrono::{DateTime, Utc};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
    time::Duration,
};
use tokio::sync::mpsc;
use uuid::Uuid;

/// How often notifications older than their lifetime are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(60);
/// Committed batches the notifier holds at most before the message writer waits for it. It
/// takes all of them at once (one members query for all): the further it falls behind, the
/// fewer queries it makes per message.
const NOTIFIER_QUEUE: usize = 64;
/// Notifications stored in one transaction at most (a huge offline group does not hold the
/// database's writer for long).
const INSERT_CHUNK: usize = 500;

/// Notifications: deciding them, listing, counting and marking them; mutes.
#[derive(Clone)]
pub struct NotificationService {
    store: Arc<dyn NotificationStore>,
    mutes: Arc<dyn MuteStore>,
    /// Conversations without flash groups: those notify no one.
    conversations: Arc<dyn ConversationStore>,
    users: Arc<dyn UserStore>,
    presence: Arc<dyn PresenceStore>,
    events: Arc<dyn EventSink>,
    /// How long a notification is kept.
    lifetime: Duration,
}

impl std::fmt::Debug for NotificationService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotificationService").field("lifetime", &self.lifetime).finish_non_exhaustive()
    }
}

/// Where [`NotificationService::notify`] learns about the world.
#[derive(Clone)]
pub struct NotificationStores {
    /// Notifications.
    pub store: Arc<dyn NotificationStore>,
    /// Mutes.
    pub mutes: Arc<dyn MuteStore>,
    /// Conversations and members (flash groups left out).
    pub conversations: Arc<dyn ConversationStore>,
    /// Usernames, for mentions.
    pub users: Arc<dyn UserStore>,
    /// Who has a live connection.
    pub presence: Arc<dyn PresenceStore>,
}

impl std::fmt::Debug for NotificationStores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotificationStores").finish_non_exhaustive()
    }
}

impl NotificationService {
    /// Builds the service; notifications live `lifetime`.
    pub fn new(stores: NotificationStores, events: Arc<dyn EventSink>, lifetime: Duration) -> Self {
        let NotificationStores { store, mutes, conversations, users, presence } = stores;
        Self { store, mutes, conversations, users, presence, events, lifetime }
    }

    /// Notifies the members concerned by `messages` (just stored, in order), records the
    /// notifications and announces those of connected users to them
    /// ([`DomainEvent::NotificationCreated`]); returns how many were stored.
    pub async fn notify(&self, messages: &[Message]) -> CoreResult<usize> {
        let mut ids: Vec<ConversationId> = messages.iter().map(|m| m.conversation_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut members: HashMap<ConversationId, Vec<UserId>> = HashMap::new();
        for (conversation, user) in self.conversations.members_of(&ids).await? {
            members.entry(conversation).or_default().push(user);
        }
        let everyone: Vec<UserId> = members.values().flatten().copied().collect::<HashSet<_>>().into_iter().collect();
        let statuses = self.presence.statuses(&everyone).await?;
        let offline: HashSet<UserId> =
            everyone.iter().zip(statuses).filter(|(_, s)| *s == Status::Offline).map(|(u, _)| *u).collect();
        let usernames = self.usernames(messages, &members).await?;

        let now = crate::time::now();
        // Who each message concerns, before mutes: one mute lookup per conversation.
        let mut concerned: Vec<(&Message, Vec<(UserId, NotificationKind)>)> = Vec::new();
        let mut candidates: HashMap<ConversationId, HashSet<UserId>> = HashMap::new();
        for message in messages {
            let Some(members) = members.get(&message.conversation_id) else { continue };
            let mentioned: HashSet<UserId> = match message.content.contains('@') {
                true => mentions(&message.content).iter().filter_map(|name| usernames.get(name)).copied().collect(),
                false => HashSet::new(),
            };
            let users: Vec<(UserId, NotificationKind)> = members
                .iter()
                .filter(|user| **user != message.sender_id)
                .filter_map(|user| match (mentioned.contains(user), offline.contains(user)) {
                    (true, _) => Some((*user, NotificationKind::Mention)),
                    (false, true) => Some((*user, NotificationKind::Message)),
                    (false, false) => None,
                })
                .collect();
            if !users.is_empty() {
                candidates.entry(message.conversation_id).or_default().extend(users.iter().map(|(u, _)| *u));
                concerned.push((message, users));
            }
        }
        let mut muted: HashSet<(ConversationId, UserId)> = HashSet::new();
        for (conversation, users) in candidates {
            let users: Vec<UserId> = users.into_iter().collect();
            muted.extend(
                self.mutes.muted_among(conversation, &users, now).await?.into_iter().map(|u| (conversation, u)),
            );
        }
        let mut notifications = Vec::new();
        for (message, users) in concerned {
            for (user, kind) in users.into_iter().filter(|(u, _)| !muted.contains(&(message.conversation_id, *u))) {
                notifications.push(Notification {
                    id: Uuid::now_v7(),
                    user_id: user,
                    kind,
                    conversation_id: message.conversation_id,
                    message_id: message.id,
                    seq: message.seq,
                    sender_id: message.sender_id,
                    preview: message.content.chars().take(PREVIEW_CHARS).collect(),
                    created_at: now,
                    read: false,
                });
            }
        }
        let stored = self.store(notifications).await;
        metrics::counter!("chat_notifications_created_total").increment(stored.len() as u64);
        let count = stored.len();
        // Only connected users can be told live; the others find theirs when they come back.
        for notification in stored.into_iter().filter(|n| !offline.contains(&n.user_id)) {
            self.events.publish(DomainEvent::NotificationCreated(notification));
        }
        Ok(count)
    }

    /// Stores `notifications` in chunks; a chunk that fails (a recipient or a conversation
    /// deleted meanwhile) one by one, so that one bad row costs only itself. Returns those stored.
    async fn store(&self, notifications: Vec<Notification>) -> Vec<Notification> {
        let mut stored = Vec::with_capacity(notifications.len());
        for chunk in notifications.chunks(INSERT_CHUNK) {
            if self.store.insert_notifications(chunk).await.is_ok() {
                stored.extend_from_slice(chunk);
                continue;
            }
            for notification in chunk {
                match self.store.insert_notifications(std::slice::from_ref(notification)).await {
                    Ok(()) => stored.push(notification.clone()),
                    Err(e) => {
                        metrics::counter!("chat_notification_errors_total").increment(1);
                        tracing::warn!(error = %e, user = %notification.user_id, "storing a notification");
                    }
                }
            }
        }
        stored
    }

    /// Username → member, for the conversations of messages that may mention someone: only
    /// members can be mentioned.
    async fn usernames(
        &self,
        messages: &[Message],
        members: &HashMap<ConversationId, Vec<UserId>>,
    ) -> CoreResult<HashMap<String, UserId>> {
        let mut concerned: Vec<UserId> = messages
            .iter()
            .filter(|m| m.content.contains('@'))
            .filter_map(|m| members.get(&m.conversation_id))
            .flatten()
            .copied()
            .collect();
        if concerned.is_empty() {
            return Ok(HashMap::new());
        }
        concerned.sort_unstable();
        concerned.dedup();
        let users = self.users.users_by_ids(&concerned).await?;
        Ok(users.into_iter().map(|u| (u.username, u.id)).collect())
    }

    /// Starts the task that notifies for each batch the message writer committed; the writer
    /// waits when it falls behind (so notifications are never dropped under load), and it deletes
    /// notifications past their lifetime.
    pub fn spawn_notifier(self) -> mpsc::Sender<Vec<Message>> {
        let (sender, mut batches) = mpsc::channel::<Vec<Message>>(NOTIFIER_QUEUE);
        tokio::spawn(async move {
            let mut prune = tokio::time::interval(PRUNE_EVERY);
            let mut taken = Vec::new();
            loop {
                tokio::select! {
                    received = batches.recv_many(&mut taken, NOTIFIER_QUEUE) => {
                        if received == 0 {
                            return;
                        }
                        let messages: Vec<Message> = taken.drain(..).flatten().collect();
                        if let Err(e) = self.notify(&messages).await {
                            metrics::counter!("chat_notification_errors_total").increment(1);
                            tracing::warn!(error = %e, messages = messages.len(), "notifying of stored messages");
                        }
                    }
                    _ = prune.tick() => self.prune().await,
                }
            }
        });
        sender
    }

    async fn prune(&self) {
        let Some(before) =
            chrono::Duration::from_std(self.lifetime).ok().and_then(|d| Utc::now().checked_sub_signed(d))
        else {
            return;
        };
        if let Err(e) = self.store.prune_notifications(before).await {
            tracing::warn!(error = %e, "pruning notifications");
        }
    }

    /// `me`'s notifications, newest first, after the `cursor` of the previous page; with the next
    /// page's cursor.
    pub async fn list(
        &self,
        me: UserId,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> CoreResult<(Vec<Notification>, Option<Uuid>)> {
        let mut items = self.store.notifications(me, cursor, limit.saturating_add(1)).await?;
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let next = (items.len() > limit).then(|| items[limit - 1].id);
        items.truncate(limit);
        Ok((items, next))
    }

    /// Marks `me`'s notifications read (all, or up to `up_to`); returns how many stay unread.
    pub async fn mark_read(&self, me: UserId, up_to: Option<Uuid>) -> CoreResult<u64> {
        self.store.mark_notifications_read(me, up_to).await?;
        self.store.unread_notifications(me).await
    }

    /// How many of `me`'s notifications are unread.
    pub async fn unread(&self, me: UserId) -> CoreResult<u64> {
        self.store.unread_notifications(me).await
    }

    /// Mutes a conversation `me` is a member of, until `until` (`None`: until unmuted).
    pub async fn mute(&self, me: UserId, conversation: ConversationId, until: Option<DateTime<Utc>>) -> CoreResult<()> {
        self.require_member(me, conversation).await?;
        if until.is_some_and(|t| t <= crate::time::now()) {
            return Err(CoreError::invalid("until", "until must be in the future"));
        }
        self.mutes.set_mute(conversation, me, until).await
    }

    /// Lifts `me`'s mute of a conversation they are a member of.
    pub async fn unmute(&self, me: UserId, conversation: ConversationId) -> CoreResult<()> {
        self.require_member(me, conversation).await?;
        self.mutes.unmute(conversation, me).await
    }

    async fn require_member(&self, me: UserId, conversation: ConversationId) -> CoreResult<()> {
        match self.conversations.member_state(conversation, me).await? {
            Some(_) => Ok(()),
            None => Err(CoreError::NotFound("conversation")),
        }
    }
}
