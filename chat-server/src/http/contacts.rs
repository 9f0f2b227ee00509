//! `/api/contacts`: the caller's contact list.

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
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(add, remove))
}

/// The caller's contacts, by username. Contacts see each other's presence.
#[utoipa::path(get, path = "/api/contacts", tag = "contacts", security(("bearer" = [])), params(CursorQuery),
    responses((status = 200, body = Page<User>)))]
async fn list(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(q): ApiQuery<CursorQuery>,
) -> ApiResult<Json<Page<User>>> {
    let page = state.chat.contacts.list(me.user_id, q.cursor.as_deref(), q.limit).await?;
    Ok(Json(Page { items: page.items, next_cursor: page.next_cursor }))
}

/// Adds a user to the caller's contacts (adding twice is fine).
#[utoipa::path(put, path = "/api/contacts/{userId}", tag = "contacts", security(("bearer" = [])),
    params(("userId" = Uuid, Path, description = "User to add")),
    responses((status = 204, description = "Added"), (status = 404, body = ErrorBody),
        (status = 422, description = "The caller themselves (`userId`)", body = ErrorBody)))]
async fn add(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(user_id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.chat.contacts.add(me.user_id, UserId(user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a user from the caller's contacts.
#[utoipa::path(delete, path = "/api/contacts/{userId}", tag = "contacts", security(("bearer" = [])),
    params(("userId" = Uuid, Path, description = "User to remove")),
    responses((status = 204, description = "Removed"), (status = 404, body = ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(user_id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.chat.contacts.remove(me.user_id, UserId(user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
