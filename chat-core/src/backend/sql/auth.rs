//! [`AuthStore`] on SQL.

use super::{SqlBackend, db_err, db_err_missing, entities::auth_sessions, entities::refresh_tokens, ts};
use crate::{
    CoreResult, SessionId, UserId,
    auth::{AuthStore, RefreshTokenRecord, SpendOutcome},
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait, sea_query::Expr};

#[async_trait::async_trait]
impl AuthStore for SqlBackend {
    async fn create_session(&self, id: SessionId, user: UserId, at: DateTime<Utc>) -> CoreResult<()> {
        let row = auth_sessions::ActiveModel {
            id: Set(id.0),
            user_id: Set(user.0),
            created_at: Set(ts(at)),
            revoked_at: Set(None),
        };
        auth_sessions::Entity::insert(row).exec_without_returning(&self.write).await.map_err(db_err_missing("user"))?;
        Ok(())
    }

    async fn session_active(&self, id: SessionId) -> CoreResult<bool> {
        let row = auth_sessions::Entity::find_by_id(id.0).one(&self.point).await.map_err(db_err)?;
        Ok(row.is_some_and(|s| s.revoked_at.is_none()))
    }

    async fn revoke_session(&self, id: SessionId, at: DateTime<Utc>) -> CoreResult<Option<UserId>> {
        let at = ts(at);
        let txn = self.write.begin().await.map_err(db_err)?;
        // Only the call that flips `revoked_at` learns the user: revoking twice reports once.
        let revoked = auth_sessions::Entity::update_many()
            .col_expr(auth_sessions::Column::RevokedAt, Expr::val(at))
            .filter(auth_sessions::Column::Id.eq(id.0))
            .filter(auth_sessions::Column::RevokedAt.is_null())
            .exec_with_returning(&txn)
            .await
            .map_err(db_err)?;
        // Spent even when the login was already revoked: a token issued in a race must not survive it.
        refresh_tokens::Entity::update_many()
            .col_expr(refresh_tokens::Column::SpentAt, Expr::val(at))
            .filter(refresh_tokens::Column::SessionId.eq(id.0))
            .filter(refresh_tokens::Column::SpentAt.is_null())
            .exec(&txn)
            .await
            .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        Ok(revoked.into_iter().next().map(|s| UserId(s.user_id)))
    }

    async fn insert_refresh_token(&self, token: RefreshTokenRecord) -> CoreResult<()> {
        let row = refresh_tokens::ActiveModel {
            token_hash: Set(token.token_hash),
            session_id: Set(token.session_id.0),
            user_id: Set(token.user_id.0),
            expires_at: Set(ts(token.expires_at)),
            spent_at: Set(None),
            created_at: Set(ts(Utc::now())),
        };
        refresh_tokens::Entity::insert(row)
            .exec_without_returning(&self.write)
            .await
            .map_err(db_err_missing("session"))?;
        Ok(())
    }

    async fn spend_refresh_token(&self, token_hash: &str, at: DateTime<Utc>) -> CoreResult<SpendOutcome> {
        // The conditional update is the arbiter: of concurrent spends, the database lets exactly
        // one see `spent_at IS NULL`.
        let spent = refresh_tokens::Entity::update_many()
            .col_expr(refresh_tokens::Column::SpentAt, Expr::val(ts(at)))
            .filter(refresh_tokens::Column::TokenHash.eq(token_hash))
            .filter(refresh_tokens::Column::SpentAt.is_null())
            .exec_with_returning(&self.write)
            .await
            .map_err(db_err)?;
        if let Some(row) = spent.into_iter().next() {
            return Ok(SpendOutcome::Spent(RefreshTokenRecord {
                token_hash: row.token_hash,
                session_id: SessionId(row.session_id),
                user_id: UserId(row.user_id),
                expires_at: row.expires_at,
            }));
        }
        let existing = refresh_tokens::Entity::find_by_id(token_hash).one(&self.point).await.map_err(db_err)?;
        Ok(match existing {
            Some(row) => SpendOutcome::Replayed(SessionId(row.session_id)),
            None => SpendOutcome::Unknown,
        })
    }
}
