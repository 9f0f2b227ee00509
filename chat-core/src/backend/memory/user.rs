use super::{MemoryBackend, SessionRow, UserRow};
use crate::{
    CoreError, CoreResult, SessionId, Taken, UserId,
    auth::{AuthStore, ClientInfo, LoginSession, RefreshTokenRecord, SpendOutcome},
    contact::ContactStore,
    user::{NewUser, ProfilePatch, User, UserStore, Visibility},
};
use chrono::{DateTime, Utc};

#[async_trait::async_trait]
impl UserStore for MemoryBackend {
    async fn insert_user(&self, new: NewUser) -> CoreResult<User> {
        let mut state = self.state();
        for row in state.users.values() {
            if row.user.username == new.username.as_str() {
                return Err(CoreError::Taken(Taken::Username));
            }
            if new.email.is_some() && row.user.email == new.email {
                return Err(CoreError::Taken(Taken::Email));
            }
            if new.external_id.is_some() && row.user.external_id == new.external_id {
                return Err(CoreError::Taken(Taken::ExternalIdentity));
            }
        }
        let user = User {
            id: new.id,
            username: new.username.into_inner(),
            display_name: new.display_name,
            avatar_url: new.avatar_url,
            bio: None,
            status: None,
            last_seen: None,
            created_at: new.created_at,
            email_verified: new.email.as_ref().map(|_| new.email_verified),
            email: new.email,
            last_seen_visibility: Some(Visibility::default()),
            external_id: new.external_id,
        };
        state.users.insert(user.id, UserRow { user: user.clone(), password_hash: new.password_hash });
        Ok(user)
    }

    async fn user_by_id(&self, id: UserId) -> CoreResult<Option<User>> {
        Ok(self.state().users.get(&id).map(|r| r.user.clone()))
    }

    async fn users_by_ids(&self, ids: &[UserId]) -> CoreResult<Vec<User>> {
        let state = self.state();
        let mut unique = ids.to_vec();
        unique.sort_unstable();
        unique.dedup();
        Ok(unique.iter().filter_map(|id| state.users.get(id).map(|r| r.user.clone())).collect())
    }

    async fn credentials_by_login(&self, login: &str) -> CoreResult<Option<(User, String)>> {
        let state = self.state();
        Ok(state
            .users
            .values()
            .find(|r| r.user.username == login || r.user.email.as_deref() == Some(login))
            .and_then(|r| r.password_hash.clone().map(|h| (r.user.clone(), h))))
    }

    async fn user_by_external_id(&self, external_id: &str) -> CoreResult<Option<User>> {
        let state = self.state();
        Ok(state.users.values().find(|r| r.user.external_id.as_deref() == Some(external_id)).map(|r| r.user.clone()))
    }

    async fn update_profile(&self, id: UserId, patch: ProfilePatch) -> CoreResult<User> {
        let mut state = self.state();
        let row = state.users.get_mut(&id).ok_or(CoreError::NotFound("user"))?;
        if let Some(name) = patch.display_name {
            row.user.display_name = name;
        }
        if let Some(url) = patch.avatar_url {
            row.user.avatar_url = url;
        }
        if let Some(bio) = patch.bio {
            row.user.bio = bio;
        }
        if let Some(visibility) = patch.last_seen_visibility {
            row.user.last_seen_visibility = Some(visibility);
        }
        Ok(row.user.clone())
    }

