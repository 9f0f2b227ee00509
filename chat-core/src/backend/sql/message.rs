//! [`MessageStore`] on SQL.

use super::{
    MAX_ROWS, SqlBackend, db_err, db_err_missing,
    entities::{conversations, hidden_messages, messages},
    is_unique_violation, raw, ts,
};
use crate::{
    ConversationId, CoreError, CoreResult, MessageId, UserId,
    message::{HistoryPage, Message, MessageKind, MessageStore, NewMessage, PageQuery},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    Value,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};

/// The columns of [`messages::Model`], for hand-written queries (PostgreSQL's generated `search`
/// column is left out).
const MESSAGE_COLUMNS: &str = "m.id, m.conversation_id, m.seq, m.sender_id, m.kind, m.content, m.attachments, \
    m.client_msg_id, m.reply_to_id, m.created_at, m.edited_at, m.deleted";

/// The domain message of a row; a row the domain cannot read is an internal error, not a panic.
pub(super) fn to_message(row: messages::Model) -> CoreResult<Message> {
    let kind = MessageKind::parse(&row.kind)
        .ok_or_else(|| CoreError::internal(format!("stored message kind {:?}", row.kind)))?;
    let attachments = serde_json::from_str(&row.attachments)
        .map_err(|e| CoreError::internal(format!("attachments of message {}: {e}", row.id)))?;
    Ok(Message {
        id: MessageId(row.id),
        conversation_id: ConversationId(row.conversation_id),
        seq: row.seq,
        sender_id: UserId(row.sender_id),
        kind,
        content: row.content,
        attachments,
        client_msg_id: row.client_msg_id,
        reply_to_id: row.reply_to_id.map(MessageId),
        created_at: row.created_at,
        edited_at: row.edited_at,
        deleted: row.deleted,
    })
}

/// The message a sender already stored under an idempotency key.
async fn by_client_msg_id<C: ConnectionTrait>(
    db: &C,
    conversation: ConversationId,
    sender: UserId,
    key: &str,
) -> CoreResult<Option<Message>> {
    let row = messages::Entity::find()
        .filter(messages::Column::ConversationId.eq(conversation.0))
        .filter(messages::Column::SenderId.eq(sender.0))
        .filter(messages::Column::ClientMsgId.eq(key))
        .one(db)
        .await
        .map_err(db_err)?;
    row.map(to_message).transpose()
}

