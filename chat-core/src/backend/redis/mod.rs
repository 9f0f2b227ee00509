//! Redis stores (feature `redis`): flash groups, presence and notifications shared by every server
//! process.
//!
//! Every key starts with the backend's prefix, so several deployments (or test runs) can share one
//! Redis. A flash group's keys carry a hash tag (`flash:{<id>}:…`) so that a Redis Cluster keeps
//! them on one slot, which the group's Lua scripts need.
//!
//! | key | type | content |
//! |---|---|---|
//! | `flash:{<id>}:meta` | hash | `conv` (the conversation JSON without members), `last_seq`, `c:<senderId>:<clientMsgId>` → seq |
//! | `flash:{<id>}:members` | hash | `role:<userId>`, `read:<userId>`, `delivered:<userId>` |
//! | `flash:{<id>}:messages` | list | the newest messages as JSON, ascending `seq` |
//! | `user:<userId>:flash` | sorted set | the user's group ids, scored by expiry (ms) |
//! | `flash:expiring` | sorted set | every group id, scored by expiry (ms), until announced |
//! | `flash:expiring:members` | hash | group id → member ids (JSON), until announced |
//! | `presence:user:<userId>` | hash | `<instanceId>:<connectionId>` → 1, and `status` |
//! | `presence:instances` | set | instance ids that may hold connections |
//! | `presence:instance:<id>` | string | the instance's heartbeat, with a TTL |
//! | `presence:instance:<id>:users` | set | users with a connection on that instance |
//! | `rate:<class>:<user or address>` | string | when a shared allowance is full again (ms), expiring then |
//! | `notifications:<userId>` | sorted set | `<id>\t<notification JSON>`, by member (ids are UUID v7), expiring a lifetime after the last |
//! | `notifications:<userId>:read` | string | the id every notification up to is read |

mod allowance;
mod flash_group;
mod notification;
mod presence;
mod reaction;

pub use notification::RedisNotifications;
pub use presence::{HEARTBEAT_TTL, RedisPresence};

use crate::{CoreError, CoreResult};
use fred::{
    error::Error as RedisError,
    prelude::{Builder, Client, ClientLike, Config, LuaInterface, ReconnectPolicy, Value},
};
use std::{fmt, sync::Arc, time::Duration};

/// How long establishing a TCP connection may take.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// How long any command may wait, queued while Redis is unreachable included: callers get an
/// error instead of hanging until Redis comes back.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(3);

/// A connection to Redis and the prefix of every key this backend touches.
///
/// Cheap to clone: clones share the connection. Implements
/// [`FlashGroupStore`](crate::flash_group::FlashGroupStore); [`RedisBackend::presence`] builds the
/// [`PresenceStore`](crate::presence::PresenceStore) of one server process.
#[derive(Clone)]
pub struct RedisBackend {
    client: Client,
    prefix: Arc<str>,
    scripts: Arc<Scripts>,
}

impl fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisBackend").field("prefix", &self.prefix).finish_non_exhaustive()
    }
}

impl RedisBackend {
    /// Connects to `url` (`redis://[user:password@]host:port[/db]`) and loads the scripts. Every key
    /// starts with `prefix` (for instance `chat:`).
    ///
    /// The client reconnects by itself forever (exponential backoff, 100 ms to 1 s) after Redis
    /// restarts; meanwhile commands fail after a few seconds instead of hanging, and a command cut
    /// off mid-flight fails rather than being sent again. Fails if Redis is unreachable now.
    pub async fn connect(url: &str, prefix: &str) -> CoreResult<Self> {
        Self::connect_with_timeout(url, prefix, COMMAND_TIMEOUT).await
    }

    /// [`RedisBackend::connect`] with commands failing after `command_timeout` (3 s there).
    pub async fn connect_with_timeout(url: &str, prefix: &str, command_timeout: Duration) -> CoreResult<Self> {
        let config = Config::from_url(url).map_err(redis_error)?;
        let client = Builder::from_config(config)
            .with_connection_config(|c| {
                c.connection_timeout = CONNECTION_TIMEOUT;
                c.internal_command_timeout = CONNECTION_TIMEOUT;
                // A command whose connection dropped in flight may have run: re-sending an append
                // without clientMsgId would store it twice. The caller gets an error instead.
                c.max_command_attempts = 1;
            })
            .with_performance_config(|p| p.default_command_timeout = command_timeout)
            // 0 attempts means no limit.
            .set_policy(ReconnectPolicy::new_exponential(0, 100, 1_000, 2))
            .build()
            .map_err(redis_error)?;
        client.init().await.map_err(redis_error)?;
        let scripts = Scripts::load(&client).await?;
        Ok(Self { client, prefix: Arc::from(prefix), scripts: Arc::new(scripts) })
    }

