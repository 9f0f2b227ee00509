//! Typed settings: defaults < optional TOML file (`CHAT_CONFIG`) < `CHAT_*` environment
//! variables < `DATABASE_URL` / `DATABASE_READ_URL`.

use crate::quota::Rates;
use chat_core::Limits;
use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};
use std::{net::SocketAddr, path::PathBuf};

/// Settings that were replaced, with what to set instead: refusing to start beats silently
/// running without the protection the operator asked for.
const GONE: [(&str, &str); 3] = [
    (
        "CHAT_TRUST_PROXY",
        "list your proxies' addresses or networks in CHAT_TRUSTED_PROXIES instead (the client address is then \
         the rightmost X-Forwarded-For entry that is not one of them)",
    ),
    ("CHAT_SOCKET_RATE_BURST", "socket events are limited per user and class of action: see CHAT_RATE_*"),
    ("CHAT_SOCKET_RATE_PER_SECOND", "socket events are limited per user and class of action: see CHAT_RATE_*"),
];

/// Everything the server can be configured with. See the README for each setting.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Address to listen on (`CHAT_BIND`).
    pub bind: SocketAddr,
    /// Folder for the SQLite file and uploads (`CHAT_DATA_DIR`).
    pub data_dir: PathBuf,
    /// `sqlite://…`, `postgres://…` or `memory` (`DATABASE_URL`); defaults to a SQLite file in the data folder.
    pub database_url: Option<String>,
    /// Optional read replica (`DATABASE_READ_URL`).
    pub database_read_url: Option<String>,
    /// PostgreSQL schema to keep the tables in, created if missing (`CHAT_DATABASE_SCHEMA`).
    pub database_schema: Option<String>,
    /// Redis for presence, flash groups and the cross-instance Socket.IO adapter (`REDIS_URL`);
    /// unset keeps all three in this process.
    pub redis_url: Option<String>,
    /// Prefix of every Redis key this deployment uses (`CHAT_REDIS_PREFIX`).
    pub redis_prefix: String,
    /// How often expired flash groups are looked for and announced, in ms (`CHAT_FLASH_EXPIRY_POLL_MS`).
    pub flash_expiry_poll_ms: u64,
    /// How often connections of dead instances are swept from presence, in s (`CHAT_PRESENCE_SWEEP_SECS`).
    pub presence_sweep_secs: u64,
    /// With Redis, how long an instance counts as alive after its last heartbeat, in s; the
    /// heartbeat is sent every third of it (`CHAT_PRESENCE_HEARTBEAT_SECS`).
    pub presence_heartbeat_secs: u64,
    /// HS256 secret for access tokens, at least 32 bytes (`CHAT_JWT_SECRET`); generated when absent.
    pub jwt_secret: Option<String>,
    /// `iss` of issued tokens (`CHAT_JWT_ISSUER`).
    pub jwt_issuer: String,
    /// `aud` of issued tokens (`CHAT_JWT_AUDIENCE`).
    pub jwt_audience: String,
    /// Access-token lifetime in seconds (`CHAT_ACCESS_TOKEN_TTL_SECS`).
    pub access_token_ttl_secs: u64,
    /// Refresh-token lifetime in seconds (`CHAT_REFRESH_TOKEN_TTL_SECS`).
    pub refresh_token_ttl_secs: u64,
    /// External identity provider: `HS256` or `RS256` (`CHAT_EXTERNAL_JWT_ALGORITHM`).
    pub external_jwt_algorithm: Option<String>,
    /// Its HS256 secret or RS256 public key PEM (`CHAT_EXTERNAL_JWT_KEY`).
    pub external_jwt_key: Option<String>,
    /// Required `iss` of its tokens (`CHAT_EXTERNAL_JWT_ISSUER`).
    pub external_jwt_issuer: Option<String>,
    /// Required `aud` of its tokens (`CHAT_EXTERNAL_JWT_AUDIENCE`).
    pub external_jwt_audience: Option<String>,
    /// Its key set (JWKS), when no fixed key is set; unset, the `jwks_uri` of the issuer's
    /// discovery document (`CHAT_EXTERNAL_JWKS_URL`).
    pub external_jwks_url: Option<String>,
    /// A provider's keys are fetched again for a token naming an unknown key at most this often,
    /// in seconds (`CHAT_JWKS_REFRESH_SECS`).
    pub jwks_refresh_secs: u64,
    /// ... and at the first token after they are this old, in seconds (`CHAT_JWKS_MAX_AGE_SECS`).
    pub jwks_max_age_secs: u64,
    /// OpenID Connect provider users may sign in with (`CHAT_OIDC_ISSUER`); unset, none.
    pub oidc_issuer: Option<String>,
    /// This server's client id there (`CHAT_OIDC_CLIENT_ID`).
    pub oidc_client_id: Option<String>,
    /// And its secret (`CHAT_OIDC_CLIENT_SECRET`). Never logged.
    pub oidc_client_secret: Option<String>,
    /// The provider's name on the sign-in button (`CHAT_OIDC_NAME`).
    pub oidc_name: String,
    /// Comma-separated origins allowed by CORS; empty allows none (`CHAT_CORS_ORIGINS`).
    pub cors_origins: String,
    /// Largest request body in bytes (`CHAT_BODY_LIMIT_BYTES`).
    pub body_limit_bytes: usize,
    /// Register/login attempts allowed at once per client IP (`CHAT_AUTH_RATE_BURST`); 0 disables.
    pub auth_rate_burst: u32,
    /// Register/login attempts regained per minute per client IP (`CHAT_AUTH_RATE_PER_MINUTE`).
    pub auth_rate_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed: addresses and CIDR networks,
    /// comma-separated (`CHAT_TRUSTED_PROXIES`). Empty: the peer address is the client.
    pub trusted_proxies: String,
    /// Concurrent TCP connections one client address may hold (an IPv6 /64 counts as one
    /// address; trusted proxies are not counted); 0 for no cap (`CHAT_MAX_CONNECTIONS_PER_ADDRESS`).
    pub max_connections_per_address: usize,
    /// How often the dependencies are checked for `/ready`, in milliseconds (`CHAT_READY_INTERVAL_MS`).
    pub ready_interval_ms: u64,
    /// How long one readiness check may take before the dependency counts as unavailable
    /// (`CHAT_READY_TIMEOUT_MS`).
    pub ready_timeout_ms: u64,
    /// After SIGTERM, the longest the instance takes to exit, in seconds: the first half for the
    /// events it took to be answered, the rest for its connections to close
    /// (`CHAT_SHUTDOWN_TIMEOUT_SECS`).
    pub shutdown_timeout_secs: u64,
    /// Longest a REST request (uploads and file downloads aside) or a socket event may take, in
    /// ms, before it is answered `unavailable` (a dependency stopped answering)
    /// (`CHAT_REQUEST_DEADLINE_MS`).
    pub request_deadline_ms: u64,
    /// Longest wait for a pooled database connection, in ms (`CHAT_DATABASE_ACQUIRE_TIMEOUT_MS`).
    pub database_acquire_timeout_ms: u64,
    /// Longest one statement may run on PostgreSQL, in ms; 0 for no limit
    /// (`CHAT_DATABASE_STATEMENT_TIMEOUT_MS`).
    pub database_statement_timeout_ms: u64,
    /// Longest a Redis command may wait, in ms, queued while Redis is away included
    /// (`CHAT_REDIS_COMMAND_TIMEOUT_MS`).
    pub redis_command_timeout_ms: u64,
    /// Bearer token `/metrics` requires; unset, it answers clients on this host only (`CHAT_METRICS_TOKEN`).
    pub metrics_token: Option<String>,
    /// A separate address to serve `/metrics` on, kept private by the operator: there it answers
    /// whoever reaches it (with `CHAT_METRICS_TOKEN` when set) (`CHAT_METRICS_BIND`).
    pub metrics_bind: Option<std::net::SocketAddr>,
    /// SMTP server that sends password reset and verification links, `smtp://host:port` (plain; for a local relay),
    /// `smtp://host?tls=required` (STARTTLS) or `smtps://user:password@host` (`CHAT_SMTP_URL`);
    /// unset, password recovery and email verification are off. Never logged.
    pub smtp_url: Option<String>,
    /// The sender of those emails (`CHAT_SMTP_FROM`).
    pub smtp_from: String,
    /// The address users reach the web client at, for links in emails (`CHAT_PUBLIC_URL`); by
    /// default `http://` and `CHAT_BIND`. Never taken from a request's `Host`, which a client
    /// chooses.
    pub public_url: Option<String>,
    /// How long a password reset link works, in seconds (`CHAT_PASSWORD_RESET_TTL_SECS`).
    pub password_reset_ttl_secs: u64,
    /// How long an email verification link works, in seconds (`CHAT_EMAIL_VERIFICATION_TTL_SECS`).
    pub email_verification_ttl_secs: u64,
    /// Keys one rate limiter tracks at most; past it new keys share one bucket (`CHAT_RATE_LIMIT_MAX_KEYS`).
    pub rate_limit_max_keys: usize,
    /// Seconds a connection has to join the namespace after opening, and a binary packet to
    /// receive all its attachments (`CHAT_SOCKET_HANDSHAKE_TIMEOUT_SECS`).
    pub socket_handshake_timeout_secs: u64,
    /// Binary attachments one Socket.IO packet may carry; together they carry at most
    /// `socket_max_message_bytes` (`CHAT_SOCKET_MAX_ATTACHMENTS`).
    pub socket_max_attachments: usize,
    /// Largest Socket.IO message, WebSocket or polling, in bytes (`CHAT_SOCKET_MAX_MESSAGE_BYTES`);
    /// a larger one closes that connection.
    pub socket_max_message_bytes: usize,
    /// Engine.IO ping interval in seconds (`CHAT_SOCKET_PING_INTERVAL_SECS`).
    pub socket_ping_interval_secs: u64,
    /// Seconds without a pong before a connection is dropped (`CHAT_SOCKET_PING_TIMEOUT_SECS`).
    pub socket_ping_timeout_secs: u64,
    /// Packets queued per socket before emits to it fail (`CHAT_SOCKET_BUFFER_SIZE`).
    pub socket_buffer_size: usize,
    /// Client events being handled at once on this instance, all sockets together; past it an
    /// event is answered `rate_limited` on the spot (`CHAT_SOCKET_EVENTS_IN_FLIGHT`; 0: no limit).
    pub socket_events_in_flight: usize,
    /// Size in bytes of each WebSocket's read buffer, which an idle connection keeps
    /// (`CHAT_SOCKET_READ_BUFFER_BYTES`); larger messages are read in several steps.
    pub socket_read_buffer_bytes: usize,
    /// Domain events waiting to reach the sockets before recoverable ones (messages, receipts,
    /// typing, presence) are shed; membership and login changes are always kept
    /// (`CHAT_EVENT_QUEUE_MAX`).
    pub event_queue_max: usize,
    /// What a user may do per minute, by class of action (`CHAT_RATE_*`).
    #[serde(flatten)]
    pub rates: Rates,
    /// Conversation rooms a socket joins at most, the most recently active first
    /// (`CHAT_MAX_ROOMS_PER_SOCKET`).
    pub max_rooms_per_socket: usize,
    /// Where uploaded files go: `local` (under the data folder) or `s3` (`CHAT_UPLOAD_STORAGE`).
    pub upload_storage: String,
    /// S3 bucket, with `upload_storage = s3` (`CHAT_S3_BUCKET`); credentials from `AWS_*`.
    pub s3_bucket: Option<String>,
    /// S3-compatible endpoint such as MinIO (`CHAT_S3_ENDPOINT`); unset means AWS.
    pub s3_endpoint: Option<String>,
    /// Uploads processed at once (`CHAT_UPLOAD_WORKERS`).
    pub upload_workers: usize,
    /// Largest file sent over the socket with `uploadFile`, decoded, in bytes
    /// (`CHAT_SOCKET_UPLOAD_MAX_BYTES`); the message carrying it must also fit
    /// `CHAT_SOCKET_MAX_MESSAGE_BYTES`.
    pub socket_upload_max_bytes: usize,
    /// Folder of a built web client to serve at `/` instead of the one built into the binary
    /// (`CHAT_WEB_DIR`).
    pub web_dir: Option<PathBuf>,
    /// Log as JSON lines instead of text (`CHAT_LOG_JSON`).
    pub log_json: bool,
    /// Input limits (`CHAT_USERNAME_MIN`, `CHAT_MESSAGE_MAX_CHARS`, `CHAT_PAGE_MAX`, …).
    #[serde(flatten)]
    pub limits: Limits,
    /// Users who may use the operator routes (`/api/admin`), by id, comma-separated
    /// (`CHAT_ADMIN_USER_IDS`).
    pub admin_user_ids: String,
    /// Integration events and their sinks (`CHAT_AMQP_URL`, `CHAT_OUTBOX_*`, …).
    #[serde(flatten)]
    pub integration: crate::integration::IntegrationSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            database_read_url: None,
            database_schema: None,
            redis_url: None,
            redis_prefix: "chat:".into(),
            flash_expiry_poll_ms: 250,
            presence_sweep_secs: 2,
            presence_heartbeat_secs: 5,
            jwt_secret: None,
            jwt_issuer: "chat-server".into(),
            jwt_audience: "chat-clients".into(),
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 7 * 24 * 3600,
            external_jwt_algorithm: None,
            external_jwt_key: None,
            external_jwt_issuer: None,
            external_jwt_audience: None,
            external_jwks_url: None,
            jwks_refresh_secs: 60,
            jwks_max_age_secs: 3600,
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_name: "your organisation".into(),
            cors_origins: String::new(),
            body_limit_bytes: 1024 * 1024,
            auth_rate_burst: 10,
            auth_rate_per_minute: 10,
            trusted_proxies: String::new(),
            max_connections_per_address: 1000,
            metrics_token: None,
            metrics_bind: None,
            smtp_url: None,
            smtp_from: "chat-server <no-reply@localhost>".into(),
            public_url: None,
            password_reset_ttl_secs: 1800,
            email_verification_ttl_secs: 24 * 3600,
            ready_interval_ms: 1000,
            ready_timeout_ms: 800,
            shutdown_timeout_secs: 20,
            request_deadline_ms: 5000,
            database_acquire_timeout_ms: 3000,
            database_statement_timeout_ms: 5000,
            redis_command_timeout_ms: 3000,
            rate_limit_max_keys: chat_core::ratelimit::DEFAULT_MAX_KEYS,
            socket_handshake_timeout_secs: 10,
            socket_max_attachments: 8,
            socket_max_message_bytes: 64 * 1024,
            socket_ping_interval_secs: 25,
            socket_ping_timeout_secs: 20,
            socket_buffer_size: 128,
            socket_read_buffer_bytes: 1024,
            event_queue_max: 65_536,
            socket_events_in_flight: 8192,
            rates: Rates::default(),
            max_rooms_per_socket: 5000,
            upload_storage: "local".into(),
            s3_bucket: None,
            s3_endpoint: None,
            upload_workers: 2,
            socket_upload_max_bytes: 1024 * 1024,
            web_dir: None,
            log_json: false,
            limits: Limits::default(),
            admin_user_ids: String::new(),
            integration: crate::integration::IntegrationSettings::default(),
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database", &self.database_for_logs())
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("external_jwt_algorithm", &self.external_jwt_algorithm)
            .field("cors_origins", &self.cors_origins)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Settings {
    /// Loads settings from the environment (and the file named by `CHAT_CONFIG`, if any).
    pub fn load() -> Result<Self, Box<figment::Error>> {
        if let Some((name, instead)) = GONE.iter().find(|(name, _)| std::env::var_os(name).is_some()) {
            return Err(Box::new(figment::Error::from(format!("{name} is gone: {instead}"))));
        }
        let settings: Self = Self::figment().extract().map_err(Box::new)?;
        if let Some(entry) = chat_core::message::unknown_reaction(&settings.limits.reaction_emojis) {
            return Err(Box::new(figment::Error::from(format!(
                "CHAT_REACTION_EMOJIS holds {entry:?}, which is not a single emoji"
            ))));
        }
        Ok(settings)
    }

    /// The layered configuration sources.
    pub fn figment() -> Figment {
        let mut figment = Figment::from(Serialized::defaults(Self::default()));
        if let Ok(path) = std::env::var("CHAT_CONFIG") {
            figment = figment.merge(Toml::file_exact(path));
        }
        figment.merge(Env::prefixed("CHAT_").ignore(&["CONFIG"])).merge(Env::raw().only(&[
            "DATABASE_URL",
            "DATABASE_READ_URL",
            "REDIS_URL",
        ]))
    }

    /// The address users reach the web client at, without a trailing `/`: `CHAT_PUBLIC_URL`, or
    /// `http://` and `CHAT_BIND`.
    pub fn public_base(&self) -> String {
        let base = self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.bind));
        base.trim_end_matches('/').to_owned()
    }

    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}/chat.db?mode=rwc", self.data_dir.display()))
    }

    /// The database URL without anything secret in it: no user or password, no query (where
    /// `?password=` may be), for logs.
    pub fn database_for_logs(&self) -> String {
        let url = self.database_url();
        let url = url.split(['?', '#']).next().unwrap_or_default();
        let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        format!("{scheme}://{host}{path}")
    }

    /// CORS origins as a list.
    pub fn cors_origin_list(&self) -> Vec<String> {
        self.cors_origins.split(',').map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;
    use crate::quota::Rate;
    use figment::{
        Figment,
        providers::{Format, Serialized, Toml},
    };

    #[test]
    fn allowances_are_set_as_burst_slash_per_minute_and_zero_turns_one_off() {
        let settings: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string(
                "rate_send = \"30/600\"\nrate_typing = 0\nrate_status = \"0\"\nrate_create = \"5/10h\"",
            ))
            .extract()
            .unwrap();
        assert_eq!(settings.rates.rate_send, Rate::new(30, 600));
        assert_eq!(settings.rates.rate_typing, Rate::OFF);
        assert_eq!(settings.rates.rate_status, Rate::OFF);
        assert_eq!(settings.rates.rate_create, Rate::hourly(5, 10));
        assert_eq!(settings.rates.rate_read, Settings::default().rates.rate_read, "the others keep their defaults");
        let wrong = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string("rate_send = \"fast\""))
            .extract::<Settings>();
        assert!(wrong.unwrap_err().to_string().contains("<burst>/<per minute>"));
    }

    fn logged(url: &str) -> String {
        let settings = Settings { database_url: Some(url.to_owned()), ..Settings::default() };
        let debug = format!("{settings:?}");
        assert!(!debug.contains("s3cret"), "{debug}");
        settings.database_for_logs()
    }

    #[test]
    fn the_logged_database_url_has_no_password_in_its_user_part_or_its_query() {
        assert_eq!(logged("postgres://chat:s3cret@db:5432/chat?sslmode=require"), "postgres://db:5432/chat");
        assert_eq!(logged("postgres://chat@db/chat?password=s3cret&user=chat"), "postgres://db/chat");
        assert_eq!(logged("postgres://db/chat?password=s3cret"), "postgres://db/chat");
        assert_eq!(logged("postgres://u:p@s3cret@db"), "postgres://db");
        assert_eq!(logged("sqlite://data/chat.db?mode=rwc"), "sqlite://data/chat.db");
    }
}
