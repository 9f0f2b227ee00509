use crate::{SessionId, UserId, user::User};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Token and password settings.
#[derive(Clone)]
pub struct AuthConfig {
    /// HS256 secret for access tokens; at least 32 bytes.
    pub jwt_secret: Vec<u8>,
    /// `iss` of issued tokens.
    pub issuer: String,
    /// `aud` of issued tokens.
    pub audience: String,
    /// Lifetime of access tokens.
    pub access_ttl: Duration,
    /// Lifetime of refresh tokens.
    pub refresh_ttl: Duration,
    /// Clock skew tolerated when checking `exp`.
    pub leeway: Duration,
    /// Accept tokens of another identity provider as well.
    pub external: Option<ExternalIdentity>,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthConfig")
            .field("jwt_secret", &"***")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("access_ttl", &self.access_ttl)
            .field("refresh_ttl", &self.refresh_ttl)
            .field("external", &self.external)
            .finish()
    }
}

impl AuthConfig {
    /// Defaults (15 min access tokens, 7 day refresh tokens, 5 s leeway) with the given secret.
    pub fn new(jwt_secret: impl Into<Vec<u8>>) -> Self {
        Self {
            jwt_secret: jwt_secret.into(),
            issuer: "chat-server".into(),
            audience: "chat-clients".into(),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(7 * 24 * 3600),
            leeway: Duration::from_secs(5),
            external: None,
        }
    }
}

/// Key of an external identity provider.
#[derive(Clone)]
pub enum ExternalKey {
    /// Shared HS256 secret.
    Hs256(Vec<u8>),
    /// RS256 public key, PEM.
    Rs256Pem(String),
    /// The provider's key set (JWKS), followed as it rotates its keys.
    Jwks(std::sync::Arc<super::KeySet>),
}

impl std::fmt::Debug for ExternalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Hs256(_) => "Hs256(***)",
            Self::Rs256Pem(_) => "Rs256Pem(..)",
            Self::Jwks(_) => "Jwks(..)",
        })
    }
}

/// Accept access tokens signed by another system; users are provisioned from `sub` on first sight.
#[derive(Clone, Debug)]
pub struct ExternalIdentity {
    /// Verification key and algorithm.
    pub key: ExternalKey,
    /// Required `iss`.
    pub issuer: String,
    /// Required `aud`.
    pub audience: String,
}

/// Who is calling: the result of checking an access token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The user.
    pub user_id: UserId,
    /// The login the token belongs to (`None` for external identities).
    pub session_id: Option<SessionId>,
    /// When the token expires, seconds since the epoch: what it opened (a socket) must not
    /// outlive it unless a fresh token is shown.
    pub expires_at: i64,
    /// When the token was issued, seconds since the epoch (0 when it does not say).
    pub issued_at: i64,
}

/// Where a login is made or refreshed from, as the transport saw it (for the device list).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// The `User-Agent`, at most 256 characters.
    pub user_agent: Option<String>,
    /// The client's address.
    pub address: Option<String>,
}

impl ClientInfo {
    /// Client facts as given, bounded (a user agent is cut at 256 characters, without control
    /// characters).
    pub fn new(user_agent: Option<&str>, address: Option<String>) -> Self {
        let user_agent = user_agent
            .map(|ua| ua.chars().filter(|c| !c.is_control()).take(256).collect::<String>())
            .filter(|ua| !ua.trim().is_empty());
        Self { user_agent, address }
    }
}

/// One active login of a user, as the device list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginSession {
    /// Identifier (`DELETE /api/auth/sessions/{id}` ends it).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: SessionId,
    /// When the login was made.
    pub created_at: DateTime<Utc>,
    /// When it was last refreshed, if ever.
    pub last_used_at: Option<DateTime<Utc>>,
    /// The user agent it was made or last refreshed from.
    pub user_agent: Option<String>,
    /// The address it was made or last refreshed from.
    pub address: Option<String>,
    /// Whether it is the login of the caller's own token.
    pub current: bool,
}

/// What register, login and refresh answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuthTokens {
    /// The account, email included.
    pub user: User,
    /// Bearer token for the API and the socket handshake.
    pub access_token: String,
    /// Opaque single-use token for `POST /api/auth/refresh`.
    pub refresh_token: String,
    /// Seconds until the access token expires.
    #[cfg_attr(feature = "openapi", schema(example = 900))]
    pub expires_in: u64,
}

/// A stored refresh token (only its hash is kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshTokenRecord {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// The login it belongs to.
    pub session_id: SessionId,
    /// The user.
    pub user_id: UserId,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
}

/// What spending a refresh token found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpendOutcome {
    /// The token was live and is now spent.
    Spent(RefreshTokenRecord),
    /// The token had been spent before (or its login revoked): a replay.
    Replayed(SessionId),
    /// No such token.
    Unknown,
}
