//! `userTyping` and `setStatus`.

use super::{Realtime, answer};
use chat_core::{ConversationId, CoreResult, auth::Principal, user::Status};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

pub async fn typing(rt: &Realtime, me: Principal, p: TypingPayload) -> CoreResult<Value> {
    rt.app.chat.presence.typing(me.user_id, ConversationId(p.conversation_id), p.is_typing).await?;
    Ok(Value::Null)
}

pub async fn set_status(rt: &Realtime, me: Principal, p: StatusPayload) -> CoreResult<Value> {
    answer(rt.app.chat.presence.set_status(me.user_id, p.status).await?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TypingPayload {
    conversation_id: Uuid,
    is_typing: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusPayload {
    status: Status,
}
