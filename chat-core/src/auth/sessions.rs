//! Logins already checked, so that a handshake or a request does not ask the store each time.
//!
//! A revocation made by this process is written into the cache at once; one made by another
//! process is seen when the entry expires (`session_cache_secs`), or earlier when the transport
//! relays it ([`super::AuthService::session_revoked_elsewhere`]).

use crate::SessionId;
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Whether each recently checked login is active, with when that was learnt.
#[derive(Debug)]
pub(crate) struct SessionCache {
    ttl: Duration,
    max: usize,
    entries: Mutex<HashMap<SessionId, (bool, Instant)>>,
}

impl SessionCache {
    /// Entries believed for `ttl`, at most `max` of them (a zero `ttl` caches nothing).
    pub(crate) fn new(ttl: Duration, max: usize) -> Self {
        Self { ttl, max, entries: Mutex::default() }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<SessionId, (bool, Instant)>> {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether `session` is active, if known and not expired at `now`.
    pub(crate) fn get(&self, session: SessionId, now: Instant) -> Option<bool> {
        let entries = self.entries();
        let (active, at) = entries.get(&session)?;
        (now.duration_since(*at) < self.ttl).then_some(*active)
    }

    /// Remembers what the store said about `session` at `now`. A revoked login stays revoked
    /// (an answer read before a revocation cannot undo it). When full, expired entries are
    /// dropped first, then everything (the store is asked again).
    pub(crate) fn put(&self, session: SessionId, active: bool, now: Instant) {
        if self.ttl.is_zero() || self.max == 0 {
            return;
        }
        let mut entries = self.entries();
        if entries.len() >= self.max && !entries.contains_key(&session) {
            entries.retain(|_, (_, at)| now.duration_since(*at) < self.ttl);
            if entries.len() >= self.max {
                entries.clear();
            }
        }
        let entry = entries.entry(session).or_insert((active, now));
        *entry = (active && entry.0, now);
    }

    /// Logins remembered.
    pub(crate) fn len(&self) -> usize {
        self.entries().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_believed_until_it_expires() {
        let cache = SessionCache::new(Duration::from_secs(10), 10);
        let (session, t0) = (SessionId::new(), Instant::now());
        assert_eq!(cache.get(session, t0), None);
        cache.put(session, true, t0);
        assert_eq!(cache.get(session, t0 + Duration::from_secs(9)), Some(true));
        assert_eq!(cache.get(session, t0 + Duration::from_secs(10)), None);
    }

    #[test]
    fn a_revocation_replaces_what_was_known_and_is_never_undone() {
        let cache = SessionCache::new(Duration::from_secs(10), 10);
        let (session, t0) = (SessionId::new(), Instant::now());
        cache.put(session, true, t0);
        cache.put(session, false, t0);
        assert_eq!(cache.get(session, t0), Some(false));
        cache.put(session, true, t0);
        assert_eq!(cache.get(session, t0), Some(false));
    }

    #[test]
    fn a_full_cache_drops_expired_entries_first_and_never_grows_past_its_bound() {
        let cache = SessionCache::new(Duration::from_secs(10), 3);
        let t0 = Instant::now();
        let old = SessionId::new();
        cache.put(old, true, t0);
        let later = t0 + Duration::from_secs(11);
        let fresh: Vec<SessionId> = (0..2).map(|_| SessionId::new()).collect();
        for s in &fresh {
            cache.put(*s, true, later);
        }
        cache.put(SessionId::new(), true, later);
        assert_eq!(cache.len(), 3, "the expired entry made room");
        assert_eq!(cache.get(fresh[0], later), Some(true));
        for _ in 0..10 {
            cache.put(SessionId::new(), true, later);
            assert!(cache.len() <= 3);
        }
    }

    #[test]
    fn a_zero_lifetime_caches_nothing() {
        let cache = SessionCache::new(Duration::ZERO, 10);
        let session = SessionId::new();
        cache.put(session, true, Instant::now());
        assert_eq!(cache.len(), 0);
    }
}
