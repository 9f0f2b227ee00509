//! Direct and group conversations, their members, roles and read positions.

mod members;
mod model;
mod receipts;
mod service;
mod store;

pub use model::{
    Conversation, ConversationKind, ConversationPatch, ConversationSummary, Member, NewConversation, Role,
};
pub use service::{ConversationService, CreateConversation};
pub use store::ConversationStore;
