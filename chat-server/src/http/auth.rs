//! `/api/auth`: register, log in, refresh, log out (logins as devices and passwords: [`super::devices`]).

use super::{Anonymous, ApiJson, ClientIp, client_info};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
};
use chat_core::auth::{AuthTokens, Registration};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterRequest {
    /// 3–32 characters of `a-z`, `0-9`, `_`, `.` (folded to lowercase).
    #[schema(example = "ada", pattern = "^[A-Za-z0-9_.]{3,32}$")]
    username: String,
    /// 8–128 characters.
    #[schema(example = "correct horse battery staple", min_length = 8, max_length = 128)]
    password: String,
    /// Optional; may be used to log in.
    #[schema(
        example = "ada@example.org",
        max_length = 254,
        pattern = "^[^\\s@\\u0000-\\u001f\\u007f-\\u009f]+@[^\\s@.\\u0000-\\u001f\\u007f-\\u009f][^\\s@\\u0000-\\u001f\\u007f-\\u009f]*\\.[^\\s@\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    email: Option<String>,
    /// Shown name; the username when absent.
    #[schema(example = "Ada Lovelace")]
    display_name: Option<String>,
}

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    /// Username or email.
    #[schema(example = "ada")]
    login: String,
    /// Password.
    #[schema(example = "correct horse battery staple")]
    password: String,
}

/// A refresh token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefreshRequest {
    /// The opaque token from register, login or a previous refresh.
    refresh_token: String,
}

/// Creates an account and logs it in.
///
/// Rate limited per client IP together with login.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = AuthTokens),
        (status = 409, description = "Username or email taken", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody),
        (status = 429, description = "Too many attempts; see Retry-After", body = ErrorBody),
    ))]
async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, axum::Json<AuthTokens>)> {
    state.quotas.check_auth(ip).await?;
    let registration = Registration {
        username: req.username,
        password: req.password,
        email: req.email,
        display_name: req.display_name,
    };
    let tokens = state.chat.auth.register_from(registration, &client_info(ip, &headers)).await?;
    super::email::send_verification(&state, tokens.user.id);
    Ok((StatusCode::CREATED, axum::Json(tokens)))
}

/// Logs in with a username or email.
///
/// Rate limited per client IP together with register.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = AuthTokens),
        (status = 401, description = "Wrong login or password", body = ErrorBody),
        (status = 429, description = "Too many attempts; see Retry-After", body = ErrorBody),
    ))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<axum::Json<AuthTokens>> {
    state.quotas.check_auth(ip).await?;
    Ok(axum::Json(state.chat.auth.login_from(&req.login, req.password, &client_info(ip, &headers)).await?))
}

/// Trades a refresh token for new tokens.
///
/// The old refresh token is spent. Presenting a spent token again revokes every token of that login.
#[utoipa::path(post, path = "/api/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = AuthTokens),
        (status = 401, description = "Unknown, expired, spent or revoked token", body = ErrorBody),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = ErrorBody),
    ))]
async fn refresh(
    State(state): State<AppState>,
    _: Anonymous,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> ApiResult<axum::Json<AuthTokens>> {
    Ok(axum::Json(state.chat.auth.refresh_from(&req.refresh_token, &client_info(ip, &headers)).await?))
}

/// Ends the login of a refresh token; its access tokens stop working and its sockets are closed.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204, description = "Logged out")))]
async fn logout(
    State(state): State<AppState>,
    _: Anonymous,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> ApiResult<StatusCode> {
    state.chat.auth.logout(&req.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}
