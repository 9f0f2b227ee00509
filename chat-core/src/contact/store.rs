use crate::{CoreResult, UserId, user::User};

/// Storage of contact lists.
#[async_trait::async_trait]
pub trait ContactStore: Send + Sync {
    /// Adds `contact` to `owner`'s list; adding twice is not an error.
    async fn add_contact(&self, owner: UserId, contact: UserId) -> CoreResult<()>;
    /// Removes `contact` from `owner`'s list; returns whether it was there.
    async fn remove_contact(&self, owner: UserId, contact: UserId) -> CoreResult<bool>;
    /// `owner`'s contacts ordered by username, strictly after the `after` username.
    async fn contacts(&self, owner: UserId, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>>;
    /// Users who have `user` in their list.
    async fn watchers(&self, user: UserId) -> CoreResult<Vec<UserId>>;
    /// The ids of `owner`'s contacts (the users `owner` lets see their presence).
    async fn contact_ids(&self, owner: UserId) -> CoreResult<Vec<UserId>>;
}
