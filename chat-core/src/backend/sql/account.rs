//! [`AccountStore`] on SQL.

use super::{
    MAX_ROWS, SqlBackend, db_err,
    entities::{hidden_messages, messages, uploads, users},
    message::to_message,
    upload::to_upload,
};
use crate::{CoreResult, MessageId, UserId, account::AccountStore, message::Message, upload::StoredUpload};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait, sea_query::Expr};

#[async_trait::async_trait]
impl AccountStore for SqlBackend {
    async fn messages_sent_by(&self, sender: UserId, after: Option<MessageId>, limit: u64) -> CoreResult<Vec<Message>> {
        let mut query = messages::Entity::find().filter(messages::Column::SenderId.eq(sender.0));
        if let Some(after) = after {
            query = query.filter(messages::Column::Id.gt(after.0));
        }
        // Ids are time-ordered (UUID v7): by id is the order sent; (sender_id, id) is indexed.
        let rows = query
            .order_by_asc(messages::Column::Id)
            .limit(Ord::min(limit, MAX_ROWS))
            .all(&self.point)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(to_message).collect()
    }

    async fn uploads_of(&self, owner: UserId) -> CoreResult<Vec<StoredUpload>> {
        let rows = uploads::Entity::find()
            .filter(uploads::Column::OwnerId.eq(owner.0))
            .all(&self.point)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(to_upload).collect())
    }

    async fn erase_messages_of(&self, sender: UserId) -> CoreResult<u64> {
        let result = messages::Entity::update_many()
            .col_expr(messages::Column::Content, Expr::val(""))
            .col_expr(messages::Column::Attachments, Expr::val("[]"))
            .col_expr(messages::Column::Deleted, Expr::val(true))
            .filter(messages::Column::SenderId.eq(sender.0))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        Ok(result.rows_affected)
    }

    async fn delete_account(&self, id: UserId) -> CoreResult<Option<Vec<StoredUpload>>> {
        let txn = self.write.begin().await.map_err(db_err)?;
        let uploads =
            uploads::Entity::find().filter(uploads::Column::OwnerId.eq(id.0)).all(&txn).await.map_err(db_err)?;
        hidden_messages::Entity::delete_many()
            .filter(hidden_messages::Column::UserId.eq(id.0))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        // Every other row of the account goes with it: their foreign keys cascade.
        let deleted = users::Entity::delete_by_id(id.0).exec(&txn).await.map_err(db_err)?.rows_affected;
        txn.commit().await.map_err(db_err)?;
        self.member_lists.forget_all();
        Ok((deleted > 0).then(|| uploads.into_iter().map(to_upload).collect()))
    }
}
