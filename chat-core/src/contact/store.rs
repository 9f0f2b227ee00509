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
    /// Which of `owners` have `user` in their list.
    async fn watchers_among(&self, user: UserId, owners: &[UserId]) -> CoreResult<Vec<UserId>>;
    /// The ids of `owner`'s contacts (the users `owner` lets see their presence).
    async fn contact_ids(&self, owner: UserId) -> CoreResult<Vec<UserId>>;
    /// `owner` blocks `blocked`; blocking twice is not an error.
    async fn block(&self, owner: UserId, blocked: UserId) -> CoreResult<()>;
    /// Lifts a block; returns whether there was one.
    async fn unblock(&self, owner: UserId, blocked: UserId) -> CoreResult<bool>;
    /// The users `owner` blocked, by username, strictly after the `after` username.
    async fn blocked(&self, owner: UserId, after: Option<&str>, limit: u64) -> CoreResult<Vec<User>>;
    /// Which of `owners` blocked `user`.
    async fn blockers_among(&self, user: UserId, owners: &[UserId]) -> CoreResult<Vec<UserId>>;
}
