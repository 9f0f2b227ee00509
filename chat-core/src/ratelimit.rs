//! A keyed token bucket: `capacity` requests at once, refilled at `per_second`.

use crate::{CoreError, CoreResult};
use std::{
    collections::HashMap,
    hash::Hash,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Rate limiter keyed by anything hashable (an IP, a socket id, …).
#[derive(Debug)]
pub struct RateLimiter<K> {
    capacity: f64,
    per_second: f64,
    buckets: Mutex<HashMap<K, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Past this many keys, buckets that have refilled completely are dropped.
const PRUNE_AT: usize = 10_000;

impl<K: Eq + Hash + Clone> RateLimiter<K> {
    /// `capacity` requests in a burst, `per_second` sustained. A zero capacity disables limiting.
    pub fn new(capacity: u32, per_second: f64) -> Self {
        Self { capacity: f64::from(capacity), per_second, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `key`, or says how long to wait.
    pub fn check(&self, key: &K) -> CoreResult<()> {
        self.check_at(key, Instant::now())
    }

    /// Drops the bucket of `key` (its owner is gone: a closed socket).
    pub fn forget(&self, key: &K) {
        self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(key);
    }

    /// Keys with a bucket.
    pub fn len(&self) -> usize {
        self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    /// Whether no key has a bucket.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check_at(&self, key: &K, now: Instant) -> CoreResult<()> {
        if self.capacity <= 0.0 {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT {
            let full_after = Duration::from_secs_f64(self.capacity / self.per_second.max(f64::MIN_POSITIVE));
            buckets.retain(|_, b| now.duration_since(b.updated) < full_after);
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket { tokens: self.capacity, updated: now });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = if self.per_second > 0.0 { (1.0 - bucket.tokens) / self.per_second } else { 3600.0 };
            // Saturating float-to-int conversion: a wait is always at least one second.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let retry_after_secs = wait.ceil().max(1.0) as u64;
            Err(CoreError::RateLimited { retry_after_secs })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_up_to_capacity_passes_and_the_next_request_waits() {
        let limiter = RateLimiter::new(3, 1.0);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(&"ip", t0).is_ok());
        }
        match limiter.check_at(&"ip", t0) {
            Err(CoreError::RateLimited { retry_after_secs }) => assert_eq!(retry_after_secs, 1),
            other => panic!("expected rate limited, got {other:?}"),
        }
        assert!(limiter.check_at(&"other-ip", t0).is_ok(), "keys are independent");
        assert!(limiter.check_at(&"ip", t0 + Duration::from_millis(1000)).is_ok(), "a token refills in 1 s");
    }

    #[test]
    fn zero_capacity_disables_the_limit() {
        let limiter = RateLimiter::new(0, 0.0);
        for _ in 0..100 {
            assert!(limiter.check(&1).is_ok());
        }
    }
}
