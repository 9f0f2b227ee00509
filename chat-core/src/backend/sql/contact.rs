//! [`ContactStore`] on SQL.

use super::{
    SqlBackend, db_err, db_err_missing,
    entities::{blocks, contacts, users},
    ts,
};
use crate::{CoreResult, UserId, contact::ContactStore, user::User};
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{OnConflict, Query},
};

#[async_trait::async_trait]
impl ContactStore for SqlBackend {
    async fn add_contact(&self, owner: UserId, contact: UserId) -> CoreResult<()> {
        let row = contacts::ActiveModel {
            owner_id: Set(owner.0),
            contact_id: Set(contact.0),
            created_at: Set(ts(Utc::now())),
        };
        // Adding twice is not an error, and must not race into one either.
        contacts::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([contacts::Column::OwnerId, contacts::Column::ContactId]).do_nothing().to_owned(),
            )
            .exec_without_returning(&self.write)
            .await
            .map_err(db_err_missing("user"))?;
        Ok(())
    }

    async fn remove_contact(&self, owner: UserId, contact: UserId) -> CoreResult<bool> {
        let res = contacts::Entity::delete_many()
            .filter(contacts::Column::OwnerId.eq(owner.0))
            .filter(contacts::Column::ContactId.eq(contact.0))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        Ok(res.rows_affected > 0)
    }

    async fn contacts(&self, owner: UserId, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>> {
        let listed = Query::select()
            .column(contacts::Column::ContactId)
            .from(contacts::Entity)
            .and_where(contacts::Column::OwnerId.eq(owner.0))
            .to_owned();
        self.users_page(Condition::all().add(users::Column::Id.in_subquery(listed)), after, limit).await
    }

    async fn block(&self, owner: UserId, blocked: UserId) -> CoreResult<()> {
        let row =
            blocks::ActiveModel { owner_id: Set(owner.0), blocked_id: Set(blocked.0), created_at: Set(ts(Utc::now())) };
        blocks::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([blocks::Column::OwnerId, blocks::Column::BlockedId]).do_nothing().to_owned(),
            )
            .exec_without_returning(&self.write)
            .await
            .map_err(db_err_missing("user"))?;
        Ok(())
    }

    async fn unblock(&self, owner: UserId, blocked: UserId) -> CoreResult<bool> {
        let res = blocks::Entity::delete_by_id((owner.0, blocked.0)).exec(&self.write).await.map_err(db_err)?;
        Ok(res.rows_affected > 0)
    }

    async fn blocked(&self, owner: UserId, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>> {
        let listed = Query::select()
            .column(blocks::Column::BlockedId)
            .from(blocks::Entity)
            .and_where(blocks::Column::OwnerId.eq(owner.0))
            .to_owned();
        self.users_page(Condition::all().add(users::Column::Id.in_subquery(listed)), after, limit).await
    }

    async fn blockers_among(&self, user: UserId, owners: &[UserId]) -> CoreResult<Vec<UserId>> {
        if owners.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<uuid::Uuid> = blocks::Entity::find()
            .select_only()
            .column(blocks::Column::OwnerId)
            .filter(blocks::Column::BlockedId.eq(user.0))
            .filter(blocks::Column::OwnerId.is_in(owners.iter().map(|o| o.0)))
            .into_tuple()
            .all(&self.point)
            .await
            .map_err(db_err)?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    async fn contact_ids(&self, owner: UserId) -> CoreResult<Vec<UserId>> {
        let ids: Vec<uuid::Uuid> = contacts::Entity::find()
            .select_only()
            .column(contacts::Column::ContactId)
            .filter(contacts::Column::OwnerId.eq(owner.0))
            .into_tuple()
            .all(&self.point)
            .await
            .map_err(db_err)?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    async fn watchers_among(&self, user: UserId, owners: &[UserId]) -> CoreResult<Vec<UserId>> {
        if owners.is_empty() {
            return Ok(Vec::new());
        }
        let owners: Vec<uuid::Uuid> = contacts::Entity::find()
            .select_only()
            .column(contacts::Column::OwnerId)
            .filter(contacts::Column::ContactId.eq(user.0))
            .filter(contacts::Column::OwnerId.is_in(owners.iter().map(|o| o.0)))
            .into_tuple()
            .all(&self.point)
            .await
            .map_err(db_err)?;
        Ok(owners.into_iter().map(UserId).collect())
    }
}
