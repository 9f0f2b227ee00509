//! Integration events leave the process: the outbox relay and its sinks.
//!
//! Layout:
//! - this file: [`IntegrationSettings`] and [`tasks`], which builds the relay over the SQL
//!   backend's outbox with the sinks configured.
//! - `amqp.rs`: RabbitMQ (AMQP 0.9.1) with publisher confirms.
//! - `webhook.rs`: the worker that POSTs webhook deliveries, signed.

mod amqp;
mod webhook;

use crate::state::Storage;
use anyhow::Context as _;
use chat_core::outbox::{
    IntegrationSink, Relay, RelayConfig,
    webhook::{RetryPolicy, WebhookSink},
};
use futures::{FutureExt as _, future::BoxFuture};
use serde::{Deserialize, Serialize};
use std::{sync::Arc, time::Duration};

/// Where integration events go, and how the relay paces itself (see the README).
#[derive(Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct IntegrationSettings {
    /// RabbitMQ, `amqp://user:password@host:5672/%2f` or `amqps://…`; unset, no RabbitMQ
    /// (`CHAT_AMQP_URL`). Never logged.
    pub amqp_url: Option<String>,
    /// Longest wait for the broker to confirm a batch, in ms (`CHAT_AMQP_CONFIRM_TIMEOUT_MS`).
    pub amqp_confirm_timeout_ms: u64,
    /// Pause between looks at an empty outbox, in ms (`CHAT_OUTBOX_POLL_MS`).
    pub outbox_poll_ms: u64,
    /// Events published at once at most (`CHAT_OUTBOX_BATCH`).
    pub outbox_batch: u64,
    /// How long published events are kept, in seconds (`CHAT_OUTBOX_RETENTION_SECS`).
    pub outbox_retention_secs: u64,
    /// Longest pause between retries of a failing sink, in ms (`CHAT_OUTBOX_MAX_BACKOFF_MS`).
    pub outbox_max_backoff_ms: u64,
    /// How long the relaying instance's lease lasts: another instance takes over this long after
    /// it stopped, in ms (`CHAT_OUTBOX_LEASE_MS`).
    pub outbox_lease_ms: u64,
    /// URLs every event is POSTed to, comma-separated (`CHAT_WEBHOOK_URLS`).
    pub webhook_urls: String,
    /// The key webhook signatures are made with; required with `CHAT_WEBHOOK_URLS`
    /// (`CHAT_WEBHOOK_SECRET`). Never logged.
    pub webhook_secret: Option<String>,
    /// Attempts before a delivery is dead-lettered (`CHAT_WEBHOOK_MAX_ATTEMPTS`).
    pub webhook_max_attempts: u32,
    /// The pause after a first failed attempt, in ms; each later one doubles it
    /// (`CHAT_WEBHOOK_RETRY_BASE_MS`).
    pub webhook_retry_base_ms: u64,
    /// The longest pause between attempts, in ms (`CHAT_WEBHOOK_RETRY_MAX_MS`).
    pub webhook_retry_max_ms: u64,
    /// Longest wait for a receiver's answer, in ms (`CHAT_WEBHOOK_TIMEOUT_MS`).
    pub webhook_timeout_ms: u64,
    /// Pause between looks for due deliveries, in ms (`CHAT_WEBHOOK_POLL_MS`).
    pub webhook_poll_ms: u64,
    /// How long dead letters are kept, in seconds (`CHAT_WEBHOOK_DEAD_LETTER_RETENTION_SECS`).
    pub webhook_dead_letter_retention_secs: u64,
}

impl Default for IntegrationSettings {
    fn default() -> Self {
        Self {
            amqp_url: None,
            amqp_confirm_timeout_ms: 10_000,
            outbox_poll_ms: 100,
            outbox_batch: 2048,
            outbox_retention_secs: 24 * 3600,
            outbox_max_backoff_ms: 30_000,
            outbox_lease_ms: 30_000,
            webhook_urls: String::new(),
            webhook_secret: None,
            webhook_max_attempts: 12,
            webhook_retry_base_ms: 2_000,
            webhook_retry_max_ms: 3_600_000,
            webhook_timeout_ms: 10_000,
            webhook_poll_ms: 250,
            webhook_dead_letter_retention_secs: 7 * 24 * 3600,
        }
    }
}