/// Words of a search, each quoted as an FTS5 phrase so that nothing a user types is FTS syntax.
/// Words without a letter or digit are dropped: they hold no token, as PostgreSQL also decides.
fn fts5_query(query: &str) -> String {
    query
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

impl SqlBackend {
    /// Applies one change to a message and returns it, or `NotFound` when there is no such message.
    async fn change_message(&self, id: MessageId, changes: Vec<(messages::Column, Expr)>) -> CoreResult<Message> {
        let mut update = messages::Entity::update_many().filter(messages::Column::Id.eq(id.0));
        for (column, value) in changes {
            update = update.col_expr(column, value);
        }
        let rows = update.exec_with_returning(&self.write).await.map_err(db_err)?;
        rows.into_iter().next().map(to_message).transpose()?.ok_or(CoreError::NotFound("message"))
    }
}

#[async_trait::async_trait]
impl MessageStore for SqlBackend {
    async fn append_message(&self, new: NewMessage) -> CoreResult<(Message, bool)> {
        let created_at = ts(new.created_at);
        let attachments = serde_json::to_string(&new.attachments).map_err(CoreError::internal)?;
        let key = new.client_msg_id.as_ref().map(|k| k.as_str().to_owned());

        let txn = self.write.begin().await.map_err(db_err)?;
        // The counter update comes first: it takes the conversation's row lock (PostgreSQL) or the
        // database write lock (SQLite) before anything is read, so concurrent senders queue here
        // and SQLite never has to upgrade a read lock into a write lock (a deadlock-prone path).
        let counter = conversations::Entity::update_many()
            .col_expr(conversations::Column::LastSeq, Expr::col(conversations::Column::LastSeq).add(1))
            .col_expr(conversations::Column::LastMessageAt, Expr::val(created_at))
            .filter(conversations::Column::Id.eq(new.conversation_id.0))
            .exec_with_returning(&txn)
            .await
            .map_err(db_err)?;
        let Some(conversation) = counter.into_iter().next() else {
            txn.rollback().await.map_err(db_err)?;
            return Err(CoreError::NotFound("conversation"));
        };
        if let Some(key) = &key
            && let Some(existing) = by_client_msg_id(&txn, new.conversation_id, new.sender_id, key).await?
        {
            // Rolling back also returns the seq taken above: no gap.
            txn.rollback().await.map_err(db_err)?;
            return Ok((existing, false));
        }
        let message = Message {
            id: new.id,
            conversation_id: new.conversation_id,
            seq: conversation.last_seq,
            sender_id: new.sender_id,
            kind: new.kind,
            content: new.content,
            attachments: new.attachments,
            client_msg_id: key,
            reply_to_id: new.reply_to_id,
            created_at,
            edited_at: None,
            deleted: false,
        };
        let row = messages::ActiveModel {
            id: Set(message.id.0),
            conversation_id: Set(message.conversation_id.0),
            seq: Set(message.seq),
            sender_id: Set(message.sender_id.0),
            kind: Set(message.kind.as_str().to_owned()),
            content: Set(message.content.clone()),
            attachments: Set(attachments),
            client_msg_id: Set(message.client_msg_id.clone()),
            reply_to_id: Set(message.reply_to_id.map(|r| r.0)),
            created_at: Set(created_at),
            edited_at: Set(None),
            deleted: Set(false),
        };
        match messages::Entity::insert(row).exec_without_returning(&txn).await {
            Ok(_) => {
                txn.commit().await.map_err(db_err)?;
                Ok((message, true))
            }
            // A duplicate committed between our lookup and our insert (only possible when the
            // database did not serialise us on the counter): the stored one wins.
            Err(e) if is_unique_violation(&e) && message.client_msg_id.is_some() => {
                txn.rollback().await.map_err(db_err)?;
                let key = message.client_msg_id.as_deref().unwrap_or_default();
                match by_client_msg_id(&self.write, new.conversation_id, new.sender_id, key).await? {
                    Some(existing) => Ok((existing, false)),
                    None => Err(db_err(e)),
                }
            }
            Err(e) => Err(db_err(e)),
        }
    }

    async fn message(&self, id: MessageId) -> CoreResult<Option<Message>> {
        let row = messages::Entity::find_by_id(id.0).one(&self.write).await.map_err(db_err)?;
        row.map(to_message).transpose()
    }

    async fn history(&self, id: ConversationId, viewer: UserId, page: PageQuery) -> CoreResult<HistoryPage> {
        let hidden = Query::select()
            .column(hidden_messages::Column::MessageId)
            .from(hidden_messages::Entity)
            .and_where(hidden_messages::Column::UserId.eq(viewer.0))
            .to_owned();
        let mut query = messages::Entity::find()
            .filter(messages::Column::ConversationId.eq(id.0))
            .filter(messages::Column::Id.not_in_subquery(hidden));
        if let Some(before) = page.before_seq {
            query = query.filter(messages::Column::Seq.lt(before));
        }
        if let Some(after) = page.after_seq {
            query = query.filter(messages::Column::Seq.gt(after));
        }
        // Paging forward reads up from `after_seq`; otherwise the page is the newest below the bound.
        let forward = page.after_seq.is_some();
        query = if forward {
            query.order_by_asc(messages::Column::Seq)
        } else {
            query.order_by_desc(messages::Column::Seq)
        };
        // One extra row tells whether more exist in the paging direction.
        let rows = query.limit(Ord::min(page.limit, MAX_ROWS) + 1).all(&self.read).await.map_err(db_err)?;
        let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
        let has_more = rows.len() > limit;
        let mut items = rows.into_iter().take(limit).map(to_message).collect::<CoreResult<Vec<_>>>()?;
        if !forward {
            items.reverse();
        }
        Ok(HistoryPage { items, has_more })
    }

    async fn edit_message(&self, id: MessageId, content: String, at: DateTime<Utc>) -> CoreResult<Message> {
        self.change_message(
            id,
            vec![(messages::Column::Content, Expr::val(content)), (messages::Column::EditedAt, Expr::val(ts(at)))],
        )
        .await
    }

    async fn delete_for_everyone(&self, id: MessageId) -> CoreResult<Message> {
        self.change_message(
            id,
            vec![
                (messages::Column::Content, Expr::val("")),
                (messages::Column::Attachments, Expr::val("[]")),
                (messages::Column::Deleted, Expr::val(true)),
            ],
        )
        .await
    }

    async fn hide_message(&self, id: MessageId, user: UserId) -> CoreResult<()> {
        let row = hidden_messages::ActiveModel { message_id: Set(id.0), user_id: Set(user.0) };
        hidden_messages::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([hidden_messages::Column::MessageId, hidden_messages::Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.write)
            .await
            .map_err(db_err_missing("message"))?;
        Ok(())
    }

    async fn search_messages(
        &self,
        user: UserId,
        query: &str,
        conversation: Option<ConversationId>,
        limit: u64,
    ) -> CoreResult<Vec<Message>> {
        let backend = self.backend();
        let (from, matches, text) = match backend {
            DbBackend::Postgres => (
                "messages m",
                "m.search @@ plainto_tsquery('simple', ?)",
                query.split_whitespace().collect::<Vec<_>>().join(" "),
            ),
            _ => (
                "messages_fts JOIN messages m ON m.rowid = messages_fts.rowid",
                "messages_fts MATCH ?",
                fts5_query(query),
            ),
        };
        if text.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut values: Vec<Value> = vec![user.0.into(), text.into(), false.into()];
        let mut sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM {from} \
             JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = ? \
             WHERE {matches} AND m.deleted = ?"
        );
        if let Some(conversation) = conversation {
            sql.push_str(" AND m.conversation_id = ?");
            values.push(conversation.0.into());
        }
        sql.push_str(
            " AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.message_id = m.id AND h.user_id = ?) \
             ORDER BY m.created_at DESC, m.seq DESC LIMIT ?",
        );
        values.push(user.0.into());
        values.push(i64::try_from(Ord::min(limit, MAX_ROWS)).unwrap_or(i64::MAX).into());
        let rows =
            messages::Entity::find().from_raw_sql(raw(backend, &sql, values)).all(&self.read).await.map_err(db_err)?;
        rows.into_iter().map(to_message).collect()
    }
}
