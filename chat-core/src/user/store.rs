use super::{NewUser, ProfilePatch, User};
use crate::{CoreResult, UserId};
use chrono::{DateTime, Utc};

/// Storage of accounts.
#[async_trait::async_trait]
pub trait UserStore: Send + Sync {
    /// Inserts a user; [`crate::CoreError::Taken`] when the username, email or external id is taken.
    async fn insert_user(&self, user: NewUser) -> CoreResult<User>;
    /// A user by id.
    async fn user_by_id(&self, id: UserId) -> CoreResult<Option<User>>;
    /// Users by id, in no particular order; unknown ids are skipped.
    async fn users_by_ids(&self, ids: &[UserId]) -> CoreResult<Vec<User>>;
    /// A user and their password hash, by lowercase username or email.
    async fn credentials_by_login(&self, login: &str) -> CoreResult<Option<(User, String)>>;
    /// A provisioned user by external subject.
    async fn user_by_external_id(&self, external_id: &str) -> CoreResult<Option<User>>;
    /// Applies a profile patch and returns the updated user.
    async fn update_profile(&self, id: UserId, patch: ProfilePatch) -> CoreResult<User>;
    /// Users whose username or display name starts with `prefix` (case-insensitive),
    /// ordered by username, strictly after the `after` username.
    async fn search_users(&self, prefix: &str, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>>;
    /// Records when the user was last connected.
    async fn set_last_seen(&self, id: UserId, at: DateTime<Utc>) -> CoreResult<()>;
    /// Replaces the user's password hash.
    async fn set_password_hash(&self, id: UserId, hash: String) -> CoreResult<()>;
}
