//! Direct and group conversations, their members, roles and read positions.

mod members;
mod model;
mod paging;
mod receipts;
mod service;
mod store;

pub use model::{
    Conversation, ConversationKind, ConversationPatch, ConversationSummary, Member, NewConversation, Role,
};
pub use paging::{ListCursor, sort as sort_summaries};
pub use service::{ConversationPage, ConversationService, CreateConversation};
pub use store::ConversationStore;
