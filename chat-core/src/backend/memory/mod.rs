//! In-memory implementation of every store: the reference the other backends are tested against,
//! and a complete backend for tests and single-process embedding (nothing survives a restart).

mod account;
mod conversation;
mod flash_group;
mod message;
mod notification;
mod presence;
mod upload;
mod user;

pub use flash_group::MemoryFlashGroups;
pub use presence::MemoryPresence;

use crate::{
    ConversationId, JobId, MessageId, SessionId, UploadId, UserId,
    auth::RefreshTokenRecord,
    conversation::Conversation,
    message::Message,
    upload::{Job, StoredUpload},
    user::User,
};
use chrono::{DateTime, Utc};
use std::{
    collections::{BTreeSet, HashMap, HashSet},
    sync::{Mutex, MutexGuard, PoisonError},
};

/// Every store, in process memory.
#[derive(Debug, Default)]
pub struct MemoryBackend {
    state: Mutex<State>,
    notes: Mutex<notification::Notes>,
}

#[derive(Debug, Default)]
struct State {
    users: HashMap<UserId, UserRow>,
    sessions: HashMap<SessionId, SessionRow>,
    refresh_tokens: HashMap<String, (RefreshTokenRecord, bool)>,
    /// Password reset tokens by hash: the user, the expiry, and whether it was used.
    password_resets: HashMap<String, (UserId, DateTime<Utc>, bool)>,
    /// Email verification tokens by hash: the user, the address, the expiry, and whether it was used.
    email_verifications: HashMap<String, (UserId, String, DateTime<Utc>, bool)>,
    contacts: BTreeSet<(UserId, UserId)>,
    /// `(owner, blocked)`.
    blocks: BTreeSet<(UserId, UserId)>,
    conversations: HashMap<ConversationId, ConversationRow>,
    direct_keys: HashMap<String, ConversationId>,
    /// Messages of a conversation, index `seq - 1`.
    messages: HashMap<ConversationId, Vec<Message>>,
    message_index: HashMap<MessageId, ConversationId>,
    hidden: HashSet<(MessageId, UserId)>,
    reactions: HashMap<MessageId, crate::message::ReactionSet>,
    uploads: HashMap<UploadId, StoredUpload>,
    jobs: HashMap<JobId, Job>,
}

#[derive(Debug, Clone)]
struct UserRow {
    user: User,
    password_hash: Option<String>,
}

#[derive(Debug, Clone)]
struct SessionRow {
    user: UserId,
    revoked: bool,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    client: crate::auth::ClientInfo,
}

#[derive(Debug, Clone)]
struct ConversationRow {
    conversation: Conversation,
    direct_key: Option<String>,
    last_activity: DateTime<Utc>,
}

impl MemoryBackend {
    /// An empty backend.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave a half-written row: every write is a single
        // insert or field assignment, so a poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn notes(&self) -> MutexGuard<'_, notification::Notes> {
        self.notes.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    fn visible_messages(&self, id: ConversationId, viewer: UserId) -> impl DoubleEndedIterator<Item = &Message> {
        self.messages
            .get(&id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(move |m| !self.hidden.contains(&(m.id, viewer)))
    }
}
