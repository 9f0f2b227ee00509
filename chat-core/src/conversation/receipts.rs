//! Read and delivered positions, and the coalescing of delivered receipts.
//!
//! A client acknowledges each live message with `markAsDelivered`, so without coalescing one
//! group message of N members costs N−1 writes and N(N−1) announcements. Receipts go into one
//! bounded queue; a single task takes everything queued, keeps the highest position per
//! (conversation, member), writes each once and announces it once, then waits out the rest of
//! the flush interval before it takes the next lot. Every caller is answered with the position
//! that was written.

use super::ConversationStore;
use crate::{ConversationId, CoreError, CoreResult, DomainEvent, EventSink, UserId};
use std::{collections::BTreeMap, sync::Arc, time::Duration};
use tokio::sync::{mpsc, oneshot};

/// Moves a member's read or delivered position forward (never back, never past the last seq)
/// and announces it when it moved; returns the position now stored.
pub(super) async fn advance(
    store: &dyn ConversationStore,
    events: &dyn EventSink,
    (me, id): (UserId, ConversationId),
    seq: i64,
    read: bool,
) -> CoreResult<i64> {
    let before = store.member_state(id, me).await?.ok_or(CoreError::NotFound("conversation"))?;
    let (old, new) = if read {
        (before.read_seq, store.advance_read(id, me, seq).await?)
    } else {
        (before.delivered_seq, store.advance_delivered(id, me, seq).await?)
    };
    if new > old {
        let (conversation_id, user_id, at) = (id, me, crate::time::now());
        events.publish(if read {
            DomainEvent::MessagesRead { conversation_id, user_id, seq: new, at }
        } else {
            DomainEvent::MessagesDelivered { conversation_id, user_id, seq: new, at }
        });
    }
    Ok(new)
}

/// Callers waiting for one coalesced write.
type Waiters = Vec<oneshot::Sender<CoreResult<i64>>>;

struct Receipt {
    member: (UserId, ConversationId),
    seq: i64,
    reply: oneshot::Sender<CoreResult<i64>>,
}

/// The queue of delivered receipts; the task runs while one of these lives.
#[derive(Debug)]
pub(super) struct DeliveredReceipts {
    queue: mpsc::Sender<Receipt>,
}

impl std::fmt::Debug for Receipt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receipt").field("seq", &self.seq).finish_non_exhaustive()
    }
}

impl DeliveredReceipts {
    /// Starts the coalescing task on the current runtime.
    pub(super) fn spawn(
        store: Arc<dyn ConversationStore>,
        events: Arc<dyn EventSink>,
        bound: usize,
        interval: Duration,
    ) -> Self {
        let (queue, receiver) = mpsc::channel(bound.max(1));
        tokio::spawn(run(store, events, receiver, bound.max(1), interval));
        Self { queue }
    }

    /// Queues a receipt and waits for the position written; a full queue refuses at once.
    pub(super) async fn offer(&self, me: UserId, id: ConversationId, seq: i64) -> CoreResult<i64> {
        let (reply, answer) = oneshot::channel();
        self.queue.try_send(Receipt { member: (me, id), seq, reply }).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => CoreError::RateLimited { retry_after_secs: 1 },
            mpsc::error::TrySendError::Closed(_) => CoreError::internal("the receipt writer has stopped"),
        })?;
        answer.await.map_err(|_| CoreError::internal("the receipt writer dropped a receipt"))?
    }
}

async fn run(
    store: Arc<dyn ConversationStore>,
    events: Arc<dyn EventSink>,
    mut receiver: mpsc::Receiver<Receipt>,
    bound: usize,
    interval: Duration,
) {
    let mut taken = Vec::with_capacity(bound.min(1024));
    while receiver.recv_many(&mut taken, bound).await > 0 {
        let started = tokio::time::Instant::now();
        let mut coalesced: BTreeMap<(UserId, ConversationId), (i64, Waiters)> = BTreeMap::new();
        for Receipt { member, seq, reply } in taken.drain(..) {
            let entry = coalesced.entry(member).or_insert((seq, Vec::new()));
            entry.0 = entry.0.max(seq);
            entry.1.push(reply);
        }
        metrics::counter!("chat_receipts_written_total").increment(coalesced.len() as u64);
        for (member, (seq, replies)) in coalesced {
            let outcome = advance(&*store, &*events, member, seq, false).await;
            for reply in replies {
                // A caller that went away loses only its answer: the position is written.
                let _ = reply.send(outcome.clone());
            }
        }
        tokio::time::sleep_until(started + interval).await;
    }
}
