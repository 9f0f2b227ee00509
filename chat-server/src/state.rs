//! The services and shared pieces every handler reaches, built once at start-up.

use crate::{
    config::Settings,
    identity::{HttpKeys, KeysAt, oidc::OidcProvider},
    net::TrustedProxies,
    quota::Quotas,
};
use anyhow::Context as _;
use base64::Engine as _;
use chat_core::{
    Chat, Stores,
    auth::{AuthConfig, ExternalIdentity, ExternalKey, KeySet},
    backend::{
        memory::MemoryBackend,
        redis::RedisBackend,
        sql::{SqlBackend, SqlTimeouts},
    },
    events::{EventQueue, EventShard},
    notification::RecordedNotifications,
    upload::ObjectFiles,
};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

/// Consumers of the domain events, each keeping the order of the conversations it is given.
const EVENT_SHARDS: usize = 8;

/// Shared state of the HTTP and realtime handlers.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The domain services.
    pub chat: Chat,
    /// Settings in effect.
    pub settings: Arc<Settings>,
    /// What each user (or address) may still do.
    pub quotas: Arc<Quotas>,
    /// The reverse proxies whose `X-Forwarded-For` is believed.
    pub proxies: Arc<TrustedProxies>,
    /// Where data lives (for readiness checks).
    pub storage: Storage,
    /// Redis, when presence and flash groups are shared between instances.
    pub redis: Option<Arc<RedisBackend>>,
    /// Where the services publish domain events.
    pub events: EventQueue,
    /// The consumers of [`AppState::events`], until the realtime transport takes them.
    pub event_shards: Arc<Mutex<Vec<EventShard>>>,
    /// In-memory maps whose sizes `/metrics` shows.
    pub sizes: Arc<crate::metrics::Sizes>,
    /// What the background checks last saw of the dependencies (`/ready`).
    pub health: Arc<crate::http::ops::Health>,
    /// Whether the instance is draining, and the work it waits for (see [`crate::drain`]).
    pub drain: Arc<crate::drain::Drain>,
    /// The SMTP sender of password reset and email verification links, when `CHAT_SMTP_URL` is set.
    pub mailer: Option<Arc<crate::mail::Mailer>>,
    /// The OpenID Connect provider users may sign in with, when `CHAT_OIDC_ISSUER` is set.
    pub oidc: Option<Arc<OidcProvider>>,
    /// The operators, who may use `/api/admin` (`CHAT_ADMIN_USER_IDS`).
    pub admins: Arc<std::collections::HashSet<chat_core::UserId>>,
}

/// The storage backend in use.
#[derive(Clone, Debug)]
pub enum Storage {
    /// In process memory (`DATABASE_URL=memory`).
    Memory,
    /// SQLite or PostgreSQL.
    Sql(Arc<SqlBackend>),
}

impl Storage {
    /// Checks the database answers.
    pub async fn ping(&self) -> chat_core::CoreResult<()> {
        match self {
            Self::Memory => Ok(()),
            Self::Sql(db) => db.ping().await,
        }
    }
}

