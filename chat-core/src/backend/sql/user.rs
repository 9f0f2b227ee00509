//! [`UserStore`] on SQL.

use super::{MAX_ROWS, SqlBackend, db_err, entities::users, like_prefix, ts};
use crate::{
    CoreError, CoreResult, UserId,
    outbox::IntegrationEvent,
    user::{NewUser, ProfilePatch, User, UserStore, Visibility},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
};

/// Ids per `IN (…)` list: far below every engine's bound-parameter limit.
pub(super) const IN_CHUNK: usize = 500;

/// The domain user of a row; presence is not stored, so it starts offline.
pub(super) fn to_user(row: users::Model) -> User {
    User {
        id: UserId(row.id),
        username: row.username,
        display_name: row.display_name,
        avatar_url: row.avatar_url,
        bio: row.bio,
        status: None,
        last_seen: row.last_seen,
        created_at: row.created_at,
        email_verified: row.email.as_ref().map(|_| row.email_verified_at.is_some()),
        email: row.email,
        last_seen_visibility: Some(Visibility::parse(&row.last_seen_visibility)),
        external_id: row.external_id,
    }
}

impl SqlBackend {
    /// One page of the users matching `filter`, by username, strictly after the `after` username.
    pub(super) async fn users_page(&self, filter: Condition, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>> {
        let mut query = users::Entity::find().filter(filter);
        if let Some(after) = after {
            query = query.filter(users::Column::Username.gt(after));
        }
        let rows = query
            .order_by_asc(users::Column::Username)
            .limit(Ord::min(limit, MAX_ROWS))
            .all(&self.read)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(to_user).collect())
    }
}

#[async_trait::async_trait]
impl UserStore for SqlBackend {
    async fn insert_user(&self, new: NewUser) -> CoreResult<User> {
        let row_has_email = new.email.is_some();
        let row = users::Model {
            id: new.id.0,
            username: new.username.into_inner(),
            email: new.email.map(|e| e.to_lowercase()),
            display_name: new.display_name,
            avatar_url: new.avatar_url,
            bio: None,
            password_hash: new.password_hash,
            external_id: new.external_id,
            last_seen: None,
            last_seen_visibility: Visibility::default().as_str().to_owned(),
            created_at: ts(new.created_at),
            email_verified_at: (new.email_verified && row_has_email).then(|| ts(new.created_at)),
        };
        let user = to_user(row.clone());
        let txn = self.write.begin().await.map_err(db_err)?;
        users::Entity::insert(row.into_active_model()).exec_without_returning(&txn).await.map_err(db_err)?;
        self.record(&txn, &[IntegrationEvent::user_created(&user)]).await?;
        txn.commit().await.map_err(db_err)?;
        Ok(user)
    }

    async fn user_by_id(&self, id: UserId) -> CoreResult<Option<User>> {
        let row = users::Entity::find_by_id(id.0).one(&self.point).await.map_err(db_err)?;
        Ok(row.map(to_user))
    }

    async fn users_by_ids(&self, ids: &[UserId]) -> CoreResult<Vec<User>> {
        let mut ids: Vec<_> = ids.iter().map(|id| id.0).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut found = Vec::with_capacity(ids.len());
        // An empty slice yields no chunk, hence no query at all.
        for chunk in ids.chunks(IN_CHUNK) {
            let rows = users::Entity::find()
                .filter(users::Column::Id.is_in(chunk.iter().copied()))
                .all(&self.point)
                .await
                .map_err(db_err)?;
            found.extend(rows.into_iter().map(to_user));
        }
        Ok(found)
    }

    async fn credentials_by_login(&self, login: &str) -> CoreResult<Option<(User, String)>> {
        let login = login.to_lowercase();
        let row = users::Entity::find()
            .filter(
                Condition::any()
                    .add(users::Column::Username.eq(login.as_str()))
                    .add(users::Column::Email.eq(login.as_str())),
            )
            .one(&self.point)
            .await
            .map_err(db_err)?;
        Ok(row.and_then(|mut row| {
            let hash = row.password_hash.take()?;
            Some((to_user(row), hash))
        }))
    }

    async fn user_by_external_id(&self, external_id: &str) -> CoreResult<Option<User>> {
        let row = users::Entity::find()
            .filter(users::Column::ExternalId.eq(external_id))
            .one(&self.point)
            .await
            .map_err(db_err)?;
        Ok(row.map(to_user))
    }

    async fn update_profile(&self, id: UserId, patch: ProfilePatch) -> CoreResult<User> {
        let row = users::Entity::find_by_id(id.0).one(&self.point).await.map_err(db_err)?;
        let row = row.ok_or(CoreError::NotFound("user"))?;
        let unchanged = patch.display_name.is_none()
            && patch.avatar_url.is_none()
            && patch.bio.is_none()
            && patch.last_seen_visibility.is_none();
        if unchanged {
            return Ok(to_user(row));
        }
        let mut active = users::ActiveModel { id: Set(row.id), ..Default::default() };
        if let Some(name) = patch.display_name {
            active.display_name = Set(name);
        }
        if let Some(url) = patch.avatar_url {
            active.avatar_url = Set(url);
        }
        if let Some(bio) = patch.bio {
            active.bio = Set(bio);
        }
        if let Some(visibility) = patch.last_seen_visibility {
            active.last_seen_visibility = Set(visibility.as_str().to_owned());
        }
        let updated = users::Entity::update(active).exec(&self.write).await.map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => CoreError::NotFound("user"),
            e => db_err(e),
        })?;
        Ok(to_user(updated))
    }

    async fn search_users(&self, prefix: &str, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>> {
        let pattern = like_prefix(&prefix.to_lowercase());
        let like = || LikeExpr::new(pattern.clone()).escape('\\');
        let matching = Condition::any()
            .add(users::Column::Username.like(like()))
            .add(Func::lower(Expr::col((users::Entity, users::Column::DisplayName))).like(like()));
        self.users_page(matching, after, limit).await
    }

    async fn set_last_seen(&self, id: UserId, at: DateTime<Utc>) -> CoreResult<()> {
        users::Entity::update_many()
            .col_expr(users::Column::LastSeen, Expr::val(ts(at)))
            .filter(users::Column::Id.eq(id.0))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn set_password_hash(&self, id: UserId, hash: String) -> CoreResult<()> {
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::val(hash))
            .filter(users::Column::Id.eq(id.0))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
