//! `/api/flash-groups`: groups that expire by themselves. Their messages use the conversation
//! routes and socket events like any conversation.

use super::{ApiJson, ApiPath, AuthUser};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{ConversationId, UserId, conversation::Conversation, flash_group::CreateFlashGroup};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create, list)).routes(routes!(get_one))
}

/// A flash group to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateFlashGroupRequest {
    /// Name shown to members.
    #[schema(example = "Lunch in 10")]
    name: String,
    /// The other members (the caller is the owner).
    member_ids: Vec<Uuid>,
    /// Lifetime in seconds (60 to 604800 by default: `CHAT_FLASH_TTL_MIN_SECS`, `_MAX_SECS`).
    #[schema(example = 3600, minimum = 60, maximum = 604800)]
    #[serde(deserialize_with = "super::whole_number")]
    ttl_seconds: u64,
}

/// The caller's live flash groups.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlashGroupList {
    /// Soonest to expire first.
    items: Vec<Conversation>,
}

/// Creates a flash group; everything in it is gone when `expiresAt` passes, and members
/// receive `flashGroupExpired`.
#[utoipa::path(post, path = "/api/flash-groups", tag = "flash-groups", security(("bearer" = [])),
    request_body = CreateFlashGroupRequest,
    responses((status = 201, description = "Created (kind `flash`, with `expiresAt`)", body = Conversation),
        (status = 422, description = "TTL out of range, no name, unknown member", body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(req): ApiJson<CreateFlashGroupRequest>,
) -> ApiResult<(StatusCode, Json<Conversation>)> {
    let request = CreateFlashGroup {
        name: req.name,
        member_ids: req.member_ids.into_iter().map(UserId).collect(),
        ttl_seconds: req.ttl_seconds,
    };
    Ok((StatusCode::CREATED, Json(state.chat.flash_groups.create(me.user_id, request).await?)))
}

/// The caller's live flash groups (they are in `GET /api/conversations` too).
#[utoipa::path(get, path = "/api/flash-groups", tag = "flash-groups", security(("bearer" = [])),
    responses((status = 200, body = FlashGroupList)))]
async fn list(State(state): State<AppState>, AuthUser(me): AuthUser) -> ApiResult<Json<FlashGroupList>> {
    Ok(Json(FlashGroupList { items: state.chat.flash_groups.list(me.user_id).await? }))
}

/// One live flash group of the caller's; 404 once it has expired.
#[utoipa::path(get, path = "/api/flash-groups/{id}", tag = "flash-groups", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Flash group id")),
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(state.chat.flash_groups.get(me.user_id, ConversationId(id)).await?))
}
