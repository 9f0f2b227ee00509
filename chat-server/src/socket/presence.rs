//! `userTyping` and `setStatus`.

use super::{answer, on};
use chat_core::{ConversationId, user::Status};
use serde::Deserialize;
use serde_json::Value;
use socketioxide::extract::SocketRef;
use uuid::Uuid;

pub fn register<A: socketioxide::adapter::Adapter>(socket: &SocketRef<A>) {
    on(socket, "userTyping", |rt, me, p: TypingPayload| async move {
        rt.app.chat.presence.typing(me.user_id, ConversationId(p.conversation_id), p.is_typing).await?;
        Ok(Value::Null)
    });
    on(socket, "setStatus", |rt, me, p: StatusPayload| async move {
        let presence = rt.app.chat.presence.set_status(me.user_id, p.status).await?;
        answer(presence)
    });
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TypingPayload {
    conversation_id: Uuid,
    is_typing: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StatusPayload {
    status: Status,
}
