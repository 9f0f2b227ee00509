//! Appending messages in batches (group commit): one transaction and five set-based statements
//! for a whole batch of sends from any number of conversations (and one more for their
//! `message.sent` integration events when the outbox is on) (`postgres.rs`: arrays with
//! `UNNEST`; `sqlite.rs`: `VALUES` lists and multi-row inserts).
//!
//! Both engines read what the batch depends on (the conversations' counters, under their row
//! locks on PostgreSQL; the senders' memberships; messages already stored under the batch's
//! idempotency keys), decide every message in Rust ([`Plan`]), then write the new rows and the
//! counters and commit. When the transaction fails as a whole, each message is retried in a
//! transaction of its own, so one bad message fails alone.

mod postgres;
mod sqlite;

use super::{SqlBackend, ts};
use crate::{
    CoreError, CoreResult,
    message::{Message, NewMessage},
    outbox::{EventType, IntegrationEvent},
};
use chrono::{DateTime, Utc};
use sea_orm::DbBackend;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// The result of one message of a batch.
type Outcome = CoreResult<(Message, bool)>;
/// A message's idempotency key, scoped as the unique index scopes it.
type Key = (Uuid, Uuid, String);

/// What the batch depends on, as read inside its transaction.
#[derive(Default)]
struct Snapshot {
    /// `last_seq` of every conversation of the batch that exists.
    last_seq: HashMap<Uuid, i64>,
    /// `(conversation, user)` pairs of the batch that are memberships.
    members: HashSet<(Uuid, Uuid)>,
    /// Messages already stored under the batch's keys.
    stored: HashMap<Key, Message>,
}

/// Every message of a batch decided: its outcome, and the counters to set.
struct Plan {
    outcomes: Vec<Outcome>,
    /// New `last_seq` and `last_message_at` per conversation written to.
    counters: BTreeMap<Uuid, (i64, DateTime<Utc>)>,
}

impl Plan {
    /// Seqs in batch order; a key seen before (stored, or earlier in the batch) replays.
    fn new(batch: &[NewMessage], mut snapshot: Snapshot) -> Self {
        let mut plan = Self { outcomes: Vec::with_capacity(batch.len()), counters: BTreeMap::new() };
        for new in batch {
            let (conversation, sender) = (new.conversation_id.0, new.sender_id.0);
            let Some(last_seq) = snapshot.last_seq.get_mut(&conversation) else {
                plan.outcomes.push(Err(CoreError::NotFound("conversation")));
                continue;
            };
            if !snapshot.members.contains(&(conversation, sender)) {
                plan.outcomes.push(Err(CoreError::NotFound("conversation")));
                continue;
            }
            let key = new.client_msg_id.as_ref().map(|k| (conversation, sender, k.as_str().to_owned()));
            if let Some(existing) = key.as_ref().and_then(|k| snapshot.stored.get(k)) {
                plan.outcomes.push(Ok((existing.clone(), false)));
                continue;
            }
            *last_seq += 1;
            let created_at = ts(new.created_at);
            let message = Message { created_at, ..new.clone().into_message(*last_seq) };
            plan.counters.insert(conversation, (*last_seq, created_at));
            if let Some(key) = key {
                snapshot.stored.insert(key, message.clone());
            }
            plan.outcomes.push(Ok((message, true)));
        }
        plan
    }

    /// The messages to insert: those the batch stores for the first time.
    fn inserts(&self) -> impl Iterator<Item = &Message> {
        self.outcomes.iter().filter_map(|o| match o {
            Ok((message, true)) => Some(message),
            _ => None,
        })
    }

    /// `message.sent` for each message inserted, in batch order, when the outbox is `on`.
    fn events(&self, on: bool) -> Vec<IntegrationEvent> {
        match on {
            true => {
                self.inserts().map(|m| IntegrationEvent::message(EventType::MessageSent, m, m.created_at)).collect()
            }
            false => Vec::new(),
        }
    }
}

/// The distinct conversations of a batch, in id order (the order their row locks are taken in,
/// so two writers never wait for each other in a cycle).
fn conversation_ids(batch: &[NewMessage]) -> Vec<Uuid> {
    let ids: std::collections::BTreeSet<Uuid> = batch.iter().map(|m| m.conversation_id.0).collect();
    ids.into_iter().collect()
}

fn keys(batch: &[NewMessage]) -> Vec<Key> {
    batch
        .iter()
        .filter_map(|m| m.client_msg_id.as_ref().map(|k| (m.conversation_id.0, m.sender_id.0, k.as_str().to_owned())))
        .collect()
}

fn attachments_json(message: &Message) -> CoreResult<String> {
    serde_json::to_string(&message.attachments).map_err(CoreError::internal)
}

impl SqlBackend {
    /// Appends a batch; see [`crate::message::MessageStore::append_messages`].
    pub(super) async fn append_batch(&self, batch: Vec<NewMessage>) -> Vec<Outcome> {
        if batch.is_empty() {
            return Vec::new();
        }
        match self.write_batch(&batch).await {
            Ok(outcomes) => outcomes,
            Err(e) if batch.len() == 1 => vec![Err(e)],
            Err(e) => {
                tracing::warn!(error = %e, size = batch.len(), "message batch failed; writing its messages one by one");
                let mut outcomes = Vec::with_capacity(batch.len());
                for new in &batch {
                    outcomes.push(
                        self.write_batch(std::slice::from_ref(new))
                            .await
                            .and_then(|mut o| o.pop().unwrap_or_else(|| Err(CoreError::internal("empty outcome")))),
                    );
                }
                outcomes
            }
        }
    }

    /// One transaction for the whole batch; `Err` when the transaction itself failed.
    async fn write_batch(&self, batch: &[NewMessage]) -> CoreResult<Vec<Outcome>> {
        match self.backend() {
            DbBackend::Postgres => postgres::write(self.write.get_postgres_connection_pool(), batch, self.outbox).await,
            _ => sqlite::write(&self.write, batch, self.outbox).await,
        }
    }
}