impl AppState {
    /// Connects storage, runs migrations and wires the services.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        // Metrics recorded while the services are built (gauges set at zero) need the recorder.
        let _ = crate::metrics::handle();
        let url = settings.database_url();
        let (storage, mut stores) = if url == "memory" {
            (Storage::Memory, Stores::from_backend(Arc::new(MemoryBackend::new())))
        } else {
            if url.starts_with("sqlite:") {
                std::fs::create_dir_all(&settings.data_dir)
                    .with_context(|| format!("creating data folder {}", settings.data_dir.display()))?;
            }
            let timeouts = SqlTimeouts {
                acquire: Duration::from_millis(settings.database_acquire_timeout_ms),
                statement: Some(settings.database_statement_timeout_ms).filter(|ms| *ms > 0).map(Duration::from_millis),
            };
            let mut db = match &settings.database_schema {
                Some(schema) => SqlBackend::connect_in_schema(&url, schema, timeouts).await,
                None => SqlBackend::connect_with(&url, settings.database_read_url.as_deref(), timeouts).await,
            }
            .context("connecting to the database")?;
            db.migrate().await.context("running database migrations")?;
            db.record_integration_events(settings.integration.enabled());
            let db = Arc::new(db);
            (Storage::Sql(db.clone()), Stores::from_backend(db))
        };
        stores.files = Arc::new(match settings.upload_storage.as_str() {
            "local" => ObjectFiles::local(&settings.data_dir.join("uploads")).context("opening the upload folder")?,
            "s3" => {
                let bucket = settings.s3_bucket.as_deref().context("CHAT_S3_BUCKET is required with s3 storage")?;
                ObjectFiles::s3(bucket, settings.s3_endpoint.as_deref()).context("configuring S3 storage")?
            }
            other => anyhow::bail!("CHAT_UPLOAD_STORAGE must be local or s3, not {other}"),
        });
        let redis = match &settings.redis_url {
            Some(url) => {
                let command_timeout = Duration::from_millis(settings.redis_command_timeout_ms);
                let redis = RedisBackend::connect_with_timeout(url, &settings.redis_prefix, command_timeout)
                    .await
                    .context("connecting to Redis")?;
                let heartbeat = Duration::from_secs(settings.presence_heartbeat_secs.max(1));
                let presence = redis.presence_with_heartbeat(heartbeat).await.context("starting Redis presence")?;
                stores.presence = Arc::new(presence);
                stores.flash_groups = Arc::new(redis.clone());
                let lifetime = Duration::from_secs(settings.limits.notification_ttl_secs);
                stores.notifications = match (&storage, settings.integration.enabled()) {
                    // The integration events of notifications are still recorded in the outbox.
                    (Storage::Sql(db), true) => {
                        Arc::new(RecordedNotifications::new(Arc::new(redis.notifications(lifetime)), db.clone()))
                    }
                    _ => Arc::new(redis.notifications(lifetime)),
                };
                Some(Arc::new(redis))
            }
            None => None,
        };
        let (events, event_shards) = EventQueue::new(EVENT_SHARDS, settings.event_queue_max);
        let auth = auth_config(&settings)?;
        let oidc = oidc_provider(&settings, &auth.jwt_secret)?.map(Arc::new);
        let chat = Chat::new(stores, auth, settings.limits.clone(), Arc::new(events.clone()));
        chat.auth.check_config().context("checking the token configuration")?;
        anyhow::ensure!(
            !settings.limits.email_verification || settings.smtp_url.is_some(),
            "CHAT_EMAIL_VERIFICATION needs CHAT_SMTP_URL to send its links"
        );
        let mailer = match &settings.smtp_url {
            Some(url) => Some(Arc::new(crate::mail::Mailer::new(url, &settings.smtp_from)?)),
            None => None,
        };
        let admins = Arc::new(admin_ids(&settings.admin_user_ids)?);
        Ok(Self {
            chat,
            quotas: Arc::new(Quotas::new(&settings, redis.clone())),
            proxies: Arc::new(TrustedProxies::parse(&settings.trusted_proxies).map_err(anyhow::Error::msg)?),
            settings: Arc::new(settings),
            storage,
            redis,
            events,
            event_shards: Arc::new(Mutex::new(event_shards)),
            sizes: Arc::default(),
            health: Arc::default(),
            drain: Arc::default(),
            mailer,
            oidc,
            admins,
        })
    }
}

/// `CHAT_ADMIN_USER_IDS`: user ids, comma-separated.
fn admin_ids(list: &str) -> anyhow::Result<std::collections::HashSet<chat_core::UserId>> {
    let ids = list.split(',').map(str::trim).filter(|id| !id.is_empty());
    ids.map(|id| {
        id.parse().map(chat_core::UserId).with_context(|| format!("CHAT_ADMIN_USER_IDS: {id} is not a user id"))
    })
    .collect()
}

