//! [`OutboxStore`] on SQL, and the recording of integration events inside the stores'
//! transactions (when the outbox is on: [`SqlBackend::record_integration_events`]).

use super::{SqlBackend, db_err, raw, ts};
use crate::{
    CoreError, CoreResult,
    outbox::{EventType, IntegrationEvent, OutboxEvent, OutboxStore},
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult, Value};
use std::time::Duration;
use uuid::Uuid;

/// Rows per statement (6 values a row, under SQLite's 32,766 bound values).
const CHUNK: usize = 1000;
/// Published rows deleted per statement, so that pruning never holds a long lock.
const PRUNE_CHUNK: u64 = 10_000;
/// The one lease row.
const LEASE: &str = "relay";

impl SqlBackend {
    /// Records integration events in the transactions of their changes from now on (off by
    /// default: with no sink configured, nothing would ever publish them).
    pub fn record_integration_events(&mut self, on: bool) {
        self.outbox = on;
    }

    /// Whether changes record integration events.
    pub(super) fn outbox_on(&self) -> bool {
        self.outbox
    }

    /// Records `events` on `conn` (the change's transaction) when the outbox is on.
    pub(super) async fn record<C: ConnectionTrait>(&self, conn: &C, events: &[IntegrationEvent]) -> CoreResult<()> {
        match self.outbox {
            true => insert(conn, events).await,
            false => Ok(()),
        }
    }

    async fn pending(&self, limit: u64) -> CoreResult<Vec<OutboxEvent>> {
        let sql = "SELECT position, id, event_type, order_key, body FROM outbox_events \
                   WHERE published_at IS NULL ORDER BY position LIMIT ?";
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.point.query_all_raw(raw(self.backend(), sql, vec![limit.into()])).await.map_err(db_err)?;
        rows.iter().map(outbox_event).collect()
    }
}

/// Inserts `events` on `conn` (a transaction), in their order.
pub(super) async fn insert<C: ConnectionTrait>(conn: &C, events: &[IntegrationEvent]) -> CoreResult<()> {
    for chunk in events.chunks(CHUNK) {
        let rows = vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!("INSERT INTO outbox_events (id, event_type, order_key, occurred_at, body) VALUES {rows}");
        let mut values = Vec::with_capacity(chunk.len() * 5);
        for event in chunk {
            values.extend([
                Value::from(event.id),
                Value::from(event.kind.as_str()),
                Value::from(event.order_key),
                Value::from(ts(event.occurred_at)),
                Value::from(event.body().to_string()),
            ]);
        }
        conn.execute_raw(raw(conn.get_database_backend(), &sql, values)).await.map_err(db_err)?;
    }
    Ok(())
}

fn outbox_event(row: &QueryResult) -> CoreResult<OutboxEvent> {
    let kind: String = row.try_get("", "event_type").map_err(db_err)?;
    Ok(OutboxEvent {
        position: row.try_get("", "position").map_err(db_err)?,
        id: row.try_get("", "id").map_err(db_err)?,
        kind: EventType::parse(&kind).ok_or_else(|| CoreError::internal(format!("unknown event type {kind}")))?,
        order_key: row.try_get("", "order_key").map_err(db_err)?,
        body: row.try_get("", "body").map_err(db_err)?,
    })
}

#[async_trait::async_trait]
impl OutboxStore for SqlBackend {
    async fn claim(&self, holder: Uuid, lease: Duration, limit: u64) -> CoreResult<Option<Vec<OutboxEvent>>> {
        // An empty outbox needs no lease: idle relays only read.
        if self.pending(1).await?.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let now = ts(Utc::now());
        let until = now + chrono::Duration::from_std(lease).map_err(CoreError::internal)?;
        let taken = self
            .write
            .execute_raw(raw(
                self.backend(),
                "INSERT INTO outbox_leases (name, holder, expires_at) VALUES (?, ?, ?) \
                 ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
                 WHERE outbox_leases.holder = excluded.holder OR outbox_leases.expires_at < ?",
                vec![LEASE.into(), holder.into(), until.into(), now.into()],
            ))
            .await
            .map_err(db_err)?;
        if taken.rows_affected() == 0 {
            return Ok(None);
        }
        self.pending(limit).await.map(Some)
    }

    async fn mark_published(&self, positions: &[i64], at: DateTime<Utc>) -> CoreResult<()> {
        for chunk in positions.chunks(CHUNK) {
            let sql = format!(
                "UPDATE outbox_events SET published_at = ? WHERE position IN ({})",
                vec!["?"; chunk.len()].join(", ")
            );
            let values = std::iter::once(Value::from(ts(at))).chain(chunk.iter().map(|p| Value::from(*p))).collect();
            self.write.execute_raw(raw(self.backend(), &sql, values)).await.map_err(db_err)?;
        }
        Ok(())
    }

    async fn prune_published(&self, before: DateTime<Utc>) -> CoreResult<u64> {
        let sql = "DELETE FROM outbox_events WHERE position IN (SELECT position FROM outbox_events \
                   WHERE published_at IS NOT NULL AND published_at < ? LIMIT ?)";
        let mut deleted = 0;
        loop {
            let values = vec![ts(before).into(), (PRUNE_CHUNK as i64).into()];
            let done = self.write.execute_raw(raw(self.backend(), sql, values)).await.map_err(db_err)?.rows_affected();
            deleted += done;
            if done < PRUNE_CHUNK {
                return Ok(deleted);
            }
        }
    }

    async fn record_events(&self, events: &[IntegrationEvent]) -> CoreResult<()> {
        insert(&self.write, events).await
    }

    async fn pending_count(&self) -> CoreResult<u64> {
        let sql = "SELECT COUNT(*) AS n FROM outbox_events WHERE published_at IS NULL";
        let row = self.point.query_one_raw(raw(self.backend(), sql, Vec::new())).await.map_err(db_err)?;
        let n: i64 = row.map(|r| r.try_get("", "n")).transpose().map_err(db_err)?.unwrap_or(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
