//! `/api/auth/sessions` and `/api/auth/password`: a user's logins as devices, and their password.

use super::{ApiJson, ApiPath, AuthUser, ClientIp};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{SessionId, auth::LoginSession};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sessions)).routes(routes!(end_session)).routes(routes!(change_password))
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now.
    current_password: String,
    /// The new one, 8–128 characters.
    #[schema(min_length = 8, max_length = 128)]
    new_password: String,
}

/// The caller's active logins (devices), oldest first; `current` marks the caller's own.
#[utoipa::path(get, path = "/api/auth/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, description = "Active logins", body = [LoginSession])))]
async fn sessions(State(state): State<AppState>, AuthUser(me): AuthUser) -> ApiResult<Json<Vec<LoginSession>>> {
    Ok(Json(state.chat.auth.sessions(&me).await?))
}

/// Ends one of the caller's logins: its tokens stop working and its sockets are disconnected at
/// once, on every instance.
#[utoipa::path(delete, path = "/api/auth/sessions/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Login id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "Not one of the caller's active logins", body = ErrorBody),
    ))]
async fn end_session(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<SessionId>,
) -> ApiResult<StatusCode> {
    state.chat.auth.end_session(&me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the caller's password and ends every other login (the current one goes on).
///
/// Rate limited per client IP together with login, since it checks a password.
#[utoipa::path(post, path = "/api/auth/password", tag = "auth", security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; the other logins are ended"),
        (status = 400, description = "The account has no password (it signs in with its provider)", body = ErrorBody),
        (status = 422, description = "Wrong current password, or a new one of the wrong length", body = ErrorBody),
    ))]
async fn change_password(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    state.quotas.check_auth(ip).await?;
    state.chat.auth.change_password(&me, req.current_password, req.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}
