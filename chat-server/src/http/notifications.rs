//! `/api/notifications`: what the caller missed while away, and mentions; muting a
//! conversation (`/api/conversations/{id}/mute`) stops both.

use super::{ApiJson, ApiPath, ApiQuery, AuthUser, CursorQuery};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{ConversationId, CoreError, notification::Notification};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(unread))
        .routes(routes!(read))
        .routes(routes!(mute, unmute))
}

/// A page of notifications, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationPage {
    /// The notifications of this page.
    pub items: Vec<Notification>,
    /// Pass as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many of the caller's notifications are unread.
    pub unread: u64,
}

/// The caller's unread count.
#[derive(Debug, Serialize, ToSchema)]
pub struct Unread {
    /// How many of the caller's notifications are unread.
    pub unread: u64,
}

/// What to mark read.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReadNotifications {
    /// This notification and every older one; absent: all.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub up_to: Option<Uuid>,
}

/// How long to mute.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MuteRequest {
    /// Until when (in the future); absent: until unmuted.
    pub until: Option<DateTime<Utc>>,
}

fn cursor(text: Option<&str>) -> Result<Option<Uuid>, CoreError> {
    text.map(|c| c.parse::<Uuid>().map_err(|_| CoreError::invalid("cursor", "cursor is not one this server gave")))
        .transpose()
}

/// The caller's notifications, newest first, with their unread count. Kept for
/// `CHAT_NOTIFICATION_TTL_SECS` (a day by default).
#[utoipa::path(get, path = "/api/notifications", tag = "notifications", security(("bearer" = [])),
    params(CursorQuery), responses((status = 200, body = NotificationPage)))]
async fn list(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(q): ApiQuery<CursorQuery>,
) -> ApiResult<Json<NotificationPage>> {
    let limit = state.settings.limits.page(q.limit)?;
    let notifications = &state.chat.notifications;
    let (items, next) = notifications.list(me.user_id, cursor(q.cursor.as_deref())?, limit).await?;
    let unread = notifications.unread(me.user_id).await?;
    Ok(Json(NotificationPage { items, next_cursor: next.map(|id| id.to_string()), unread }))
}

/// How many of the caller's notifications are unread.
#[utoipa::path(get, path = "/api/notifications/unread", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = Unread)))]
async fn unread(State(state): State<AppState>, AuthUser(me): AuthUser) -> ApiResult<Json<Unread>> {
    Ok(Json(Unread { unread: state.chat.notifications.unread(me.user_id).await? }))
}

/// Marks the caller's notifications read: all, or `upTo` and every older one. Answers the
/// unread count left.
#[utoipa::path(post, path = "/api/notifications/read", tag = "notifications", security(("bearer" = [])),
    request_body = ReadNotifications, responses((status = 200, body = Unread)))]
async fn read(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(req): ApiJson<ReadNotifications>,
) -> ApiResult<Json<Unread>> {
    Ok(Json(Unread { unread: state.chat.notifications.mark_read(me.user_id, req.up_to).await? }))
}

/// Mutes a conversation for the caller (a member): no notification of its messages, mentions
/// included, until `until` or until unmuted. Muting again replaces the previous mute. Flash
/// groups notify no one, so they cannot be muted (404).
#[utoipa::path(put, path = "/api/conversations/{id}/mute", tag = "notifications", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")), request_body = MuteRequest,
    responses((status = 204, description = "Muted"), (status = 404, body = ErrorBody),
        (status = 422, description = "`until` is not in the future", body = ErrorBody)))]
async fn mute(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<MuteRequest>,
) -> ApiResult<StatusCode> {
    state.chat.notifications.mute(me.user_id, ConversationId(id), req.until).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lifts the caller's mute of a conversation (none is fine).
#[utoipa::path(delete, path = "/api/conversations/{id}/mute", tag = "notifications", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses((status = 204, description = "Not muted"), (status = 404, body = ErrorBody)))]
async fn unmute(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.chat.notifications.unmute(me.user_id, ConversationId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
