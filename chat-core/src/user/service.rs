use super::{ProfilePatch, User, UserStore, Visibility};
use crate::{
    CoreError, CoreResult, Limits, UserId, contact::ContactStore, conversation::ConversationStore,
    presence::PresenceStore,
};
use std::{collections::HashSet, sync::Arc};

/// Shortest directory query: the directory is searched, never listed.
const QUERY_MIN_CHARS: usize = 2;

/// Reads and edits profiles.
#[derive(Clone)]
pub struct UserService {
    store: Arc<dyn UserStore>,
    presence: Arc<dyn PresenceStore>,
    contacts: Arc<dyn ContactStore>,
    conversations: Arc<dyn ConversationStore>,
    limits: Limits,
}

impl std::fmt::Debug for UserService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserService").finish_non_exhaustive()
    }
}

/// One page of users with the cursor of the next page.
#[derive(Clone, Debug)]
pub struct UserPage {
    /// The users of this page.
    pub items: Vec<User>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

impl UserService {
    /// Builds the service over its stores.
    pub fn new(
        store: Arc<dyn UserStore>,
        presence: Arc<dyn PresenceStore>,
        contacts: Arc<dyn ContactStore>,
        conversations: Arc<dyn ConversationStore>,
        limits: Limits,
    ) -> Self {
        Self { store, presence, contacts, conversations, limits }
    }

    /// `users` as `viewer` may see them: their own profile whole; others without email, and with
    /// `status` and `lastSeen` only when they let `viewer` see them. A user lets see their status
    /// the members of a conversation they share and the users they added as contacts (not someone
    /// who merely added them); `lastSeen` further follows their `lastSeenVisibility`.
    pub async fn as_seen_by(&self, viewer: UserId, mut users: Vec<User>) -> CoreResult<Vec<User>> {
        // Only the relations to the users listed: never the viewer's whole contact list or peers.
        let others: Vec<UserId> = users.iter().map(|u| u.id).filter(|id| *id != viewer).collect();
        let added_viewer: HashSet<UserId> = self.contacts.watchers_among(viewer, &others).await?.into_iter().collect();
        let peers: HashSet<UserId> = self.conversations.peers_among(viewer, &others).await?.into_iter().collect();
        let ids: Vec<UserId> = users.iter().map(|u| u.id).collect();
        for (user, status) in users.iter_mut().zip(self.presence.statuses(&ids).await?) {
            if user.id == viewer {
                user.status = Some(status);
                // Whether the address is verified means something only where verification is on.
                if !self.limits.email_verification {
                    user.email_verified = None;
                }
                continue;
            }
            let contact = added_viewer.contains(&user.id);
            let (sees_status, sees_last_seen) = match user.last_seen_visibility.unwrap_or_default() {
                _ if !contact && !peers.contains(&user.id) => (false, false),
                Visibility::Everyone => (true, true),
                Visibility::Contacts => (true, contact),
                Visibility::Nobody => (true, false),
            };
            user.status = sees_status.then_some(status);
            if !sees_last_seen {
                user.last_seen = None;
            }
            user.hide_private();
        }
        Ok(users)
    }

    async fn one_as_seen_by(&self, viewer: UserId, user: User) -> CoreResult<User> {
        Ok(self.as_seen_by(viewer, vec![user]).await?.pop().unwrap_or_else(|| unreachable!("one user in, one out")))
    }

    /// Fails with `not_found` unless the user exists (cheaper than [`UserService::get`], which
    /// also works out what the caller may see of them).
    pub async fn require_exists(&self, id: UserId) -> CoreResult<()> {
        self.store.user_by_id(id).await?.map(drop).ok_or(CoreError::NotFound("user"))
    }

    /// The caller's own profile, email included.
    pub async fn me(&self, me: UserId) -> CoreResult<User> {
        let user =
            self.store.user_by_id(me).await?.ok_or(CoreError::Unauthorized("account no longer exists".into()))?;
        self.one_as_seen_by(me, user).await
    }

    /// Someone's profile, as the viewer may see it.
    pub async fn get(&self, viewer: UserId, id: UserId) -> CoreResult<User> {
        let user = self.store.user_by_id(id).await?.ok_or(CoreError::NotFound("user"))?;
        self.one_as_seen_by(viewer, user).await
    }

    /// Edits the caller's profile.
    pub async fn update_me(&self, me: UserId, patch: ProfilePatch) -> CoreResult<User> {
        let display_name =
            patch.display_name.as_deref().map(|n| self.limits.parse_name("displayName", n)).transpose()?;
        if let Some(Some(url)) = &patch.avatar_url {
            check_url("avatarUrl", url, &self.limits)?;
        }
        if let Some(Some(bio)) = &patch.bio {
            self.limits.check_text("bio", bio, self.limits.text_max_chars)?;
        }
        let patch = ProfilePatch { display_name, ..patch };
        let user = self.store.update_profile(me, patch).await?;
        self.one_as_seen_by(me, user).await
    }

    /// Users whose username or display name starts with `query` (at least two characters: the
    /// directory is searched, never listed), by username, as `viewer` may see them.
    pub async fn search(
        &self,
        viewer: UserId,
        query: &str,
        cursor: Option<&str>,
        limit: Option<u64>,
    ) -> CoreResult<UserPage> {
        let query = query.trim().to_lowercase();
        self.limits.check_text("q", &query, self.limits.name_max_chars)?;
        if query.chars().count() < QUERY_MIN_CHARS {
            return Err(CoreError::invalid("q", format!("q needs at least {QUERY_MIN_CHARS} characters")));
        }
        let limit = self.limits.page(limit)?;
        let mut items = self.store.search_users(&query, cursor, limit + 1).await?;
        let next_cursor = page_cursor(&mut items, limit, |u| u.username.clone());
        let items = self.as_seen_by(viewer, items).await?;
        Ok(UserPage { items, next_cursor })
    }
}

/// Truncates a `limit + 1` fetch to `limit` and returns the cursor of the next page, if any.
pub(crate) fn page_cursor<T>(items: &mut Vec<T>, limit: u64, key: impl Fn(&T) -> String) -> Option<String> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if items.len() > limit {
        items.truncate(limit);
        items.last().map(key)
    } else {
        None
    }
}

/// Accepts only absolute http(s) URLs and paths on this server, of a reasonable length (no
/// `javascript:` avatars, no protocol-relative `//elsewhere/…`, which browsers also read in `/\`).
pub(crate) fn check_url(field: &'static str, url: &str, limits: &Limits) -> CoreResult<()> {
    limits.check_text(field, url, 2048)?;
    let lower = url.to_ascii_lowercase();
    let local_path = lower.starts_with('/') && !lower.starts_with("//") && !lower.starts_with("/\\");
    if !(lower.starts_with("https://") || lower.starts_with("http://") || local_path) {
        return Err(CoreError::invalid(field, format!("{field} must be an http(s) URL")));
    }
    Ok(())
}
