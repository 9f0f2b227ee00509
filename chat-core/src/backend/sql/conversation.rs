//! [`ConversationStore`] on SQL.

use super::{
    SqlBackend, db_err, db_err_missing,
    entities::{conversation_members as members, conversations},
    ts,
};
use crate::{
    ConversationId, CoreError, CoreResult, UserId,
    conversation::{
        Conversation, ConversationKind, ConversationPatch, ConversationStore, ConversationSummary, ListCursor, Member,
        NewConversation, Role,
    },
    outbox::{EventType, IntegrationEvent, Position},
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    SqlErr, TransactionTrait,
    sea_query::{Expr, Func},
};
use std::collections::HashMap;

fn to_member(row: &members::Model) -> CoreResult<Member> {
    let role = Role::parse(&row.role).ok_or_else(|| CoreError::internal(format!("stored role {:?}", row.role)))?;
    Ok(Member { user_id: UserId(row.user_id), role, read_seq: row.read_seq, delivered_seq: row.delivered_seq })
}

/// The domain conversation of a row and its member rows (already in listing order).
pub(super) fn to_conversation(row: conversations::Model, member_rows: &[members::Model]) -> CoreResult<Conversation> {
    let kind = ConversationKind::parse(&row.kind)
        .ok_or_else(|| CoreError::internal(format!("stored conversation kind {:?}", row.kind)))?;
    Ok(Conversation {
        id: ConversationId(row.id),
        kind,
        name: row.name,
        description: row.description,
        avatar_url: row.avatar_url,
        created_by: UserId(row.created_by),
        created_at: row.created_at,
        members: member_rows.iter().map(to_member).collect::<CoreResult<_>>()?,
        last_seq: row.last_seq,
        expires_at: row.expires_at,
    })
}

impl SqlBackend {
    /// Member rows of the given conversations, grouped, each group in listing order.
    pub(super) async fn member_rows<C: ConnectionTrait>(
        db: &C,
        filter: Condition,
    ) -> CoreResult<HashMap<uuid::Uuid, Vec<members::Model>>> {
        let rows = members::Entity::find()
            .filter(filter)
            .order_by_asc(members::Column::JoinedAt)
            .order_by_asc(members::Column::UserId)
            .all(db)
            .await
            .map_err(db_err)?;
        let mut grouped: HashMap<uuid::Uuid, Vec<members::Model>> = HashMap::new();
        for row in rows {
            grouped.entry(row.conversation_id).or_default().push(row);
        }
        Ok(grouped)
    }

    /// A conversation row with its members.
    async fn load_conversation(&self, row: Option<conversations::Model>) -> CoreResult<Option<Conversation>> {
        let Some(row) = row else { return Ok(None) };
        let mut members =
            Self::member_rows(&self.write, Condition::all().add(members::Column::ConversationId.eq(row.id))).await?;
        let member_rows = members.remove(&row.id).unwrap_or_default();
        to_conversation(row, &member_rows).map(Some)
    }

    async fn conversation_exists(&self, id: ConversationId) -> CoreResult<bool> {
        let found = conversations::Entity::find_by_id(id.0).one(&self.point).await.map_err(db_err)?;
        Ok(found.is_some())
    }