    async fn search_users(&self, prefix: &str, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>> {
        let state = self.state();
        let mut found: Vec<User> = state
            .users
            .values()
            .filter(|r| r.user.username.starts_with(prefix) || r.user.display_name.to_lowercase().starts_with(prefix))
            .filter(|r| after.is_none_or(|a| r.user.username.as_str() > a))
            .map(|r| r.user.clone())
            .collect();
        found.sort_by(|a, b| a.username.cmp(&b.username));
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(found)
    }

    async fn set_last_seen(&self, id: UserId, at: DateTime<Utc>) -> CoreResult<()> {
        if let Some(row) = self.state().users.get_mut(&id) {
            row.user.last_seen = Some(at);
        }
        Ok(())
    }

    async fn set_password_hash(&self, id: UserId, hash: String) -> CoreResult<()> {
        if let Some(row) = self.state().users.get_mut(&id) {
            row.password_hash = Some(hash);
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl AuthStore for MemoryBackend {
    async fn create_session(
        &self,
        id: SessionId,
        user: UserId,
        at: DateTime<Utc>,
        client: &ClientInfo,
    ) -> CoreResult<()> {
        let row = SessionRow { user, revoked: false, created_at: at, last_used_at: None, client: client.clone() };
        self.state().sessions.insert(id, row);
        Ok(())
    }

    async fn touch_session(&self, id: SessionId, at: DateTime<Utc>, client: &ClientInfo) -> CoreResult<()> {
        if let Some(row) = self.state().sessions.get_mut(&id) {
            row.last_used_at = Some(at);
            row.client = client.clone();
        }
        Ok(())
    }

    async fn active_sessions(&self, user: UserId) -> CoreResult<Vec<LoginSession>> {
        let state = self.state();
        let mut sessions: Vec<LoginSession> = state
            .sessions
            .iter()
            .filter(|(_, row)| row.user == user && !row.revoked)
            .map(|(id, row)| LoginSession {
                id: *id,
                created_at: row.created_at,
                last_used_at: row.last_used_at,
                user_agent: row.client.user_agent.clone(),
                address: row.client.address.clone(),
                current: false,
            })
            .collect();
        sessions.sort_by_key(|s| (s.created_at, s.id.0));
        Ok(sessions)
    }

    async fn session_active(&self, id: SessionId) -> CoreResult<bool> {
        Ok(self.state().sessions.get(&id).is_some_and(|s| !s.revoked))
    }

    async fn revoke_session(&self, id: SessionId, _at: DateTime<Utc>) -> CoreResult<Option<UserId>> {
        let mut state = self.state();
        for (record, spent) in state.refresh_tokens.values_mut() {
            if record.session_id == id {
                *spent = true;
            }
        }
        Ok(state.sessions.get_mut(&id).filter(|s| !s.revoked).map(|s| {
            s.revoked = true;
            s.user
        }))
    }

    async fn insert_password_reset(&self, token_hash: &str, user: UserId, expires_at: DateTime<Utc>) -> CoreResult<()> {
        self.state().password_resets.insert(token_hash.to_owned(), (user, expires_at, false));
        Ok(())
    }

    async fn spend_password_reset(&self, token_hash: &str, at: DateTime<Utc>) -> CoreResult<Option<UserId>> {
        let mut state = self.state();
        let live = state.password_resets.get(token_hash).filter(|(_, expires, used)| !*used && *expires > at);
        let Some(&(user, ..)) = live else { return Ok(None) };
        // The account's other links go with it.
        for (owner, _, used) in state.password_resets.values_mut() {
            if *owner == user {
                *used = true;
            }
        }
        Ok(Some(user))
    }

    async fn insert_email_verification(
        &self,
        token_hash: &str,
        user: UserId,
        email: &str,
        expires_at: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.state().email_verifications.insert(token_hash.to_owned(), (user, email.to_owned(), expires_at, false));
        Ok(())
    }

    async fn spend_email_verification(&self, token_hash: &str, at: DateTime<Utc>) -> CoreResult<Option<UserId>> {
        let mut state = self.state();
        let Some((user, email, expires, used)) = state.email_verifications.get_mut(token_hash) else { return Ok(None) };
        if *used || *expires <= at {
            return Ok(None);
        }
        *used = true;
        let (user, email) = (*user, email.clone());
        let row = state.users.get_mut(&user).filter(|r| r.user.email.as_deref() == Some(email.as_str()));
        Ok(row.map(|row| {
            row.user.email_verified = Some(true);
            user
        }))
    }

    async fn insert_refresh_token(&self, token: RefreshTokenRecord) -> CoreResult<()> {
        self.state().refresh_tokens.insert(token.token_hash.clone(), (token, false));
        Ok(())
    }

    async fn spend_refresh_token(&self, token_hash: &str, _at: DateTime<Utc>) -> CoreResult<SpendOutcome> {
        let mut state = self.state();
        Ok(match state.refresh_tokens.get_mut(token_hash) {
            None => SpendOutcome::Unknown,
            Some((record, spent)) if *spent => SpendOutcome::Replayed(record.session_id),
            Some((record, spent)) => {
                *spent = true;
                SpendOutcome::Spent(record.clone())
            }
        })
    }
}

#[async_trait::async_trait]
impl ContactStore for MemoryBackend {
    async fn add_contact(&self, owner: UserId, contact: UserId) -> CoreResult<()> {
        self.state().contacts.insert((owner, contact));
        Ok(())
    }

    async fn remove_contact(&self, owner: UserId, contact: UserId) -> CoreResult<bool> {
        Ok(self.state().contacts.remove(&(owner, contact)))
    }

    async fn contacts(&self, owner: UserId, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>> {
        let state = self.state();
        Ok(listed(&state, &state.contacts, owner, after, limit))
    }

    async fn block(&self, owner: UserId, blocked: UserId) -> CoreResult<()> {
        self.state().blocks.insert((owner, blocked));
        Ok(())
    }

    async fn unblock(&self, owner: UserId, blocked: UserId) -> CoreResult<bool> {
        Ok(self.state().blocks.remove(&(owner, blocked)))
    }

    async fn blocked(&self, owner: UserId, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>> {
        let state = self.state();
        Ok(listed(&state, &state.blocks, owner, after, limit))
    }

    async fn blockers_among(&self, user: UserId, owners: &[UserId]) -> CoreResult<Vec<UserId>> {
        let state = self.state();
        Ok(owners.iter().copied().filter(|o| state.blocks.contains(&(*o, user))).collect())
    }

    async fn watchers_among(&self, user: UserId, owners: &[UserId]) -> CoreResult<Vec<UserId>> {
        let state = self.state();
        Ok(owners.iter().copied().filter(|o| state.contacts.contains(&(*o, user))).collect())
    }

    async fn contact_ids(&self, owner: UserId) -> CoreResult<Vec<UserId>> {
        Ok(self.state().contacts.iter().filter(|(o, _)| *o == owner).map(|(_, c)| *c).collect())
    }
}

/// The users `owner` lists in `pairs` (`(owner, listed)`), by username, after `after`.
fn listed(
    state: &super::State,
    pairs: &std::collections::BTreeSet<(UserId, UserId)>,
    owner: UserId,
    after: Option<&str>,
    limit: u64,
) -> Vec<User> {
    let mut found: Vec<User> = pairs
        .range((owner, UserId(uuid::Uuid::nil()))..)
        .take_while(|(o, _)| *o == owner)
        .filter_map(|(_, c)| state.users.get(c).map(|r| r.user.clone()))
        .filter(|u| after.is_none_or(|a| u.username.as_str() > a))
        .collect();
    found.sort_by(|a, b| a.username.cmp(&b.username));
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    found
}
