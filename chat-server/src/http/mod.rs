//! The REST API: one file per resource, each with its own router; extractors shared by all.

pub mod auth;
pub mod contacts;
pub mod conversations;
pub mod flash_groups;
pub mod members;
pub mod messages;
pub mod ops;
pub mod uploads;
pub mod users;

use crate::{
    error::{ApiError, ErrorBody},
    state::AppState,
};
use axum::{
    extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query},
    http::{HeaderMap, header, request::Parts},
};
use chat_core::{CoreError, auth::Principal};
use serde::{Deserialize, Deserializer};
use std::net::{IpAddr, SocketAddr};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::router::OpenApiRouter;

/// JSON body whose rejections use the API's error format.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Query string whose rejections use the API's error format.
#[derive(Debug, FromRequestParts)]
#[from_request(via(Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters whose rejections use the API's error format.
#[derive(Debug, FromRequestParts)]
#[from_request(via(Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// The authenticated caller, from `Authorization: Bearer <accessToken>`.
#[derive(Debug, Clone, Copy)]
pub struct AuthUser(pub Principal);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer_token(&parts.headers).ok_or(CoreError::Unauthorized("missing bearer token".into()))?;
        Ok(Self(state.chat.auth.authenticate(token).await?))
    }
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim()).filter(|t| !t.is_empty())
}

/// The client's address: the peer, or behind our trusted proxies the hop they saw
/// ([`crate::net::TrustedProxies::client_ip`]).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(Self(state.proxies.client_ip(peer, &parts.headers)))
    }
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`) in PATCH bodies.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A list page: `{ items, nextCursor }`.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T: utoipa::ToSchema> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Paging of cursor lists.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CursorQuery {
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size (1–100, default 50).
    pub limit: Option<u64>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "chat-server",
        description = "REST API of the chat server. Realtime events are documented in docs/realtime.md.",
        license(name = "MIT OR Apache-2.0")
    ),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody)),
    tags(
        (name = "auth", description = "Register, log in, refresh and log out"),
        (name = "users", description = "Profiles and user search"),
        (name = "contacts", description = "The caller's contact list"),
        (name = "conversations", description = "Direct and group conversations"),
        (name = "members", description = "Members and roles of a conversation"),
        (name = "flash-groups", description = "Groups that expire by themselves"),
        (name = "uploads", description = "Files: uploads, processing jobs, signed links"),
        (name = "messages", description = "History, sending, edits, deletion, read positions, search"),
        (name = "operations", description = "Health and readiness")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// Every REST route with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(auth::router())
        .merge(users::router())
        .merge(contacts::router())
        .merge(conversations::router())
        .merge(members::router())
        .merge(flash_groups::router())
        .merge(uploads::router())
        .merge(messages::router())
        .merge(ops::router())
}

/// The OpenAPI document of the REST API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().into_openapi()
}
