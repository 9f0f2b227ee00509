//! An [`EventSink`] that hands events to several consumers in parallel, in order per
//! [`DomainEvent::order_key`], and never drops an event silently.
//!
//! Each key always goes to the same shard, so a consumer per shard keeps the order of every
//! conversation while different conversations proceed in parallel. The queue is bounded for the
//! events a client can recover ([`DomainEvent::is_sheddable`]): past `shed_above` queued events they
//! are refused and counted (`chat_events_shed_total`). The others (membership, conversation and
//! login changes) are always queued; they are rare and come from rate-limited requests.

use super::{DomainEvent, EventSink};
use std::{
    hash::{Hash, Hasher},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};
use tokio::sync::mpsc;

/// The publishing side (cheap to clone).
#[derive(Clone, Debug)]
pub struct EventQueue {
    shards: Arc<[mpsc::UnboundedSender<DomainEvent>]>,
    queued: Arc<AtomicUsize>,
    unfinished: Arc<AtomicUsize>,
    shed_above: usize,
}

/// The consuming side of one shard.
#[derive(Debug)]
pub struct EventShard {
    events: mpsc::UnboundedReceiver<DomainEvent>,
    queued: Arc<AtomicUsize>,
    unfinished: Arc<AtomicUsize>,
}

impl EventQueue {
    /// A queue of `shards` shards (at least one) that sheds recoverable events past `shed_above`
    /// queued events, and the consumers of its shards.
    pub fn new(shards: usize, shed_above: usize) -> (Self, Vec<EventShard>) {
        let (queued, unfinished) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (senders, receivers): (Vec<_>, Vec<_>) = (0..shards.max(1))
            .map(|_| {
                let (tx, rx) = mpsc::unbounded_channel();
                (tx, EventShard { events: rx, queued: queued.clone(), unfinished: unfinished.clone() })
            })
            .unzip();
        (Self { shards: senders.into(), queued, unfinished, shed_above }, receivers)
    }

    /// Whether every published event was handled: taken, and reported done with
    /// [`EventShard::done`] (a server draining waits for this before closing its sockets).
    pub fn is_settled(&self) -> bool {
        self.unfinished.load(Ordering::SeqCst) == 0
    }

    /// Events published and not yet taken by a consumer.
    pub fn len(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// Whether every published event was taken.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl EventSink for EventQueue {
    fn publish(&self, event: DomainEvent) {
        if event.is_sheddable() && self.queued.load(Ordering::Relaxed) >= self.shed_above {
            metrics::counter!("chat_events_shed_total").increment(1);
            tracing::debug!(queued = self.shed_above, "event consumers fell behind; a recoverable event was shed");
            return;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        event.order_key().hash(&mut hasher);
        #[allow(clippy::cast_possible_truncation)] // Only the low bits pick the shard.
        let shard = hasher.finish() as usize % self.shards.len();
        self.queued.fetch_add(1, Ordering::Relaxed);
        self.unfinished.fetch_add(1, Ordering::SeqCst);
        if self.shards[shard].send(event).is_err() {
            // No consumer (embedding without a transport, or shutting down): nobody is listening.
            self.queued.fetch_sub(1, Ordering::Relaxed);
            self.unfinished.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl EventShard {
    /// The next event of this shard, or `None` once every [`EventQueue`] is dropped.
    pub async fn recv(&mut self) -> Option<DomainEvent> {
        let event = self.events.recv().await?;
        self.queued.fetch_sub(1, Ordering::Relaxed);
        Some(event)
    }

    /// Reports the last event [`EventShard::recv`] gave as handled.
    pub fn done(&self) {
        self.unfinished.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConversationId, UserId};

    fn typing(conversation: ConversationId, n: u8) -> DomainEvent {
        DomainEvent::Typing { conversation_id: conversation, user_id: UserId::new(), is_typing: n.is_multiple_of(2) }
    }

    #[tokio::test]
    async fn events_of_one_conversation_reach_one_shard_in_publication_order() {
        let (queue, mut shards) = EventQueue::new(4, 1000);
        let conversation = ConversationId::new();
        let sent: Vec<DomainEvent> = (0..50).map(|n| typing(conversation, n)).collect();
        for event in &sent {
            queue.publish(event.clone());
        }
        let mut received = Vec::new();
        for shard in &mut shards {
            while let Ok(event) = shard.events.try_recv() {
                received.push(event);
            }
        }
        assert_eq!(received, sent);
    }

    #[tokio::test]
    async fn past_the_bound_recoverable_events_are_shed_but_membership_changes_are_kept() {
        let (queue, mut shards) = EventQueue::new(1, 3);
        let conversation = ConversationId::new();
        for n in 0..5 {
            queue.publish(typing(conversation, n));
        }
        let removed =
            DomainEvent::MemberRemoved { conversation_id: conversation, user_id: UserId::new(), member_ids: vec![] };
        queue.publish(removed.clone());
        assert_eq!(queue.len(), 4);
        let mut received = Vec::new();
        while let Ok(event) = shards[0].events.try_recv() {
            received.push(event);
        }
        assert_eq!(received.len(), 4);
        assert_eq!(received.last(), Some(&removed));
    }

    #[tokio::test]
    async fn taking_an_event_frees_its_place() {
        let (queue, mut shards) = EventQueue::new(2, 1);
        let conversation = ConversationId::new();
        queue.publish(typing(conversation, 0));
        assert_eq!(queue.len(), 1);
        let shard = shards.iter_mut().find(|s| !s.events.is_empty()).expect("one shard holds the event");
        assert!(shard.recv().await.is_some());
        assert!(queue.is_empty());
        queue.publish(typing(conversation, 1));
        assert_eq!(queue.len(), 1);
    }
}
