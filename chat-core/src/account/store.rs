use crate::{CoreResult, MessageId, UserId, message::Message, upload::StoredUpload};

/// What leaving for good needs of storage, beyond the other stores: a user's own messages and
/// uploads, found by their author, and the account removed with everything only it owns.
#[async_trait::async_trait]
pub trait AccountStore: Send + Sync {
    /// Messages `sender` sent (flash groups aside), in the order sent, strictly after `after`.
    async fn messages_sent_by(&self, sender: UserId, after: Option<MessageId>, limit: u64) -> CoreResult<Vec<Message>>;
    /// Every upload of `owner`.
    async fn uploads_of(&self, owner: UserId) -> CoreResult<Vec<StoredUpload>>;
    /// Blanks every message `sender` sent, as a deletion for everyone does; says how many.
    async fn erase_messages_of(&self, sender: UserId) -> CoreResult<u64>;
    /// Deletes the account with everything only it owns, in one step: its logins and refresh
    /// tokens, reset and verification links, contacts and blocks (both ways), memberships, upload
    /// records, the messages it hid for itself. Messages it sent stay. Returns the upload records
    /// deleted (their files are the caller's to delete), `None` when there was no such account.
    async fn delete_account(&self, id: UserId) -> CoreResult<Option<Vec<StoredUpload>>>;
}
