//! Memberships known to hold, so a send does not read its membership again.

use crate::{ConversationId, UserId};
use std::{
    collections::HashSet,
    sync::{Mutex, PoisonError},
};

/// Entries kept at most; past it the cache starts over (it only saves reads).
const CAPACITY: usize = 100_000;

/// A positive cache of `(conversation, member)` pairs. This process forgets a pair as soon as it
/// removes the member or deletes the conversation; a change made by another process is caught by
/// the authoritative check the message writer makes inside its transaction.
#[derive(Debug, Default)]
pub(super) struct MemberCache(Mutex<HashSet<(ConversationId, UserId)>>);

impl MemberCache {
    fn set(&self) -> std::sync::MutexGuard<'_, HashSet<(ConversationId, UserId)>> {
        // Every change is one insert or removal: a poisoned set is still consistent.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn contains(&self, id: ConversationId, user: UserId) -> bool {
        self.set().contains(&(id, user))
    }

    pub(super) fn insert(&self, id: ConversationId, user: UserId) {
        let mut set = self.set();
        if set.len() >= CAPACITY {
            set.clear();
        }
        set.insert((id, user));
    }

    pub(super) fn forget(&self, id: ConversationId, user: UserId) {
        self.set().remove(&(id, user));
    }

    pub(super) fn forget_conversation(&self, id: ConversationId) {
        self.set().retain(|(c, _)| *c != id);
    }
}
