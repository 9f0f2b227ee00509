use super::{
    ConnectionChange, PresenceStore,
    typing::{TYPING_EXPIRY, TypingDecision, TypingTracker},
};
use crate::{
    ConversationId, CoreError, CoreResult, DomainEvent, EventSink, Limits, UserId,
    contact::ContactStore,
    conversation::ConversationStore,
    user::{Status, UserStore, Visibility},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// A user's presence as `userStatus` carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Presence {
    /// The user.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub user_id: UserId,
    /// `online`, `away`, `busy` or `offline`.
    pub status: Status,
    /// When the user was last connected (set when going offline).
    pub last_seen: Option<DateTime<Utc>>,
}

/// Connections, statuses and typing indicators.
#[derive(Clone)]
pub struct PresenceService {
    store: Arc<dyn PresenceStore>,
    users: Arc<dyn UserStore>,
    conversations: Arc<dyn ConversationStore>,
    contacts: Arc<dyn ContactStore>,
    events: Arc<dyn EventSink>,
    typing: Arc<TypingTracker>,
    announcing: Arc<Mutex<Announcing>>,
    flush: Duration,
    group_max: usize,
}

/// Status changes gathered for the next announcement: the last one of each user.
#[derive(Debug, Default)]
struct Announcing {
    changes: HashMap<UserId, Presence>,
    scheduled: bool,
}

impl std::fmt::Debug for PresenceService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PresenceService").finish_non_exhaustive()
    }
}

impl PresenceService {
    /// Builds the service.
    pub fn new(
        store: Arc<dyn PresenceStore>,
        users: Arc<dyn UserStore>,
        conversations: Arc<dyn ConversationStore>,
        contacts: Arc<dyn ContactStore>,
        events: Arc<dyn EventSink>,
        limits: &Limits,
    ) -> Self {
        Self {
            store,
            users,
            conversations,
            contacts,
            events,
            typing: Arc::default(),
            announcing: Arc::default(),
            flush: Duration::from_millis(limits.presence_flush_ms),
            group_max: limits.presence_group_max,
        }
    }

    /// A connection of `user` opened (`connection` is unique per connection, e.g. a socket id).
    pub async fn connect(&self, user: UserId, connection: &str) -> CoreResult<()> {
        if let ConnectionChange::CameOnline(status) = self.store.connect(user, connection).await? {
            self.announce(Presence { user_id: user, status, last_seen: None }).await?;
        }
        Ok(())
    }

    /// A connection of `user` closed; the last one makes them offline and records `lastSeen`.
    pub async fn disconnect(&self, user: UserId, connection: &str) -> CoreResult<()> {
        if let ConnectionChange::WentOffline(at) = self.store.disconnect(user, connection, crate::time::now()).await? {
            self.users.set_last_seen(user, at).await?;
            self.announce(Presence { user_id: user, status: Status::Offline, last_seen: Some(at) }).await?;
        }
        Ok(())
    }

    /// Chooses `online`, `away` or `busy` for a connected user.
    pub async fn set_status(&self, user: UserId, status: Status) -> CoreResult<Presence> {
        if status == Status::Offline {
            return Err(CoreError::invalid("status", "status must be online, away or busy"));
        }
        let connected = self.store.set_status(user, status).await?;
        let last_seen = self.users.user_by_id(user).await?.and_then(|u| u.last_seen);
        let presence = Presence { user_id: user, status: if connected { status } else { Status::Offline }, last_seen };
        if connected {
            self.announce(presence.clone()).await?;
        }
        Ok(presence)
    }

    /// Announces users whose connections died with another server process (see
    /// [`PresenceStore::sweep`]); returns how many went offline.
    pub async fn sweep(&self) -> CoreResult<usize> {
        let gone = self.store.sweep(crate::time::now()).await?;
        for (user, at) in &gone {
            self.users.set_last_seen(*user, *at).await?;
            self.announce(Presence { user_id: *user, status: Status::Offline, last_seen: Some(*at) }).await?;
        }
        Ok(gone.len())
    }

