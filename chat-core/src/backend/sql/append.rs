//! Appending messages in batches (group commit): one transaction, and on PostgreSQL a fixed set of
//! set-based statements, for a whole batch of sends from any number of conversations.
//!
//! Both engines read what the batch depends on (the conversations' counters, under their row
//! locks on PostgreSQL; the senders' memberships; messages already stored under the batch's
//! idempotency keys), decide every message in Rust ([`Plan`]), then write the new rows and the
//! counters and commit. When the transaction fails as a whole, each message is retried in a
//! transaction of its own, so one bad message fails alone.

use super::{
    SqlBackend, db_err,
    entities::{conversation_members, conversations, messages},
    message::to_message,
    ts,
};
use crate::{
    CoreError, CoreResult,
    message::{Message, NewMessage},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DbBackend, EntityTrait, QueryFilter, TransactionTrait, sea_query::Expr, sqlx,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// The result of one message of a batch.
type Outcome = CoreResult<(Message, bool)>;
/// A message's idempotency key, scoped as the unique index scopes it.
type Key = (Uuid, Uuid, String);

/// Rows per multi-row `INSERT` on SQLite (12 bound values a row, under SQLite's 32,766).
const SQLITE_INSERT_CHUNK: usize = 500;

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

/// Every message of a batch decided: its outcome, the rows to insert, the counters to set.
struct Plan {
    outcomes: Vec<Outcome>,
    inserts: Vec<Message>,
    /// New `last_seq` and `last_message_at` per conversation written to.
    counters: BTreeMap<Uuid, (i64, DateTime<Utc>)>,
}

impl Plan {
    /// Seqs in batch order; a key seen before (stored, or earlier in the batch) replays.
    fn new(batch: Vec<NewMessage>, mut snapshot: Snapshot) -> Self {
        let mut plan =
            Self { outcomes: Vec::with_capacity(batch.len()), inserts: Vec::new(), counters: BTreeMap::new() };
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
            let message = Message { created_at, ..new.into_message(*last_seq) };
            plan.counters.insert(conversation, (*last_seq, created_at));
            if let Some(key) = key {
                snapshot.stored.insert(key, message.clone());
            }
            plan.outcomes.push(Ok((message.clone(), true)));
            plan.inserts.push(message);
        }
        plan
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

fn sqlx_err(e: sqlx::Error) -> CoreError {
    db_err(sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(e.into())))
}

impl SqlBackend {
    /// Appends a batch; see [`crate::message::MessageStore::append_messages`].
    pub(super) async fn append_batch(&self, batch: Vec<NewMessage>) -> Vec<Outcome> {
        if batch.is_empty() {
            return Vec::new();
        }
        match self.write_batch(batch.clone()).await {
            Ok(outcomes) => outcomes,
            Err(e) if batch.len() == 1 => vec![Err(e)],
            Err(e) => {
                tracing::warn!(error = %e, size = batch.len(), "message batch failed; writing its messages one by one");
                let mut outcomes = Vec::with_capacity(batch.len());
                for new in batch {
                    outcomes.push(
                        self.write_batch(vec![new])
                            .await
                            .and_then(|mut o| o.pop().unwrap_or_else(|| Err(CoreError::internal("empty outcome")))),
                    );
                }
                outcomes
            }
        }
    }

    /// One transaction for the whole batch; `Err` when the transaction itself failed.
    async fn write_batch(&self, batch: Vec<NewMessage>) -> CoreResult<Vec<Outcome>> {
        match self.backend() {
            DbBackend::Postgres => self.write_batch_postgres(batch).await,
            _ => self.write_batch_sqlite(batch).await,
        }
    }

    async fn write_batch_postgres(&self, batch: Vec<NewMessage>) -> CoreResult<Vec<Outcome>> {
        let pool = self.write.get_postgres_connection_pool();
        let mut tx = pool.begin().await.map_err(sqlx_err)?;
        let mut snapshot = Snapshot::default();

        let ids = conversation_ids(&batch);
        let rows = sqlx::query("SELECT id, last_seq FROM conversations WHERE id = ANY($1) ORDER BY id FOR UPDATE")
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await
            .map_err(sqlx_err)?;
        for row in rows {
            use sqlx::Row as _;
            snapshot.last_seq.insert(row.try_get(0).map_err(sqlx_err)?, row.try_get(1).map_err(sqlx_err)?);
        }

        let senders: Vec<Uuid> = batch.iter().map(|m| m.sender_id.0).collect::<HashSet<_>>().into_iter().collect();
        let rows = sqlx::query(
            "SELECT conversation_id, user_id FROM conversation_members WHERE conversation_id = ANY($1) AND user_id = ANY($2)",
        )
        .bind(&ids)
        .bind(&senders)
        .fetch_all(&mut *tx)
        .await
        .map_err(sqlx_err)?;
        for row in rows {
            use sqlx::Row as _;
            snapshot.members.insert((row.try_get(0).map_err(sqlx_err)?, row.try_get(1).map_err(sqlx_err)?));
        }

        let keys = keys(&batch);
        if !keys.is_empty() {
            let (mut c, mut s, mut k) = (Vec::new(), Vec::new(), Vec::new());
            for (conversation, sender, key) in keys {
                c.push(conversation);
                s.push(sender);
                k.push(key);
            }
            let rows = sqlx::query(
                "SELECT id, conversation_id, seq, sender_id, kind, content, attachments, client_msg_id, reply_to_id, \
                 created_at, edited_at, deleted FROM messages \
                 WHERE (conversation_id, sender_id, client_msg_id) IN (SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::text[]))",
            )
            .bind(c)
            .bind(s)
            .bind(k)
            .fetch_all(&mut *tx)
            .await
            .map_err(sqlx_err)?;
            for row in rows {
                let message = to_message(pg_message_row(&row).map_err(sqlx_err)?)?;
                let key = message.client_msg_id.clone().unwrap_or_default();
                snapshot.stored.insert((message.conversation_id.0, message.sender_id.0, key), message);
            }
        }

        let plan = Plan::new(batch, snapshot);
        if !plan.inserts.is_empty() {
            let n = plan.inserts.len();
            let mut columns = PgColumns::with_capacity(n);
            for m in &plan.inserts {
                columns.push(m)?;
            }
            sqlx::query(
                "INSERT INTO messages (id, conversation_id, seq, sender_id, kind, content, attachments, client_msg_id, \
                 reply_to_id, created_at, deleted) \
                 SELECT *, false FROM UNNEST($1::uuid[], $2::uuid[], $3::int8[], $4::uuid[], $5::text[], $6::text[], \
                 $7::text[], $8::text[], $9::uuid[], $10::timestamptz[])",
            )
            .bind(columns.id)
            .bind(columns.conversation_id)
            .bind(columns.seq)
            .bind(columns.sender_id)
            .bind(columns.kind)
            .bind(columns.content)
            .bind(columns.attachments)
            .bind(columns.client_msg_id)
            .bind(columns.reply_to_id)
            .bind(columns.created_at)
            .execute(&mut *tx)
            .await
            .map_err(sqlx_err)?;

            let (mut ids, mut seqs, mut ats) = (Vec::new(), Vec::new(), Vec::new());
            for (id, (seq, at)) in &plan.counters {
                ids.push(*id);
                seqs.push(*seq);
                ats.push(*at);
            }
            sqlx::query(
                "UPDATE conversations c SET last_seq = u.seq, last_message_at = u.at \
                 FROM UNNEST($1::uuid[], $2::int8[], $3::timestamptz[]) AS u(id, seq, at) WHERE c.id = u.id",
            )
            .bind(ids)
            .bind(seqs)
            .bind(ats)
            .execute(&mut *tx)
            .await
            .map_err(sqlx_err)?;
        }
        tx.commit().await.map_err(sqlx_err)?;
        Ok(plan.outcomes)
    }

    async fn write_batch_sqlite(&self, batch: Vec<NewMessage>) -> CoreResult<Vec<Outcome>> {
        let txn = self.write.begin().await.map_err(db_err)?;
        let mut snapshot = Snapshot::default();
        for id in conversation_ids(&batch) {
            let row = conversations::Entity::find_by_id(id).one(&txn).await.map_err(db_err)?;
            if let Some(row) = row {
                snapshot.last_seq.insert(id, row.last_seq);
            }
        }
        let pairs: HashSet<(Uuid, Uuid)> = batch.iter().map(|m| (m.conversation_id.0, m.sender_id.0)).collect();
        for pair in pairs {
            if conversation_members::Entity::find_by_id(pair).one(&txn).await.map_err(db_err)?.is_some() {
                snapshot.members.insert(pair);
            }
        }
        for (conversation, sender, key) in keys(&batch) {
            let row = messages::Entity::find()
                .filter(messages::Column::ConversationId.eq(conversation))
                .filter(messages::Column::SenderId.eq(sender))
                .filter(messages::Column::ClientMsgId.eq(key.as_str()))
                .one(&txn)
                .await
                .map_err(db_err)?;
            if let Some(row) = row {
                snapshot.stored.insert((conversation, sender, key), to_message(row)?);
            }
        }

        let plan = Plan::new(batch, snapshot);
        for chunk in plan.inserts.chunks(SQLITE_INSERT_CHUNK) {
            let rows = chunk.iter().map(sqlite_row).collect::<CoreResult<Vec<_>>>()?;
            messages::Entity::insert_many(rows).exec_without_returning(&txn).await.map_err(db_err)?;
        }
        for (id, (seq, at)) in &plan.counters {
            conversations::Entity::update_many()
                .col_expr(conversations::Column::LastSeq, Expr::val(*seq))
                .col_expr(conversations::Column::LastMessageAt, Expr::val(*at))
                .filter(conversations::Column::Id.eq(*id))
                .exec(&txn)
                .await
                .map_err(db_err)?;
        }
        txn.commit().await.map_err(db_err)?;
        Ok(plan.outcomes)
    }
}

/// The batch's new rows, one array per column (PostgreSQL `UNNEST`).
struct PgColumns {
    id: Vec<Uuid>,
    conversation_id: Vec<Uuid>,
    seq: Vec<i64>,
    sender_id: Vec<Uuid>,
    kind: Vec<&'static str>,
    content: Vec<String>,
    attachments: Vec<String>,
    client_msg_id: Vec<Option<String>>,
    reply_to_id: Vec<Option<Uuid>>,
    created_at: Vec<DateTime<Utc>>,
}

impl PgColumns {
    fn with_capacity(n: usize) -> Self {
        Self {
            id: Vec::with_capacity(n),
            conversation_id: Vec::with_capacity(n),
            seq: Vec::with_capacity(n),
            sender_id: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
            content: Vec::with_capacity(n),
            attachments: Vec::with_capacity(n),
            client_msg_id: Vec::with_capacity(n),
            reply_to_id: Vec::with_capacity(n),
            created_at: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, m: &Message) -> CoreResult<()> {
        self.attachments.push(attachments_json(m)?);
        self.id.push(m.id.0);
        self.conversation_id.push(m.conversation_id.0);
        self.seq.push(m.seq);
        self.sender_id.push(m.sender_id.0);
        self.kind.push(m.kind.as_str());
        self.content.push(m.content.clone());
        self.client_msg_id.push(m.client_msg_id.clone());
        self.reply_to_id.push(m.reply_to_id.map(|r| r.0));
        self.created_at.push(m.created_at);
        Ok(())
    }
}

fn pg_message_row(row: &sqlx::postgres::PgRow) -> Result<messages::Model, sqlx::Error> {
    use sqlx::Row as _;
    Ok(messages::Model {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        seq: row.try_get("seq")?,
        sender_id: row.try_get("sender_id")?,
        kind: row.try_get("kind")?,
        content: row.try_get("content")?,
        attachments: row.try_get("attachments")?,
        client_msg_id: row.try_get("client_msg_id")?,
        reply_to_id: row.try_get("reply_to_id")?,
        created_at: row.try_get("created_at")?,
        edited_at: row.try_get("edited_at")?,
        deleted: row.try_get("deleted")?,
    })
}

fn sqlite_row(m: &Message) -> CoreResult<messages::ActiveModel> {
    Ok(messages::ActiveModel {
        id: Set(m.id.0),
        conversation_id: Set(m.conversation_id.0),
        seq: Set(m.seq),
        sender_id: Set(m.sender_id.0),
        kind: Set(m.kind.as_str().to_owned()),
        content: Set(m.content.clone()),
        attachments: Set(attachments_json(m)?),
        client_msg_id: Set(m.client_msg_id.clone()),
        reply_to_id: Set(m.reply_to_id.map(|r| r.0)),
        created_at: Set(m.created_at),
        edited_at: Set(None),
        deleted: Set(false),
    })
}
