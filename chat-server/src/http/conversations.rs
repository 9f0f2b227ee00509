//! `/api/conversations`: create, list, read, edit, delete.

use super::{ApiJson, ApiPath, ApiQuery, AuthUser, CursorQuery, Page, nullable};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{
    ConversationId, UserId,
    conversation::{Conversation, ConversationKind, ConversationPatch, ConversationSummary, CreateConversation},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create, list)).routes(routes!(get_one, update, delete))
}

/// A conversation to start.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateConversationRequest {
    /// `direct` (exactly one other member) or `group`.
    #[schema(value_type = StartableKind)]
    kind: ConversationKind,
    /// The other members (the caller is added as owner of a group).
    member_ids: Vec<Uuid>,
    /// Group name (required for groups).
    #[schema(example = "Design team")]
    name: Option<String>,
    /// Group description: up to 1000 characters, no control characters but tab and line breaks.
    #[schema(max_length = 1000, pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$")]
    description: Option<String>,
}

/// The kinds of conversation started here (flash groups: `POST /api/flash-groups`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // Documents the accepted values of `kind`.
pub enum StartableKind {
    /// Two people.
    Direct,
    /// A named group with roles.
    Group,
}

/// Changes to a group; absent fields stay, `null` clears.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateConversation {
    /// New name.
    name: Option<String>,
    /// New description, or null: up to 1000 characters, no control characters but tab and line
    /// breaks.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 1000, pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$")]
    description: Option<Option<String>>,
    /// New picture URL (http, https, or a path on this server), or null.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 2048, pattern = "^(https?://|/[^/\\\\])[^\\u0000-\\u001f\\u007f]*$")]
    avatar_url: Option<Option<String>>,
}

/// Starts a direct or group conversation.
///
/// A direct conversation is unique per pair: asking again answers 200 with the existing one.
#[utoipa::path(post, path = "/api/conversations", tag = "conversations", security(("bearer" = [])),
    request_body = CreateConversationRequest,
    responses(
        (status = 201, description = "Created", body = Conversation),
        (status = 200, description = "The direct conversation already existed", body = Conversation),
        (status = 422, body = ErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(req): ApiJson<CreateConversationRequest>,
) -> ApiResult<(StatusCode, Json<Conversation>)> {
    let request = CreateConversation {
        kind: req.kind,
        member_ids: req.member_ids.into_iter().map(UserId).collect(),
        name: req.name,
        description: req.description,
    };
    let (conversation, created) = state.chat.conversations.create(me.user_id, request).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(conversation)))
}

/// A page of the caller's conversations, most recently active first (flash groups included), with
/// the last message, unread count and read position.
#[utoipa::path(get, path = "/api/conversations", tag = "conversations", security(("bearer" = [])), params(CursorQuery),
    responses((status = 200, body = Page<ConversationSummary>), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(q): ApiQuery<CursorQuery>,
) -> ApiResult<Json<Page<ConversationSummary>>> {
    let page = state.chat.conversations.list_page(me.user_id, q.cursor.as_deref(), q.limit).await?;
    Ok(Json(Page { items: page.items, next_cursor: page.next_cursor }))
}

/// One conversation the caller belongs to (404 otherwise).
#[utoipa::path(get, path = "/api/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(state.chat.conversations.get(me.user_id, ConversationId(id)).await?))
}

/// Renames or re-describes a group (admins).
#[utoipa::path(patch, path = "/api/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")), request_body = UpdateConversation,
    responses((status = 200, body = Conversation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "A flash group, which cannot be changed", body = ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<UpdateConversation>,
) -> ApiResult<Json<Conversation>> {
    let patch = ConversationPatch { name: req.name, description: req.description, avatar_url: req.avatar_url };
    Ok(Json(state.chat.conversations.update(me.user_id, ConversationId(id), patch).await?))
}

/// Deletes a conversation with its history: a group by an owner, a direct one by either member.
#[utoipa::path(delete, path = "/api/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "A flash group, which cannot be changed", body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.chat.conversations.delete(me.user_id, ConversationId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