    /// Runs [`PresenceService::sweep`] every `interval` until the task is dropped.
    pub async fn run_sweeper(self, interval: std::time::Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            ticker.tick().await;
            if let Err(e) = self.sweep().await {
                tracing::warn!(error = %e, "sweeping presence of dead instances");
            }
        }
    }

    /// Typing indicators currently shown (they end by themselves).
    pub fn typing_states(&self) -> usize {
        self.typing.len()
    }

    /// Current statuses of users, in the order asked.
    pub async fn statuses(&self, users: &[UserId]) -> CoreResult<Vec<Status>> {
        self.store.statuses(users).await
    }

    /// A member starts or stops typing; repeated "typing" within a short interval is not
    /// forwarded, and a state not refreshed within [`TYPING_EXPIRY`] ends by itself.
    pub async fn typing(&self, user: UserId, conversation: ConversationId, is_typing: bool) -> CoreResult<()> {
        self.conversations.member_state(conversation, user).await?.ok_or(CoreError::NotFound("conversation"))?;
        let TypingDecision::Forward { generation } = self.typing.update(conversation, user, is_typing, Instant::now())
        else {
            return Ok(());
        };
        self.events.publish(DomainEvent::Typing { conversation_id: conversation, user_id: user, is_typing });
        if is_typing {
            let (tracker, events) = (self.typing.clone(), self.events.clone());
            tokio::spawn(async move {
                tokio::time::sleep(TYPING_EXPIRY).await;
                if tracker.expire(conversation, user, generation) {
                    events.publish(DomainEvent::Typing {
                        conversation_id: conversation,
                        user_id: user,
                        is_typing: false,
                    });
                }
            });
        }
        Ok(())
    }

    /// Announces a status change: at once, or with the other changes of the next
    /// `presence_flush_ms`, when a user's earlier change of that interval is replaced by this one
    /// (a reconnect storm announces each user once, not offline and online again).
    async fn announce(&self, presence: Presence) -> CoreResult<()> {
        if self.flush.is_zero() {
            return self.publish(presence).await;
        }
        let schedule = {
            let mut announcing = self.announcing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            announcing.changes.insert(presence.user_id, presence);
            !std::mem::replace(&mut announcing.scheduled, true)
        };
        if schedule {
            let service = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(service.flush).await;
                service.announce_gathered().await;
            });
        }
        Ok(())
    }

    async fn announce_gathered(&self) {
        let changes = {
            let mut announcing = self.announcing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            announcing.scheduled = false;
            std::mem::take(&mut announcing.changes)
        };
        for presence in changes.into_values() {
            let user = presence.user_id;
            if let Err(e) = self.publish(presence).await {
                tracing::warn!(error = %e, %user, "announcing a status change");
            }
        }
    }

    /// Publishes `presence` to everyone who should see it: members of the user's conversations of
    /// at most `presence_group_max` members, the users they added as contacts (never someone who
    /// merely added them), and the user (their other devices). `lastSeen` goes only to those the
    /// user's `lastSeenVisibility` allows; the others get the status without it.
    async fn publish(&self, presence: Presence) -> CoreResult<()> {
        let user = presence.user_id;
        let peers = self.conversations.peers(user, self.group_max).await?;
        let contacts = self.contacts.contact_ids(user).await?;
        let visibility = match presence.last_seen {
            Some(_) => self.users.user_by_id(user).await?.and_then(|u| u.last_seen_visibility).unwrap_or_default(),
            None => Visibility::Everyone,
        };
        let (mut full, mut partial): (Vec<UserId>, Vec<UserId>) = match visibility {
            Visibility::Everyone => (peers.into_iter().chain(contacts).collect(), Vec::new()),
            Visibility::Contacts => (contacts, peers),
            Visibility::Nobody => (Vec::new(), peers.into_iter().chain(contacts).collect()),
        };
        full.push(user);
        full.sort_unstable();
        full.dedup();
        partial.retain(|id| full.binary_search(id).is_err());
        partial.sort_unstable();
        partial.dedup();
        if !partial.is_empty() {
            let hidden = Presence { last_seen: None, ..presence.clone() };
            self.events.publish(DomainEvent::PresenceChanged { presence: hidden, audience: partial });
        }
        self.events.publish(DomainEvent::PresenceChanged { presence, audience: full });
        Ok(())
    }
}