impl IntegrationSettings {
    /// Whether any sink is configured: only then do changes record integration events.
    pub fn enabled(&self) -> bool {
        self.amqp_url.is_some() || !self.webhook_url_list().is_empty()
    }

    /// The webhook URLs, trimmed, without empty entries.
    pub fn webhook_url_list(&self) -> Vec<String> {
        self.webhook_urls.split(',').map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned).collect()
    }

    fn relay_config(&self) -> RelayConfig {
        RelayConfig {
            poll: Duration::from_millis(self.outbox_poll_ms.max(1)),
            batch: self.outbox_batch.max(1),
            retention: Duration::from_secs(self.outbox_retention_secs),
            max_backoff: Duration::from_millis(self.outbox_max_backoff_ms.max(1)),
            lease: Duration::from_millis(self.outbox_lease_ms.max(1)),
        }
    }
}

impl std::fmt::Debug for IntegrationSettings {
    // The AMQP URL holds a password, and the webhook secret is one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntegrationSettings")
            .field("amqp", &self.amqp_url.is_some())
            .field("webhooks", &self.webhook_url_list().len())
            .finish_non_exhaustive()
    }
}

/// The background tasks that carry integration events out: the outbox relay, and the webhook
/// worker when webhooks are configured. Empty when no sink is.
pub fn tasks(settings: &IntegrationSettings, storage: &Storage) -> anyhow::Result<Vec<BoxFuture<'static, ()>>> {
    if !settings.enabled() {
        return Ok(Vec::new());
    }
    let Storage::Sql(db) = storage else {
        anyhow::bail!(
            "integration events (CHAT_AMQP_URL, CHAT_WEBHOOK_URLS) need SQL storage: the outbox is in the database"
        );
    };
    let mut tasks = Vec::new();
    let mut sinks: Vec<Arc<dyn IntegrationSink>> = Vec::new();
    if let Some(url) = &settings.amqp_url {
        let timeout = Duration::from_millis(settings.amqp_confirm_timeout_ms.max(1));
        sinks.push(Arc::new(amqp::AmqpSink::new(url.clone(), timeout).context("CHAT_AMQP_URL")?));
    }
    let urls = settings.webhook_url_list();
    if !urls.is_empty() {
        for url in &urls {
            let parsed =
                reqwest::Url::parse(url).with_context(|| "CHAT_WEBHOOK_URLS holds an entry that is not a URL")?;
            anyhow::ensure!(matches!(parsed.scheme(), "http" | "https"), "CHAT_WEBHOOK_URLS takes http(s) URLs only");
        }
        let secret = settings.webhook_secret.clone().filter(|s| !s.is_empty());
        let secret =
            secret.context("CHAT_WEBHOOK_SECRET is required with CHAT_WEBHOOK_URLS: receivers check signatures")?;
        sinks.push(Arc::new(WebhookSink::new(db.clone(), urls)));
        let worker = webhook::WebhookWorker {
            store: db.clone(),
            client: crate::identity::client()?,
            secret: secret.into_bytes(),
            policy: RetryPolicy {
                max_attempts: settings.webhook_max_attempts.max(1),
                base: Duration::from_millis(settings.webhook_retry_base_ms),
                max: Duration::from_millis(settings.webhook_retry_max_ms),
            },
            poll: Duration::from_millis(settings.webhook_poll_ms.max(1)),
            timeout: Duration::from_millis(settings.webhook_timeout_ms.max(1)),
            dead_letter_retention: Duration::from_secs(settings.webhook_dead_letter_retention_secs),
        };
        tasks.push(worker.run().boxed());
    }
    tasks.push(Relay::new(db.clone(), sinks, settings.relay_config()).run().boxed());
    Ok(tasks)
}
