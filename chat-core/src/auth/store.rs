use super::{ClientInfo, LoginSession, RefreshTokenRecord, SpendOutcome};
use crate::{CoreResult, SessionId, UserId};
use chrono::{DateTime, Utc};

/// Storage of logins and refresh tokens.
#[async_trait::async_trait]
pub trait AuthStore: Send + Sync {
    /// Records a new login, made from `client`.
    async fn create_session(
        &self,
        id: SessionId,
        user: UserId,
        at: DateTime<Utc>,
        client: &ClientInfo,
    ) -> CoreResult<()>;
    /// Records that a login was used (refreshed) at `at` from `client`.
    async fn touch_session(&self, id: SessionId, at: DateTime<Utc>, client: &ClientInfo) -> CoreResult<()>;
    /// The user's logins not revoked, oldest first (`current` is left false).
    async fn active_sessions(&self, user: UserId) -> CoreResult<Vec<LoginSession>>;
    /// Whether the login exists and is not revoked.
    async fn session_active(&self, id: SessionId) -> CoreResult<bool>;
    /// Revokes a login and spends every refresh token of it; returns the login's user when it
    /// was active until now (`None` when unknown or already revoked).
    async fn revoke_session(&self, id: SessionId, at: DateTime<Utc>) -> CoreResult<Option<UserId>>;
    /// Stores a password reset token (its hash) for `user`, valid until `expires_at`.
    async fn insert_password_reset(&self, token_hash: &str, user: UserId, expires_at: DateTime<Utc>) -> CoreResult<()>;
    /// Spends a password reset token, atomically: its user when it was unused and unexpired at
    /// `at` (exactly one of concurrent calls gets it), else `None`. The user's other reset tokens
    /// are spent with it.
    async fn spend_password_reset(&self, token_hash: &str, at: DateTime<Utc>) -> CoreResult<Option<UserId>>;
    /// Stores an email verification token (its hash) for `user`'s address `email`, valid until
    /// `expires_at`.
    async fn insert_email_verification(
        &self,
        token_hash: &str,
        user: UserId,
        email: &str,
        expires_at: DateTime<Utc>,
    ) -> CoreResult<()>;
    /// Spends an email verification token, atomically, and marks the address verified at `at`:
    /// its user when the token was unused and unexpired and the user's address is still the one it
    /// was sent to, else `None`.
    async fn spend_email_verification(&self, token_hash: &str, at: DateTime<Utc>) -> CoreResult<Option<UserId>>;
    /// Stores a refresh token.
    async fn insert_refresh_token(&self, token: RefreshTokenRecord) -> CoreResult<()>;
    /// Marks a refresh token spent, atomically: of two concurrent calls with the same hash,
    /// exactly one gets [`SpendOutcome::Spent`].
    async fn spend_refresh_token(&self, token_hash: &str, at: DateTime<Utc>) -> CoreResult<SpendOutcome>;
}
