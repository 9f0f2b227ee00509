//! The socket's send queue and its volatile slot, held inline in the socket (patch, see
//! `PATCH.md` item 7).
//!
//! 0.17.9 used a tokio `mpsc` channel (its shared state, cache-padded, and a first block of 32
//! slots: about 0.8 KiB allocated with every socket) and a `watch` channel for the volatile slot
//! (about 0.35 KiB more). This queue allocates only while it holds packets. It behaves as they
//! did: bounded (a reserved place counts as taken), `Full` and `Closed` errors carrying the item
//! back, FIFO, one consumer at a time (the transport holding the socket's `internal_rx` lock),
//! buffered packets ahead of the volatile one, and after [`Queue::close`] the packets already
//! queued are still received, then `None`.

use std::{
    collections::VecDeque,
    future::Future,
    pin::Pin,
    sync::{Mutex, MutexGuard, PoisonError},
    task::{Context, Poll},
};

use futures_core::Stream;
use tokio::sync::{Notify, futures::Notified, mpsc::error::TrySendError};

/// Capacity kept by an emptied queue; a larger buffer left by a burst is freed.
const KEPT_CAPACITY: usize = 8;

pub(crate) struct Queue<T> {
    state: Mutex<State<T>>,
    /// Wakes the consumer: one permit at most, so a push between its check and its wait is not missed.
    readable: Notify,
    /// Wakes those waiting for the queue to close.
    closing: Notify,
}

struct State<T> {
    items: VecDeque<T>,
    /// Places promised to permits not yet used.
    reserved: usize,
    capacity: usize,
    closed: bool,
    /// The latest volatile item (each replaces the previous one).
    volatile: Option<T>,
}

/// What the consumer takes next.
pub(crate) enum Next<T> {
    Buffered(T),
    Volatile(T),
}

impl<T> Next<T> {
    pub(crate) fn into_inner(self) -> T {
        match self {
            Self::Buffered(item) | Self::Volatile(item) => item,
        }
    }
}

/// A place reserved in the queue.
pub(crate) struct QueuePermit<'a, T> {
    queue: &'a Queue<T>,
}

impl<T> QueuePermit<'_, T> {
    /// Queues `item` in the reserved place; a permit taken before [`Queue::close`] stays usable,
    /// as a tokio permit did (the consumer still receives what was queued before the end).
    pub(crate) fn send(self, item: T) {
        let queue = self.queue;
        // The place is used, not given back.
        std::mem::forget(self);
        let mut state = queue.lock();
        state.reserved -= 1;
        state.items.push_back(item);
        drop(state);
        queue.readable.notify_one();
    }
}

impl<T> Drop for QueuePermit<'_, T> {
    fn drop(&mut self) {
        self.queue.lock().reserved -= 1;
    }
}

impl<T> Queue<T> {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            state: Mutex::new(State {
                items: VecDeque::new(),
                reserved: 0,
                capacity: capacity.max(1),
                closed: false,
                volatile: None,
            }),
            readable: Notify::new(),
            closing: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn try_send(&self, item: T) -> Result<(), TrySendError<T>> {
        let mut state = self.lock();
        if state.closed {
            return Err(TrySendError::Closed(item));
        }
        if state.items.len() + state.reserved >= state.capacity {
            return Err(TrySendError::Full(item));
        }
        state.items.push_back(item);
        drop(state);
        self.readable.notify_one();
        Ok(())
    }

    pub(crate) fn try_reserve(&self) -> Result<QueuePermit<'_, T>, TrySendError<()>> {
        let mut state = self.lock();
        if state.closed {
            return Err(TrySendError::Closed(()));
        }
        if state.items.len() + state.reserved >= state.capacity {
            return Err(TrySendError::Full(()));
        }
        state.reserved += 1;
        Ok(QueuePermit { queue: self })
    }

    /// Queues `item`, waiting for a place; gives it back once the queue is closed. Only the
    /// upgrade from polling waits this way (rarely, on a full queue): it looks again every few
    /// milliseconds rather than have every receive wake senders.
    pub(crate) async fn send(&self, mut item: T) -> Result<(), T> {
        loop {
            match self.try_send(item) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Closed(back)) => return Err(back),
                Err(TrySendError::Full(back)) => item = back,
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }

    /// Replaces the volatile item; `false` once the queue is closed.
    pub(crate) fn send_volatile(&self, item: T) -> bool {
        let mut state = self.lock();
        if state.closed {
            return false;
        }
        state.volatile = Some(item);
        drop(state);
        self.readable.notify_one();
        true
    }

    /// Refuses every later item; those queued can still be received.
    pub(crate) fn close(&self) {
        self.lock().closed = true;
        self.readable.notify_one();
        self.closing.notify_waiters();
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// Resolves once the queue is closed.
    pub(crate) async fn closed(&self) {
        loop {
            let notified = self.closing.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.is_closed() {
                return;
            }
            notified.await;
        }
    }

    /// The next buffered item, else the volatile one; `Some(None)` when closed and drained;
    /// `None` when there is nothing yet.
    fn try_next(&self) -> Option<Option<Next<T>>> {
        let mut state = self.lock();
        if let Some(item) = state.pop() {
            return Some(Some(Next::Buffered(item)));
        }
        if let Some(item) = state.volatile.take() {
            return Some(Some(Next::Volatile(item)));
        }
        state.closed.then_some(None)
    }

    /// The next buffered item, if one is queued.
    pub(crate) fn try_recv(&self) -> Option<T> {
        self.lock().pop()
    }

    /// Waits for the next item (buffered first); `None` once closed and drained.
    pub(crate) async fn recv(&self) -> Option<Next<T>> {
        loop {
            if let Some(next) = self.try_next() {
                return next;
            }
            self.readable.notified().await;
        }
    }

    /// The items as a stream (buffered first), for the polling transport.
    pub(crate) fn stream(&self) -> QueueStream<'_, T> {
        QueueStream { queue: self, notified: Box::pin(self.readable.notified()) }
    }
}

