//! The relay: publishes what the outbox holds to every sink, in recording order, at least once.

use super::{OutboxEvent, OutboxStore};
use crate::{CoreError, CoreResult};
use chrono::Utc;
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use uuid::Uuid;

/// A destination of integration events (a message broker, webhooks).
#[async_trait::async_trait]
pub trait IntegrationSink: Send + Sync + std::fmt::Debug {
    /// Short name, for logs and metrics.
    fn name(&self) -> &'static str;

    /// Takes `events` (in recording order) durably: `Ok` only once every one of them is safe
    /// with the sink (a broker confirmed it, a delivery is queued in the database). On `Err` the
    /// relay hands over the same events again later, so a sink may see an event twice and must
    /// keep its id.
    async fn deliver(&self, events: &[OutboxEvent]) -> CoreResult<()>;
}

/// How the relay paces itself.
#[derive(Clone, Copy, Debug)]
pub struct RelayConfig {
    /// Pause between looks at an empty outbox.
    pub poll: Duration,
    /// Events handed to the sinks at once at most.
    pub batch: u64,
    /// How long a relay's lease lasts without renewal (another instance takes over after it).
    pub lease: Duration,
    /// Published events are deleted after this long.
    pub retention: Duration,
    /// Longest pause after a sink or the database failed (pauses double from `poll` up to it).
    pub max_backoff: Duration,
}

impl Default for RelayConfig {
    fn default() -> Self {
        Self {
            poll: Duration::from_millis(100),
            batch: 2048,
            lease: Duration::from_secs(30),
            retention: Duration::from_secs(24 * 3600),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// Publishes the outbox to its sinks until dropped. One relay per instance; a lease in the
/// database lets one of them work at a time.
pub struct Relay {
    store: Arc<dyn OutboxStore>,
    sinks: Vec<Arc<dyn IntegrationSink>>,
    config: RelayConfig,
    holder: Uuid,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay").field("sinks", &self.sinks).field("config", &self.config).finish_non_exhaustive()
    }
}

/// How often published events are pruned and the pending gauge refreshed.
const UPKEEP_EVERY: Duration = Duration::from_secs(10);

impl Relay {
    /// A relay over `store` publishing to `sinks`.
    pub fn new(store: Arc<dyn OutboxStore>, sinks: Vec<Arc<dyn IntegrationSink>>, config: RelayConfig) -> Self {
        Self { store, sinks, config, holder: Uuid::new_v4() }
    }

    /// Runs until the task is dropped. A failure never loses an event: it is retried after a
    /// pause that doubles, up to `max_backoff`.
    pub async fn run(self) {
        let mut backoff = self.config.poll;
        let mut upkeep_at = Instant::now();
        loop {
            if upkeep_at <= Instant::now() {
                self.upkeep().await;
                upkeep_at = Instant::now() + UPKEEP_EVERY;
            }
            match self.step().await {
                Ok(full) => {
                    backoff = self.config.poll;
                    if !full {
                        tokio::time::sleep(self.config.poll).await;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "relaying integration events");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(self.config.max_backoff);
                }
            }
        }
    }

    /// Publishes one batch; `Ok(true)` when it was full (more may wait).
    pub async fn step(&self) -> CoreResult<bool> {
        let Some(events) = self.store.claim(self.holder, self.config.lease, self.config.batch).await? else {
            return Ok(false);
        };
        if events.is_empty() {
            return Ok(false);
        }
        // Delivered within half the lease, so that the lease still holds when they are marked:
        // another instance takes over only after it lapsed, never while this one publishes.
        let within = self.config.lease / 2;
        for sink in &self.sinks {
            let delivered = tokio::time::timeout(within, sink.deliver(&events)).await.unwrap_or_else(|_| {
                Err(CoreError::Unavailable(format!("{} took longer than half the relay's lease", sink.name())))
            });
            if let Err(e) = delivered {
                metrics::counter!("chat_outbox_sink_failures_total", "sink" => sink.name()).increment(1);
                return Err(e);
            }
        }
        let positions: Vec<i64> = events.iter().map(|e| e.position).collect();
        self.store.mark_published(&positions, Utc::now()).await?;
        metrics::counter!("chat_outbox_published_total").increment(events.len() as u64);
        Ok(events.len() as u64 >= self.config.batch)
    }

    async fn upkeep(&self) {
        let before = chrono::Duration::from_std(self.config.retention)
            .ok()
            .and_then(|retention| Utc::now().checked_sub_signed(retention))
            .unwrap_or(chrono::DateTime::<Utc>::MIN_UTC);
        if let Err(e) = self.store.prune_published(before).await {
            tracing::warn!(error = %e, "pruning published integration events");
        }
        match self.store.pending_count().await {
            Ok(pending) => metrics::gauge!("chat_outbox_pending").set(pending as f64),
            Err(e) => tracing::warn!(error = %e, "counting pending integration events"),
        }
    }
}
