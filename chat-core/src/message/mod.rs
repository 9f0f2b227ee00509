//! Ordered, idempotent messages: send, history, edit, delete, search.

mod model;
mod service;
mod store;
mod writer;

pub use model::{
    Attachment, ClientMsgId, DeleteScope, HistoryPage, Message, MessageBody, MessageKind, NewMessage, PageQuery,
};
pub use service::{MessageService, SendMessage};
pub use store::MessageStore;
