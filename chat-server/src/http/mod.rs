//! The REST API: one file per resource, each with its own router; extractors shared by all.

pub mod account;
pub mod admin;
pub mod auth;
pub mod blocks;
pub mod contacts;
pub mod conversations;
pub mod deadline;
pub mod devices;
pub mod email;
pub mod flash_groups;
mod linger;
pub mod members;
pub mod messages;
pub mod notifications;
pub mod oidc;
pub mod ops;
pub mod reactions;
pub mod uploads;
pub mod users;

use crate::{
    error::{ApiError, ErrorBody},
    quota::Action,
    state::AppState,
};
use axum::{
    extract::{ConnectInfo, FromRequest, FromRequestParts, MatchedPath, Path, Query},
    http::{HeaderMap, Method, header, request::Parts},
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
        let principal = state.chat.auth.authenticate(token).await?;
        tracing::Span::current().record("user", tracing::field::display(principal.user_id));
        let path = parts.extensions.get::<MatchedPath>().map_or(parts.uri.path(), MatchedPath::as_str);
        state.quotas.check(principal.user_id, action_of(&parts.method, path)).await?;
        Ok(Self(principal))
    }
}

/// The class of action of a REST call, for the caller's allowance ([`crate::quota`]).
fn action_of(method: &Method, path: &str) -> Action {
    if *method == Method::GET || *method == Method::HEAD {
        Action::Read
    } else if *method == Method::POST && (path == "/api/conversations" || path == "/api/flash-groups") {
        Action::Create
    } else if path.ends_with("/read") {
        Action::Receipt
    } else if path.contains("/messages") || path == "/api/uploads" {
        Action::Send
    } else {
        Action::Write
    }
}

/// A request without a user (token refresh, logout, signed file links), taken from its client
/// address's allowance.
#[derive(Debug, Clone, Copy)]
pub struct Anonymous;

impl FromRequestParts<AppState> for Anonymous {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
        state.quotas.check_anonymous(ip).await?;
        Ok(Self)
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

/// Where a login is made from, for the device list: the `User-Agent` and the client address.
pub fn client_info(ip: IpAddr, headers: &HeaderMap) -> chat_core::auth::ClientInfo {
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    chat_core::auth::ClientInfo::new(user_agent, Some(ip.to_string()))
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`) in PATCH bodies.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// An integer, which JSON may write `42` or `42.0` (both are integers to JSON Schema).
pub fn whole_number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    use serde::de::Error as _;
    let number = serde_json::Number::deserialize(deserializer)?;
    let whole = number.as_i64().map(i128::from).or_else(|| number.as_u64().map(i128::from)).or_else(|| {
        // Within ±2^63 a float with no fraction converts exactly.
        #[allow(clippy::cast_possible_truncation)]
        number.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i128)
    });
    whole
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| D::Error::custom(format!("expected a whole number, not {number}")))
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
    #[param(minimum = 1, maximum = 100)]
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
        (name = "contacts", description = "The caller's contact list and blocks"),
        (name = "conversations", description = "Direct and group conversations"),
        (name = "members", description = "Members and roles of a conversation"),
        (name = "flash-groups", description = "Groups that expire by themselves"),
        (name = "uploads", description = "Files: uploads, processing jobs, signed links"),
        (name = "messages", description = "History, sending, edits, deletion, read positions, search"),
        (name = "notifications", description = "What the caller missed while away, mentions; muted conversations"),
        (name = "operations", description = "Health and readiness"),
        (name = "admin", description = "Operator routes (CHAT_ADMIN_USER_IDS): webhook dead letters")
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
        .merge(devices::router())
        .merge(email::router())
        .merge(oidc::router())
        .merge(users::router())
        .merge(account::router())
        .merge(contacts::router())
        .merge(blocks::router())
        .merge(conversations::router())
        .merge(members::router())
        .merge(flash_groups::router())
        .merge(uploads::router())
        .merge(messages::router())
        .merge(reactions::router())
        .merge(notifications::router())
        .merge(ops::router())
        .merge(admin::router())
}

/// The OpenAPI document of the REST API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    with_common_answers(router().into_openapi())
}

/// Adds to every operation the answers its shape lets it give, rather than repeating them on each
/// route: a bad token or a spent allowance (authenticated ones), a malformed, oversized or
/// non-JSON body or a field breaking a rule (with a body), a malformed or unknown path parameter
/// (with one), an undecodable or out-of-rule query (with one), and, for all, the server's own
/// deadline, a dependency down, or a drain (503 with `Retry-After`). Operation ids are prefixed
/// with their tag, so that each is unique.
pub fn with_common_answers(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{
        ContentBuilder, Ref, RefOr, ResponseBuilder,
        path::{Operation, ParameterIn},
    };
    const AUTHENTICATED: &[(&str, &str)] = &[
        ("401", "Missing, malformed, expired or revoked access token"),
        ("429", "The caller's allowance for this kind of action is spent; see Retry-After"),
    ];
    const WITH_BODY: &[(&str, &str)] = &[
        ("400", "The body is not valid JSON, or not of the expected shape"),
        ("413", "The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES)"),
        ("415", "The body is not `application/json` (`multipart/form-data` for uploads)"),
        ("422", "A field breaks a rule; `details.field` names it"),
    ];
    const WITH_PATH: &[(&str, &str)] =
        &[("400", "A path parameter is malformed"), ("404", "Not found, or not visible to the caller")];
    const WITH_QUERY: &[(&str, &str)] = &[
        ("400", "The query string cannot be decoded"),
        ("422", "A query parameter breaks a rule; `details.field` names it"),
    ];
    const ALL: &[(&str, &str)] = &[(
        "503",
        "No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After",
    )];
    let has = |operation: &Operation, place: ParameterIn| {
        operation.parameters.iter().flatten().any(|p| match p {
            RefOr::T(p) => std::mem::discriminant(&p.parameter_in) == std::mem::discriminant(&place),
            RefOr::Ref(_) => false,
        })
    };
    for item in doc.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            let mut answers: Vec<(&str, &str)> = ALL.to_vec();
            if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
                answers.extend(AUTHENTICATED);
            }
            if operation.request_body.is_some() {
                answers.extend(WITH_BODY);
            }
            if has(operation, ParameterIn::Path) {
                answers.extend(WITH_PATH);
            }
            if has(operation, ParameterIn::Query) {
                answers.extend(WITH_QUERY);
            }
            for (status, description) in answers {
                operation.responses.responses.entry(status.into()).or_insert_with(|| {
                    let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
                    ResponseBuilder::new().description(description).content("application/json", body).build().into()
                });
            }
            // Handler names repeat across resources (`list`, `create`): an operation id is unique
            // only with its tag, as generated clients need it.
            if let (Some(tag), Some(id)) = (operation.tags.as_ref().and_then(|t| t.first()), &operation.operation_id) {
                operation.operation_id = Some(format!("{}_{id}", tag.replace('-', "_")));
            }
        }
    }
    doc
}
