//! `/api/admin`: operator routes, for the users listed in `CHAT_ADMIN_USER_IDS` only.

use super::{ApiPath, ApiQuery, AuthUser, CursorQuery, Page};
use crate::{
    error::{ApiError, ApiResult, ErrorBody},
    state::{AppState, Storage},
};
use axum::{
    Json,
    extract::{FromRequestParts, State},
    http::{StatusCode, request::Parts},
};
use chat_core::{
    CoreError,
    backend::sql::SqlBackend,
    outbox::webhook::{WebhookDelivery, WebhookStore as _},
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::sync::Arc;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(dead_letters)).routes(routes!(retry))
}

/// An authenticated caller who is an operator (`CHAT_ADMIN_USER_IDS`); anyone else is refused
/// with 403.
#[derive(Debug, Clone, Copy)]
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let AuthUser(me) = AuthUser::from_request_parts(parts, state).await?;
        match state.admins.contains(&me.user_id) {
            true => Ok(Self),
            false => Err(CoreError::Forbidden("operators only (CHAT_ADMIN_USER_IDS)".into()).into()),
        }
    }
}

/// A webhook delivery that failed for good.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeadLetter {
    /// The delivery (retry it by this id).
    pub id: Uuid,
    /// The event's id.
    pub event_id: Uuid,
    /// The event's type (routing key).
    #[schema(example = "message.sent")]
    pub event_type: String,
    /// The receiver.
    pub url: String,
    /// Attempts made.
    pub attempts: u32,
    /// Why the last one failed.
    pub last_error: Option<String>,
    /// The receiver's last HTTP status, when it answered.
    pub last_status: Option<u16>,
    /// When it was dead-lettered.
    pub failed_at: DateTime<Utc>,
    /// The event as it was sent, `{ id, type, occurredAt, data }`.
    pub body: serde_json::Value,
}

impl From<WebhookDelivery> for DeadLetter {
    fn from(d: WebhookDelivery) -> Self {
        Self {
            id: d.id,
            event_id: d.event_id,
            event_type: d.event_type,
            url: d.url,
            attempts: d.attempts,
            last_error: d.last_error,
            last_status: d.last_status,
            failed_at: d.updated_at,
            body: serde_json::from_str(&d.body).unwrap_or(serde_json::Value::String(d.body)),
        }
    }
}

/// Webhook deliveries stored only: the outbox is SQL's.
fn deliveries(state: &AppState) -> ApiResult<Arc<SqlBackend>> {
    match &state.storage {
        Storage::Sql(db) => Ok(db.clone()),
        Storage::Memory => Err(CoreError::NotConfigured("webhooks").into()),
    }
}

/// Webhook deliveries that failed for good, newest first (operators only).
#[utoipa::path(get, path = "/api/admin/webhooks/dead-letters", tag = "admin", security(("bearer" = [])),
    params(CursorQuery),
    responses((status = 200, body = Page<DeadLetter>),
        (status = 403, description = "The caller is not an operator", body = ErrorBody)))]
async fn dead_letters(
    State(state): State<AppState>,
    _: Admin,
    ApiQuery(q): ApiQuery<CursorQuery>,
) -> ApiResult<Json<Page<DeadLetter>>> {
    let limit = state.settings.limits.page(q.limit)?;
    let after = match q.cursor.as_deref() {
        Some(cursor) => Some(
            cursor.parse::<Uuid>().map_err(|_| CoreError::invalid("cursor", "cursor is not one this server gave"))?,
        ),
        None => None,
    };
    let mut items = deliveries(&state)?.dead_letters(after, limit + 1).await?;
    let next_cursor = (items.len() as u64 > limit).then(|| items[limit as usize - 1].id.to_string());
    items.truncate(limit as usize);
    Ok(Json(Page { items: items.into_iter().map(DeadLetter::from).collect(), next_cursor }))
}

/// Queues a dead letter for delivery again, its attempts reset (operators only).
#[utoipa::path(post, path = "/api/admin/webhooks/dead-letters/{id}/retry", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The dead letter")),
    responses((status = 202, description = "Queued again"),
        (status = 403, description = "The caller is not an operator", body = ErrorBody),
        (status = 404, description = "No such dead letter", body = ErrorBody)))]
async fn retry(State(state): State<AppState>, _: Admin, ApiPath(id): ApiPath<Uuid>) -> ApiResult<StatusCode> {
    match deliveries(&state)?.retry_dead(id, Utc::now()).await? {
        true => Ok(StatusCode::ACCEPTED),
        false => Err(CoreError::NotFound("dead letter").into()),
    }
}
