//! Messages: history, sending, read positions, edit, delete, search.

use super::{ApiJson, ApiPath, ApiQuery, AuthUser};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{
    ConversationId, MessageId,
    message::{DeleteScope, HistoryPage, Message, SendMessage},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(history, send))
        .routes(routes!(mark_read))
        .routes(routes!(edit, delete))
        .routes(routes!(search))
}

/// Which page of history.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Only messages before this seq (scrolling back).
    #[param(minimum = 0)]
    before_seq: Option<i64>,
    /// Only messages after this seq (catching up).
    #[param(minimum = 0)]
    after_seq: Option<i64>,
    /// Page size (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u64>,
}

/// A message to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessageRequest {
    /// Up to 4000 characters, no control characters but tab and line breaks; not only spaces
    /// unless attachments come with it.
    #[schema(
        example = "Hello!",
        max_length = 4000,
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    )]
    content: Option<String>,
    /// Idempotency key: resending with the same key returns the stored message.
    #[schema(example = "b1946ac9-2f4e-4c1b-9c5c-1a0e8c1f0001")]
    client_msg_id: Option<String>,
    /// Uploads to attach.
    #[serde(default)]
    attachment_ids: Vec<String>,
    /// The message this one answers.
    #[schema(value_type = Option<String>, format = Uuid)]
    reply_to_id: Option<Uuid>,
}

/// A read position.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReadRequest {
    /// Everything up to this seq is read.
    #[schema(example = 42, minimum = 0)]
    #[serde(deserialize_with = "super::whole_number")]
    seq: i64,
}

/// A new text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditRequest {
    /// 1–4000 characters, no control characters but tab and line breaks, not only spaces.
    #[schema(
        min_length = 1,
        max_length = 4000,
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    )]
    content: String,
}

/// Who a deletion is for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteQuery {
    /// `me` (default: hide for the caller) or `everyone` (sender or admin).
    #[param(inline)]
    scope: Option<DeleteScope>,
}

/// A message search.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words that must all appear.
    #[param(example = "invoice")]
    q: String,
    /// Only this conversation.
    conversation_id: Option<Uuid>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u64>,
}

/// Search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// Newest first.
    items: Vec<Message>,
}

/// A page of history in ascending seq.
///
/// Without bounds: the newest page. `beforeSeq` pages back, `afterSeq` catches up.
#[utoipa::path(get, path = "/api/conversations/{id}/messages", tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id"), HistoryQuery),
    responses((status = 200, body = HistoryPage), (status = 404, body = ErrorBody)))]
async fn history(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> ApiResult<Json<HistoryPage>> {
    let page = state.chat.messages.history(me.user_id, ConversationId(id), q.before_seq, q.after_seq, q.limit).await?;
    Ok(Json(page))
}

/// Sends a message; members receive it as `receiveMessage`.
///
/// Stored before it is answered. A replayed `clientMsgId` answers 200 with the stored message.
#[utoipa::path(post, path = "/api/conversations/{id}/messages", tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")), request_body = SendMessageRequest,
    responses(
        (status = 201, description = "Stored", body = Message),
        (status = 200, description = "Already stored under this clientMsgId", body = Message),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, description = "Not stored in time (`unavailable`): retry with the same clientMsgId", body = ErrorBody),
    ))]
async fn send(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<SendMessageRequest>,
) -> ApiResult<(StatusCode, Json<Message>)> {
    let request = SendMessage {
        content: req.content,
        client_msg_id: req.client_msg_id,
        attachment_ids: req.attachment_ids,
        reply_to_id: req.reply_to_id.map(MessageId),
    };
    let (message, created) = state.chat.messages.send(me.user_id, ConversationId(id), request).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(message)))
}

/// Marks everything up to `seq` read; members receive `messagesRead`.
#[utoipa::path(post, path = "/api/conversations/{id}/read", tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")), request_body = ReadRequest,
    responses((status = 204, description = "Recorded"), (status = 404, body = ErrorBody)))]
async fn mark_read(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<ReadRequest>,
) -> ApiResult<StatusCode> {
    state.chat.conversations.mark_read(me.user_id, ConversationId(id), req.seq).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Edits one's own message; members receive `messageUpdated`.
#[utoipa::path(patch, path = "/api/messages/{id}", tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Message id")), request_body = EditRequest,
    responses((status = 200, body = Message), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn edit(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<EditRequest>,
) -> ApiResult<Json<Message>> {
    Ok(Json(state.chat.messages.edit(me.user_id, MessageId(id), &req.content).await?))
}

/// Deletes a message for the caller, or for everyone (sender or admin).
#[utoipa::path(delete, path = "/api/messages/{id}", tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Message id"), DeleteQuery),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(q): ApiQuery<DeleteQuery>,
) -> ApiResult<StatusCode> {
    state.chat.messages.delete(me.user_id, MessageId(id), q.scope.unwrap_or_default()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Full-text search over the caller's conversations only.
#[utoipa::path(get, path = "/api/search/messages", tag = "messages", security(("bearer" = [])), params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 422, body = ErrorBody),
        (status = 404, description = "`conversationId` is not one of the caller's conversations", body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    let items = state.chat.messages.search(me.user_id, &q.q, q.conversation_id.map(ConversationId), q.limit).await?;
    Ok(Json(SearchResults { items }))
}
