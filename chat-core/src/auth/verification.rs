//! Email verification: a single-use, expiring link sent to a user's address proves it is theirs.
//! With [`crate::Limits::email_verification`] on, only a verified address receives password reset
//! links, so an address typed in by someone else cannot be used to take the account back later.

use super::{
    AuthService,
    service::{LinkToken, token_hash},
};
use crate::{CoreError, CoreResult, UserId};

/// A verification link to send: the address, and the single-use token for the link.
#[derive(Debug)]
pub struct EmailVerification {
    /// Where to send it.
    pub email: String,
    /// The secret of the link (only its hash is stored).
    pub token: String,
}

impl AuthService {
    /// A verification link for `user`'s address, valid for `ttl`; `None` when they have no
    /// address, or it is verified already.
    pub async fn request_email_verification(
        &self,
        user: UserId,
        ttl: std::time::Duration,
    ) -> CoreResult<Option<EmailVerification>> {
        let user = self.inner.users.user_by_id(user).await?.ok_or(CoreError::NotFound("user"))?;
        let Some(email) = user.email.filter(|_| user.email_verified != Some(true)) else { return Ok(None) };
        let link = LinkToken::new(ttl)?;
        self.inner.store.insert_email_verification(&link.hash, user.id, &email, link.expires_at).await?;
        Ok(Some(EmailVerification { email, token: link.token }))
    }

    /// Follows a verification link, once: the address it was sent to is verified, if it is still
    /// the user's. An unknown, used or expired token is refused.
    pub async fn verify_email(&self, token: &str) -> CoreResult<UserId> {
        let spent = self.inner.store.spend_email_verification(&token_hash(token), crate::time::now()).await?;
        spent.ok_or_else(|| CoreError::invalid("token", "this verification link is unknown, used or expired"))
    }
}
