//! What the relay needs of the storage.

use super::{EventType, IntegrationEvent};
use crate::CoreResult;
use chrono::{DateTime, Utc};
use std::time::Duration;
use uuid::Uuid;

/// An event as recorded, waiting to be published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEvent {
    /// Order of recording: increasing, not gapless.
    pub position: i64,
    /// The event's id.
    pub id: Uuid,
    /// Its type (routing key).
    pub kind: EventType,
    /// The conversation or user it is about.
    pub order_key: Uuid,
    /// The serialized body, `{ id, type, occurredAt, data }`, published as it is.
    pub body: String,
}

/// The outbox of a database: events recorded by the stores in the transactions of their changes.
#[async_trait::async_trait]
pub trait OutboxStore: Send + Sync {
    /// Takes or renews the relay lease for `holder` (`lease` long) and, when it is held, returns up
    /// to `limit` unpublished events in recording order. `None`: another relay holds the lease, so
    /// that one relay at a time publishes and order per conversation holds across instances.
    async fn claim(&self, holder: Uuid, lease: Duration, limit: u64) -> CoreResult<Option<Vec<OutboxEvent>>>;

    /// Marks events published.
    async fn mark_published(&self, positions: &[i64], at: DateTime<Utc>) -> CoreResult<()>;

    /// Deletes events published before `before`; returns how many.
    async fn prune_published(&self, before: DateTime<Utc>) -> CoreResult<u64>;

    /// Events recorded and not yet published.
    async fn pending_count(&self) -> CoreResult<u64>;

    /// Records events on their own, for changes stored elsewhere (in Redis): unlike the stores'
    /// own recording, not in the change's transaction.
    async fn record_events(&self, events: &[IntegrationEvent]) -> CoreResult<()>;
}
