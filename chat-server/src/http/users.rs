//! `/api/users`: the caller's profile, other profiles, user search.

use super::{ApiJson, ApiPath, ApiQuery, AuthUser, Page, nullable};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State};
use chat_core::{
    UserId,
    user::{ProfilePatch, User, Visibility},
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me, update_me)).routes(routes!(get_user)).routes(routes!(search))
}

/// Profile changes; absent fields stay, `null` clears.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateProfile {
    /// New display name.
    #[schema(example = "Ada L.")]
    display_name: Option<String>,
    /// New avatar URL (http, https, or a path on this server), or null.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 2048, pattern = "^(https?://|/[^/\\\\])[^\\u0000-\\u001f\\u007f]*$")]
    avatar_url: Option<Option<String>>,
    /// New bio, or null: up to 1000 characters, no control characters but tab and line breaks.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 1000, pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$")]
    bio: Option<Option<String>>,
    /// Who sees when you were last connected: `everyone` who sees your status (members of your
    /// conversations, your contacts), only your `contacts`, or `nobody`.
    last_seen_visibility: Option<Visibility>,
}

/// User search.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Prefix of a username or display name (case-insensitive), at least 2 characters.
    #[param(example = "ad", min_length = 2)]
    q: String,
    /// `nextCursor` of the previous page.
    cursor: Option<String>,
    /// Page size (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u64>,
}

/// The caller's profile, email included.
#[utoipa::path(get, path = "/api/users/me", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, AuthUser(me): AuthUser) -> ApiResult<Json<User>> {
    Ok(Json(state.chat.users.me(me.user_id).await?))
}

/// Edits the caller's profile.
#[utoipa::path(patch, path = "/api/users/me", tag = "users", security(("bearer" = [])), request_body = UpdateProfile,
    responses((status = 200, body = User), (status = 422, body = ErrorBody)))]
async fn update_me(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(req): ApiJson<UpdateProfile>,
) -> ApiResult<Json<User>> {
    let patch = ProfilePatch {
        display_name: req.display_name,
        avatar_url: req.avatar_url,
        bio: req.bio,
        last_seen_visibility: req.last_seen_visibility,
    };
    Ok(Json(state.chat.users.update_me(me.user_id, patch).await?))
}

/// Someone's profile. `status` and `lastSeen` are there only when the user lets the caller see
/// them (a shared conversation, or the user added the caller as a contact).
#[utoipa::path(get, path = "/api/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = User), (status = 404, body = ErrorBody)))]
async fn get_user(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<User>> {
    Ok(Json(state.chat.users.get(me.user_id, UserId(id)).await?))
}

/// Users whose username or display name starts with `q`, by username (the directory is searched,
/// never listed: `q` is required).
#[utoipa::path(get, path = "/api/users", tag = "users", security(("bearer" = [])), params(SearchQuery),
    responses((status = 200, body = Page<User>), (status = 422, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<Page<User>>> {
    let page = state.chat.users.search(me.user_id, &query.q, query.cursor.as_deref(), query.limit).await?;
    Ok(Json(Page { items: page.items, next_cursor: page.next_cursor }))
}
