//! Embedding chat-core without the server: an in-memory chat with two users, a conversation and a
//! message, and the domain events a transport would forward.
//!
//! `cargo run -p chat-core --example embed`

use chat_core::{
    Chat, DomainEvent, EventSink, Limits, Stores,
    auth::{AuthConfig, Registration},
    backend::memory::MemoryBackend,
    conversation::{ConversationKind, CreateConversation},
    message::SendMessage,
};
use std::sync::Arc;

/// Prints every event; a real transport would push them to clients.
struct PrintEvents;

impl EventSink for PrintEvents {
    fn publish(&self, event: DomainEvent) {
        if let DomainEvent::MessageCreated(m) = &event {
            println!("event: message #{} in {}: {}", m.seq, m.conversation_id, m.content);
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), chat_core::CoreError> {
    let stores = Stores::from_backend(Arc::new(MemoryBackend::new()));
    let chat = Chat::new(
        stores,
        AuthConfig::new("an-example-secret-of-at-least-32-bytes"),
        Limits::default(),
        Arc::new(PrintEvents),
    );
    let register = |name: &str| Registration {
        username: name.into(),
        password: "correct horse battery".into(),
        email: None,
        display_name: None,
    };
    let ada = chat.auth.register(register("ada")).await?;
    let bob = chat.auth.register(register("bob")).await?;
    let principal = chat.auth.authenticate(&ada.access_token).await?;
    let request = CreateConversation {
        kind: ConversationKind::Direct,
        member_ids: vec![bob.user.id],
        name: None,
        description: None,
    };
    let (conversation, _) = chat.conversations.create(principal.user_id, request).await?;
    let hello =
        SendMessage { content: Some("Hello, Bob!".into()), client_msg_id: Some("1".into()), ..SendMessage::default() };
    let (message, _) = chat.messages.send(principal.user_id, conversation.id, hello).await?;
    let unread = chat.conversations.list(bob.user.id).await?[0].unread_count;
    println!("stored #{}; bob has {unread} unread", message.seq);
    Ok(())
}
