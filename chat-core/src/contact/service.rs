use super::ContactStore;
use crate::{
    CoreError, CoreResult, Limits, UserId,
    conversation::ConversationService,
    user::{UserPage, UserService, page_cursor},
};
use std::sync::Arc;

/// Manages contact lists and blocks.
#[derive(Clone)]
pub struct ContactService {
    store: Arc<dyn ContactStore>,
    users: UserService,
    conversations: ConversationService,
    limits: Limits,
}

impl std::fmt::Debug for ContactService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContactService").finish_non_exhaustive()
    }
}

impl ContactService {
    /// Builds the service.
    pub fn new(
        store: Arc<dyn ContactStore>,
        users: UserService,
        conversations: ConversationService,
        limits: Limits,
    ) -> Self {
        Self { store, users, conversations, limits }
    }

    /// Adds a user to the caller's contacts.
    pub async fn add(&self, me: UserId, contact: UserId) -> CoreResult<()> {
        if me == contact {
            return Err(CoreError::invalid("userId", "you cannot add yourself as a contact"));
        }
        self.users.require_exists(contact).await?;
        self.store.add_contact(me, contact).await
    }

    /// Removes a user from the caller's contacts.
    pub async fn remove(&self, me: UserId, contact: UserId) -> CoreResult<()> {
        if self.store.remove_contact(me, contact).await? { Ok(()) } else { Err(CoreError::NotFound("contact")) }
    }

    /// Blocks a user: they can no longer put the caller in a conversation or send in the direct
    /// conversation they share, and they leave the caller's contacts (so they stop seeing the
    /// caller's presence through it).
    pub async fn block(&self, me: UserId, user: UserId) -> CoreResult<()> {
        if me == user {
            return Err(CoreError::invalid("userId", "you cannot block yourself"));
        }
        self.users.require_exists(user).await?;
        self.store.block(me, user).await?;
        self.store.remove_contact(me, user).await?;
        self.conversations.apply_block(me, user, true).await
    }

    /// Lifts a block.
    pub async fn unblock(&self, me: UserId, user: UserId) -> CoreResult<()> {
        if !self.store.unblock(me, user).await? {
            return Err(CoreError::NotFound("block"));
        }
        self.conversations.apply_block(me, user, false).await
    }

    /// The users the caller blocked, a page at a time.
    pub async fn blocked(&self, me: UserId, cursor: Option<&str>, limit: Option<u64>) -> CoreResult<UserPage> {
        let limit = self.limits.page(limit)?;
        let mut items = self.store.blocked(me, cursor, limit + 1).await?;
        let next_cursor = page_cursor(&mut items, limit, |u| u.username.clone());
        let items = self.users.as_seen_by(me, items).await?;
        Ok(UserPage { items, next_cursor })
    }

    /// The caller's contacts with their presence, a page at a time.
    pub async fn list(&self, me: UserId, cursor: Option<&str>, limit: Option<u64>) -> CoreResult<UserPage> {
        let limit = self.limits.page(limit)?;
        let mut items = self.store.contacts(me, cursor, limit + 1).await?;
        let next_cursor = page_cursor(&mut items, limit, |u| u.username.clone());
        let items = self.users.as_seen_by(me, items).await?;
        Ok(UserPage { items, next_cursor })
    }
}
