use super::ContactStore;
use crate::{
    CoreError, CoreResult, Limits, UserId,
    user::{UserPage, UserService, page_cursor},
};
use std::sync::Arc;

/// Manages contact lists.
#[derive(Clone)]
pub struct ContactService {
    store: Arc<dyn ContactStore>,
    users: UserService,
    limits: Limits,
}

impl std::fmt::Debug for ContactService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContactService").finish_non_exhaustive()
    }
}

impl ContactService {
    /// Builds the service.
    pub fn new(store: Arc<dyn ContactStore>, users: UserService, limits: Limits) -> Self {
        Self { store, users, limits }
    }

    /// Adds a user to the caller's contacts.
    pub async fn add(&self, me: UserId, contact: UserId) -> CoreResult<()> {
        if me == contact {
            return Err(CoreError::bad_request("you cannot add yourself as a contact"));
        }
        self.users.get(me, contact).await?;
        self.store.add_contact(me, contact).await
    }

    /// Removes a user from the caller's contacts.
    pub async fn remove(&self, me: UserId, contact: UserId) -> CoreResult<()> {
        if self.store.remove_contact(me, contact).await? { Ok(()) } else { Err(CoreError::NotFound("contact")) }
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
