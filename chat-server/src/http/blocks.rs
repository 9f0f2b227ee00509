//! `/api/blocks`: the users the caller blocked.

use super::{ApiPath, ApiQuery, AuthUser, CursorQuery, Page};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{UserId, user::User};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(block, unblock))
}

/// The users the caller blocked, by username.
#[utoipa::path(get, path = "/api/blocks", tag = "contacts", operation_id = "list_blocked", security(("bearer" = [])), params(CursorQuery),
    responses((status = 200, body = Page<User>)))]
async fn list(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(q): ApiQuery<CursorQuery>,
) -> ApiResult<Json<Page<User>>> {
    let page = state.chat.contacts.blocked(me.user_id, q.cursor.as_deref(), q.limit).await?;
    Ok(Json(Page { items: page.items, next_cursor: page.next_cursor }))
}

/// Blocks a user (blocking twice is fine): they can no longer start a direct conversation with
/// the caller, add them to a group or flash group, or send in the direct conversation they share
/// (`forbidden`); they leave the caller's contacts.
#[utoipa::path(put, path = "/api/blocks/{userId}", tag = "contacts", security(("bearer" = [])),
    params(("userId" = Uuid, Path, description = "User to block")),
    responses((status = 204, description = "Blocked"), (status = 404, body = ErrorBody),
        (status = 422, description = "The caller themselves (`userId`)", body = ErrorBody)))]
async fn block(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(user_id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.chat.contacts.block(me.user_id, UserId(user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lifts a block.
#[utoipa::path(delete, path = "/api/blocks/{userId}", tag = "contacts", security(("bearer" = [])),
    params(("userId" = Uuid, Path, description = "User to unblock")),
    responses((status = 204, description = "Unblocked"), (status = 404, body = ErrorBody)))]
async fn unblock(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(user_id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.chat.contacts.unblock(me.user_id, UserId(user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