    /// Moves one position column forward to `min(seq, last_seq)`, never back.
    async fn advance(&self, id: ConversationId, user: UserId, seq: i64, column: members::Column) -> CoreResult<i64> {
        let last_seq: Option<i64> = conversations::Entity::find_by_id(id.0)
            .select_only()
            .column(conversations::Column::LastSeq)
            .into_tuple()
            .one(&self.point)
            .await
            .map_err(db_err)?;
        // `last_seq` only grows, so a stale read can only make the bound tighter, never wrong.
        let target = seq.min(last_seq.ok_or(CoreError::NotFound("conversation"))?);
        // The `< target` guard makes concurrent advances commute: the largest wins whatever the order.
        let update = members::Entity::update_many()
            .col_expr(column, Expr::val(target))
            .filter(members::Column::ConversationId.eq(id.0))
            .filter(members::Column::UserId.eq(user.0))
            .filter(column.lt(target));
        // Receipts are frequent: a transaction only when there is an event to record with them.
        if self.outbox_on() {
            let txn = self.write.begin().await.map_err(db_err)?;
            if update.exec(&txn).await.map_err(db_err)?.rows_affected > 0 {
                let position =
                    if matches!(column, members::Column::ReadSeq) { Position::Read } else { Position::Delivered };
                self.record(&txn, &[IntegrationEvent::status(id, user, position, target, ts(Utc::now()))]).await?;
            }
            txn.commit().await.map_err(db_err)?;
        } else {
            update.exec(&self.write).await.map_err(db_err)?;
        }
        let state = self.member_state(id, user).await?.ok_or(CoreError::NotFound("conversation"))?;
        Ok(if matches!(column, members::Column::ReadSeq) { state.read_seq } else { state.delivered_seq })
    }
}

#[async_trait::async_trait]
impl ConversationStore for SqlBackend {
    async fn insert_conversation(&self, new: NewConversation) -> CoreResult<Conversation> {
        let mut conversation = new.conversation;
        conversation.created_at = ts(conversation.created_at);
        conversation.expires_at = conversation.expires_at.map(ts);
        let row = conversations::ActiveModel {
            id: Set(conversation.id.0),
            kind: Set(conversation.kind.as_str().to_owned()),
            name: Set(conversation.name.clone()),
            description: Set(conversation.description.clone()),
            avatar_url: Set(conversation.avatar_url.clone()),
            created_by: Set(conversation.created_by.0),
            created_at: Set(conversation.created_at),
            last_seq: Set(conversation.last_seq),
            last_message_at: Set(None),
            expires_at: Set(conversation.expires_at),
            direct_key: Set(new.direct_key),
        };
        // Members are listed by join time; spacing the founders a microsecond apart keeps the
        // order they were given in, as every other backend does.
        let member_rows: Vec<members::ActiveModel> = (0i64..)
            .zip(&conversation.members)
            .map(|(i, m)| members::ActiveModel {
                conversation_id: Set(conversation.id.0),
                user_id: Set(m.user_id.0),
                role: Set(m.role.as_str().to_owned()),
                read_seq: Set(0),
                delivered_seq: Set(0),
                joined_at: Set(conversation.created_at + Duration::microseconds(i)),
            })
            .collect();

        let txn = self.write.begin().await.map_err(db_err)?;
        conversations::Entity::insert(row).exec_without_returning(&txn).await.map_err(db_err)?;
        if !member_rows.is_empty() {
            members::Entity::insert_many(member_rows)
                .exec_without_returning(&txn)
                .await
                .map_err(db_err_missing("user"))?;
        }
        self.record(&txn, &[IntegrationEvent::conversation_created(&conversation)]).await?;
        txn.commit().await.map_err(db_err)?;
        self.member_lists.forget(conversation.id);
        Ok(conversation)
    }

    async fn direct_conversation(&self, direct_key: &str) -> CoreResult<Option<Conversation>> {
        let row = conversations::Entity::find()
            .filter(conversations::Column::DirectKey.eq(direct_key))
            .one(&self.point)
            .await
            .map_err(db_err)?;
        self.load_conversation(row).await
    }

    async fn conversation(&self, id: ConversationId) -> CoreResult<Option<Conversation>> {
        let row = conversations::Entity::find_by_id(id.0).one(&self.point).await.map_err(db_err)?;
        self.load_conversation(row).await
    }

    async fn members_of(&self, ids: &[ConversationId]) -> CoreResult<Vec<(ConversationId, UserId)>> {
        self.members_of_many(ids).await
    }

    async fn member_state(&self, id: ConversationId, user: UserId) -> CoreResult<Option<Member>> {
        let row = members::Entity::find_by_id((id.0, user.0)).one(&self.point).await.map_err(db_err)?;
        row.as_ref().map(to_member).transpose()
    }

