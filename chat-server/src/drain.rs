//! Graceful drain, from SIGTERM to exit:
//!
//! 1. `/ready` answers 503 `draining` and the listener stops accepting connections;
//! 2. socket events already taken run to their answer (a send is stored and acked, or refused);
//!    events arriving now are refused with `unavailable` (retry in a second), which a client
//!    retries once it has reconnected elsewhere;
//! 3. the domain events those produced are forwarded (to this instance's sockets and, through
//!    Redis, the others');
//! 4. every socket's transport is closed, so that Socket.IO clients reconnect by themselves (to
//!    another instance behind the load balancer);
//! 5. the process exits, at the latest `CHAT_SHUTDOWN_TIMEOUT_SECS` after the signal.

use chat_core::events::EventQueue;
use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::Duration,
};
use tokio::sync::Notify;

/// Whether this instance is draining, and the work it must finish first.
#[derive(Debug, Default)]
pub struct Drain {
    draining: AtomicBool,
    working: AtomicUsize,
    idle: Notify,
}

/// One piece of work under way (a socket event being handled); given back on drop.
#[derive(Debug)]
pub struct Working(Arc<Drain>);

impl Drop for Working {
    fn drop(&mut self) {
        if self.0.working.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Drain {
    /// From now on no new work is taken.
    pub fn begin(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    /// Whether [`Drain::begin`] was called.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// A place for one piece of work, or `None` once draining. Work taken before
    /// [`Drain::begin`] is always waited for: the count is raised before the flag is read.
    pub fn enter(self: &Arc<Self>) -> Option<Working> {
        self.working.fetch_add(1, Ordering::SeqCst);
        let working = Working(Arc::clone(self));
        (!self.is_draining()).then_some(working)
    }

    /// Waits until no work is under way and every domain event was forwarded, or `limit` passed;
    /// whether it settled.
    pub async fn settle(&self, events: &EventQueue, limit: Duration) -> bool {
        let settled = async {
            loop {
                let idle = self.idle.notified();
                if self.working.load(Ordering::SeqCst) == 0 {
                    break;
                }
                idle.await;
            }
            while !events.is_settled() {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        tokio::time::timeout(limit, settled).await.is_ok()
    }

    /// Drains: takes no new work from now on and, in the background, closes the sockets through
    /// `close` once the work taken is done and forwarded (waiting at most half of `grace`). The
    /// process must await the returned task before it exits: upgraded connections (WebSockets) are
    /// not awaited by the HTTP server's own graceful shutdown.
    pub fn start(
        self: &Arc<Self>,
        events: EventQueue,
        grace: Duration,
        close: impl Future<Output = ()> + Send + 'static,
    ) -> tokio::task::JoinHandle<()> {
        tracing::info!(grace_secs = grace.as_secs(), "draining");
        self.begin();
        let drain = Arc::clone(self);
        tokio::spawn(async move {
            if !drain.settle(&events, grace / 2).await {
                tracing::warn!("work under way did not finish in time; closing the sockets anyway");
            }
            close.await;
            tracing::info!("sockets closed");
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_taken_before_the_drain_is_waited_for_and_work_offered_after_it_is_refused() {
        let drain = Arc::new(Drain::default());
        let (events, _shards) = EventQueue::new(1, 10);
        let taken = drain.enter().expect("work is taken before the drain");
        drain.begin();
        assert!(drain.enter().is_none(), "no new work once draining");
        assert!(!drain.settle(&events, Duration::from_millis(50)).await, "the work taken is still under way");
        let finish = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(30)).await;
            drop(taken);
        });
        assert!(drain.settle(&events, Duration::from_secs(2)).await, "settled once the work ended");
        finish.await.unwrap();
    }

    #[tokio::test]
    async fn the_drain_waits_for_published_events_to_be_forwarded() {
        let drain = Arc::new(Drain::default());
        let (events, mut shards) = EventQueue::new(1, 10);
        chat_core::EventSink::publish(
            &events,
            chat_core::DomainEvent::Typing {
                conversation_id: chat_core::ConversationId::new(),
                user_id: chat_core::UserId::new(),
                is_typing: true,
            },
        );
        drain.begin();
        assert!(!drain.settle(&events, Duration::from_millis(50)).await, "an event is not forwarded yet");
        let mut shard = shards.pop().unwrap();
        assert!(shard.recv().await.is_some());
        assert!(!drain.settle(&events, Duration::from_millis(50)).await, "taken is not yet forwarded");
        shard.done();
        assert!(drain.settle(&events, Duration::from_millis(50)).await);
    }
}
