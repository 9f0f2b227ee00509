//! [`NotificationStore`] and [`MuteStore`] on SQL; `notification.created` integration events are
//! recorded in the transaction that stores the notifications.

use super::{SqlBackend, db_err, raw, ts};
use crate::{
    ConversationId, CoreResult, MessageId, UserId,
    notification::{MAX_PER_USER, MuteStore, Notification, NotificationKind, NotificationStore},
    outbox::IntegrationEvent,
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult, TransactionTrait, Value};
use uuid::Uuid;

/// Rows per insert (10 values a row, under SQLite's 32,766 bound values).
const CHUNK: usize = 500;
/// Rows deleted per statement when pruning.
const PRUNE_CHUNK: u64 = 5_000;
const COLUMNS: &str = "id, user_id, kind, conversation_id, message_id, seq, sender_id, preview, created_at, read_at";

fn notification(row: &QueryResult) -> CoreResult<Notification> {
    let kind: String = row.try_get("", "kind").map_err(db_err)?;
    let read_at: Option<DateTime<Utc>> = row.try_get("", "read_at").map_err(db_err)?;
    Ok(Notification {
        id: row.try_get("", "id").map_err(db_err)?,
        user_id: UserId(row.try_get("", "user_id").map_err(db_err)?),
        kind: NotificationKind::parse(&kind),
        conversation_id: ConversationId(row.try_get("", "conversation_id").map_err(db_err)?),
        message_id: MessageId(row.try_get("", "message_id").map_err(db_err)?),
        seq: row.try_get("", "seq").map_err(db_err)?,
        sender_id: UserId(row.try_get("", "sender_id").map_err(db_err)?),
        preview: row.try_get("", "preview").map_err(db_err)?,
        created_at: row.try_get("", "created_at").map_err(db_err)?,
        read: read_at.is_some(),
    })
}

#[async_trait::async_trait]
impl NotificationStore for SqlBackend {
    async fn insert_notifications(&self, notifications: &[Notification]) -> CoreResult<()> {
        let txn = self.write.begin().await.map_err(db_err)?;
        for chunk in notifications.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO notifications ({COLUMNS}) VALUES {}",
                vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"; chunk.len()].join(", ")
            );
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 9);
            for n in chunk {
                values.extend([
                    n.id.into(),
                    n.user_id.0.into(),
                    n.kind.as_str().into(),
                    n.conversation_id.0.into(),
                    n.message_id.0.into(),
                    n.seq.into(),
                    n.sender_id.0.into(),
                    n.preview.as_str().into(),
                    ts(n.created_at).into(),
                ]);
            }
            txn.execute_raw(raw(self.backend(), &sql, values)).await.map_err(db_err)?;
        }
        let events: Vec<IntegrationEvent> = notifications.iter().map(IntegrationEvent::notification_created).collect();
        self.record(&txn, &events).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn notifications(&self, user: UserId, before: Option<Uuid>, limit: u64) -> CoreResult<Vec<Notification>> {
        let mut values = vec![Value::from(user.0)];
        let filter = match before {
            Some(before) => {
                values.push(before.into());
                "AND id < ?"
            }
            None => "",
        };
        values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
        let sql = format!("SELECT {COLUMNS} FROM notifications WHERE user_id = ? {filter} ORDER BY id DESC LIMIT ?");
        let rows = self.point.query_all_raw(raw(self.backend(), &sql, values)).await.map_err(db_err)?;
        rows.iter().map(notification).collect()
    }

    async fn mark_notifications_read(&self, user: UserId, up_to: Option<Uuid>) -> CoreResult<()> {
        let mut values = vec![Value::from(ts(Utc::now())), user.0.into()];
        let filter = match up_to {
            Some(up_to) => {
                values.push(up_to.into());
                "AND id <= ?"
            }
            None => "",
        };
        let sql = format!("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL {filter}");
        self.write.execute_raw(raw(self.backend(), &sql, values)).await.map_err(db_err)?;
        Ok(())
    }

    async fn unread_notifications(&self, user: UserId) -> CoreResult<u64> {
        let sql = "SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL";
        let row = self.point.query_one_raw(raw(self.backend(), sql, vec![user.0.into()])).await.map_err(db_err)?;
        let n: i64 = row.map(|r| r.try_get("", "n")).transpose().map_err(db_err)?.unwrap_or(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn prune_notifications(&self, before: DateTime<Utc>) -> CoreResult<u64> {
        // Past their lifetime, and past each user's newest MAX_PER_USER; in chunks, so that no
        // statement holds the writer (or runs into the statement timeout) for long.
        let expired = "DELETE FROM notifications WHERE id IN \
                       (SELECT id FROM notifications WHERE created_at < ? LIMIT ?)";
        let surplus = "DELETE FROM notifications WHERE id IN (SELECT id FROM (SELECT id, \
                       ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY id DESC) AS r FROM notifications) ranked \
                       WHERE r > ? LIMIT ?)";
        let chunk = Value::from(PRUNE_CHUNK as i64);
        let mut deleted = 0;
        for (sql, first) in [(expired, Value::from(ts(before))), (surplus, Value::from(MAX_PER_USER as i64))] {
            loop {
                let values = vec![first.clone(), chunk.clone()];
                let done =
                    self.write.execute_raw(raw(self.backend(), sql, values)).await.map_err(db_err)?.rows_affected();
                deleted += done;
                if done < PRUNE_CHUNK {
                    break;
                }
            }
        }
        Ok(deleted)
    }
}

#[async_trait::async_trait]
impl MuteStore for SqlBackend {
    async fn set_mute(
        &self,
        conversation: ConversationId,
        user: UserId,
        until: Option<DateTime<Utc>>,
    ) -> CoreResult<()> {
        let sql = "INSERT INTO conversation_mutes (conversation_id, user_id, muted_until) VALUES (?, ?, ?) \
                   ON CONFLICT (conversation_id, user_id) DO UPDATE SET muted_until = excluded.muted_until";
        let values = vec![conversation.0.into(), user.0.into(), until.map(ts).into()];
        self.write.execute_raw(raw(self.backend(), sql, values)).await.map_err(db_err)?;
        Ok(())
    }

    async fn unmute(&self, conversation: ConversationId, user: UserId) -> CoreResult<()> {
        let sql = "DELETE FROM conversation_mutes WHERE conversation_id = ? AND user_id = ?";
        self.write
            .execute_raw(raw(self.backend(), sql, vec![conversation.0.into(), user.0.into()]))
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn muted_among(
        &self,
        conversation: ConversationId,
        users: &[UserId],
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<UserId>> {
        let mut muted = Vec::new();
        for chunk in users.chunks(CHUNK) {
            let sql = format!(
                "SELECT user_id FROM conversation_mutes WHERE conversation_id = ? \
                 AND (muted_until IS NULL OR muted_until > ?) AND user_id IN ({})",
                vec!["?"; chunk.len()].join(", ")
            );
            let values: Vec<Value> = [Value::from(conversation.0), ts(now).into()]
                .into_iter()
                .chain(chunk.iter().map(|u| Value::from(u.0)))
                .collect();
            let rows = self.point.query_all_raw(raw(self.backend(), &sql, values)).await.map_err(db_err)?;
            for row in rows {
                muted.push(UserId(row.try_get("", "user_id").map_err(db_err)?));
            }
        }
        Ok(muted)
    }
}
