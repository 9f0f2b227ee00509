//! The batching message writer (group commit).
//!
//! Every send, from every conversation, goes into one bounded queue. A single task takes
//! everything queued (up to a bound) while the previous batch commits, hands it to
//! [`MessageStore::append_messages`] as one batch, and once it committed publishes
//! [`DomainEvent::MessageCreated`] for the stored messages, in the order of the batch (so in
//! increasing `seq` per conversation), then answers each sender. A full queue refuses at once with a retryable error: under
//! any offered load, throughput stays at what the database commits and memory stays bounded.

use super::{Message, MessageStore, NewMessage};
use crate::{CoreError, CoreResult, DomainEvent, EventSink, upload::UploadService};
use futures::FutureExt as _;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument as _;

/// How long a refused sender should wait before retrying, in seconds.
const RETRY_AFTER_SECS: u64 = 1;

type Outcome = CoreResult<(Message, bool)>;

struct Pending {
    new: NewMessage,
    reply: oneshot::Sender<Outcome>,
}

/// The sending half of the queue; the writer task runs while one of these lives.
#[derive(Clone)]
pub(super) struct Writer {
    queue: mpsc::Sender<Pending>,
}

/// What the writer task works with.
pub(super) struct WriterParts {
    pub store: Arc<dyn MessageStore>,
    pub uploads: UploadService,
    pub events: Arc<dyn EventSink>,
    /// Sends waiting at most (the queue's bound).
    pub queue: usize,
    /// Messages in one batch at most.
    pub max_batch: usize,
    /// Receives the messages each batch stored, after their senders were answered; the writer
    /// waits while it is full.
    pub committed: Option<mpsc::Sender<Vec<Message>>>,
}

impl Writer {
    /// Starts the writer task on the current Tokio runtime.
    pub(super) fn spawn(parts: WriterParts) -> Self {
        let (queue, receiver) = mpsc::channel(parts.queue.max(1));
        tokio::spawn(run(parts, receiver));
        Self { queue }
    }

    /// Queues one message and waits until its batch committed (or failed).
    pub(super) async fn write(&self, new: NewMessage) -> Outcome {
        let (reply, answer) = oneshot::channel();
        self.queue.try_send(Pending { new, reply }).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => {
                metrics::counter!("chat_message_queue_refused_total").increment(1);
                CoreError::RateLimited { retry_after_secs: RETRY_AFTER_SECS }
            }
            mpsc::error::TrySendError::Closed(_) => CoreError::internal("the message writer has stopped"),
        })?;
        answer.await.map_err(|_| CoreError::internal("the message writer dropped a send"))?
    }
}

async fn run(parts: WriterParts, mut receiver: mpsc::Receiver<Pending>) {
    let max_batch = parts.max_batch.max(1);
    let mut batch = Vec::with_capacity(max_batch);
    while receiver.recv_many(&mut batch, max_batch).await > 0 {
        metrics::histogram!("chat_message_batch_size").record(batch.len() as f64);
        metrics::gauge!("chat_message_queue_depth").set(receiver.len() as f64);
        let (news, replies): (Vec<_>, Vec<_>) = batch.drain(..).map(|p| (p.new, p.reply)).unzip();
        let started = std::time::Instant::now();
        let size = news.len();
        // A panic in a store must fail its batch, not stop the writer (every later send would fail).
        let span = tracing::debug_span!("messages.append_batch", size);
        let written =
            std::panic::AssertUnwindSafe(parts.store.append_messages(news).instrument(span)).catch_unwind().await;
        let mut stored = written
            .unwrap_or_else(|_| {
                tracing::error!(size, "the message store panicked while writing a batch");
                Vec::new()
            })
            .into_iter();
        let elapsed = started.elapsed();
        metrics::histogram!("chat_message_batch_seconds").record(elapsed.as_secs_f64());
        tracing::trace!(size, micros = elapsed.as_micros() as u64, "message batch written");
        let outcomes: Vec<Outcome> = (0..size)
            .map(|_| {
                stored
                    .next()
                    .unwrap_or_else(|| Err(CoreError::internal("the store answered fewer messages than it was given")))
                    .map(|(message, new)| (parts.uploads.sign(message), new))
            })
            .collect();
        // Announced (handed to the event sink, which only queues) before the senders are
        // answered, so a sender that got its answer knows the event is out. The fan-out itself
        // happens in the transport's own task: an ack never waits for it.
        let mut created = 0;
        for outcome in &outcomes {
            if let Ok((message, true)) = outcome {
                created += 1;
                parts.events.publish(DomainEvent::MessageCreated(message.clone()));
            }
        }
        metrics::counter!("chat_messages_stored_total").increment(created);
        let stored: Vec<Message> = match &parts.committed {
            Some(_) => outcomes
                .iter()
                .filter_map(|o| o.as_ref().ok().filter(|(_, new)| *new))
                .map(|(m, _)| m.clone())
                .collect(),
            None => Vec::new(),
        };
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            // A sender that went away still has its message stored; it finds it by seq or by
            // its clientMsgId.
            let _ = reply.send(outcome);
        }
        if let (Some(committed), false) = (&parts.committed, stored.is_empty()) {
            let _ = committed.send(stored).await;
        }
    }
}
