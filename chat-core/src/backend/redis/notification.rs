//! Notifications in Redis, expiring by themselves. A user's notifications are one sorted set
//! ordered by member (`<id>\t<json>`, the id a UUID v7, so in time order); entries older than
//! the lifetime are trimmed on every write and read, the newest [`MAX_PER_USER`] are kept, and the
//! key expires a lifetime after the last notification. What is read is a marker: every
//! notification up to that id.

use super::{RedisBackend, array, opt_string, redis_error};
use crate::{
    CoreError, CoreResult, UserId,
    notification::{MAX_PER_USER, Notification, NotificationStore},
};
use chrono::{DateTime, Utc};
use fred::{
    error::Error as RedisError,
    prelude::{KeysInterface, SortedSetsInterface, Value},
    types::Limit,
};
use std::{collections::HashMap, time::Duration};
use uuid::Uuid;

/// [`NotificationStore`] over a [`RedisBackend`], each notification living `lifetime`.
#[derive(Clone, Debug)]
pub struct RedisNotifications {
    redis: RedisBackend,
    lifetime: Duration,
}

impl RedisBackend {
    /// The notification store of this Redis, notifications living `lifetime`.
    pub fn notifications(&self, lifetime: Duration) -> RedisNotifications {
        RedisNotifications { redis: self.clone(), lifetime }
    }
}

/// The exclusive lex bound below every id of a millisecond at or after `at`: a UUID v7 starts
/// with its millisecond timestamp in hex (`xxxxxxxx-xxxx-7…`).
fn before_millis(at: DateTime<Utc>) -> String {
    let hex = format!("{:012x}", at.timestamp_millis().max(0));
    format!("({}-{}", &hex[..8], &hex[8..])
}

fn parse(member: &str, read_up_to: Option<&str>) -> CoreResult<Notification> {
    let (id, json) = member.split_once('\t').ok_or_else(|| super::corrupt("a notification without its id"))?;
    let mut notification: Notification = serde_json::from_str(json).map_err(CoreError::internal)?;
    notification.read = read_up_to.is_some_and(|marker| id <= marker);
    Ok(notification)
}

impl RedisNotifications {
    fn key(&self, user: UserId) -> String {
        self.redis.key(format_args!("notifications:{user}"))
    }

    fn read_key(&self, user: UserId) -> String {
        self.redis.key(format_args!("notifications:{user}:read"))
    }

    fn lifetime_ms(&self) -> i64 {
        i64::try_from(self.lifetime.as_millis()).unwrap_or(i64::MAX).max(1)
    }

    fn oldest_kept(&self) -> String {
        let lifetime = chrono::Duration::from_std(self.lifetime).unwrap_or(chrono::Duration::MAX);
        before_millis(Utc::now().checked_sub_signed(lifetime).unwrap_or(DateTime::<Utc>::MIN_UTC))
    }

    async fn trim(&self, key: &str) -> CoreResult<()> {
        self.redis.client.zremrangebylex::<(), _, _, _>(key, "-", self.oldest_kept()).await.map_err(redis_error)
    }

    async fn marker(&self, user: UserId) -> CoreResult<Option<String>> {
        opt_string(self.redis.client.get::<Value, _>(self.read_key(user)).await.map_err(redis_error)?)
    }
}

#[async_trait::async_trait]
impl NotificationStore for RedisNotifications {
    async fn insert_notifications(&self, notifications: &[Notification]) -> CoreResult<()> {
        let mut by_user: HashMap<UserId, Vec<String>> = HashMap::new();
        for n in notifications {
            let json = serde_json::to_string(n).map_err(CoreError::internal)?;
            by_user.entry(n.user_id).or_default().push(format!("{}\t{json}", n.id));
        }
        let pipeline = self.redis.client.pipeline();
        let (oldest, lifetime) = (self.oldest_kept(), self.lifetime_ms());
        let queued: Result<(), RedisError> = async {
            for (user, members) in &by_user {
                let key = self.key(*user);
                let values: Vec<(f64, &str)> = members.iter().map(|m| (0.0, m.as_str())).collect();
                pipeline.zadd::<(), _, _>(key.as_str(), None, None, false, false, values).await?;
                pipeline.zremrangebylex::<(), _, _, _>(key.as_str(), "-", oldest.as_str()).await?;
                pipeline.zremrangebyrank::<(), _>(key.as_str(), 0, -(MAX_PER_USER as i64 + 1)).await?;
                pipeline.pexpire::<(), _>(key.as_str(), lifetime, None).await?;
            }
            Ok(())
        }
        .await;
        queued.map_err(redis_error)?;
        pipeline.all::<Value>().await.map_err(redis_error)?;
        Ok(())
    }

    async fn notifications(&self, user: UserId, before: Option<Uuid>, limit: u64) -> CoreResult<Vec<Notification>> {
        let key = self.key(user);
        self.trim(&key).await?;
        let max = before.map_or_else(|| "+".to_owned(), |id| format!("({id}"));
        let limit: Limit = (0, i64::try_from(limit).unwrap_or(i64::MAX));
        let members = self
            .redis
            .client
            .zrevrangebylex::<Value, _, _, _>(&key, max, "-", Some(limit))
            .await
            .map_err(redis_error)?;
        let marker = self.marker(user).await?;
        let mut items = Vec::new();
        for member in array(members)? {
            let member = opt_string(member)?.unwrap_or_default();
            items.push(parse(&member, marker.as_deref())?);
        }
        Ok(items)
    }

    async fn mark_notifications_read(&self, user: UserId, up_to: Option<Uuid>) -> CoreResult<()> {
        let up_to = match up_to {
            Some(id) => id.to_string(),
            None => {
                let newest = self
                    .redis
                    .client
                    .zrevrangebylex::<Value, _, _, _>(self.key(user), "+", "-", Some((0, 1)))
                    .await
                    .map_err(redis_error)?;
                let Some(member) = array(newest)?.into_iter().next() else { return Ok(()) };
                let member = opt_string(member)?.unwrap_or_default();
                member.split_once('\t').map(|(id, _)| id.to_owned()).unwrap_or_default()
            }
        };
        let script = &self.redis.scripts.notifications_read;
        self.redis.run(script, vec![self.read_key(user)], vec![up_to, self.lifetime_ms().to_string()]).await?;
        Ok(())
    }

    async fn unread_notifications(&self, user: UserId) -> CoreResult<u64> {
        let key = self.key(user);
        self.trim(&key).await?;
        // Members of the marker's id are `<id>\t…`, and '\t' sorts before '\x7f'.
        let min = self.marker(user).await?.map_or_else(|| "-".to_owned(), |marker| format!("({marker}\x7f"));
        let count: i64 = self.redis.client.zlexcount(&key, min, "+").await.map_err(redis_error)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn prune_notifications(&self, _before: DateTime<Utc>) -> CoreResult<u64> {
        // Trimmed on every write and read, and each user's key expires by itself.
        Ok(0)
    }
}
