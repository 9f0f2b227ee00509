//! A circuit breaker: after a number of failures in a row a path fails fast for a cool-down,
//! then lets one call through as a probe, and closes again when it succeeds.
//!
//! While a database is partitioned every send would otherwise wait its whole deadline and hold a
//! place in the queue; with the breaker open they are answered `unavailable` at once, and the
//! database sees one probe per cool-down instead of every retry.

use crate::{CoreError, CoreResult};
use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

/// One breaker per guarded path.
#[derive(Debug)]
pub struct Breaker {
    path: &'static str,
    threshold: u32,
    cool_down: Duration,
    state: Mutex<State>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Calls go through; the failures in a row so far.
    Closed(u32),
    /// Calls fail fast until then.
    Open(Instant),
    /// One probe went through at this instant; the others fail fast until it ends (or, if it is
    /// never reported because its caller went away, until a cool-down has passed).
    Probing(Instant),
}

impl Breaker {
    /// A breaker for `path` (a metrics label) that opens after `threshold` failures in a row (0:
    /// never) and stays open for `cool_down`.
    pub fn new(path: &'static str, threshold: u32, cool_down: Duration) -> Self {
        metrics::gauge!("chat_breaker_open", "path" => path).set(0.0);
        Self { path, threshold, cool_down, state: Mutex::new(State::Closed(0)) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether a call may go through now (the attempt to report its outcome with); `unavailable`
    /// while the breaker is open.
    pub fn admit(&self) -> CoreResult<Attempt<'_>> {
        let now = Instant::now();
        let mut state = self.state();
        let attempt = Attempt { breaker: self, reported: false };
        match *state {
            State::Closed(_) => return Ok(attempt),
            State::Open(until) | State::Probing(until) if now >= until => {
                *state = State::Probing(now + self.cool_down);
                return Ok(attempt);
            }
            State::Open(_) | State::Probing(_) => {}
        }
        drop(state);
        metrics::counter!("chat_breaker_rejected_total", "path" => self.path).increment(1);
        Err(CoreError::Unavailable(format!("the {} is failing; retry shortly", self.path)))
    }

    fn record(&self, failed: bool) {
        let mut state = self.state();
        let next = match (*state, failed) {
            (State::Closed(0), false) => return,
            (_, false) => State::Closed(0),
            (State::Closed(failures), true) if self.threshold == 0 || failures + 1 < self.threshold => {
                State::Closed(failures.saturating_add(1))
            }
            // A call admitted before the breaker opened: it stays open as it is.
            (State::Open(_), true) => return,
            (State::Closed(_) | State::Probing(_), true) => State::Open(Instant::now() + self.cool_down),
        };
        let (was_open, is_open) = (!matches!(*state, State::Closed(_)), !matches!(next, State::Closed(_)));
        *state = next;
        drop(state);
        if was_open != is_open {
            metrics::gauge!("chat_breaker_open", "path" => self.path).set(f64::from(u8::from(is_open)));
            if is_open {
                tracing::warn!(
                    path = self.path,
                    cool_down_ms = self.cool_down.as_millis() as u64,
                    "circuit breaker open"
                );
            } else {
                tracing::info!(path = self.path, "circuit breaker closed again");
            }
        } else if is_open {
            tracing::warn!(path = self.path, "probe failed; circuit breaker open again");
        }
    }
}

/// A call the breaker let through. Report how it ended with [`Attempt::record`]; one dropped
/// unreported (its caller gave up waiting, a deadline cancelled it) counts as failed.
#[derive(Debug)]
#[must_use = "report the outcome with `record`"]
pub struct Attempt<'a> {
    breaker: &'a Breaker,
    reported: bool,
}

impl Attempt<'_> {
    /// Reports how the call ended: `failed` when the dependency failed or did not answer in time
    /// (not when the call was refused for its own sake).
    pub fn record(mut self, failed: bool) {
        self.reported = true;
        self.breaker.record(failed);
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.reported {
            self.breaker.record(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_opens_after_the_threshold_fails_fast_then_lets_one_probe_through_and_closes_on_success() {
        let breaker = Breaker::new("database", 3, Duration::from_millis(40));
        for _ in 0..2 {
            breaker.admit().unwrap().record(true);
        }
        breaker.admit().unwrap().record(false);
        assert_eq!(*breaker.state(), State::Closed(0), "a success in between starts the count again");
        for _ in 0..3 {
            breaker.admit().unwrap().record(true);
        }
        assert_eq!(breaker.admit().unwrap_err().code(), "unavailable", "open: fails fast");
        std::thread::sleep(Duration::from_millis(50));
        let probe = breaker.admit().expect("after the cool-down, one probe");
        assert!(breaker.admit().is_err(), "only one probe at a time");
        probe.record(true);
        assert!(breaker.admit().is_err(), "a failed probe opens it again");
        std::thread::sleep(Duration::from_millis(50));
        breaker.admit().unwrap().record(false);
        breaker.admit().expect("a successful probe closes it").record(false);
        breaker.admit().unwrap().record(false);
    }

    #[test]
    fn a_call_abandoned_before_it_reported_counts_as_failed() {
        let breaker = Breaker::new("database", 1, Duration::from_millis(20));
        drop(breaker.admit().unwrap());
        assert!(breaker.admit().is_err(), "the abandoned call opened it");
        std::thread::sleep(Duration::from_millis(30));
        drop(breaker.admit().expect("a probe, abandoned too"));
        assert!(breaker.admit().is_err(), "and opened it again");
        std::thread::sleep(Duration::from_millis(30));
        breaker.admit().expect("another probe a cool-down later").record(false);
        breaker.admit().unwrap().record(false);
    }

    #[test]
    fn a_threshold_of_zero_never_opens() {
        let breaker = Breaker::new("database", 0, Duration::from_secs(60));
        for _ in 0..100 {
            breaker.admit().unwrap().record(true);
        }
        breaker.admit().unwrap().record(false);
    }
}
