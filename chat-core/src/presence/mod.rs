//! Who is online, away or busy, and who is typing where.
//!
//! A user is online while at least one of their connections is open; the last one closing makes
//! them offline and records `lastSeen`. Status changes reach everyone who shares a conversation
//! with the user or lists them as a contact ([`DomainEvent::PresenceChanged`]).
//!
//! [`DomainEvent::PresenceChanged`]: crate::DomainEvent::PresenceChanged

mod service;
mod store;
mod typing;

pub use service::{Presence, PresenceService};
pub use store::{ConnectionChange, PresenceStore};
pub use typing::TYPING_EXPIRY;
