use super::{
    AuthConfig, AuthStore, AuthTokens, ClientInfo, Principal, RefreshTokenRecord, SpendOutcome, sessions::SessionCache,
    tokens::TokenKeys,
};
use crate::{
    CoreError, CoreResult, DomainEvent, EventSink, Limits, SessionId, UserId,
    user::{NewUser, Password, User, UserStore, Username},
};
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::{
    sync::{Arc, OnceLock},
    time::{Duration, Instant},
};

/// What a new account is created from.
#[derive(Clone, Debug)]
pub struct Registration {
    /// Login name.
    pub username: String,
    /// Password (checked for length only).
    pub password: String,
    /// Optional email, also usable to log in.
    pub email: Option<String>,
    /// Shown name; the username when absent.
    pub display_name: Option<String>,
}

/// Accounts, logins and tokens.
#[derive(Clone)]
pub struct AuthService {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) users: Arc<dyn UserStore>,
    pub(super) store: Arc<dyn AuthStore>,
    pub(super) config: AuthConfig,
    keys: Result<TokenKeys, String>,
    pub(super) limits: Limits,
    events: Arc<dyn EventSink>,
    sessions: SessionCache,
}

impl std::fmt::Debug for AuthService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthService").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

impl AuthService {
    /// Builds the service. A bad key configuration surfaces as an error on first use and from
    /// [`AuthService::check_config`].
    pub fn new(
        users: Arc<dyn UserStore>,
        store: Arc<dyn AuthStore>,
        config: AuthConfig,
        limits: Limits,
        events: Arc<dyn EventSink>,
    ) -> Self {
        let keys = TokenKeys::new(&config).map_err(|e| e.to_string());
        let sessions = SessionCache::new(Duration::from_secs(limits.session_cache_secs), limits.session_cache_max);
        Self { inner: Arc::new(Inner { users, store, config, keys, limits, events, sessions }) }
    }

    /// Fails when the secret or the external key cannot be used (call at start-up).
    pub fn check_config(&self) -> CoreResult<()> {
        self.keys().map(|_| ())
    }

    fn keys(&self) -> CoreResult<&TokenKeys> {
        self.inner.keys.as_ref().map_err(|e| CoreError::internal(e.clone()))
    }

    /// Creates an account and logs it in.
    pub async fn register(&self, reg: Registration) -> CoreResult<AuthTokens> {
        self.register_from(reg, &ClientInfo::default()).await
    }

    /// [`AuthService::register`], the login made from `client`.
    pub async fn register_from(&self, reg: Registration, client: &ClientInfo) -> CoreResult<AuthTokens> {
        let limits = &self.inner.limits;
        let username = Username::parse(&reg.username, limits)?;
        let password = Password::parse(reg.password, limits)?;
        let email = reg.email.map(|e| parse_email(&e)).transpose()?;
        let display_name = match reg.display_name {
            Some(n) if !n.trim().is_empty() => limits.parse_name("displayName", &n)?,
            _ => username.as_str().to_owned(),
        };
        let password_hash = hash_password(password).await?;
        let user = self
            .inner
            .users
            .insert_user(NewUser {
                id: UserId::new(),
                username,
                email,
                email_verified: false,
                display_name,
                avatar_url: None,
                password_hash: Some(password_hash),
                external_id: None,
                created_at: crate::time::now(),
            })
            .await?;
        self.start_session(user, client).await
    }

    /// Logs in with a username or email and a password.
    pub async fn login(&self, login: &str, password: String) -> CoreResult<AuthTokens> {
        self.login_from(login, password, &ClientInfo::default()).await
    }

