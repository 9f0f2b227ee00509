//! Admission of client events before socketioxide spawns a task for them.
//!
//! socketioxide reads each WebSocket frame as it arrives and spawns one task per event. When
//! events arrive faster than one core runs them, those tasks pile up (hundreds of megabytes a
//! second under a flood) before any of the services' bounded queues can refuse anything. The
//! [`Admitted`] extractor runs on the connection's reading task, before the spawn: past
//! `CHAT_SOCKET_EVENTS_IN_FLIGHT` events whose handler has not finished, it answers the event at
//! once with `rate_limited` and no task is spawned. The refusal is paid on the reading task, so a
//! flooding connection slows its own reading down.

use super::{Realtime, reply};
use crate::drain::Working;
use chat_core::CoreError;
use socketioxide::{
    adapter::Adapter,
    extract::{AckSender, State},
    handler::{FromMessageParts, Value},
    socket::Socket,
};
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

/// Event handlers spawned and not yet finished, across every socket of this instance.
#[derive(Debug)]
pub struct InFlight {
    count: AtomicUsize,
    max: usize,
}

impl InFlight {
    /// At most `max` handlers at once (0: no limit).
    pub fn new(max: usize) -> Self {
        Self { count: AtomicUsize::new(0), max: if max == 0 { usize::MAX } else { max } }
    }
}

/// One place among the events in flight, given back when the handler ends; while it is held, a
/// draining server waits for the event to be answered.
#[derive(Debug)]
pub struct Admitted {
    in_flight: Arc<InFlight>,
    _working: Working,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.in_flight.count.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The event was refused (and already answered).
#[derive(Debug)]
pub struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("event refused: too many events in flight")
    }
}

impl std::error::Error for Refused {}

impl<A: Adapter> FromMessageParts<A> for Admitted {
    type Error = Refused;

    fn from_message_parts(s: &Arc<Socket<A>>, v: &mut Value, ack_id: &Option<i64>) -> Result<Self, Refused> {
        let Ok(State(rt)) = State::<Realtime>::from_message_parts(s, v, ack_id) else { return Err(Refused) };
        let mut refuse = |reason: &'static str, error: CoreError| {
            metrics::counter!("chat_socket_events_refused_total", "reason" => reason).increment(1);
            let Ok(ack) = AckSender::<A>::from_message_parts(s, v, ack_id);
            reply(reason, ack, Err(error));
            Err(Refused)
        };
        let Some(working) = rt.app.drain.enter() else {
            return refuse("draining", CoreError::Unavailable("this server is restarting: reconnect and retry".into()));
        };
        let in_flight = rt.in_flight;
        if in_flight.count.fetch_add(1, Ordering::Relaxed) < in_flight.max {
            return Ok(Self { in_flight, _working: working });
        }
        in_flight.count.fetch_sub(1, Ordering::Relaxed);
        refuse("overloaded", CoreError::RateLimited { retry_after_secs: 1 })
    }
}
