//! Webhooks: each event becomes one delivery per configured URL, kept in the database until the
//! receiver took it (2xx), retried with exponential backoff on 5xx, 408, 429 and network errors,
//! and dead-lettered after the last attempt or at once on another 4xx. Dead letters are listed and
//! retried by an operator.
//!
//! Each request is signed: `X-Chat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
//! "<t>.<body>">`, keyed by the shared secret, the scheme of Stripe's webhooks.

use super::{IntegrationSink, OutboxEvent};
use crate::CoreResult;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::{sync::Arc, time::Duration};
use uuid::Uuid;

/// The signature header's name.
pub const SIGNATURE_HEADER: &str = "X-Chat-Signature";

/// `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by secret>`.
pub fn signature(secret: &[u8], t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!("any key length"));
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

/// One event on its way to one URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookDelivery {
    /// The delivery.
    pub id: Uuid,
    /// The event's id (the same in every delivery of the event).
    pub event_id: Uuid,
    /// The event's type.
    pub event_type: String,
    /// Where it goes.
    pub url: String,
    /// The JSON body.
    pub body: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// The HTTP status of the last attempt, when there was an answer.
    pub last_status: Option<u16>,
    /// When it was last changed (for a dead letter: when it died).
    pub updated_at: DateTime<Utc>,
}

/// How one attempt ended, as the store records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The receiver answered 2xx: the delivery is done.
    Delivered,
    /// It failed; tried again at `next`, or dead-lettered when `next` is `None`.
    Failed {
        /// What went wrong.
        error: String,
        /// The answer's status, if any.
        status: Option<u16>,
        /// When to try again.
        next: Option<DateTime<Utc>>,
    },
}

/// Where deliveries wait.
#[async_trait::async_trait]
pub trait WebhookStore: Send + Sync {
    /// One pending delivery per event and URL, due at `at`; an event already queued for a URL
    /// (the relay handed it over twice) is not queued again.
    async fn enqueue(&self, urls: &[String], events: &[OutboxEvent], at: DateTime<Utc>) -> CoreResult<()>;

    /// Up to `limit` pending deliveries due at `now`, oldest first, held for `hold` (not due again
    /// before `now + hold`, so that another worker does not take them meanwhile).
    async fn claim_due(&self, now: DateTime<Utc>, hold: Duration, limit: u64) -> CoreResult<Vec<WebhookDelivery>>;

    /// Records the outcome of an attempt (`attempts` made so far, this one included).
    async fn record(&self, id: Uuid, attempts: u32, attempt: Attempt, at: DateTime<Utc>) -> CoreResult<()>;

    /// Dead letters, newest first, after the dead letter `after` when paging.
    async fn dead_letters(&self, after: Option<Uuid>, limit: u64) -> CoreResult<Vec<WebhookDelivery>>;

    /// Makes a dead letter pending again with its attempts reset; `false` when there is no such
    /// dead letter.
    async fn retry_dead(&self, id: Uuid, at: DateTime<Utc>) -> CoreResult<bool>;

    /// Deletes dead letters that died before `before`; returns how many.
    async fn prune_dead_letters(&self, before: DateTime<Utc>) -> CoreResult<u64>;
}

/// How deliveries are retried.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts before a delivery is dead-lettered.
    pub max_attempts: u32,
    /// The pause after the first failure; each later one doubles it.
    pub base: Duration,
    /// The longest pause.
    pub max: Duration,
}

impl RetryPolicy {
    /// When to try again after `attempts` failed ones, `None`: dead-letter it.
    pub fn next_after(&self, attempts: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if attempts >= self.max_attempts {
            return None;
        }
        let pause = self.base.saturating_mul(1 << attempts.saturating_sub(1).min(20)).min(self.max);
        Some(now + chrono::Duration::from_std(pause).unwrap_or(chrono::Duration::MAX))
    }

    /// Whether an answer with `status` is worth another attempt (5xx, 408 and 429).
    pub fn retryable(status: u16) -> bool {
        status >= 500 || status == 408 || status == 429
    }
}

/// The relay's webhook sink: it queues a delivery per URL in the database, which is durable
/// enough for the relay to count the events as delivered.
#[derive(Clone)]
pub struct WebhookSink {
    store: Arc<dyn WebhookStore>,
    urls: Vec<String>,
}

impl WebhookSink {
    /// Queues to `urls` in `store`.
    pub fn new(store: Arc<dyn WebhookStore>, urls: Vec<String>) -> Self {
        Self { store, urls }
    }
}

impl std::fmt::Debug for WebhookSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSink").field("urls", &self.urls.len()).finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl IntegrationSink for WebhookSink {
    fn name(&self) -> &'static str {
        "webhook"
    }

    async fn deliver(&self, events: &[OutboxEvent]) -> CoreResult<()> {
        self.store.enqueue(&self.urls, events, Utc::now()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hex_hmac_of_the_timestamp_a_dot_and_the_body() {
        // RFC 4231-style check against an independent computation: HMAC-SHA256("key", "1.{}").
        let sig = signature(b"key", 1, b"{}");
        let mut mac = Hmac::<Sha256>::new_from_slice(b"key").unwrap_or_else(|_| unreachable!());
        mac.update(b"1.{}");
        let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(sig, format!("t=1,v1={expected}"));
        assert_ne!(signature(b"other", 1, b"{}"), sig);
    }

    #[test]
    fn pauses_double_up_to_the_maximum_and_the_last_attempt_dead_letters() {
        let policy = RetryPolicy { max_attempts: 4, base: Duration::from_secs(1), max: Duration::from_secs(3) };
        let now = Utc::now();
        let pause = |n| policy.next_after(n, now).map(|t| (t - now).num_seconds());
        assert_eq!([pause(1), pause(2), pause(3), pause(4)], [Some(1), Some(2), Some(3), None]);
    }
}
