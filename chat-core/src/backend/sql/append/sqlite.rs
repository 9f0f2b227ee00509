//! The batch on SQLite: the same five statements as on PostgreSQL, with `VALUES` lists instead
//! of arrays (`WITH k(…) AS (VALUES …)` joined on the indexes), a multi-row `INSERT` and one
//! `UPDATE … FROM`. The single writer connection is SQLite's write lock, so no row lock is needed.

use super::{Outcome, Plan, Snapshot, attachments_json, conversation_ids, keys};
use crate::{
    CoreResult,
    backend::sql::{db_err, entities::messages, message::to_message, raw},
    message::{Message, NewMessage},
};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait,
    TransactionTrait, Value,
};
use std::collections::BTreeSet;
use uuid::Uuid;

/// Rows per statement: every statement binds at most 12 values a row, under SQLite's 32,766.
const CHUNK: usize = 500;

/// `(?, ?), (?, ?), …`: `rows` tuples of `width` placeholders.
fn tuples(rows: usize, width: usize) -> String {
    let tuple = format!("({})", vec!["?"; width].join(", "));
    vec![tuple; rows].join(", ")
}

async fn query(txn: &DatabaseTransaction, sql: &str, values: Vec<Value>) -> CoreResult<Vec<sea_orm::QueryResult>> {
    txn.query_all_raw(raw(DbBackend::Sqlite, sql, values)).await.map_err(db_err)
}

/// One transaction for the whole batch; `Err` when the transaction itself failed.
pub(super) async fn write(db: &DatabaseConnection, batch: &[NewMessage], outbox: bool) -> CoreResult<Vec<Outcome>> {
    let txn = db.begin().await.map_err(db_err)?;
    let mut snapshot = Snapshot::default();

    for ids in conversation_ids(batch).chunks(CHUNK) {
        let sql = format!("SELECT id, last_seq FROM conversations WHERE id IN ({})", vec!["?"; ids.len()].join(", "));
        for row in query(&txn, &sql, ids.iter().map(|id| Value::from(*id)).collect()).await? {
            let id: Uuid = row.try_get("", "id").map_err(db_err)?;
            snapshot.last_seq.insert(id, row.try_get("", "last_seq").map_err(db_err)?);
        }
    }

    let pairs: Vec<(Uuid, Uuid)> =
        batch.iter().map(|m| (m.conversation_id.0, m.sender_id.0)).collect::<BTreeSet<_>>().into_iter().collect();
    for pairs in pairs.chunks(CHUNK) {
        let sql = format!(
            "WITH p(c, u) AS (VALUES {}) SELECT cm.conversation_id AS c, cm.user_id AS u FROM p \
             JOIN conversation_members cm ON cm.conversation_id = p.c AND cm.user_id = p.u AND cm.role <> 'blocked'",
            tuples(pairs.len(), 2)
        );
        let values = pairs.iter().flat_map(|(c, u)| [Value::from(*c), Value::from(*u)]).collect();
        for row in query(&txn, &sql, values).await? {
            snapshot.members.insert((row.try_get("", "c").map_err(db_err)?, row.try_get("", "u").map_err(db_err)?));
        }
    }

    for keys in keys(batch).chunks(CHUNK) {
        let sql = format!(
            "WITH k(c, s, m) AS (VALUES {}) SELECT messages.* FROM k JOIN messages \
             ON messages.conversation_id = k.c AND messages.sender_id = k.s AND messages.client_msg_id = k.m",
            tuples(keys.len(), 3)
        );
        let values =
            keys.iter().flat_map(|(c, s, m)| [Value::from(*c), Value::from(*s), Value::from(m.clone())]).collect();
        let stored = messages::Entity::find()
            .from_raw_sql(raw(DbBackend::Sqlite, &sql, values))
            .all(&txn)
            .await
            .map_err(db_err)?;
        for row in stored {
            let message = to_message(row)?;
            let key = message.client_msg_id.clone().unwrap_or_default();
            snapshot.stored.insert((message.conversation_id.0, message.sender_id.0, key), message);
        }
    }

    let plan = Plan::new(batch, snapshot);
    let inserts: Vec<&Message> = plan.inserts().collect();
    for chunk in inserts.chunks(CHUNK) {
        let rows = chunk.iter().copied().map(row).collect::<CoreResult<Vec<_>>>()?;
        messages::Entity::insert_many(rows).exec_without_returning(&txn).await.map_err(db_err)?;
    }
    let counters: Vec<_> = plan.counters.iter().collect();
    for counters in counters.chunks(CHUNK) {
        let sql = format!(
            "WITH v(id, seq, at) AS (VALUES {}) UPDATE conversations SET last_seq = v.seq, last_message_at = v.at \
             FROM v WHERE conversations.id = v.id",
            tuples(counters.len(), 3)
        );
        let values = counters
            .iter()
            .flat_map(|(id, (seq, at))| [Value::from(**id), Value::from(*seq), Value::from(*at)])
            .collect();
        txn.execute_raw(raw(DbBackend::Sqlite, &sql, values)).await.map_err(db_err)?;
    }
    crate::backend::sql::outbox::insert(&txn, &plan.events(outbox)).await?;
    txn.commit().await.map_err(db_err)?;
    Ok(plan.outcomes)
}

fn row(m: &Message) -> CoreResult<messages::ActiveModel> {
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
