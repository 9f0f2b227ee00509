//! `/api/conversations/{id}/messages/{messageId}/reactions/{emoji}`: a member's emoji reactions.
//! `PUT` adds, `DELETE` takes back; both are idempotent and answer the message's reactions.

use super::{ApiPath, AuthUser};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State};
use chat_core::{ConversationId, MessageId, message::Reaction};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(react, take_back))
}

/// A message's reactions, as the caller sees them.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reactions {
    /// The message.
    #[schema(value_type = String, format = Uuid)]
    pub message_id: Uuid,
    /// Each emoji, in order of first use, with its count and whether the caller is among them.
    pub reactions: Vec<Reaction>,
}

/// Adds the caller's reaction; members receive `reactionsUpdated` unless they had it already.
///
/// One per member per emoji. `emoji` is a single emoji (percent-encoded in the path), or one of
/// `CHAT_REACTION_EMOJIS` when that is set; a message has at most `CHAT_REACTIONS_PER_MESSAGE`
/// different ones.
#[utoipa::path(put, path = "/api/conversations/{id}/messages/{messageId}/reactions/{emoji}", tag = "messages",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id"), ("messageId" = Uuid, Path, description = "Message id"),
        ("emoji" = String, Path, description = "A single emoji", example = "👍", max_length = 64)),
    responses((status = 200, body = Reactions),
        (status = 403, description = "The other member of this direct conversation blocked the caller", body = ErrorBody),
        (status = 409, description = "The message was deleted, or has the most different reactions already", body = ErrorBody),
        (status = 422, description = "`emoji` is not a single emoji, or not an allowed one", body = ErrorBody)))]
async fn react(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath((id, message, emoji)): ApiPath<(Uuid, Uuid, String)>,
) -> ApiResult<Json<Reactions>> {
    set(&state, me.user_id, (id, message, &emoji), true).await
}

/// Takes the caller's reaction back; members receive `reactionsUpdated` if they had it.
#[utoipa::path(delete, path = "/api/conversations/{id}/messages/{messageId}/reactions/{emoji}", tag = "messages",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id"), ("messageId" = Uuid, Path, description = "Message id"),
        ("emoji" = String, Path, description = "A single emoji", example = "👍", max_length = 64)),
    responses((status = 200, body = Reactions),
        (status = 409, description = "The message was deleted", body = ErrorBody),
        (status = 422, description = "`emoji` is not a single emoji, or not an allowed one", body = ErrorBody)))]
async fn take_back(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath((id, message, emoji)): ApiPath<(Uuid, Uuid, String)>,
) -> ApiResult<Json<Reactions>> {
    set(&state, me.user_id, (id, message, &emoji), false).await
}

async fn set(
    state: &AppState,
    me: chat_core::UserId,
    (id, message, emoji): (Uuid, Uuid, &str),
    on: bool,
) -> ApiResult<Json<Reactions>> {
    let reactions = state.chat.messages.react(me, ConversationId(id), MessageId(message), emoji, on).await?;
    Ok(Json(Reactions { message_id: message, reactions }))
}
