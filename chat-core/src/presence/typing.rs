//! Typing indicators: a "typing" state lasts [`TYPING_EXPIRY`] unless refreshed, so a client
//! that vanishes mid-sentence does not leave others watching dots forever.

use crate::{ConversationId, UserId};
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// How long a typing state lasts without a refresh.
pub const TYPING_EXPIRY: Duration = Duration::from_secs(5);

/// Repeated "still typing" events closer together than this are not forwarded.
const REFRESH_INTERVAL: Duration = Duration::from_millis(1500);

/// Who types where, and since when was it last forwarded.
#[derive(Debug, Default)]
pub(super) struct TypingTracker {
    /// For each (conversation, user): when "typing" was last forwarded, and a generation that
    /// changes with every forwarded state so stale expiry timers do nothing.
    states: Mutex<HashMap<(ConversationId, UserId), (Instant, u64)>>,
}

/// What to do with one typing event.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TypingDecision {
    /// Forward it; when typing, expire it after [`TYPING_EXPIRY`] unless `generation` moved on.
    Forward { generation: u64 },
    /// Drop it: nothing new to say.
    Drop,
}

impl TypingTracker {
    pub(super) fn update(
        &self,
        conversation: ConversationId,
        user: UserId,
        typing: bool,
        now: Instant,
    ) -> TypingDecision {
        let mut states = self.states.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = (conversation, user);
        match (states.get(&key).copied(), typing) {
            (Some((last, _)), true) if now.duration_since(last) < REFRESH_INTERVAL => TypingDecision::Drop,
            (previous, true) => {
                let generation = previous.map_or(1, |(_, g)| g + 1);
                states.insert(key, (now, generation));
                TypingDecision::Forward { generation }
            }
            (Some((_, generation)), false) => {
                states.remove(&key);
                TypingDecision::Forward { generation: generation + 1 }
            }
            (None, false) => TypingDecision::Drop,
        }
    }

    /// Typing states held (each ends by itself within [`TYPING_EXPIRY`]).
    pub(super) fn len(&self) -> usize {
        self.states.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    /// Ends a typing state if it was not refreshed since `generation`; returns whether it ended.
    pub(super) fn expire(&self, conversation: ConversationId, user: UserId, generation: u64) -> bool {
        let mut states = self.states.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = (conversation, user);
        if states.get(&key).is_some_and(|(_, g)| *g == generation) {
            states.remove(&key);
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshes_are_throttled_and_stopping_is_forwarded_once() {
        let tracker = TypingTracker::default();
        let (c, u, t0) = (ConversationId::new(), UserId::new(), Instant::now());
        assert_eq!(tracker.update(c, u, true, t0), TypingDecision::Forward { generation: 1 });
        assert_eq!(tracker.update(c, u, true, t0 + Duration::from_millis(500)), TypingDecision::Drop);
        assert_eq!(tracker.update(c, u, true, t0 + Duration::from_secs(2)), TypingDecision::Forward { generation: 2 });
        assert!(!tracker.expire(c, u, 1), "a refreshed state outlives the old timer");
        assert_eq!(tracker.update(c, u, false, t0 + Duration::from_secs(3)), TypingDecision::Forward { generation: 3 });
        assert_eq!(tracker.update(c, u, false, t0 + Duration::from_secs(3)), TypingDecision::Drop);
        assert!(!tracker.expire(c, u, 2), "already stopped");
    }

    #[test]
    fn an_unrefreshed_state_expires() {
        let tracker = TypingTracker::default();
        let (c, u) = (ConversationId::new(), UserId::new());
        let TypingDecision::Forward { generation } = tracker.update(c, u, true, Instant::now()) else { panic!() };
        assert!(tracker.expire(c, u, generation));
        assert!(!tracker.expire(c, u, generation));
    }
}