impl<T> State<T> {
    fn pop(&mut self) -> Option<T> {
        let item = self.items.pop_front()?;
        if self.items.is_empty() && self.items.capacity() > KEPT_CAPACITY {
            self.items = VecDeque::new();
        }
        Some(item)
    }
}

impl<T> std::fmt::Debug for Queue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("Queue")
            .field("len", &state.items.len())
            .field("reserved", &state.reserved)
            .field("capacity", &state.capacity)
            .field("closed", &state.closed)
            .finish()
    }
}

/// [`Queue::stream`].
pub(crate) struct QueueStream<'a, T> {
    queue: &'a Queue<T>,
    notified: Pin<Box<Notified<'a>>>,
}

impl<T> Stream for QueueStream<'_, T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        loop {
            if let Some(next) = self.queue.try_next() {
                return Poll::Ready(next.map(Next::into_inner));
            }
            // Ready means a permit was taken: look again (a push may have come in between).
            std::task::ready!(self.notified.as_mut().poll(cx));
            let notified = self.queue.readable.notified();
            self.notified.set(notified);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn it_is_bounded_with_reserved_places_counted_and_gives_items_back_when_full_or_closed() {
        let queue = Queue::new(2);
        let permit = queue.try_reserve().unwrap();
        queue.try_send(1).unwrap();
        assert!(matches!(queue.try_send(2), Err(TrySendError::Full(2))));
        assert!(matches!(queue.try_reserve(), Err(TrySendError::Full(()))));
        permit.send(3);
        assert_eq!(queue.try_recv(), Some(1));
        drop(queue.try_reserve().unwrap()); // an unused permit gives its place back
        queue.try_send(4).unwrap();
        queue.close();
        assert!(matches!(queue.try_send(5), Err(TrySendError::Closed(5))));
        assert!(!queue.send_volatile(6));
        assert!(matches!(queue.recv().await, Some(Next::Buffered(3))));
        assert!(matches!(queue.recv().await, Some(Next::Buffered(4))));
        assert!(queue.recv().await.is_none(), "closed and drained");
        queue.closed().await;
    }

    #[tokio::test]
    async fn buffered_items_come_before_the_volatile_one_which_keeps_only_the_latest() {
        let queue = Queue::new(8);
        assert!(queue.send_volatile(10));
        assert!(queue.send_volatile(11));
        queue.try_send(1).unwrap();
        assert!(matches!(queue.recv().await, Some(Next::Buffered(1))));
        assert!(matches!(queue.recv().await, Some(Next::Volatile(11))));
        assert!(queue.try_recv().is_none());
    }

    #[tokio::test]
    async fn a_waiting_consumer_is_woken_by_a_later_send_and_waiters_by_the_close() {
        let queue = Arc::new(Queue::new(4));
        let consumer = tokio::spawn({
            let queue = queue.clone();
            async move {
                let mut got = Vec::new();
                while let Some(next) = queue.recv().await {
                    got.push(next.into_inner());
                }
                got
            }
        });
        let closed = tokio::spawn({
            let queue = queue.clone();
            async move { queue.closed().await }
        });
        for i in 0..100 {
            while queue.try_send(i).is_err() {
                tokio::task::yield_now().await;
            }
        }
        queue.close();
        assert_eq!(consumer.await.unwrap(), (0..100).collect::<Vec<_>>());
        closed.await.unwrap();
    }

    #[tokio::test]
    async fn the_stream_yields_buffered_then_volatile_items_and_ends_when_closed() {
        use futures_util::StreamExt;
        let queue = Queue::new(4);
        queue.try_send(1).unwrap();
        queue.send_volatile(9);
        queue.try_send(2).unwrap();
        queue.close();
        assert_eq!(queue.stream().collect::<Vec<_>>().await, vec![1, 2, 9]);
    }

    #[test]
    fn an_emptied_queue_frees_the_buffer_a_burst_left() {
        let queue = Queue::new(256);
        for i in 0..200 {
            queue.try_send(i).unwrap();
        }
        while queue.try_recv().is_some() {}
        assert!(queue.lock().items.capacity() <= KEPT_CAPACITY);
    }
}
