//! A user's logins as devices (listed, ended one by one) and their password (changed, or reset
//! with a single-use token sent by email); both password paths end the other logins.

use super::{
    AuthService, LoginSession, Principal,
    service::{LinkToken, hash_password, token_hash, verify_password},
};
use crate::{CoreError, CoreResult, SessionId, UserId, user::Password};

/// A password reset to send: the address, and the single-use token for the link.
#[derive(Debug)]
pub struct PasswordReset {
    /// Where to send it.
    pub email: String,
    /// The secret of the link (only its hash is stored).
    pub token: String,
}

impl AuthService {
    /// The caller's active logins, oldest first, the one of their own token marked `current`.
    pub async fn sessions(&self, me: &Principal) -> CoreResult<Vec<LoginSession>> {
        let mut sessions = self.inner.store.active_sessions(me.user_id).await?;
        for session in &mut sessions {
            session.current = Some(session.id) == me.session_id;
        }
        Ok(sessions)
    }

    /// Ends one of the caller's logins: its tokens stop working at once, and its sockets are
    /// disconnected (the transport acts on the `SessionRevoked` event). Another user's login, or
    /// one already ended, is not found.
    pub async fn end_session(&self, me: &Principal, id: SessionId) -> CoreResult<()> {
        let mine = self.inner.store.active_sessions(me.user_id).await?.iter().any(|s| s.id == id);
        if !mine {
            return Err(CoreError::NotFound("session"));
        }
        self.revoke(id).await.map(drop)
    }

    /// Changes the caller's password, given the current one, and ends every other login.
    pub async fn change_password(&self, me: &Principal, current: String, new: String) -> CoreResult<()> {
        let Some(hash) = self.password_hash(me.user_id).await? else {
            return Err(CoreError::bad_request("this account signs in with its identity provider: it has no password"));
        };
        if !self.password_matches(current, hash).await? {
            return Err(CoreError::invalid("currentPassword", "the current password is wrong"));
        }
        let new = self.parse_password(new, "newPassword")?;
        self.set_password(me.user_id, new, me.session_id).await
    }

    /// Starts a password reset for `login` (username or email). When it names an account with a
    /// password and an email address, a token valid for `ttl` is stored and returned with the
    /// address to send it to; otherwise `None`. The caller answers the same either way.
    pub async fn request_password_reset(
        &self,
        login: &str,
        ttl: std::time::Duration,
    ) -> CoreResult<Option<PasswordReset>> {
        if login.len() > 320 || login.contains('\0') {
            return Ok(None);
        }
        let Some((user, _)) = self.inner.users.credentials_by_login(&login.trim().to_lowercase()).await? else {
            return Ok(None);
        };
        // With verification on, only an address shown to be the user's gets the link.
        let verified = !self.inner.limits.email_verification || user.email_verified == Some(true);
        let Some(email) = user.email.filter(|_| verified) else { return Ok(None) };
        let link = LinkToken::new(ttl)?;
        self.inner.store.insert_password_reset(&link.hash, user.id, link.expires_at).await?;
        Ok(Some(PasswordReset { email, token: link.token }))
    }

    /// Sets a new password with a reset token, once: the token is spent, and every login of the
    /// user is ended. An unknown, used or expired token is refused.
    pub async fn reset_password(&self, token: &str, new: String) -> CoreResult<()> {
        // Checked before the token is spent: a password of the wrong length leaves the link usable.
        let new = self.parse_password(new, "password")?;
        let spent = self.inner.store.spend_password_reset(&token_hash(token), crate::time::now()).await?;
        let user = spent.ok_or_else(|| CoreError::invalid("token", "this reset link is unknown, used or expired"))?;
        self.set_password(user, new, None).await
    }

    /// The user's password hash; `None` for an account that signs in with its identity provider.
    async fn password_hash(&self, user: UserId) -> CoreResult<Option<String>> {
        let user = self.inner.users.user_by_id(user).await?.ok_or(CoreError::NotFound("user"))?;
        Ok(self.inner.users.credentials_by_login(&user.username.to_lowercase()).await?.map(|(_, hash)| hash))
    }

    /// Whether `candidate` is the password of `hash`; one far past the longest password is not
    /// hashed at all.
    pub(super) async fn password_matches(&self, candidate: String, hash: String) -> CoreResult<bool> {
        if candidate.len() > self.inner.limits.password_max * 4 {
            return Ok(false);
        }
        verify_password(candidate, hash).await
    }

    /// A new password, its errors naming `field`.
    fn parse_password(&self, new: String, field: &'static str) -> CoreResult<Password> {
        Password::parse(new, &self.inner.limits).map_err(|e| match e {
            CoreError::BadRequest { message, .. } => CoreError::invalid(field, message),
            other => other,
        })
    }

    /// Stores the hash of `new` and ends every login of `user` but `keep`.
    async fn set_password(&self, user: UserId, new: Password, keep: Option<SessionId>) -> CoreResult<()> {
        self.inner.users.set_password_hash(user, hash_password(new).await?).await?;
        self.end_sessions_but(user, keep).await
    }

    /// Ends every login of `user`; their sockets are disconnected.
    pub async fn end_all_sessions(&self, user: UserId) -> CoreResult<()> {
        self.end_sessions_but(user, None).await
    }

    async fn end_sessions_but(&self, user: UserId, keep: Option<SessionId>) -> CoreResult<()> {
        for session in self.inner.store.active_sessions(user).await? {
            if Some(session.id) != keep {
                self.revoke(session.id).await?;
            }
        }
        Ok(())
    }

    /// Checks that the caller is who the account belongs to, before something that cannot be
    /// undone: the password, for an account that has one; otherwise a sign-in (the login of the
    /// token, or an identity provider's token) within `reauth_window_secs`.
    pub async fn confirm_identity(&self, me: &Principal, password: Option<String>) -> CoreResult<()> {
        if let Some(hash) = self.password_hash(me.user_id).await? {
            let password = password.ok_or_else(|| CoreError::invalid("password", "your password is required"))?;
            if !self.password_matches(password, hash).await? {
                return Err(CoreError::invalid("password", "the password is wrong"));
            }
            return Ok(());
        }
        let signed_in_at = match me.session_id {
            Some(id) => self
                .inner
                .store
                .active_sessions(me.user_id)
                .await?
                .into_iter()
                .find(|s| s.id == id)
                .map(|s| s.created_at.timestamp()),
            None => Some(me.issued_at),
        };
        let window = i64::try_from(self.inner.limits.reauth_window_secs).unwrap_or(i64::MAX);
        match signed_in_at {
            Some(at) if at >= crate::time::now().timestamp().saturating_sub(window) => Ok(()),
            _ => Err(CoreError::Forbidden(format!(
                "sign in again to confirm: this needs a sign-in within the last {} minutes",
                self.inner.limits.reauth_window_secs / 60
            ))),
        }
    }
}
