//! A chat over one test backend, with helpers to make users and conversations.

use chat_core::{
    Chat, ConversationId, DomainEvent, EventSink, Limits, Stores, UserId,
    auth::{AuthConfig, AuthTokens, Registration},
    conversation::{ConversationKind, CreateConversation},
    message::{Message, SendMessage},
};
use std::sync::{Arc, Mutex};

pub const SECRET: &str = "conformance-test-secret-that-is-long-enough";

/// Records every published event.
#[derive(Default)]
pub struct Recorder(Mutex<Vec<DomainEvent>>);

impl EventSink for Recorder {
    fn publish(&self, event: DomainEvent) {
        self.0.lock().unwrap().push(event);
    }
}

impl Recorder {
    pub fn take(&self) -> Vec<DomainEvent> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

pub struct World {
    pub chat: Chat,
    pub events: Arc<Recorder>,
    pub stores: Stores,
}

impl World {
    pub fn new(stores: Stores) -> Self {
        // Flash groups may live one second, so expiry is tested in real time; three different
        // reactions per message, so that the limit is reached in a few steps.
        Self::with_limits(stores, Limits { flash_ttl_min_secs: 1, reactions_per_message: 3, ..Limits::default() })
    }

    pub fn with_limits(stores: Stores, limits: Limits) -> Self {
        let events = Arc::new(Recorder::default());
        let chat = Chat::new(stores.clone(), AuthConfig::new(SECRET), limits, events.clone());
        Self { chat, events, stores }
    }

    pub async fn register(&self, username: &str) -> AuthTokens {
        self.chat
            .auth
            .register(Registration {
                username: username.into(),
                password: "password123".into(),
                email: Some(format!("{username}@example.org")),
                display_name: None,
            })
            .await
            .expect("register")
    }

    pub async fn user(&self, username: &str) -> UserId {
        self.register(username).await.user.id
    }

    pub async fn group(&self, owner: UserId, members: &[UserId]) -> ConversationId {
        let request = CreateConversation {
            kind: ConversationKind::Group,
            member_ids: members.to_vec(),
            name: Some("group".into()),
            description: None,
        };
        self.chat.conversations.create(owner, request).await.expect("create group").0.id
    }

    pub async fn direct(&self, a: UserId, b: UserId) -> ConversationId {
        let request =
            CreateConversation { kind: ConversationKind::Direct, member_ids: vec![b], name: None, description: None };
        self.chat.conversations.create(a, request).await.expect("create direct").0.id
    }

    pub async fn send(&self, from: UserId, to: ConversationId, text: &str) -> Message {
        let request = SendMessage { content: Some(text.into()), ..SendMessage::default() };
        self.chat.messages.send(from, to, request).await.expect("send").0
    }
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chat_core::time::now()
}
