//! Where notifications and mutes are kept.

use super::Notification;
use crate::{
    ConversationId, CoreResult, UserId,
    outbox::{IntegrationEvent, OutboxStore},
};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use uuid::Uuid;

/// A user's notifications, newest first.
#[async_trait::async_trait]
pub trait NotificationStore: Send + Sync {
    /// Stores new notifications (ids are new).
    async fn insert_notifications(&self, notifications: &[Notification]) -> CoreResult<()>;

    /// Up to `limit` of `user`'s notifications, newest first, older than `before` when given.
    async fn notifications(&self, user: UserId, before: Option<Uuid>, limit: u64) -> CoreResult<Vec<Notification>>;

    /// Marks `user`'s notifications read: all, or those up to `up_to` (that one included).
    async fn mark_notifications_read(&self, user: UserId, up_to: Option<Uuid>) -> CoreResult<()>;

    /// How many of `user`'s notifications are unread.
    async fn unread_notifications(&self, user: UserId) -> CoreResult<u64>;

    /// Deletes notifications created before `before` (stores that expire them by themselves
    /// may do nothing); returns how many.
    async fn prune_notifications(&self, before: DateTime<Utc>) -> CoreResult<u64>;
}

/// Who muted which conversation, and until when.
#[async_trait::async_trait]
pub trait MuteStore: Send + Sync {
    /// Mutes `conversation` for `user` until `until` (`None`: until unmuted).
    async fn set_mute(
        &self,
        conversation: ConversationId,
        user: UserId,
        until: Option<DateTime<Utc>>,
    ) -> CoreResult<()>;

    /// Lifts a mute (none is fine).
    async fn unmute(&self, conversation: ConversationId, user: UserId) -> CoreResult<()>;

    /// Those of `users` who have `conversation` muted at `now`.
    async fn muted_among(
        &self,
        conversation: ConversationId,
        users: &[UserId],
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<UserId>>;
}

/// A notification store kept outside the outbox's database (Redis), whose insertions are also
/// recorded as `notification.created` integration events, after them (not in one transaction:
/// a crash in between loses the event, never invents one).
#[derive(Clone)]
pub struct RecordedNotifications {
    inner: Arc<dyn NotificationStore>,
    outbox: Arc<dyn OutboxStore>,
}

impl RecordedNotifications {
    /// Records what `inner` stores in `outbox`.
    pub fn new(inner: Arc<dyn NotificationStore>, outbox: Arc<dyn OutboxStore>) -> Self {
        Self { inner, outbox }
    }
}

impl std::fmt::Debug for RecordedNotifications {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordedNotifications").finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl NotificationStore for RecordedNotifications {
    async fn insert_notifications(&self, notifications: &[Notification]) -> CoreResult<()> {
        self.inner.insert_notifications(notifications).await?;
        let events: Vec<IntegrationEvent> = notifications.iter().map(IntegrationEvent::notification_created).collect();
        self.outbox.record_events(&events).await
    }

    async fn notifications(
        &self,
        user: UserId,
        before: Option<uuid::Uuid>,
        limit: u64,
    ) -> CoreResult<Vec<Notification>> {
        self.inner.notifications(user, before, limit).await
    }

    async fn mark_notifications_read(&self, user: UserId, up_to: Option<uuid::Uuid>) -> CoreResult<()> {
        self.inner.mark_notifications_read(user, up_to).await
    }

    async fn unread_notifications(&self, user: UserId) -> CoreResult<u64> {
        self.inner.unread_notifications(user).await
    }

    async fn prune_notifications(&self, before: DateTime<Utc>) -> CoreResult<u64> {
        self.inner.prune_notifications(before).await
    }
}
