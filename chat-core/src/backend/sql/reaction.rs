//! [`ReactionStore`] on SQL: a row per message, emoji and member (`message_reactions`), counted
//! per emoji when read.

use super::{
    SqlBackend, db_err,
    entities::{conversation_members as members, message_reactions as reactions, messages},
    ts,
};
use crate::{
    ConversationId, CoreError, CoreResult, MessageId, UserId,
    conversation::Role,
    message::{Reaction, ReactionChange, ReactionKey, ReactionStore, check_reactor, too_many_kinds},
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, ExprTrait, Order, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
    sea_query::{Expr, Func, OnConflict},
};
use std::collections::HashMap;
use uuid::Uuid;

/// The reactions of `messages` as `viewer` sees them, each message's in order of first use.
async fn counted(
    db: &impl ConnectionTrait,
    messages: &[MessageId],
    viewer: UserId,
) -> CoreResult<HashMap<MessageId, Vec<Reaction>>> {
    let mine = Expr::from(Func::max(Expr::case(reactions::Column::UserId.eq(viewer.0), 1).finally(0)));
    let rows: Vec<(Uuid, String, i64, i32)> = reactions::Entity::find()
        .select_only()
        .columns([reactions::Column::MessageId, reactions::Column::Emoji])
        .column_as(reactions::Column::UserId.count(), "count")
        .column_as(mine, "mine")
        .filter(reactions::Column::MessageId.is_in(messages.iter().map(|m| m.0)))
        .group_by(reactions::Column::MessageId)
        .group_by(reactions::Column::Emoji)
        .order_by(Func::min(Expr::col(reactions::Column::CreatedAt)), Order::Asc)
        .order_by_asc(reactions::Column::Emoji)
        .into_tuple()
        .all(db)
        .await
        .map_err(db_err)?;
    let mut found: HashMap<MessageId, Vec<Reaction>> = HashMap::new();
    for (message, emoji, count, mine) in rows {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        found.entry(MessageId(message)).or_default().push(Reaction { emoji, count, mine: mine == 1 });
    }
    Ok(found)
}

#[async_trait::async_trait]
impl ReactionStore for SqlBackend {
    async fn set_reaction(&self, key: &ReactionKey, on: bool, max_kinds: usize) -> CoreResult<ReactionChange> {
        let txn = self.write.begin().await.map_err(db_err)?;
        let role: Option<String> = members::Entity::find_by_id((key.conversation_id.0, key.user_id.0))
            .select_only()
            .column(members::Column::Role)
            .into_tuple()
            .one(&txn)
            .await
            .map_err(db_err)?;
        check_reactor(role.map(|r| r == Role::Blocked.as_str()), on)?;
        // The message's row is locked on PostgreSQL, so that reactions to it are counted one change
        // at a time (SQLite has a single writer).
        let mut message = messages::Entity::find_by_id(key.message_id.0)
            .select_only()
            .columns([messages::Column::ConversationId, messages::Column::Deleted]);
        if self.backend() == DbBackend::Postgres {
            message = message.lock_exclusive();
        }
        match message.into_tuple::<(Uuid, bool)>().one(&txn).await.map_err(db_err)? {
            Some((conversation, _)) if conversation != key.conversation_id.0 => {
                return Err(CoreError::NotFound("message"));
            }
            None => return Err(CoreError::NotFound("message")),
            Some((_, true)) => return Err(CoreError::Conflict("a deleted message cannot be reacted to".into())),
            Some((_, false)) => {}
        }
        let mut current =
            counted(&txn, &[key.message_id], key.user_id).await?.remove(&key.message_id).unwrap_or_default();
        let emoji = key.emoji.as_str();
        let position = current.iter().position(|r| r.emoji == emoji);
        let changed = if on {
            if position.is_none() && current.len() >= max_kinds {
                return Err(too_many_kinds(max_kinds));
            }
            let new = reactions::ActiveModel {
                message_id: Set(key.message_id.0),
                emoji: Set(emoji.to_owned()),
                user_id: Set(key.user_id.0),
                created_at: Set(ts(crate::time::now())),
            };
            let conflict = OnConflict::columns([
                reactions::Column::MessageId,
                reactions::Column::Emoji,
                reactions::Column::UserId,
            ])
            .do_nothing()
            .to_owned();
            let inserted = reactions::Entity::insert(new).on_conflict(conflict).exec_without_returning(&txn);
            inserted.await.map_err(db_err)? > 0
        } else {
            let mine = reactions::Column::MessageId
                .eq(key.message_id.0)
                .and(reactions::Column::Emoji.eq(emoji))
                .and(reactions::Column::UserId.eq(key.user_id.0));
            reactions::Entity::delete_many().filter(mine).exec(&txn).await.map_err(db_err)?.rows_affected > 0
        };
        txn.commit().await.map_err(db_err)?;
        if changed {
            match (position, on) {
                (Some(i), true) => {
                    current[i].count += 1;
                    current[i].mine = true;
                }
                (None, true) => current.push(Reaction { emoji: emoji.to_owned(), count: 1, mine: true }),
                (Some(i), false) if current[i].count <= 1 => drop(current.remove(i)),
                (Some(i), false) => {
                    current[i].count -= 1;
                    current[i].mine = false;
                }
                (None, false) => {}
            }
        }
        Ok(ReactionChange { changed, reactions: current })
    }

    async fn reactions(
        &self,
        _conversation: ConversationId,
        viewer: UserId,
        messages: &[MessageId],
    ) -> CoreResult<HashMap<MessageId, Vec<Reaction>>> {
        counted(&self.read, messages, viewer).await
    }
}
