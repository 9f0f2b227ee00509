//! RabbitMQ: each event is published as a persistent message to its topic exchange
//! (`chat_events` or `user_events`) under its routing key, and a batch counts as delivered only
//! once the broker confirmed every message of it.

use async_trait::async_trait;
use chat_core::{
    CoreError, CoreResult,
    outbox::{EventType, IntegrationSink, OutboxEvent},
};
use lapin::{
    BasicProperties, Channel, Connection, ConnectionProperties, ExchangeKind,
    options::{BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions},
    types::FieldTable,
};
use std::time::Duration;
use tokio::sync::Mutex;

/// Publishes to one broker over one channel, opened when first needed and again after a failure
/// (the relay's backoff paces the attempts).
pub struct AmqpSink {
    url: String,
    confirm_timeout: Duration,
    open: Mutex<Option<(Connection, Channel)>>,
}

impl std::fmt::Debug for AmqpSink {
    // The URL holds the broker's password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmqpSink").field("confirm_timeout", &self.confirm_timeout).finish_non_exhaustive()
    }
}

impl AmqpSink {
    /// A sink for the broker at `url` (checked here, connected on first use).
    pub fn new(url: String, confirm_timeout: Duration) -> anyhow::Result<Self> {
        // The parser's error repeats the URL, password included: say only that it is not one.
        url.parse::<lapin::uri::AMQPUri>()
            .map_err(|_| anyhow::anyhow!("not an AMQP URL (amqp://user:password@host:port/vhost)"))?;
        Ok(Self { url, confirm_timeout, open: Mutex::new(None) })
    }

    /// Connects, turns publisher confirms on, and declares the exchanges (durable topics).
    async fn connect(&self) -> lapin::Result<(Connection, Channel)> {
        let properties = ConnectionProperties::default().with_connection_name("chat-server".into());
        let connection = Connection::connect(&self.url, properties).await?;
        let channel = connection.create_channel().await?;
        channel.confirm_select(ConfirmSelectOptions::default()).await?;
        let mut exchanges: Vec<&str> = EventType::ALL.iter().map(|t| t.exchange()).collect();
        exchanges.sort_unstable();
        exchanges.dedup();
        for exchange in exchanges {
            let options = ExchangeDeclareOptions { durable: true, ..ExchangeDeclareOptions::default() };
            channel.exchange_declare(exchange.into(), ExchangeKind::Topic, options, FieldTable::default()).await?;
        }
        tracing::info!("connected to RabbitMQ");
        Ok((connection, channel))
    }
}

/// Publishes `events` in order and waits for the broker's confirms.
async fn publish(channel: &Channel, events: &[OutboxEvent]) -> CoreResult<()> {
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
    let mut confirms = Vec::with_capacity(events.len());
    for event in events {
        let properties = BasicProperties::default()
            .with_delivery_mode(2)
            .with_content_type("application/json".into())
            .with_message_id(event.id.to_string().into())
            .with_type(event.kind.as_str().into())
            .with_timestamp(now);
        let confirm = channel
            .basic_publish(
                event.kind.exchange().into(),
                event.kind.as_str().into(),
                BasicPublishOptions::default(),
                event.body.as_bytes(),
                properties,
            )
            .await
            .map_err(unavailable)?;
        confirms.push(confirm);
    }
    for confirm in confirms {
        if confirm.await.map_err(unavailable)?.is_nack() {
            return Err(CoreError::Unavailable("RabbitMQ refused a message (nack)".into()));
        }
    }
    Ok(())
}

fn unavailable(e: lapin::Error) -> CoreError {
    CoreError::Unavailable(format!("RabbitMQ: {e}"))
}

#[async_trait]
impl IntegrationSink for AmqpSink {
    fn name(&self) -> &'static str {
        "amqp"
    }

    async fn deliver(&self, events: &[OutboxEvent]) -> CoreResult<()> {
        let mut open = self.open.lock().await;
        let delivered = tokio::time::timeout(self.confirm_timeout, async {
            if !open.as_ref().is_some_and(|(_, channel)| channel.status().connected()) {
                *open = Some(self.connect().await.map_err(unavailable)?);
            }
            match open.as_ref() {
                Some((_, channel)) => publish(channel, events).await,
                None => Err(CoreError::Unavailable("RabbitMQ: not connected".into())),
            }
        })
        .await
        .unwrap_or_else(|_| Err(CoreError::Unavailable("RabbitMQ did not confirm in time".into())));
        if delivered.is_err() {
            // Start afresh next time: the channel may be closed, or hold confirms never to come.
            *open = None;
        }
        delivered
    }
}
