//! [`AuthStore`] on SQL.

use super::{
    SqlBackend, db_err, db_err_missing,
    entities::{auth_sessions, email_verifications, password_resets, refresh_tokens, users},
    ts,
};
use crate::{
    CoreResult, SessionId, UserId,
    auth::{AuthStore, ClientInfo, LoginSession, RefreshTokenRecord, SpendOutcome},
    outbox::IntegrationEvent,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait, sea_query::Expr};

#[async_trait::async_trait]
impl AuthStore for SqlBackend {
    async fn create_session(
        &self,
        id: SessionId,
        user: UserId,
        at: DateTime<Utc>,
        client: &ClientInfo,
    ) -> CoreResult<()> {
        let row = auth_sessions::ActiveModel {
            id: Set(id.0),
            user_id: Set(user.0),
            created_at: Set(ts(at)),
            revoked_at: Set(None),
            user_agent: Set(client.user_agent.clone()),
            address: Set(client.address.clone()),
            last_used_at: Set(None),
        };
        let txn = self.write.begin().await.map_err(db_err)?;
        auth_sessions::Entity::insert(row).exec_without_returning(&txn).await.map_err(db_err_missing("user"))?;
        self.record(&txn, &[IntegrationEvent::user_login(user, id, ts(at))]).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn touch_session(&self, id: SessionId, at: DateTime<Utc>, client: &ClientInfo) -> CoreResult<()> {
        auth_sessions::Entity::update_many()
            .col_expr(auth_sessions::Column::LastUsedAt, Expr::val(ts(at)))
            .col_expr(auth_sessions::Column::UserAgent, Expr::val(client.user_agent.clone()))
            .col_expr(auth_sessions::Column::Address, Expr::val(client.address.clone()))
            .filter(auth_sessions::Column::Id.eq(id.0))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn active_sessions(&self, user: UserId) -> CoreResult<Vec<LoginSession>> {
        let rows = auth_sessions::Entity::find()
            .filter(auth_sessions::Column::UserId.eq(user.0))
            .filter(auth_sessions::Column::RevokedAt.is_null())
            .order_by_asc(auth_sessions::Column::CreatedAt)
            .all(&self.point)
            .await
            .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|row| LoginSession {
                id: SessionId(row.id),
                created_at: row.created_at,
                last_used_at: row.last_used_at,
                user_agent: row.user_agent,
                address: row.address,
                current: false,
            })
            .collect())
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

    async fn insert_password_reset(&self, token_hash: &str, user: UserId, expires_at: DateTime<Utc>) -> CoreResult<()> {
        let row = password_resets::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            user_id: Set(user.0),
            expires_at: Set(ts(expires_at)),
            used_at: Set(None),
        };
        password_resets::Entity::insert(row)
            .exec_without_returning(&self.write)
            .await
            .map_err(db_err_missing("user"))?;
        Ok(())
    }

    async fn spend_password_reset(&self, token_hash: &str, at: DateTime<Utc>) -> CoreResult<Option<UserId>> {
        let at = ts(at);
        let spent = password_resets::Entity::update_many()
            .col_expr(password_resets::Column::UsedAt, Expr::val(at))
            .filter(password_resets::Column::TokenHash.eq(token_hash))
            .filter(password_resets::Column::UsedAt.is_null())
            .filter(password_resets::Column::ExpiresAt.gt(at))
            .exec_with_returning(&self.write)
            .await
            .map_err(db_err)?;
        let Some(user) = spent.into_iter().next().map(|row| UserId(row.user_id)) else { return Ok(None) };
        // The account's other links go with it.
        password_resets::Entity::update_many()
            .col_expr(password_resets::Column::UsedAt, Expr::val(at))
            .filter(password_resets::Column::UserId.eq(user.0))
            .filter(password_resets::Column::UsedAt.is_null())
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        Ok(Some(user))
    }

    async fn insert_email_verification(
        &self,
        token_hash: &str,
        user: UserId,
        email: &str,
        expires_at: DateTime<Utc>,
    ) -> CoreResult<()> {
        let row = email_verifications::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            user_id: Set(user.0),
            email: Set(email.to_owned()),
            expires_at: Set(ts(expires_at)),
            used_at: Set(None),
        };
        email_verifications::Entity::insert(row)
            .exec_without_returning(&self.write)
            .await
            .map_err(db_err_missing("user"))?;
        Ok(())
    }

    async fn spend_email_verification(&self, token_hash: &str, at: DateTime<Utc>) -> CoreResult<Option<UserId>> {
        let at = ts(at);
        let txn = self.write.begin().await.map_err(db_err)?;
        let spent = email_verifications::Entity::update_many()
            .col_expr(email_verifications::Column::UsedAt, Expr::val(at))
            .filter(email_verifications::Column::TokenHash.eq(token_hash))
            .filter(email_verifications::Column::UsedAt.is_null())
            .filter(email_verifications::Column::ExpiresAt.gt(at))
            .exec_with_returning(&txn)
            .await
            .map_err(db_err)?;
        let Some(row) = spent.into_iter().next() else { return Ok(None) };
        let verified = users::Entity::update_many()
            .col_expr(users::Column::EmailVerifiedAt, Expr::val(at))
            .filter(users::Column::Id.eq(row.user_id))
            .filter(users::Column::Email.eq(row.email))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        Ok((verified.rows_affected > 0).then_some(UserId(row.user_id)))
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
