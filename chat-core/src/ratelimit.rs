//! A keyed rate limiter: `capacity` requests at once, refilled at `per_second`, with a bounded
//! number of keys.
//!
//! It is GCRA (the "virtual scheduling" form of a token bucket): each key holds only the instant
//! at which its bucket will be full again. A key whose instant has passed is the same as a key
//! never seen, so dropping it changes nothing; the map is swept of those whenever it has doubled
//! since the last sweep (amortised O(1) per check, never a scan per request). Past `max_keys`
//! keys that are all still refilling, new keys share one overflow bucket per shard: a flood of
//! fresh keys (spoofed addresses, a sprayed IPv6 prefix) then limits itself instead of growing the
//! map or pushing out the keys already tracked.

use crate::{CoreError, CoreResult};
use std::{
    collections::HashMap,
    hash::{BuildHasher, Hash, RandomState},
    sync::{Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

const SHARDS: usize = 16;
/// A shard is never swept below this many keys.
const SWEEP_FLOOR: usize = 256;
/// The default bound on tracked keys of one limiter.
pub const DEFAULT_MAX_KEYS: usize = 100_000;

/// Rate limiter keyed by anything hashable (an address, a user, …).
#[derive(Debug)]
pub struct RateLimiter<K> {
    /// Time between two requests at the sustained rate.
    interval: Duration,
    /// How far a key's "full again" instant may run ahead of now: `capacity` intervals.
    tolerance: Duration,
    enabled: bool,
    max_keys_per_shard: usize,
    hasher: RandomState,
    shards: Vec<Mutex<Shard<K>>>,
}

#[derive(Debug)]
struct Shard<K> {
    full_at: HashMap<K, Instant>,
    sweep_at: usize,
    overflow: Option<Instant>,
}

impl<K: Eq + Hash + Clone> RateLimiter<K> {
    /// `capacity` requests in a burst, `per_second` sustained, at most [`DEFAULT_MAX_KEYS`] keys.
    /// A zero capacity disables limiting.
    pub fn new(capacity: u32, per_second: f64) -> Self {
        Self::bounded(capacity, per_second, DEFAULT_MAX_KEYS)
    }

    /// As [`RateLimiter::new`], tracking at most `max_keys` keys.
    pub fn bounded(capacity: u32, per_second: f64, max_keys: usize) -> Self {
        // A rate of zero refills once an hour: a burst, then a long wait.
        let interval =
            if per_second > 0.0 { Duration::from_secs_f64(1.0 / per_second) } else { Duration::from_secs(3600) };
        Self {
            interval,
            tolerance: interval.saturating_mul(capacity),
            enabled: capacity > 0,
            max_keys_per_shard: max_keys.div_ceil(SHARDS).max(1),
            hasher: RandomState::new(),
            shards: (0..SHARDS)
                .map(|_| Mutex::new(Shard { full_at: HashMap::new(), sweep_at: SWEEP_FLOOR, overflow: None }))
                .collect(),
        }
    }

    /// Takes one request for `key`, or says how long to wait.
    pub fn check(&self, key: &K) -> CoreResult<()> {
        self.check_at(key, Instant::now())
    }

    /// Keys tracked (some of which may be full again and not yet swept).
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| lock(s).full_at.len()).sum()
    }

    /// Whether no key is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn shard(&self, key: &K) -> MutexGuard<'_, Shard<K>> {
        // The shard count is a small power of two: the low bits of the hash pick it.
        #[allow(clippy::cast_possible_truncation)]
        let index = self.hasher.hash_one(key) as usize % SHARDS;
        lock(&self.shards[index])
    }

    fn check_at(&self, key: &K, now: Instant) -> CoreResult<()> {
        if !self.enabled {
            return Ok(());
        }
        let mut shard = self.shard(key);
        let shard = &mut *shard;
        let known = shard.full_at.contains_key(key);
        if !known && shard.full_at.len() >= shard.sweep_at {
            shard.full_at.retain(|_, full_at| *full_at > now);
            shard.sweep_at = (shard.full_at.len() * 2).max(SWEEP_FLOOR);
        }
        let slot = if known || shard.full_at.len() < self.max_keys_per_shard {
            shard.full_at.entry(key.clone()).or_insert(now)
        } else {
            shard.overflow.get_or_insert(now)
        };
        let next = (*slot).max(now) + self.interval;
        let ahead = next.duration_since(now);
        if ahead <= self.tolerance {
            *slot = next;
            Ok(())
        } else {
            let wait = ahead - self.tolerance;
            Err(CoreError::RateLimited { retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0) })
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry_after<K: Eq + Hash + Clone>(limiter: &RateLimiter<K>, key: &K, at: Instant) -> Option<u64> {
        match limiter.check_at(key, at) {
            Ok(()) => None,
            Err(CoreError::RateLimited { retry_after_secs }) => Some(retry_after_secs),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_burst_up_to_capacity_passes_and_the_next_request_waits() {
        let limiter = RateLimiter::new(3, 1.0);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(retry_after(&limiter, &"ip", t0), None);
        }
        assert_eq!(retry_after(&limiter, &"ip", t0), Some(1));
        assert_eq!(retry_after(&limiter, &"other-ip", t0), None, "keys are independent");
        assert_eq!(retry_after(&limiter, &"ip", t0 + Duration::from_millis(999)), Some(1));
        assert_eq!(retry_after(&limiter, &"ip", t0 + Duration::from_millis(1000)), None, "one request refills in 1 s");
        assert_eq!(retry_after(&limiter, &"ip", t0 + Duration::from_millis(1000)), Some(1));
    }

    #[test]
    fn the_wait_is_the_time_until_one_request_refills() {
        let limiter = RateLimiter::new(10, 10.0 / 60.0);
        let t0 = Instant::now();
        for _ in 0..10 {
            assert_eq!(retry_after(&limiter, &1, t0), None);
        }
        assert_eq!(retry_after(&limiter, &1, t0), Some(6));
        assert_eq!(retry_after(&limiter, &1, t0 + Duration::from_secs(5)), Some(1));
    }

    #[test]
    fn zero_capacity_disables_the_limit() {
        let limiter = RateLimiter::new(0, 0.0);
        for _ in 0..100 {
            assert!(limiter.check(&1).is_ok());
        }
        assert!(limiter.is_empty());
    }

    #[test]
    fn keys_that_have_refilled_are_swept_so_the_map_does_not_grow_with_every_key_ever_seen() {
        let limiter = RateLimiter::new(2, 100.0);
        let t0 = Instant::now();
        for round in 0..50_u32 {
            let at = t0 + Duration::from_secs(u64::from(round));
            for key in 0..1_000_u32 {
                assert_eq!(retry_after(&limiter, &(round * 1_000 + key), at), None);
            }
        }
        // 50,000 keys were seen, 1,000 at a time, each full again a second later.
        let tracked = limiter.len();
        assert!(tracked < SHARDS * SWEEP_FLOOR * 2 + 2_000, "{tracked} keys still tracked");
    }

    #[test]
    fn past_the_key_bound_new_keys_share_one_bucket_and_tracked_keys_keep_theirs() {
        let limiter = RateLimiter::bounded(2, 1.0, SHARDS * 4);
        let t0 = Instant::now();
        // Fill every shard up to its bound with keys that are still refilling.
        let mut key = 0_u32;
        while limiter.len() < SHARDS * 4 {
            let _ = limiter.check_at(&key, t0);
            key += 1;
        }
        let tracked: Vec<u32> = (0..key).filter(|k| limiter.shard(k).full_at.contains_key(k)).collect();
        assert_eq!(tracked.len(), SHARDS * 4);
        // A flood of new keys: tracked by no one, limited together.
        let refused = (key..key + 10_000).filter(|k| retry_after(&limiter, k, t0).is_some()).count();
        assert!(refused >= 10_000 - SHARDS * 2, "only {refused} of 10,000 new keys were limited");
        assert_eq!(limiter.len(), SHARDS * 4, "the map did not grow past its bound");
        // Each tracked key that had one request left still has it.
        let allowed = tracked.iter().filter(|k| retry_after(&limiter, k, t0).is_none()).count();
        assert_eq!(allowed, tracked.len());
    }
}
