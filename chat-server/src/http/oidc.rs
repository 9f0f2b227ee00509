//! `/api/auth/oidc…`: signing in with the OpenID Connect provider of `CHAT_OIDC_*`.
//!
//! The browser goes to `start`, signs in at the provider, and comes back to `callback`, which
//! sends it on to the web client at `/#oidc` with the new login in a short-lived `HttpOnly` cookie;
//! the client trades that cookie for its tokens at `redeem`. The login never appears in a URL, and
//! no link can sign a browser into an account it did not sign in to itself. A failure comes back
//! as `#oidc-error=<message>`.

use super::{Anonymous, ClientIp, client_info};
use crate::{
    error::{ApiResult, ErrorBody},
    identity::{
        form_encode,
        oidc::{COOKIE, SIGN_IN_TTL},
    },
    state::AppState,
};
use axum::{
    Json,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chat_core::{CoreError, CoreResult, auth::AuthTokens};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(provider))
        .routes(routes!(start))
        .routes(routes!(callback))
        .routes(routes!(redeem))
}

/// The provider users may sign in with.
#[derive(Debug, Serialize, ToSchema)]
pub struct Provider {
    /// Its name, for a "Sign in with …" button.
    #[schema(example = "Example Corp")]
    name: String,
}

/// What the provider sends the browser back with.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Callback {
    /// The authorization code.
    code: Option<String>,
    /// The `state` of the sign-in.
    state: Option<String>,
    /// The provider's error code, when the sign-in failed there.
    error: Option<String>,
}

/// The OpenID Connect provider users may sign in with; 404 when none is configured.
#[utoipa::path(get, path = "/api/auth/oidc", tag = "auth",
    responses((status = 200, body = Provider), (status = 404, body = ErrorBody)))]
async fn provider(State(state): State<AppState>) -> ApiResult<Json<Provider>> {
    let oidc = state.oidc.as_ref().ok_or(CoreError::NotFound("identity provider"))?;
    Ok(Json(Provider { name: oidc.name.clone() }))
}

/// Starts a sign-in: 303 to the provider (authorization code with PKCE, `state` and `nonce`),
/// with a signed cookie that the callback checks.
#[utoipa::path(get, path = "/api/auth/oidc/start", tag = "auth",
    responses((status = 303, description = "To the provider's sign-in"), (status = 404, body = ErrorBody),
        (status = 503, description = "The provider did not answer", body = ErrorBody)))]
async fn start(State(state): State<AppState>, _: Anonymous) -> ApiResult<Response> {
    let oidc = state.oidc.as_ref().ok_or(CoreError::NotFound("identity provider"))?;
    let start = oidc.start().await?;
    let cookie = cookie(&state, COOKIE, &start.cookie, SIGN_IN_TTL.as_secs());
    Ok(redirect(&start.location, [cookie]))
}

/// The provider's redirect back: the code is exchanged, the ID token checked, and the user (found
/// or provisioned by issuer and subject) signed in; 303 to the web client either way.
#[utoipa::path(get, path = "/api/auth/oidc/callback", tag = "auth", params(Callback),
    responses((status = 303, description = "To the web client: `#oidc` (then `POST /api/auth/oidc/redeem`) or `#oidc-error=<message>`")))]
async fn callback(
    State(state): State<AppState>,
    _: Anonymous,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Query(query): Query<Callback>,
) -> Response {
    let base = state.settings.public_base();
    let cleared = cookie(&state, COOKIE, "", 0);
    match sign_in(&state, &headers, query, ip).await {
        Ok(refresh_token) => {
            let login = cookie(&state, SIGNED_IN, &refresh_token, SIGNED_IN_TTL_SECS);
            redirect(&format!("{base}/#oidc"), [cleared, login])
        }
        Err(e) => {
            tracing::warn!(error = %e, "OpenID Connect sign-in failed");
            let message: String = e.to_string().chars().filter(|c| !c.is_control()).take(200).collect();
            redirect(&format!("{base}/#oidc-error={}", form_encode(&message)), [cleared])
        }
    }
}

/// Completes a sign-in the callback finished in this browser: its login's tokens, for the cookie
/// the callback set (which this clears); 401 without one.
#[utoipa::path(post, path = "/api/auth/oidc/redeem", tag = "auth",
    responses((status = 200, body = AuthTokens), (status = 401, body = ErrorBody)))]
async fn redeem(
    State(state): State<AppState>,
    _: Anonymous,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let cleared = cookie(&state, SIGNED_IN, "", 0);
    let Some(refresh_token) = cookie_value(&state, &headers, SIGNED_IN).filter(|t| !t.is_empty()) else {
        return Err(CoreError::Unauthorized("no sign-in to complete in this browser".into()).into());
    };
    let tokens = state.chat.auth.refresh_from(&refresh_token, &client_info(ip, &headers)).await?;
    Ok(([(header::SET_COOKIE, cleared), (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(tokens))
        .into_response())
}

async fn sign_in(state: &AppState, headers: &HeaderMap, query: Callback, ip: std::net::IpAddr) -> CoreResult<String> {
    let oidc = state.oidc.as_ref().ok_or(CoreError::NotFound("identity provider"))?;
    if let Some(error) = query.error {
        let error: String = error.chars().take(100).collect();
        return Err(CoreError::Unauthorized(format!("the provider ended the sign-in ({error})")));
    }
    let (Some(code), Some(state_param)) = (query.code, query.state) else {
        return Err(CoreError::bad_request("the callback needs a code and a state"));
    };
    let (id_token, nonce) = oidc.finish(cookie_value(state, headers, COOKIE).as_deref(), &state_param, &code).await?;
    let client = client_info(ip, headers);
    let tokens = state.chat.auth.sign_in_with_id_token(&id_token, &oidc.keys, oidc.check(&nonce), &client).await?;
    Ok(tokens.refresh_token)
}

/// The cookie that carries a finished sign-in's login from the callback to `redeem`.
const SIGNED_IN: &str = "chat_oidc_login";
/// How long the web client has to redeem it.
const SIGNED_IN_TTL_SECS: u64 = 120;

/// A cookie of this flow: `HttpOnly`, `SameSite=Lax`. Behind HTTPS it is named `__Host-…`, which
/// browsers accept only when `Secure`, host-only and `Path=/`, so neither a sibling subdomain nor a
/// plain-HTTP answer can plant one; over plain HTTP (development) it is scoped to these routes.
fn cookie(state: &AppState, name: &str, value: &str, max_age: u64) -> HeaderValue {
    let (name, attributes) = if https(state) {
        (format!("__Host-{name}"), "Path=/; Secure")
    } else {
        (name.to_owned(), "Path=/api/auth/oidc")
    };
    let cookie = format!("{name}={value}; {attributes}; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("chat_oidc=; Max-Age=0"))
}

fn cookie_value(state: &AppState, headers: &HeaderMap, name: &str) -> Option<String> {
    let name = if https(state) { format!("__Host-{name}") } else { name.to_owned() };
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name.as_str())?.strip_prefix('=').map(str::to_owned))
}

fn https(state: &AppState) -> bool {
    state.settings.public_base().starts_with("https://")
}

fn redirect<const N: usize>(location: &str, cookies: [HeaderValue; N]) -> Response {
    let location = HeaderValue::from_str(location).unwrap_or_else(|_| HeaderValue::from_static("/"));
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}
