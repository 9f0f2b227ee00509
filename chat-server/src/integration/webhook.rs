//! The webhook worker: POSTs the deliveries that are due, signed, and records each outcome
//! (the retry and dead-letter rules are chat-core's [`RetryPolicy`]).

use chat_core::outbox::webhook::{Attempt, RetryPolicy, SIGNATURE_HEADER, WebhookDelivery, WebhookStore, signature};
use chrono::Utc;
use std::{sync::Arc, time::Duration};

/// Deliveries taken (and requests in flight) at once at most: all of a round run together, so
/// that none waits past its claim's hold.
const BATCH: usize = 8;
/// The longest error text kept with a delivery.
const MAX_ERROR_CHARS: usize = 300;

/// Sends due deliveries until dropped.
pub struct WebhookWorker {
    pub(super) store: Arc<dyn WebhookStore>,
    pub(super) client: reqwest::Client,
    pub(super) secret: Vec<u8>,
    pub(super) policy: RetryPolicy,
    pub(super) poll: Duration,
    pub(super) timeout: Duration,
    /// How long dead letters are kept.
    pub(super) dead_letter_retention: Duration,
}

/// How often old dead letters are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(600);

impl std::fmt::Debug for WebhookWorker {
    // The secret stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookWorker").field("policy", &self.policy).finish_non_exhaustive()
    }
}

impl WebhookWorker {
    /// Runs until the task is dropped.
    pub async fn run(self) {
        let mut prune_at = tokio::time::Instant::now();
        loop {
            if prune_at <= tokio::time::Instant::now() {
                self.prune().await;
                prune_at = tokio::time::Instant::now() + PRUNE_EVERY;
            }
            let sent = match self.round().await {
                Ok(sent) => sent,
                Err(e) => {
                    tracing::warn!(error = %e, "claiming webhook deliveries");
                    0
                }
            };
            if sent < BATCH {
                tokio::time::sleep(self.poll).await;
            }
        }
    }

    async fn prune(&self) {
        let before = chrono::Duration::from_std(self.dead_letter_retention)
            .ok()
            .and_then(|retention| Utc::now().checked_sub_signed(retention));
        if let Some(before) = before
            && let Err(e) = self.store.prune_dead_letters(before).await
        {
            tracing::warn!(error = %e, "pruning webhook dead letters");
        }
    }

    /// Attempts every delivery due now (up to a batch); returns how many.
    async fn round(&self) -> chat_core::CoreResult<usize> {
        // Held past the longest a request can take, so that no other worker takes it meanwhile.
        let hold = self.timeout * 2 + Duration::from_secs(1);
        let due = self.store.claim_due(Utc::now(), hold, BATCH as u64).await?;
        let count = due.len();
        futures::future::join_all(due.into_iter().map(|d| self.attempt(d))).await;
        Ok(count)
    }

    async fn attempt(&self, delivery: WebhookDelivery) {
        let attempts = delivery.attempts.saturating_add(1);
        let sent = Utc::now();
        let answer = self
            .client
            .post(&delivery.url)
            .timeout(self.timeout)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature(&self.secret, sent.timestamp(), delivery.body.as_bytes()))
            .header("X-Chat-Event-Id", delivery.event_id.to_string())
            .header("X-Chat-Event-Type", &delivery.event_type)
            .body(delivery.body.clone())
            .send()
            .await;
        let now = Utc::now();
        let (outcome, attempt) = match answer {
            Ok(response) if response.status().is_success() => ("delivered", Attempt::Delivered),
            Ok(response) => {
                let status = response.status().as_u16();
                let next = RetryPolicy::retryable(status).then(|| self.policy.next_after(attempts, now)).flatten();
                let error = format!("answered {}", response.status());
                (if next.is_some() { "retry" } else { "dead" }, Attempt::Failed { error, status: Some(status), next })
            }
            Err(e) => {
                let next = self.policy.next_after(attempts, now);
                let error: String = error_chain(e).chars().take(MAX_ERROR_CHARS).collect();
                (if next.is_some() { "retry" } else { "dead" }, Attempt::Failed { error, status: None, next })
            }
        };
        metrics::counter!("chat_webhook_attempts_total", "outcome" => outcome).increment(1);
        if outcome == "dead" {
            tracing::warn!(delivery = %delivery.id, event = %delivery.event_id, attempts, "webhook delivery dead-lettered");
        }
        if let Err(e) = self.store.record(delivery.id, attempts, attempt, now).await {
            // The claim's hold runs out and the delivery is attempted again.
            tracing::warn!(error = %e, delivery = %delivery.id, "recording a webhook attempt");
        }
    }
}

/// The error and its causes ("error sending request: connection refused"), without the URL,
/// which may hold credentials.
fn error_chain(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
