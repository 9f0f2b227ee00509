//! The batch on PostgreSQL: the batch's conversations locked `FOR UPDATE` in id order, then one
//! statement each for memberships, stored keys, the new rows (`INSERT … SELECT FROM UNNEST`) and
//! the counters (`UPDATE … FROM UNNEST`), and the integration events when the outbox is on,
//! whatever the batch size; prepared once per connection.

use super::{Outcome, Plan, Snapshot, attachments_json, conversation_ids, keys};
use crate::{
    CoreResult,
    backend::sql::{entities::messages, message::to_message, sqlx_err},
    message::{Message, NewMessage},
};
use chrono::{DateTime, Utc};
use sea_orm::sqlx::{self, Row as _};
use std::collections::HashSet;
use uuid::Uuid;

/// One transaction for the whole batch; `Err` when the transaction itself failed.
pub(super) async fn write(pool: &sqlx::PgPool, batch: &[NewMessage], outbox: bool) -> CoreResult<Vec<Outcome>> {
    let mut tx = pool.begin().await.map_err(sqlx_err)?;
    let mut snapshot = Snapshot::default();

    let ids = conversation_ids(batch);
    let rows = sqlx::query("SELECT id, last_seq FROM conversations WHERE id = ANY($1) ORDER BY id FOR UPDATE")
        .bind(&ids)
        .fetch_all(&mut *tx)
        .await
        .map_err(sqlx_err)?;
    for row in rows {
        snapshot.last_seq.insert(row.try_get(0).map_err(sqlx_err)?, row.try_get(1).map_err(sqlx_err)?);
    }

    let senders: Vec<Uuid> = batch.iter().map(|m| m.sender_id.0).collect::<HashSet<_>>().into_iter().collect();
    let rows = sqlx::query(
        "SELECT conversation_id, user_id FROM conversation_members \
         WHERE conversation_id = ANY($1) AND user_id = ANY($2) AND role <> 'blocked'",
    )
    .bind(&ids)
    .bind(&senders)
    .fetch_all(&mut *tx)
    .await
    .map_err(sqlx_err)?;
    for row in rows {
        snapshot.members.insert((row.try_get(0).map_err(sqlx_err)?, row.try_get(1).map_err(sqlx_err)?));
    }

    let keys = keys(batch);
    if !keys.is_empty() {
        let (c, (s, k)): (Vec<_>, (Vec<_>, Vec<_>)) = keys.into_iter().map(|(c, s, k)| (c, (s, k))).unzip();
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
    let mut columns = PgColumns::default();
    for m in plan.inserts() {
        columns.push(m)?;
    }
    if !columns.id.is_empty() {
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

        let (ids, (seqs, ats)): (Vec<_>, (Vec<_>, Vec<_>)) = plan.counters.iter().map(|(id, c)| (*id, *c)).unzip();
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
    let events = plan.events(outbox);
    if !events.is_empty() {
        let (mut id, mut kind, mut key, mut at, mut body) = (vec![], vec![], vec![], vec![], vec![]);
        for e in &events {
            id.push(e.id);
            kind.push(e.kind.as_str());
            key.push(e.order_key);
            at.push(e.occurred_at);
            body.push(e.body().to_string());
        }
        // `WITH ORDINALITY … ORDER BY`: positions are drawn in the batch's order.
        sqlx::query(
            "INSERT INTO outbox_events (id, event_type, order_key, occurred_at, body)              SELECT i, t, k, o, b FROM UNNEST($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::text[])              WITH ORDINALITY AS u(i, t, k, o, b, n) ORDER BY n",
        )
        .bind(id)
        .bind(kind)
        .bind(key)
        .bind(at)
        .bind(body)
        .execute(&mut *tx)
        .await
        .map_err(sqlx_err)?;
    }
    tx.commit().await.map_err(sqlx_err)?;
    Ok(plan.outcomes)
}

/// The batch's new rows, one array per column (PostgreSQL `UNNEST`), borrowing the messages.
#[derive(Default)]
struct PgColumns<'a> {
    id: Vec<Uuid>,
    conversation_id: Vec<Uuid>,
    seq: Vec<i64>,
    sender_id: Vec<Uuid>,
    kind: Vec<&'static str>,
    content: Vec<&'a str>,
    attachments: Vec<String>,
    client_msg_id: Vec<Option<&'a str>>,
    reply_to_id: Vec<Option<Uuid>>,
    created_at: Vec<DateTime<Utc>>,
}

impl<'a> PgColumns<'a> {
    fn push(&mut self, m: &'a Message) -> CoreResult<()> {
        self.attachments.push(attachments_json(m)?);
        self.id.push(m.id.0);
        self.conversation_id.push(m.conversation_id.0);
        self.seq.push(m.seq);
        self.sender_id.push(m.sender_id.0);
        self.kind.push(m.kind.as_str());
        self.content.push(&m.content);
        self.client_msg_id.push(m.client_msg_id.as_deref());
        self.reply_to_id.push(m.reply_to_id.map(|r| r.0));
        self.created_at.push(m.created_at);
        Ok(())
    }
}

fn pg_message_row(row: &sqlx::postgres::PgRow) -> Result<messages::Model, sqlx::Error> {
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