    /// [`AuthService::login`] from `client`.
    #[tracing::instrument(level = "debug", name = "auth.login", skip_all)]
    pub async fn login_from(&self, login: &str, password: String, client: &ClientInfo) -> CoreResult<AuthTokens> {
        let bad = || CoreError::Unauthorized("wrong login or password".into());
        if password.len() > self.inner.limits.password_max * 4 || login.len() > 320 || login.contains('\0') {
            return Err(bad());
        }
        let found = self.inner.users.credentials_by_login(&login.trim().to_lowercase()).await?;
        // Verify against a dummy hash when the user is unknown, so timing does not reveal accounts.
        let hash = found.as_ref().map_or_else(|| dummy_hash().to_owned(), |(_, h)| h.clone());
        let ok = verify_password(password, hash).await?;
        match found {
            Some((user, _)) if ok => self.start_session(user, client).await,
            _ => Err(bad()),
        }
    }

    /// Spends a refresh token and returns fresh tokens. A replayed token revokes its login.
    pub async fn refresh(&self, refresh_token: &str) -> CoreResult<AuthTokens> {
        self.refresh_from(refresh_token, &ClientInfo::default()).await
    }

    /// [`AuthService::refresh`] from `client` (recorded as the login's last use).
    pub async fn refresh_from(&self, refresh_token: &str, client: &ClientInfo) -> CoreResult<AuthTokens> {
        let now = crate::time::now();
        let invalid = |m: &str| CoreError::Unauthorized(m.to_owned());
        match self.inner.store.spend_refresh_token(&token_hash(refresh_token), now).await? {
            SpendOutcome::Unknown => Err(invalid("invalid refresh token")),
            SpendOutcome::Replayed(session) => {
                let user = self.revoke(session).await?;
                tracing::warn!(%session, user = ?user, "refresh token replayed; login revoked");
                Err(invalid("refresh token already used; this login has been revoked"))
            }
            SpendOutcome::Spent(record) => {
                if record.expires_at <= now {
                    return Err(invalid("refresh token expired"));
                }
                if !self.inner.store.session_active(record.session_id).await? {
                    return Err(invalid("this login has been revoked"));
                }
                let user = self.inner.users.user_by_id(record.user_id).await?.ok_or_else(|| invalid("unknown user"))?;
                self.inner.store.touch_session(record.session_id, now, client).await?;
                self.issue(user, record.session_id).await
            }
        }
    }

    /// Ends the login a refresh token belongs to. Unknown or spent tokens are accepted silently.
    pub async fn logout(&self, refresh_token: &str) -> CoreResult<()> {
        match self.inner.store.spend_refresh_token(&token_hash(refresh_token), crate::time::now()).await? {
            SpendOutcome::Spent(record) => self.revoke(record.session_id).await.map(|_| ()),
            SpendOutcome::Replayed(session) => self.revoke(session).await.map(|_| ()),
            SpendOutcome::Unknown => Ok(()),
        }
    }

    /// Checks an access token (ours, or the external provider's) and says who is calling.
    pub async fn authenticate(&self, token: &str) -> CoreResult<Principal> {
        let keys = self.keys()?;
        let local = keys.verify_local(token);
        // The provider's keys are looked at only for a token that is not one of ours.
        let external = match &local {
            Ok(_) => None,
            Err(_) => keys.verify_external(token).await,
        };
        match (local, external) {
            (Ok((user_id, session_id, claims)), _) => {
                if !self.session_active(session_id).await? {
                    return Err(CoreError::Unauthorized("this login has been revoked".into()));
                }
                Ok(Principal { user_id, session_id: Some(session_id), expires_at: claims.exp, issued_at: claims.iat })
            }
            (Err(_), Some(Ok(claims))) => {
                let (expires_at, issued_at) = (claims.exp, claims.iat.unwrap_or(0));
                let user = self.provision(claims).await?;
                Ok(Principal { user_id: user.id, session_id: None, expires_at, issued_at })
            }
            (Err(e), None | Some(Err(_))) => Err(e),
        }
    }

    /// A login was revoked by another server process (relayed by the transport): it stops
    /// working here at once rather than when its cache entry expires.
    pub fn session_revoked_elsewhere(&self, session: SessionId) {
        self.inner.sessions.put(session, false, Instant::now());
    }

    /// Logins whose state this process remembers (see `session_cache_secs`).
    pub fn cached_sessions(&self) -> usize {
        self.inner.sessions.len()
    }

