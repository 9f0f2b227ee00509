//! `sendMessage`, `syncConversation`, `markAsRead`, `markAsDelivered`, `addReaction`, `removeReaction`.

use super::{
    Realtime, answer,
    contract::{
        PositionAnswer, PositionPayload, ReactionPayload, ReactionsAnswer, SendMessagePayload, SentAnswer, SyncAnswer,
        SyncPayload,
    },
};
use chat_core::{ConversationId, CoreResult, MessageId, auth::Principal, message::SendMessage};
use serde_json::Value;

pub async fn send(rt: &Realtime, me: Principal, p: SendMessagePayload) -> CoreResult<Value> {
    let request = SendMessage {
        content: p.content,
        client_msg_id: p.client_msg_id,
        attachment_ids: p.attachment_ids,
        reply_to_id: p.reply_to_id.map(MessageId),
    };
    let (message, _) = rt.app.chat.messages.send(me.user_id, ConversationId(p.conversation_id), request).await?;
    answer(SentAnswer { message })
}

pub async fn sync(rt: &Realtime, me: Principal, p: SyncPayload) -> CoreResult<Value> {
    let conversation = ConversationId(p.conversation_id);
    let page = rt.app.chat.messages.history(me.user_id, conversation, None, Some(p.after_seq), p.limit).await?;
    answer(SyncAnswer { messages: page.items, has_more: page.has_more })
}

pub async fn mark_read(rt: &Realtime, me: Principal, p: PositionPayload) -> CoreResult<Value> {
    let seq = rt.app.chat.conversations.mark_read(me.user_id, ConversationId(p.conversation_id), p.seq).await?;
    answer(PositionAnswer { seq })
}

pub async fn mark_delivered(rt: &Realtime, me: Principal, p: PositionPayload) -> CoreResult<Value> {
    let seq = rt.app.chat.conversations.mark_delivered(me.user_id, ConversationId(p.conversation_id), p.seq).await?;
    answer(PositionAnswer { seq })
}

/// `addReaction` (`on`) and `removeReaction`.
pub async fn react(rt: &Realtime, me: Principal, p: ReactionPayload, on: bool) -> CoreResult<Value> {
    let (conversation, message) = (ConversationId(p.conversation_id), MessageId(p.message_id));
    let reactions = rt.app.chat.messages.react(me.user_id, conversation, message, &p.emoji, on).await?;
    answer(ReactionsAnswer { message_id: p.message_id, reactions })
}
