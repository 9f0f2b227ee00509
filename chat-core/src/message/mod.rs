//! Ordered, idempotent messages: send, history, edit, delete, search, reactions.

mod model;
mod reaction;
mod service;
mod store;
mod writer;

pub use model::{
    Attachment, ClientMsgId, DeleteScope, HistoryPage, Message, MessageBody, MessageKind, NewMessage, PageQuery,
};
pub use reaction::{
    Emoji, Reaction, ReactionChange, ReactionCount, ReactionKey, ReactionSet, ReactionStore, blocked_reactor,
    check_reactor, too_many_kinds, unknown_reaction,
};
pub use service::{MessageService, SendMessage};
pub use store::MessageStore;
