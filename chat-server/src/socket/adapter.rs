//! Where broadcasts go: this process only, or every instance through Redis (the socketioxide
//! Redis adapter over fred, sharded pub/sub, Redis ≥ 7).

use super::{authenticate, configure, events, expiry, on_connect};
use crate::state::AppState;
use anyhow::Context as _;
use axum::Router;
use fred::{
    clients::SubscriberClient,
    interfaces::{EventInterface, PubsubInterface},
    prelude::{Builder, Config, ReconnectPolicy},
    types::{
        RespVersion,
        config::{ConnectionConfig, PerformanceConfig},
    },
};
use socketioxide::{SocketIo, adapter::Emitter, handler::ConnectHandler};
use socketioxide_redis::{FredAdapter, RedisAdapterConfig, RedisAdapterCtr};
use std::{sync::Arc, time::Duration};

/// The Socket.IO server, whichever adapter it runs on.
#[derive(Clone, Debug)]
pub enum Io {
    /// Broadcasts stay in this process.
    Local(SocketIo),
    /// Broadcasts and room changes reach every instance through Redis.
    Redis(SocketIo<FredAdapter<Emitter>>),
}

impl Io {
    /// Disconnects every socket (at shutdown, so open WebSockets do not hold it up).
    pub async fn close(&self) {
        match self {
            Self::Local(io) => io.close().await,
            Self::Redis(io) => io.close().await,
        }
    }
}

/// Mounts Socket.IO on `router` (path `/socket.io`) and starts forwarding domain events; with
/// `REDIS_URL` set, through the Redis adapter.
pub async fn attach(router: Router, app: &AppState) -> anyhow::Result<(Router, Io)> {
    let Some(url) = &app.settings.redis_url else {
        let deadlines = Arc::default();
        let (layer, io) = configure(SocketIo::builder(), app, Arc::clone(&deadlines)).build_layer();
        io.ns("/", on_connect.with(authenticate));
        events::forward(&io, take_shards(app), None);
        expiry::watch(&io, deadlines);
        return Ok((mount(router, layer), Io::Local(io)));
    };
    let client = subscriber(url, Duration::from_millis(app.settings.redis_command_timeout_ms))?;
    resubscribe_after_reconnects(client.clone());
    let config = RedisAdapterConfig::new().with_prefix(format!("{}socket.io", app.settings.redis_prefix));
    let adapter = RedisAdapterCtr::new_with_fred_config(client, config)
        .await
        .context("connecting the Socket.IO adapter to Redis")?;
    let deadlines = Arc::default();
    let builder = SocketIo::builder().with_adapter::<FredAdapter<_>>(adapter);
    let (layer, io) = configure(builder, app, Arc::clone(&deadlines)).build_layer();
    io.ns("/", on_connect.with(authenticate)).await.context("starting the Socket.IO namespace on Redis")?;
    events::forward(&io, take_shards(app), app.redis.clone());
    expiry::watch(&io, deadlines);
    super::revocations::listen(app).await?;
    Ok((mount(router, layer), Io::Redis(io)))
}

/// Puts the Socket.IO layer in front of `router`, behind [`super::handshake::slim`].
fn mount<L>(router: Router, socket_io: L) -> Router
where
    L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
    L::Service:
        tower::Service<axum::extract::Request, Error = std::convert::Infallible> + Clone + Send + Sync + 'static,
    <L::Service as tower::Service<axum::extract::Request>>::Response: axum::response::IntoResponse + 'static,
    <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
{
    router.layer(socket_io).layer(axum::middleware::map_request(super::handshake::slim))
}

/// The event consumers: the first transport attached gets them all.
fn take_shards(app: &AppState) -> Vec<chat_core::events::EventShard> {
    std::mem::take(&mut *app.event_shards.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// Subscribes again to the adapter's channels each time the client reconnects. The adapter's fred
/// driver does not, and fred's own `manage_subscriptions` gives up before the sharded channels the
/// adapter uses (it first sends a `SUBSCRIBE` with no channel, which Redis refuses): without this,
/// cross-instance delivery would stop for good after a Redis restart.
fn resubscribe_after_reconnects(client: SubscriberClient) {
    tokio::spawn(async move {
        let mut reconnects = client.reconnect_rx();
        while reconnects.recv().await.is_ok() {
            let channels = client.tracked_shard_channels();
            tracing::info!(channels = channels.len(), "Redis reconnected; subscribing again");
            for channel in channels {
                if let Err(e) = client.ssubscribe(channel.to_string()).await {
                    metrics::counter!("chat_socket_adapter_errors_total", "op" => "resubscribe").increment(1);
                    tracing::error!(error = %e, %channel, "subscribing again after a Redis reconnect");
                }
            }
        }
    });
}

/// A RESP3 pub/sub client that reconnects forever (100 ms doubling to 1 s between attempts) and fails
/// commands after `command_timeout` instead of queueing them while Redis is away.
pub(super) fn subscriber(url: &str, command_timeout: Duration) -> anyhow::Result<SubscriberClient> {
    let mut config = Config::from_url(url).context("parsing REDIS_URL")?;
    // RESP3 lets the subscribed connection publish too; with RESP2 Redis refuses SPUBLISH on it.
    config.version = RespVersion::RESP3;
    Builder::from_config(config)
        .set_policy(ReconnectPolicy::new_exponential(0, 100, 1_000, 2))
        .with_connection_config(|c: &mut ConnectionConfig| {
            c.connection_timeout = Duration::from_secs(3);
            c.internal_command_timeout = Duration::from_secs(3);
            c.max_command_attempts = 1;
        })
        .with_performance_config(|p: &mut PerformanceConfig| {
            p.default_command_timeout = command_timeout;
        })
        .build_subscriber_client()
        .context("building the Redis client")
}