    async fn conversations_for_user(
        &self,
        user: UserId,
        after: Option<ListCursor>,
        limit: usize,
    ) -> CoreResult<Vec<ConversationSummary>> {
        self.summaries(user, after, limit).await
    }

    async fn peers_among(&self, user: UserId, candidates: &[UserId]) -> CoreResult<Vec<UserId>> {
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let mine = conversations_of(user);
        let ids: Vec<uuid::Uuid> = members::Entity::find()
            .select_only()
            .column(members::Column::UserId)
            .distinct()
            .filter(members::Column::UserId.is_in(candidates.iter().map(|c| c.0)))
            .filter(members::Column::ConversationId.in_subquery(mine))
            .into_tuple()
            .all(&self.read)
            .await
            .map_err(db_err)?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    async fn peers(&self, user: UserId, max_members: usize) -> CoreResult<Vec<UserId>> {
        use sea_orm::sea_query::ExprTrait as _;
        let mine = conversations_of(user);
        let small = members::Entity::find()
            .select_only()
            .column(members::Column::ConversationId)
            .filter(members::Column::ConversationId.in_subquery(mine))
            .group_by(members::Column::ConversationId)
            .having(
                Expr::expr(Func::count(Expr::col(members::Column::UserId)))
                    .lte(i64::try_from(max_members).unwrap_or(i64::MAX)),
            )
            .as_query()
            .to_owned();
        let ids: Vec<uuid::Uuid> = members::Entity::find()
            .select_only()
            .column(members::Column::UserId)
            .distinct()
            .filter(members::Column::ConversationId.in_subquery(small))
            .into_tuple()
            .all(&self.read)
            .await
            .map_err(db_err)?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    async fn conversation_ids_for_user(&self, user: UserId) -> CoreResult<Vec<ConversationId>> {
        let ids: Vec<uuid::Uuid> = members::Entity::find()
            .select_only()
            .column(members::Column::ConversationId)
            .filter(members::Column::UserId.eq(user.0))
            .into_tuple()
            .all(&self.point)
            .await
            .map_err(db_err)?;
        Ok(ids.into_iter().map(ConversationId).collect())
    }

    async fn update_conversation(&self, id: ConversationId, patch: ConversationPatch) -> CoreResult<Conversation> {
        let mut update = conversations::Entity::update_many().filter(conversations::Column::Id.eq(id.0));
        let mut changed = false;
        if let Some(name) = patch.name {
            update = update.col_expr(conversations::Column::Name, Expr::val(name));
            changed = true;
        }
        if let Some(description) = patch.description {
            update = update.col_expr(conversations::Column::Description, Expr::val(description));
            changed = true;
        }
        if let Some(url) = patch.avatar_url {
            update = update.col_expr(conversations::Column::AvatarUrl, Expr::val(url));
            changed = true;
        }
        if changed {
            update.exec(&self.write).await.map_err(db_err)?;
        }
        self.conversation(id).await?.ok_or(CoreError::NotFound("conversation"))
    }

    async fn delete_conversation(&self, id: ConversationId) -> CoreResult<()> {
        // Members, messages and hidden marks go with it (ON DELETE CASCADE); deleting twice is fine.
        conversations::Entity::delete_by_id(id.0).exec(&self.write).await.map_err(db_err)?;
        self.member_lists.forget(id);
        Ok(())
    }

    async fn add_member(&self, id: ConversationId, user: UserId, role: Role) -> CoreResult<()> {
        let joined_at = ts(Utc::now());
        let row = members::ActiveModel {
            conversation_id: Set(id.0),
            user_id: Set(user.0),
            role: Set(role.as_str().to_owned()),
            read_seq: Set(0),
            delivered_seq: Set(0),
            joined_at: Set(joined_at),
        };
        let txn = self.write.begin().await.map_err(db_err)?;
        if let Err(e) = members::Entity::insert(row).exec_without_returning(&txn).await {
            drop(txn);
            return Err(self.missing_member_reference(id, e).await);
        }
        let event = IntegrationEvent::member(EventType::MemberAdded, id, user, Some(role.as_str()), joined_at);
        self.record(&txn, &[event]).await?;
        txn.commit().await.map_err(db_err)?;
        self.member_lists.forget(id);
        Ok(())
    }

    async fn set_role(&self, id: ConversationId, user: UserId, role: Role) -> CoreResult<()> {
        let txn = self.write.begin().await.map_err(db_err)?;
        if !lock_member(&txn, id, user, role != Role::Owner).await? {
            return Err(if self.conversation_exists(id).await? {
                CoreError::NotFound("member")
            } else {
                CoreError::NotFound("conversation")
            });
        }
        members::Entity::update_many()
            .col_expr(members::Column::Role, Expr::val(role.as_str()))
            .filter(members::Column::ConversationId.eq(id.0))
            .filter(members::Column::UserId.eq(user.0))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        txn.commit().await.map_err(db_err)
    }

    async fn remove_member(&self, id: ConversationId, user: UserId) -> CoreResult<bool> {
        let txn = self.write.begin().await.map_err(db_err)?;
        if !lock_member(&txn, id, user, true).await? {
            return Ok(false);
        }
        members::Entity::delete_by_id((id.0, user.0)).exec(&txn).await.map_err(db_err)?;
        let event = IntegrationEvent::member(EventType::MemberRemoved, id, user, None, ts(Utc::now()));
        self.record(&txn, &[event]).await?;
        txn.commit().await.map_err(db_err)?;
        self.member_lists.forget(id);
        Ok(true)
    }

    async fn advance_read(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        self.advance(id, user, seq, members::Column::ReadSeq).await
    }

    async fn advance_delivered(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        self.advance(id, user, seq, members::Column::DeliveredSeq).await
    }
}

/// Locks the conversation's row (PostgreSQL; SQLite writes one transaction at a time anyway) and
/// says whether `user` is a member. When `losing_ownership` and `user` is the conversation's only
/// owner among several members, refuses: two owners demoting or removing each other at once
/// would otherwise both see the other still owner and leave the group with none.
async fn lock_member(
    txn: &sea_orm::DatabaseTransaction,
    id: ConversationId,
    user: UserId,
    losing_ownership: bool,
) -> CoreResult<bool> {
    conversations::Entity::find_by_id(id.0).lock_exclusive().one(txn).await.map_err(db_err)?;
    let rows =
        members::Entity::find().filter(members::Column::ConversationId.eq(id.0)).all(txn).await.map_err(db_err)?;
    let Some(member) = rows.iter().find(|m| m.user_id == user.0) else { return Ok(false) };
    let owners = rows.iter().filter(|m| m.role == Role::Owner.as_str()).count();
    if losing_ownership && member.role == Role::Owner.as_str() && owners == 1 && rows.len() > 1 {
        return Err(CoreError::Conflict("a conversation keeps at least one owner".into()));
    }
    Ok(true)
}

impl SqlBackend {
    /// SQLite does not say which foreign key failed, so ask whether the conversation exists.
    async fn missing_member_reference(&self, id: ConversationId, e: DbErr) -> CoreError {
        if !matches!(e.sql_err(), Some(SqlErr::ForeignKeyConstraintViolation(_))) {
            return db_err(e);
        }
        match self.conversation_exists(id).await {
            Ok(true) => CoreError::NotFound("user"),
            Ok(false) => CoreError::NotFound("conversation"),
            Err(e) => e,
        }
    }
}

/// `SELECT conversation_id FROM conversation_members WHERE user_id = user`, as a subquery.
fn conversations_of(user: UserId) -> sea_orm::sea_query::SelectStatement {
    members::Entity::find()
        .select_only()
        .column(members::Column::ConversationId)
        .filter(members::Column::UserId.eq(user.0))
        .as_query()
        .to_owned()
}
