//! `/api/auth/sessions` and `/api/auth/password…`: a user's logins as devices, and their
//! password, changed or reset by email.

use super::{ApiJson, ApiPath, AuthUser, ClientIp};
use crate::{
    error::{ApiResult, ErrorBody},
    mail::{LinkEmail, spawn_link_email, within},
    state::AppState,
};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{CoreError, SessionId, auth::LoginSession};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sessions))
        .routes(routes!(end_session))
        .routes(routes!(change_password))
        .routes(routes!(request_reset))
        .routes(routes!(confirm_reset))
}

/// Who forgot their password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetRequest {
    /// Username or email.
    #[schema(example = "ada")]
    login: String,
}

/// A new password, with the token of a reset link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetConfirmation {
    /// The token from the link.
    token: String,
    /// The new password, 8–128 characters.
    #[schema(min_length = 8, max_length = 128)]
    password: String,
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

/// Emails a single-use password reset link (valid `CHAT_PASSWORD_RESET_TTL_SECS`) to the account
/// `login` names, when it has an email address. Answers 202 at once whatever the login, so that
/// neither the status nor the time tells whether an account exists.
#[utoipa::path(post, path = "/api/auth/password-reset", tag = "auth", request_body = ResetRequest,
    responses(
        (status = 202, description = "If the account exists and has an email address, a link is on its way"),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = ErrorBody),
        (status = 404, description = "Password recovery by email is not configured (`not_configured`: no CHAT_SMTP_URL)", body = ErrorBody),
    ))]
async fn request_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<ResetRequest>,
) -> ApiResult<StatusCode> {
    state.quotas.check_auth(ip).await?;
    let Some(mailer) = state.mailer.clone() else {
        return Err(CoreError::NotConfigured("password recovery by email").into());
    };
    let ttl = std::time::Duration::from_secs(state.settings.password_reset_ttl_secs);
    let base = state.settings.public_base();
    spawn_link_email(mailer, "password reset", async move {
        let Some(reset) = state.chat.auth.request_password_reset(&req.login, ttl).await? else { return Ok(None) };
        // The token travels in the fragment: browsers send it neither to the server nor as Referer.
        let body = format!(
            "Someone asked to reset the password of your chat account. To choose a new one, open\n\n\
             {base}/#reset={}\n\nwithin {}. The link works once. If it was not you, ignore this email: \
             nothing changes.",
            reset.token,
            within(ttl)
        );
        Ok(Some(LinkEmail { to: reset.email, subject: "Reset your chat password", body }))
    });
    Ok(StatusCode::ACCEPTED)
}

/// Sets a new password with the token of a reset link; the link then stops working and every login
/// of the account ends.
#[utoipa::path(post, path = "/api/auth/password-reset/confirm", tag = "auth", request_body = ResetConfirmation,
    responses(
        (status = 204, description = "Password set; every login of the account is ended"),
        (status = 422, description = "Unknown, used or expired token (`token`), or a password of the wrong length", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = ErrorBody),
    ))]
async fn confirm_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<ResetConfirmation>,
) -> ApiResult<StatusCode> {
    state.quotas.check_auth(ip).await?;
    state.chat.auth.reset_password(&req.token, req.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
