//! `userTyping` and `setStatus`.

use super::{
    Realtime, answer,
    contract::{StatusPayload, TypingPayload},
};
use chat_core::{ConversationId, CoreResult, auth::Principal};
use serde_json::Value;

pub async fn typing(rt: &Realtime, me: Principal, p: TypingPayload) -> CoreResult<Value> {
    rt.app.chat.presence.typing(me.user_id, ConversationId(p.conversation_id), p.is_typing).await?;
    Ok(Value::Null)
}

pub async fn set_status(rt: &Realtime, me: Principal, p: StatusPayload) -> CoreResult<Value> {
    answer(rt.app.chat.presence.set_status(me.user_id, p.status).await?)
}
