//! The conversation list of one user (`ConversationStore::conversations_for_user`): the part of
//! the conversation store that needs aggregates, kept apart from the plain row operations.

use super::{
    SqlBackend,
    conversation::to_conversation,
    db_err,
    entities::{conversation_members as members, conversations, messages},
    message::to_message,
    raw,
};
use crate::{
    CoreResult, UserId,
    conversation::{ConversationSummary, ListCursor},
    message::Message,
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, Value};
use std::collections::HashMap;

/// `(conversation, seq)` pairs per query when fetching the newest message of many conversations.
const PAIR_CHUNK: usize = 250;

/// One page of a member's conversation ids, most recently active first, strictly after the cursor.
const PAGE_SQL: &str = "SELECT c.id AS id FROM conversations c \
    JOIN conversation_members cm ON cm.conversation_id = c.id AND cm.user_id = ?";
const PAGE_AFTER_SQL: &str = " WHERE COALESCE(c.last_message_at, c.created_at) < ? \
    OR (COALESCE(c.last_message_at, c.created_at) = ? AND c.id < ?)";
const PAGE_ORDER_SQL: &str = " ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC LIMIT ?";

#[derive(Debug, FromQueryResult)]
struct PageRow {
    id: uuid::Uuid,
}

/// Per-member figures of the conversation list, computed by the database in one pass.
#[derive(Debug, FromQueryResult)]
struct SummaryRow {
    conversation_id: uuid::Uuid,
    read_seq: i64,
    last_visible_seq: Option<i64>,
    unread_count: i64,
}

// Correlated subqueries, one row per membership: the newest message the member has not hidden
// (walking the (conversation_id, seq) index backwards), and the unread ones: from others, not
// deleted, not hidden (hiding a message also takes it out of the count).
const SUMMARY_SQL: &str = "SELECT cm.conversation_id AS conversation_id, cm.read_seq AS read_seq, \
    (SELECT m.seq FROM messages m WHERE m.conversation_id = cm.conversation_id \
       AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.message_id = m.id AND h.user_id = cm.user_id) \
       ORDER BY m.seq DESC LIMIT 1) AS last_visible_seq, \
    (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = cm.conversation_id \
       AND m.seq > cm.read_seq AND m.sender_id <> cm.user_id AND m.deleted = ? \
       AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.message_id = m.id AND h.user_id = cm.user_id)) \
       AS unread_count \
    FROM conversation_members cm WHERE cm.user_id = ? AND cm.conversation_id IN ";

impl SqlBackend {
    /// A page of `user`'s conversations with their newest visible message and unread count,
    /// most recently active first.
    pub(super) async fn summaries(
        &self,
        user: UserId,
        after: Option<ListCursor>,
        limit: usize,
    ) -> CoreResult<Vec<ConversationSummary>> {
        // Five queries whatever the number of conversations. They do not share a snapshot, so a
        // conversation joined meanwhile may lack a figure: it is then left out until the next call.
        let db = &self.read;
        let ids = self.page_ids(user, after, limit).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = format!("({})", vec!["?"; ids.len()].join(", "));
        let mut values: Vec<Value> = vec![false.into(), user.0.into()];
        values.extend(ids.iter().map(|id| Value::from(*id)));
        let statement = raw(self.backend(), &format!("{SUMMARY_SQL}{placeholders}"), values);
        let summaries: HashMap<uuid::Uuid, SummaryRow> = SummaryRow::find_by_statement(statement)
            .all(db)
            .await
            .map_err(db_err)?
            .into_iter()
            .map(|s| (s.conversation_id, s))
            .collect();
        let rows = conversations::Entity::find()
            .filter(conversations::Column::Id.is_in(ids.clone()))
            .all(db)
            .await
            .map_err(db_err)?;
        let mut member_rows =
            Self::member_rows(db, Condition::all().add(members::Column::ConversationId.is_in(ids))).await?;

        let newest: Vec<(uuid::Uuid, i64)> =
            summaries.values().filter_map(|s| s.last_visible_seq.map(|seq| (s.conversation_id, seq))).collect();
        let mut last_messages: HashMap<uuid::Uuid, Message> = HashMap::with_capacity(newest.len());
        for chunk in newest.chunks(PAIR_CHUNK) {
            let mut any = Condition::any();
            for (conversation, seq) in chunk {
                any = any.add(
                    Condition::all()
                        .add(messages::Column::ConversationId.eq(*conversation))
                        .add(messages::Column::Seq.eq(*seq)),
                );
            }
            let found = messages::Entity::find().filter(any).all(db).await.map_err(db_err)?;
            for row in found {
                let message = to_message(row)?;
                last_messages.insert(message.conversation_id.0, message);
            }
        }

        let mut listed = Vec::with_capacity(rows.len());
        for row in rows {
            let Some(summary) = summaries.get(&row.id) else {
                continue;
            };
            let activity = row.last_message_at.unwrap_or(row.created_at);
            let id = row.id;
            let conversation = to_conversation(row, &member_rows.remove(&id).unwrap_or_default())?;
            listed.push((
                activity,
                ConversationSummary {
                    conversation,
                    last_message: last_messages.remove(&id),
                    unread_count: summary.unread_count,
                    read_seq: summary.read_seq,
                    last_activity_at: activity,
                },
            ));
        }
        listed.sort_by(|(a, x), (b, y)| b.cmp(a).then(y.conversation.id.cmp(&x.conversation.id)));
        Ok(listed.into_iter().map(|(_, s)| s).collect())
    }

    /// The ids of one page of `user`'s conversations, in list order.
    async fn page_ids(&self, user: UserId, after: Option<ListCursor>, limit: usize) -> CoreResult<Vec<uuid::Uuid>> {
        let mut sql = PAGE_SQL.to_owned();
        let mut values: Vec<Value> = vec![user.0.into()];
        if let Some(cursor) = after {
            sql.push_str(PAGE_AFTER_SQL);
            values.extend([cursor.activity.into(), cursor.activity.into(), cursor.id.0.into()]);
        }
        sql.push_str(PAGE_ORDER_SQL);
        values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
        let rows =
            PageRow::find_by_statement(raw(self.backend(), &sql, values)).all(&self.read).await.map_err(db_err)?;
        Ok(rows.into_iter().map(|r| r.id).collect())
    }
}
