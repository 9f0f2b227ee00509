//! [`NotificationStore`] and [`MuteStore`] in memory, each user's notifications capped at
//! [`MAX_PER_USER`] (the oldest go first).

use super::MemoryBackend;
use crate::{
    ConversationId, CoreResult, UserId,
    notification::{MAX_PER_USER, MuteStore, Notification, NotificationStore},
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Notifications by user, oldest first; mutes by (conversation, user).
#[derive(Debug, Default)]
pub(super) struct Notes {
    by_user: HashMap<UserId, BTreeMap<Uuid, Notification>>,
    mutes: HashMap<(ConversationId, UserId), Option<DateTime<Utc>>>,
}

#[async_trait::async_trait]
impl NotificationStore for MemoryBackend {
    async fn insert_notifications(&self, notifications: &[Notification]) -> CoreResult<()> {
        let mut notes = self.notes();
        for n in notifications {
            let mine = notes.by_user.entry(n.user_id).or_default();
            mine.insert(n.id, n.clone());
            while mine.len() > MAX_PER_USER {
                mine.pop_first();
            }
        }
        Ok(())
    }

    async fn notifications(&self, user: UserId, before: Option<Uuid>, limit: u64) -> CoreResult<Vec<Notification>> {
        let notes = self.notes();
        let Some(mine) = notes.by_user.get(&user) else { return Ok(Vec::new()) };
        let upper = before.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded);
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        Ok(mine.range((std::ops::Bound::Unbounded, upper)).rev().take(limit).map(|(_, n)| n.clone()).collect())
    }

    async fn mark_notifications_read(&self, user: UserId, up_to: Option<Uuid>) -> CoreResult<()> {
        if let Some(mine) = self.notes().by_user.get_mut(&user) {
            mine.values_mut().filter(|n| up_to.is_none_or(|u| n.id <= u)).for_each(|n| n.read = true);
        }
        Ok(())
    }

    async fn unread_notifications(&self, user: UserId) -> CoreResult<u64> {
        let notes = self.notes();
        Ok(notes.by_user.get(&user).map_or(0, |mine| mine.values().filter(|n| !n.read).count() as u64))
    }

    async fn prune_notifications(&self, before: DateTime<Utc>) -> CoreResult<u64> {
        let mut pruned = 0;
        for mine in self.notes().by_user.values_mut() {
            let count = mine.len();
            mine.retain(|_, n| n.created_at >= before);
            pruned += (count - mine.len()) as u64;
        }
        Ok(pruned)
    }
}

#[async_trait::async_trait]
impl MuteStore for MemoryBackend {
    async fn set_mute(
        &self,
        conversation: ConversationId,
        user: UserId,
        until: Option<DateTime<Utc>>,
    ) -> CoreResult<()> {
        self.notes().mutes.insert((conversation, user), until);
        Ok(())
    }

    async fn unmute(&self, conversation: ConversationId, user: UserId) -> CoreResult<()> {
        self.forget_mute(conversation, user);
        Ok(())
    }

    async fn muted_among(
        &self,
        conversation: ConversationId,
        users: &[UserId],
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<UserId>> {
        let notes = self.notes();
        let muted =
            |u: &&UserId| notes.mutes.get(&(conversation, **u)).is_some_and(|until| until.is_none_or(|t| t > now));
        Ok(users.iter().filter(muted).copied().collect())
    }
}

impl MemoryBackend {
    /// Drops a mute (a member left: as SQL's foreign key does).
    pub(super) fn forget_mute(&self, conversation: ConversationId, user: UserId) {
        self.notes().mutes.remove(&(conversation, user));
    }

    /// Drops every mute of a conversation (it was deleted).
    pub(super) fn forget_mutes(&self, conversation: ConversationId) {
        self.notes().mutes.retain(|(c, _), _| *c != conversation);
    }
}
