//! A user's logins as devices: listed, ended one by one, and all but the current one ended when
//! the password changes.

use super::{
    AuthService, LoginSession, Principal,
    service::{hash_password, verify_password},
};
use crate::{CoreError, CoreResult, SessionId, user::Password};

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
        let user = self.inner.users.user_by_id(me.user_id).await?.ok_or(CoreError::NotFound("user"))?;
        let Some((_, hash)) = self.inner.users.credentials_by_login(&user.username.to_lowercase()).await? else {
            return Err(CoreError::bad_request("this account signs in with its identity provider: it has no password"));
        };
        let wrong = || CoreError::invalid("currentPassword", "the current password is wrong");
        if current.len() > self.inner.limits.password_max * 4 || !verify_password(current, hash).await? {
            return Err(wrong());
        }
        let new = Password::parse(new, &self.inner.limits).map_err(|e| match e {
            CoreError::BadRequest { message, .. } => CoreError::invalid("newPassword", message),
            other => other,
        })?;
        self.inner.users.set_password_hash(me.user_id, hash_password(new).await?).await?;
        for session in self.inner.store.active_sessions(me.user_id).await? {
            if Some(session.id) != me.session_id {
                self.revoke(session.id).await?;
            }
        }
        Ok(())
    }
}
