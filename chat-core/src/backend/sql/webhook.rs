//! [`WebhookStore`] on SQL: `webhook_deliveries`, one row per event and URL, deleted once
//! delivered.

use super::{SqlBackend, db_err, raw, ts};
use crate::{
    CoreResult,
    outbox::{
        OutboxEvent,
        webhook::{Attempt, WebhookDelivery, WebhookStore},
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult, Value};
use std::time::Duration;
use uuid::Uuid;

/// Rows per insert (9 values a row, under SQLite's 32,766 bound values).
const CHUNK: usize = 500;
const COLUMNS: &str = "id, event_id, event_type, url, body, attempts, last_error, last_status, updated_at";

fn delivery(row: &QueryResult) -> CoreResult<WebhookDelivery> {
    let attempts: i32 = row.try_get("", "attempts").map_err(db_err)?;
    let status: Option<i32> = row.try_get("", "last_status").map_err(db_err)?;
    Ok(WebhookDelivery {
        id: row.try_get("", "id").map_err(db_err)?,
        event_id: row.try_get("", "event_id").map_err(db_err)?,
        event_type: row.try_get("", "event_type").map_err(db_err)?,
        url: row.try_get("", "url").map_err(db_err)?,
        body: row.try_get("", "body").map_err(db_err)?,
        attempts: u32::try_from(attempts).unwrap_or(0),
        last_error: row.try_get("", "last_error").map_err(db_err)?,
        last_status: status.and_then(|s| u16::try_from(s).ok()),
        updated_at: row.try_get("", "updated_at").map_err(db_err)?,
    })
}

impl SqlBackend {
    async fn deliveries(&self, sql: &str, values: Vec<Value>) -> CoreResult<Vec<WebhookDelivery>> {
        let rows = self.write.query_all_raw(raw(self.backend(), sql, values)).await.map_err(db_err)?;
        rows.iter().map(delivery).collect()
    }
}

#[async_trait::async_trait]
impl WebhookStore for SqlBackend {
    async fn enqueue(&self, urls: &[String], events: &[OutboxEvent], at: DateTime<Utc>) -> CoreResult<()> {
        let at = ts(at);
        let rows: Vec<(&String, &OutboxEvent)> = events.iter().flat_map(|e| urls.iter().map(move |u| (u, e))).collect();
        for chunk in rows.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO webhook_deliveries (id, event_id, event_type, url, body, attempts, state, next_attempt_at, \
                 created_at, updated_at) VALUES {} ON CONFLICT (event_id, url) DO NOTHING",
                vec!["(?, ?, ?, ?, ?, 0, 'pending', ?, ?, ?)"; chunk.len()].join(", ")
            );
            let mut values = Vec::with_capacity(chunk.len() * 8);
            for (url, event) in chunk {
                values.extend([
                    Uuid::now_v7().into(),
                    event.id.into(),
                    event.kind.as_str().into(),
                    url.as_str().into(),
                    event.body.as_str().into(),
                    at.into(),
                    at.into(),
                    at.into(),
                ]);
            }
            self.write.execute_raw(raw(self.backend(), &sql, values)).await.map_err(db_err)?;
        }
        Ok(())
    }

    async fn claim_due(&self, now: DateTime<Utc>, hold: Duration, limit: u64) -> CoreResult<Vec<WebhookDelivery>> {
        let now = ts(now);
        let until = now + chrono::Duration::from_std(hold).unwrap_or(chrono::Duration::MAX);
        // The outer `next_attempt_at <= ?` is checked again on a row another worker just claimed
        // (PostgreSQL re-reads it after the lock), so a delivery is claimed by one worker.
        let sql = format!(
            "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at <= ? \
             AND id IN (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? \
             ORDER BY next_attempt_at, id LIMIT ?) RETURNING {COLUMNS}"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut claimed = self.deliveries(&sql, vec![until.into(), now.into(), now.into(), limit.into()]).await?;
        claimed.sort_by_key(|d| d.id);
        Ok(claimed)
    }

    async fn record(&self, id: Uuid, attempts: u32, attempt: Attempt, at: DateTime<Utc>) -> CoreResult<()> {
        let (sql, values): (&str, Vec<Value>) = match attempt {
            Attempt::Delivered => ("DELETE FROM webhook_deliveries WHERE id = ?", vec![id.into()]),
            Attempt::Failed { error, status, next } => (
                "UPDATE webhook_deliveries SET attempts = ?, last_error = ?, last_status = ?, state = ?, \
                 next_attempt_at = ?, updated_at = ? WHERE id = ?",
                vec![
                    i32::try_from(attempts).unwrap_or(i32::MAX).into(),
                    error.into(),
                    status.map(i32::from).into(),
                    if next.is_some() { "pending" } else { "dead" }.into(),
                    ts(next.unwrap_or(at)).into(),
                    ts(at).into(),
                    id.into(),
                ],
            ),
        };
        self.write.execute_raw(raw(self.backend(), sql, values)).await.map_err(db_err)?;
        Ok(())
    }

    async fn dead_letters(&self, after: Option<Uuid>, limit: u64) -> CoreResult<Vec<WebhookDelivery>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (filter, mut values) = match after {
            Some(after) => ("AND id < ?", vec![Value::from(after)]),
            None => ("", Vec::new()),
        };
        values.push(limit.into());
        let sql =
            format!("SELECT {COLUMNS} FROM webhook_deliveries WHERE state = 'dead' {filter} ORDER BY id DESC LIMIT ?");
        let rows = self.point.query_all_raw(raw(self.backend(), &sql, values)).await.map_err(db_err)?;
        rows.iter().map(delivery).collect()
    }

    async fn retry_dead(&self, id: Uuid, at: DateTime<Utc>) -> CoreResult<bool> {
        let at = ts(at);
        let sql = "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? \
                   WHERE id = ? AND state = 'dead'";
        let done = self.write.execute_raw(raw(self.backend(), sql, vec![at.into(), at.into(), id.into()])).await;
        Ok(done.map_err(db_err)?.rows_affected() > 0)
    }

    async fn prune_dead_letters(&self, before: DateTime<Utc>) -> CoreResult<u64> {
        let sql = "DELETE FROM webhook_deliveries WHERE state = 'dead' AND updated_at < ?";
        let done = self.write.execute_raw(raw(self.backend(), sql, vec![ts(before).into()])).await.map_err(db_err)?;
        Ok(done.rows_affected())
    }
}
