//! [`MessageStore`] on SQL.

use super::{
    MAX_ROWS, SqlBackend, db_err, db_err_missing,
    entities::{hidden_messages, messages},
    raw, ts,
};
use crate::{
    ConversationId, CoreError, CoreResult, MessageId, UserId,
    message::{HistoryPage, Message, MessageKind, MessageStore, NewMessage, PageQuery},
    outbox::{EventType, IntegrationEvent},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    Value,
    sea_query::{Expr, OnConflict, Query},
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
        reactions: Vec::new(),
    })
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
    /// Applies one change to a message and returns it, or `NotFound` when there is no such message;
    /// records it as a `kind` integration event.
    async fn change_message(
        &self,
        id: MessageId,
        changes: Vec<(messages::Column, Expr)>,
        kind: EventType,
        at: DateTime<Utc>,
    ) -> CoreResult<Message> {
        let mut update = messages::Entity::update_many().filter(messages::Column::Id.eq(id.0));
        for (column, value) in changes {
            update = update.col_expr(column, value);
        }
        let txn = self.write.begin().await.map_err(db_err)?;
        let rows = update.exec_with_returning(&txn).await.map_err(db_err)?;
        let message = rows.into_iter().next().map(to_message).transpose()?.ok_or(CoreError::NotFound("message"))?;
        if kind == EventType::MessageDeleted {
            // Its notifications no longer show what it said.
            let sql = "UPDATE notifications SET preview = '' WHERE message_id = ?";
            txn.execute_raw(raw(self.backend(), sql, vec![id.0.into()])).await.map_err(db_err)?;
        }
        self.record(&txn, &[IntegrationEvent::message(kind, &message, at)]).await?;
        txn.commit().await.map_err(db_err)?;
        Ok(message)
    }
}

#[async_trait::async_trait]
impl MessageStore for SqlBackend {
    async fn append_messages(&self, batch: Vec<NewMessage>) -> Vec<CoreResult<(Message, bool)>> {
        self.append_batch(batch).await
    }

    async fn message(&self, id: MessageId) -> CoreResult<Option<Message>> {
        let row = messages::Entity::find_by_id(id.0).one(&self.point).await.map_err(db_err)?;
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
            EventType::MessageUpdated,
            at,
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
            EventType::MessageDeleted,
            crate::time::now(),
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
