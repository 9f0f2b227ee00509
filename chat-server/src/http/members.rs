//! `/api/conversations/{id}/members`: members and roles.

use super::{ApiJson, ApiPath, AuthUser};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{
    ConversationId, CoreError, UserId,
    conversation::{Member, Role},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add)).routes(routes!(set_role, remove))
}

/// A member to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddMember {
    /// The user.
    #[schema(value_type = String, format = Uuid)]
    user_id: Uuid,
    /// Role (default `member`; only owners grant `owner`).
    role: Option<Role>,
}

/// A role change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetRole {
    /// The new role.
    role: Role,
}

/// Members of a conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    /// Members and roles.
    items: Vec<Member>,
}

fn member_of(members: &[Member], user: UserId) -> Result<Member, CoreError> {
    members.iter().find(|m| m.user_id == user).cloned().ok_or(CoreError::NotFound("member"))
}

/// Members and their roles.
#[utoipa::path(get, path = "/api/conversations/{id}/members", tag = "members", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses((status = 200, body = MemberList), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<MemberList>> {
    Ok(Json(MemberList { items: state.chat.conversations.members(me.user_id, ConversationId(id)).await? }))
}

/// Adds a member to a group (admins).
#[utoipa::path(post, path = "/api/conversations/{id}/members", tag = "members", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")), request_body = AddMember,
    responses((status = 201, body = Member), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn add(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<AddMember>,
) -> ApiResult<(StatusCode, Json<Member>)> {
    let user = UserId(req.user_id);
    let conversation = state.chat.conversations.add_member(me.user_id, ConversationId(id), user, req.role).await?;
    Ok((StatusCode::CREATED, Json(member_of(&conversation.members, user)?)))
}

/// Changes a member's role (admins; ownership only by owners; at least one owner stays).
#[utoipa::path(patch, path = "/api/conversations/{id}/members/{userId}", tag = "members", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id"), ("userId" = Uuid, Path, description = "Member")),
    request_body = SetRole,
    responses((status = 200, body = Member), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn set_role(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath((id, user_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(req): ApiJson<SetRole>,
) -> ApiResult<Json<Member>> {
    let user = UserId(user_id);
    let conversation = state.chat.conversations.set_role(me.user_id, ConversationId(id), user, req.role).await?;
    Ok(Json(member_of(&conversation.members, user)?))
}

/// Removes a member (admins), or leaves when `userId` is the caller.
///
/// The last owner must hand over ownership before leaving.
#[utoipa::path(delete, path = "/api/conversations/{id}/members/{userId}", tag = "members", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id"), ("userId" = Uuid, Path, description = "Member")),
    responses((status = 204, description = "Removed"), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath((id, user_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    state.chat.conversations.remove_member(me.user_id, ConversationId(id), UserId(user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