    /// Answers when Redis answers a `PING` (for readiness checks).
    pub async fn ping(&self) -> CoreResult<()> {
        self.client.ping::<()>(None).await.map_err(redis_error)
    }

    /// The underlying client, for callers that need Redis for something else (a pub/sub adapter
    /// should build its own clients instead: subscriptions need dedicated connections).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The prefix of every key.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn key(&self, rest: fmt::Arguments<'_>) -> String {
        format!("{}{}", self.prefix, rest)
    }

    /// Runs one of the loaded scripts.
    async fn run(&self, script: &Script, keys: Vec<String>, args: Vec<String>) -> CoreResult<Value> {
        script.run(&self.client, keys, args).await
    }
}

/// A Lua script, run by hash, re-sent in full when Redis lost its script cache (after a restart).
#[derive(Debug)]
struct Script {
    source: &'static str,
    sha: String,
}

impl Script {
    async fn load(client: &Client, source: &'static str) -> CoreResult<Self> {
        let sha: String = client.script_load(source).await.map_err(redis_error)?;
        Ok(Self { source, sha })
    }

    async fn run(&self, client: &Client, keys: Vec<String>, args: Vec<String>) -> CoreResult<Value> {
        match client.evalsha::<Value, _, _, _>(self.sha.as_str(), keys.clone(), args.clone()).await {
            // EVAL caches the script again, so the next EVALSHA succeeds.
            Err(e) if e.details().starts_with("NOSCRIPT") => {
                client.eval(self.source, keys, args).await.map_err(redis_error)
            }
            other => other.map_err(redis_error),
        }
    }
}

/// Every script of the backend, loaded once per connection.
#[derive(Debug)]
struct Scripts {
    allowance_take: Script,
    flash_create: Script,
    flash_append: Script,
    flash_read: Script,
    flash_history: Script,
    flash_advance: Script,
    flash_react: Script,
    presence_connect: Script,
    presence_disconnect: Script,
    presence_set_status: Script,
    presence_sweep_user: Script,
    notifications_read: Script,
}

impl Scripts {
    async fn load(client: &Client) -> CoreResult<Self> {
        Ok(Self {
            allowance_take: Script::load(client, include_str!("scripts/allowance_take.lua")).await?,
            flash_create: Script::load(client, include_str!("scripts/flash_create.lua")).await?,
            flash_append: Script::load(client, include_str!("scripts/flash_append.lua")).await?,
            flash_read: Script::load(client, include_str!("scripts/flash_read.lua")).await?,
            flash_history: Script::load(client, include_str!("scripts/flash_history.lua")).await?,
            flash_advance: Script::load(client, include_str!("scripts/flash_advance.lua")).await?,
            flash_react: Script::load(client, include_str!("scripts/flash_react.lua")).await?,
            presence_connect: Script::load(client, include_str!("scripts/presence_connect.lua")).await?,
            presence_disconnect: Script::load(client, include_str!("scripts/presence_disconnect.lua")).await?,
            presence_set_status: Script::load(client, include_str!("scripts/presence_set_status.lua")).await?,
            presence_sweep_user: Script::load(client, include_str!("scripts/presence_sweep_user.lua")).await?,
            notifications_read: Script::load(client, include_str!("scripts/notifications_read.lua")).await?,
        })
    }
}

/// Every Redis failure is internal: the cause goes to logs, clients see a generic error.
fn redis_error(e: RedisError) -> CoreError {
    CoreError::internal(e)
}

/// Data in Redis that this backend did not write (or a newer version wrote).
fn corrupt(what: impl fmt::Display) -> CoreError {
    CoreError::internal(format!("redis: unexpected data: {what}"))
}

/// A string reply (`None` for nil).
fn opt_string(value: Value) -> CoreResult<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.to_string())),
        Value::Bytes(b) => String::from_utf8(b.to_vec()).map(Some).map_err(|_| corrupt("non-UTF-8 string")),
        Value::Integer(i) => Ok(Some(i.to_string())),
        other => Err(corrupt(format_args!("expected a string, got {:?}", other.kind()))),
    }
}

/// An integer reply, or a string holding one.
fn int(value: &Value) -> CoreResult<i64> {
    match value {
        Value::Integer(i) => Ok(*i),
        Value::String(s) => s.parse().map_err(|_| corrupt(format_args!("expected an integer, got {s:?}"))),
        Value::Bytes(b) => {
            std::str::from_utf8(b).ok().and_then(|s| s.parse().ok()).ok_or_else(|| corrupt("expected an integer"))
        }
        other => Err(corrupt(format_args!("expected an integer, got {:?}", other.kind()))),
    }
}

/// An array reply, as a vector (`nil` is empty).
fn array(value: Value) -> CoreResult<Vec<Value>> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => Ok(items),
        map @ Value::Map(_) => Ok(map.into_array()),
        other => Err(corrupt(format_args!("expected an array, got {:?}", other.kind()))),
    }
}