fn auth_config(settings: &Settings) -> anyhow::Result<AuthConfig> {
    let secret = match &settings.jwt_secret {
        Some(secret) => secret.clone().into_bytes(),
        None => {
            tracing::warn!(
                "CHAT_JWT_SECRET is not set: using a random secret, so every token dies when the server restarts"
            );
            let mut bytes = [0u8; 48];
            rand_bytes(&mut bytes);
            base64::engine::general_purpose::STANDARD.encode(bytes).into_bytes()
        }
    };
    let mut config = AuthConfig::new(secret);
    config.issuer.clone_from(&settings.jwt_issuer);
    config.audience.clone_from(&settings.jwt_audience);
    config.access_ttl = Duration::from_secs(settings.access_token_ttl_secs);
    config.refresh_ttl = Duration::from_secs(settings.refresh_token_ttl_secs);
    config.external = external_identity(settings)?;
    Ok(config)
}

/// The external access tokens accepted: with a fixed key (`CHAT_EXTERNAL_JWT_ALGORITHM` and
/// `_KEY`), else with the provider's key set (`CHAT_EXTERNAL_JWKS_URL`, or the issuer's discovery).
fn external_identity(settings: &Settings) -> anyhow::Result<Option<ExternalIdentity>> {
    let Some(issuer) = settings.external_jwt_issuer.clone() else {
        anyhow::ensure!(
            settings.external_jwt_algorithm.is_none() && settings.external_jwks_url.is_none(),
            "CHAT_EXTERNAL_JWT_ISSUER is required to accept another provider's tokens"
        );
        return Ok(None);
    };
    let audience = settings.external_jwt_audience.clone().context("CHAT_EXTERNAL_JWT_AUDIENCE is required")?;
    let key = match settings.external_jwt_algorithm.as_deref() {
        Some(algorithm) => {
            let key = settings
                .external_jwt_key
                .clone()
                .context("CHAT_EXTERNAL_JWT_KEY is required with an external algorithm")?;
            match algorithm.to_ascii_uppercase().as_str() {
                "HS256" => ExternalKey::Hs256(key.into_bytes()),
                "RS256" => ExternalKey::Rs256Pem(key),
                other => anyhow::bail!("CHAT_EXTERNAL_JWT_ALGORITHM must be HS256 or RS256, not {other}"),
            }
        }
        None => {
            let at = match &settings.external_jwks_url {
                Some(url) => KeysAt::Url(url.clone()),
                None => KeysAt::Issuer(issuer.clone()),
            };
            ExternalKey::Jwks(Arc::new(key_set(settings, crate::identity::client()?, at)))
        }
    };
    Ok(Some(ExternalIdentity { key, issuer, audience }))
}

/// The OpenID Connect provider of `CHAT_OIDC_*`, its callback at `CHAT_PUBLIC_URL`.
fn oidc_provider(settings: &Settings, secret: &[u8]) -> anyhow::Result<Option<OidcProvider>> {
    let Some(issuer) = settings.oidc_issuer.clone() else { return Ok(None) };
    let client_id = settings.oidc_client_id.clone().context("CHAT_OIDC_CLIENT_ID is required with CHAT_OIDC_ISSUER")?;
    let client_secret =
        settings.oidc_client_secret.clone().context("CHAT_OIDC_CLIENT_SECRET is required with CHAT_OIDC_ISSUER")?;
    if settings.public_url.is_none() {
        tracing::warn!("CHAT_PUBLIC_URL is not set: the sign-in callback is http://CHAT_BIND/api/auth/oidc/callback");
    }
    // One HTTP client (and its TLS roots, read once) for the provider's documents and keys.
    let client = crate::identity::client()?;
    Ok(Some(OidcProvider::new(
        settings.oidc_name.clone(),
        issuer.clone(),
        client_id,
        client_secret,
        format!("{}/api/auth/oidc/callback", settings.public_base()),
        Arc::new(key_set(settings, client.clone(), KeysAt::Issuer(issuer))),
        client,
        Duration::from_secs(settings.jwks_max_age_secs),
        secret,
    )))
}

/// A provider's keys, fetched when first needed and as `CHAT_JWKS_*` say.
fn key_set(settings: &Settings, client: reqwest::Client, at: KeysAt) -> KeySet {
    KeySet::new(
        Arc::new(HttpKeys::new(client, at)),
        Duration::from_secs(settings.jwks_refresh_secs),
        Duration::from_secs(settings.jwks_max_age_secs),
    )
}

fn rand_bytes(buf: &mut [u8]) {
    use rand::RngCore as _;
    rand::thread_rng().fill_bytes(buf);
}
