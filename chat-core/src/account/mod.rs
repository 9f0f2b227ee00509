//! Leaving for good: a user's data exported, and their account deleted.
//!
//! Deleting an account asks for the password (or, for an account without one, a recent sign-in),
//! then, in an order that can be repeated after a failure midway:
//! 1. ends every login, which disconnects the user's sockets;
//! 2. leaves every conversation as a member leaving would (the last member of a group deletes it,
//!    the only owner hands ownership to the next admin or the longest-standing member; the other
//!    member of a direct conversation keeps it), so the others are told;
//! 3. erases the user's messages when the policy says so ([`DeletedAccountMessages`]);
//! 4. deletes the files of their uploads from storage;
//! 5. deletes the account row, and with it every row only it owns ([`AccountStore::delete_account`]).
//!
//! Flash groups are left alone: they cannot be changed, and expire with their data by themselves.

mod service;
mod store;

pub use service::{AccountExport, AccountService, ExportedConversation};
pub use store::AccountStore;

use serde::{Deserialize, Serialize};

/// What becomes of a deleted account's messages in conversations that others are still in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeletedAccountMessages {
    /// They stay, shown as from a deleted user (no profile answers for the sender any more).
    #[default]
    Keep,
    /// Their text and attachments are blanked, as a deletion for everyone does.
    Erase,
}
