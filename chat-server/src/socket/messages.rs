//! `sendMessage`, `syncConversation`, `markAsRead`, `markAsDelivered`, `addReaction`, `removeReaction`.

use super::{Realtime, answer};
use chat_core::{ConversationId, CoreResult, MessageId, auth::Principal, message::SendMessage};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

pub async fn send(rt: &Realtime, me: Principal, p: SendPayload) -> CoreResult<Value> {
    let request = SendMessage {
        content: p.content,
        client_msg_id: p.client_msg_id,
        attachment_ids: p.attachment_ids,
        reply_to_id: p.reply_to_id.map(MessageId),
    };
    let (message, _) = rt.app.chat.messages.send(me.user_id, ConversationId(p.conversation_id), request).await?;
    answer(Sent { message })
}

pub async fn sync(rt: &Realtime, me: Principal, p: SyncPayload) -> CoreResult<Value> {
    let conversation = ConversationId(p.conversation_id);
    let page = rt.app.chat.messages.history(me.user_id, conversation, None, Some(p.after_seq), p.limit).await?;
    answer(Synced { messages: page.items, has_more: page.has_more })
}

pub async fn mark_read(rt: &Realtime, me: Principal, p: SeqPayload) -> CoreResult<Value> {
    let seq = rt.app.chat.conversations.mark_read(me.user_id, ConversationId(p.conversation_id), p.seq).await?;
    answer(Position { seq })
}

pub async fn mark_delivered(rt: &Realtime, me: Principal, p: SeqPayload) -> CoreResult<Value> {
    let seq = rt.app.chat.conversations.mark_delivered(me.user_id, ConversationId(p.conversation_id), p.seq).await?;
    answer(Position { seq })
}

/// `addReaction` (`on`) and `removeReaction`.
pub async fn react(rt: &Realtime, me: Principal, p: ReactionPayload, on: bool) -> CoreResult<Value> {
    let (conversation, message) = (ConversationId(p.conversation_id), MessageId(p.message_id));
    let reactions = rt.app.chat.messages.react(me.user_id, conversation, message, &p.emoji, on).await?;
    answer(Reactions { message_id: p.message_id, reactions })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReactionPayload {
    conversation_id: Uuid,
    message_id: Uuid,
    emoji: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Reactions {
    message_id: Uuid,
    reactions: Vec<chat_core::message::Reaction>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendPayload {
    conversation_id: Uuid,
    content: Option<String>,
    client_msg_id: Option<String>,
    #[serde(default)]
    attachment_ids: Vec<String>,
    reply_to_id: Option<Uuid>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncPayload {
    conversation_id: Uuid,
    after_seq: i64,
    limit: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeqPayload {
    conversation_id: Uuid,
    seq: i64,
}

#[derive(Serialize)]
struct Sent {
    message: chat_core::message::Message,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Synced {
    messages: Vec<chat_core::message::Message>,
    has_more: bool,
}

#[derive(Serialize)]
struct Position {
    seq: i64,
}
