//! Login revocations between instances. Each instance keeps recently checked logins in a cache
//! (`CHAT_SESSION_CACHE_SECS`); a logout on one instance must end that login on the others too.
//! With Redis, the instance that revoked it publishes the login's id on
//! `<CHAT_REDIS_PREFIX>sessions:revoked`, and every instance marks it revoked in its cache at once.
//! Without Redis there is one instance, whose cache is updated by the revocation itself. Should a
//! publication be lost (Redis down at that moment), the cache entry's lifetime bounds the delay.

use crate::state::AppState;
use anyhow::Context as _;
use chat_core::{SessionId, backend::redis::RedisBackend};
use fred::interfaces::{ClientLike as _, EventInterface as _, PubsubInterface as _};

fn channel(prefix: &str) -> String {
    format!("{prefix}sessions:revoked")
}

/// Tells the other instances that `session` was revoked here.
pub async fn publish(redis: &RedisBackend, session: SessionId) {
    let published: Result<i64, _> = redis.client().publish(channel(redis.prefix()), session.to_string()).await;
    if let Err(e) = published {
        metrics::counter!("chat_socket_adapter_errors_total", "op" => "revocation").increment(1);
        tracing::warn!(error = %e, "revocation not relayed; other instances learn it when their cache expires");
    }
}

/// Subscribes to the revocations of the other instances and applies them to this instance's
/// cache, until the process ends (subscribing again after Redis reconnects).
pub async fn listen(app: &AppState) -> anyhow::Result<()> {
    let Some(redis) = &app.redis else { return Ok(()) };
    let url = app.settings.redis_url.as_deref().context("REDIS_URL")?;
    let timeout = std::time::Duration::from_millis(app.settings.redis_command_timeout_ms);
    let client = super::adapter::subscriber(url, timeout)?;
    client.init().await.context("connecting the revocation subscriber to Redis")?;
    // This task holds a clone of the client, which keeps the subscription open.
    client.manage_subscriptions();
    let auth = app.chat.auth.clone();
    client.on_message(move |message| {
        match message.value.as_str().and_then(|id| id.parse::<SessionId>().ok()) {
            Some(session) => auth.session_revoked_elsewhere(session),
            None => tracing::warn!(channel = %message.channel, "unreadable revocation"),
        }
        async { Ok(()) }
    });
    client.subscribe(channel(redis.prefix())).await.context("subscribing to revocations")?;
    Ok(())
}
