//! `/api/auth/email…`: verifying a user's email address with a link sent to it
//! (`CHAT_EMAIL_VERIFICATION`).

use super::{Anonymous, ApiJson, AuthUser, ClientIp};
use crate::{
    error::{ApiResult, ErrorBody},
    mail::{LinkEmail, spawn_link_email, within},
    state::AppState,
};
use axum::{extract::State, http::StatusCode};
use chat_core::{CoreError, UserId};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(verify)).routes(routes!(resend))
}

/// The token of a verification link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Verification {
    /// The token from the link.
    token: String,
}

/// Emails `user` a link that verifies their address (valid `CHAT_EMAIL_VERIFICATION_TTL_SECS`),
/// in the background, when verification is on and they have an address not verified yet.
pub fn send_verification(state: &AppState, user: UserId) {
    let Some(mailer) = state.mailer.clone().filter(|_| state.settings.limits.email_verification) else { return };
    let ttl = std::time::Duration::from_secs(state.settings.email_verification_ttl_secs);
    let (auth, base) = (state.chat.auth.clone(), state.settings.public_base());
    spawn_link_email(mailer, "email verification", async move {
        let Some(verification) = auth.request_email_verification(user, ttl).await? else { return Ok(None) };
        // The token travels in the fragment: browsers send it neither to the server nor as Referer.
        let body = format!(
            "Please confirm that this is your address for your chat account by opening\n\n{base}/#verify={}\n\n\
             within {}. If you did not create the account, ignore this email.",
            verification.token,
            within(ttl)
        );
        Ok(Some(LinkEmail { to: verification.email, subject: "Confirm your email address", body }))
    });
}

/// Follows a verification link: the address it was sent to is verified; the link stops working.
#[utoipa::path(post, path = "/api/auth/email/verify", tag = "auth", request_body = Verification,
    responses(
        (status = 204, description = "The address is verified"),
        (status = 422, description = "Unknown, used or expired token (`token`)", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = ErrorBody),
    ))]
async fn verify(
    State(state): State<AppState>,
    _: Anonymous,
    ApiJson(req): ApiJson<Verification>,
) -> ApiResult<StatusCode> {
    state.chat.auth.verify_email(&req.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends the caller a new verification link, when their address is not verified yet.
/// Rate limited per client IP together with login.
#[utoipa::path(post, path = "/api/auth/email/verification", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 202, description = "If the address is not verified yet, a link is on its way"),
        (status = 404, description = "Email verification is not on (`not_configured`: CHAT_EMAIL_VERIFICATION)", body = ErrorBody),
    ))]
async fn resend(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ClientIp(ip): ClientIp,
) -> ApiResult<StatusCode> {
    state.quotas.check_auth(ip).await?;
    if !state.settings.limits.email_verification || state.mailer.is_none() {
        return Err(CoreError::NotConfigured("email verification").into());
    }
    send_verification(&state, me.user_id);
    Ok(StatusCode::ACCEPTED)
}