    /// Whether a login is active: from the cache, else from the store.
    async fn session_active(&self, session: SessionId) -> CoreResult<bool> {
        let now = Instant::now();
        if let Some(active) = self.inner.sessions.get(session, now) {
            return Ok(active);
        }
        let active = self.inner.store.session_active(session).await?;
        self.inner.sessions.put(session, active, now);
        Ok(active)
    }

    pub(super) async fn revoke(&self, session: SessionId) -> CoreResult<Option<UserId>> {
        let user = self.inner.store.revoke_session(session, crate::time::now()).await?;
        self.inner.sessions.put(session, false, Instant::now());
        if let Some(user_id) = user {
            self.inner.events.publish(DomainEvent::SessionRevoked { user_id, session_id: session });
        }
        Ok(user)
    }

    pub(super) async fn start_session(&self, user: User, client: &ClientInfo) -> CoreResult<AuthTokens> {
        let session = SessionId::new();
        self.inner.store.create_session(session, user.id, crate::time::now(), client).await?;
        // A login just made is active: its first handshake or request need not ask the store.
        self.inner.sessions.put(session, true, Instant::now());
        self.issue(user, session).await
    }

    async fn issue(&self, mut user: User, session: SessionId) -> CoreResult<AuthTokens> {
        if !self.inner.limits.email_verification {
            user.email_verified = None;
        }
        let config = &self.inner.config;
        let access_token = self.keys()?.issue(config, user.id, session)?;
        let refresh_token = random_token();
        let ttl = chrono::Duration::from_std(config.refresh_ttl).map_err(CoreError::internal)?;
        self.inner
            .store
            .insert_refresh_token(RefreshTokenRecord {
                token_hash: token_hash(&refresh_token),
                session_id: session,
                user_id: user.id,
                expires_at: crate::time::now() + ttl,
            })
            .await?;
        Ok(AuthTokens { user, access_token, refresh_token, expires_in: config.access_ttl.as_secs() })
    }
}

pub(super) fn parse_email(raw: &str) -> CoreResult<String> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.contains('@')
        });
    if valid { Ok(email) } else { Err(CoreError::invalid("email", "email is not a valid address")) }
}

/// SHA-256 of a token, hex: what the store keeps instead of the token.
pub(super) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The secret of a single-use link sent by email: the token for the link, the hash the store
/// keeps, and until when it works.
pub(super) struct LinkToken {
    pub(super) token: String,
    pub(super) hash: String,
    pub(super) expires_at: chrono::DateTime<chrono::Utc>,
}

impl LinkToken {
    pub(super) fn new(ttl: Duration) -> CoreResult<Self> {
        let token = random_token();
        let expires_at = crate::time::now() + chrono::Duration::from_std(ttl).map_err(CoreError::internal)?;
        Ok(Self { hash: token_hash(&token), token, expires_at })
    }
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Each Argon2id hash holds 19 MiB for its duration: without a bound, a burst of logins from many
/// addresses would hold that much per request at once. Hashes beyond the bound wait their turn.
fn hashing_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        tokio::sync::Semaphore::new(cores * 2)
    })
}

pub(super) async fn hash_password(password: Password) -> CoreResult<String> {
    let _permit = hashing_permits().acquire().await.map_err(CoreError::internal)?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.expose().as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(CoreError::internal)?
    .map_err(CoreError::internal)
}

pub(super) async fn verify_password(password: String, hash: String) -> CoreResult<bool> {
    let _permit = hashing_permits().acquire().await.map_err(CoreError::internal)?;
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .map_err(CoreError::internal)
    })
    .await
    .map_err(CoreError::internal)?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(random_token().as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(parse_email(" Ada@Example.org ").ok().as_deref(), Some("ada@example.org"));
        for bad in ["ada", "@example.org", "ada@example", "a b@example.org", "ada@.org"] {
            assert!(parse_email(bad).is_err(), "{bad} should be rejected");
        }
    }
}
