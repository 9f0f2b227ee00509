//! Flash groups: group conversations that expire by themselves.
//!
//! A flash group is a [`Conversation`](crate::conversation::Conversation) of kind `flash` with an
//! `expiresAt`. Its members, messages (same `seq`, idempotency and receipt rules as any
//! conversation) and read positions live in a [`FlashGroupStore`] whose data all dies at the same
//! instant; no cleanup job deletes anything. [`routing::RoutedStore`] lets the conversation and
//! message services serve flash groups through the same calls as regular conversations.

mod routing;
mod service;
mod store;

pub use routing::RoutedStore;
pub use service::{CreateFlashGroup, FlashGroupService};
pub use store::{ExpiredGroup, FlashGroupStore};
