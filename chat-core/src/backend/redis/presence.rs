//! Presence shared by every server process through Redis.
//!
//! A user is online while their presence hash exists; it holds one field per open connection
//! (`<instanceId>:<connectionId>`) and the chosen `status`, and goes with the last connection.
//! Each process (instance) keeps a heartbeat key with a TTL; an instance whose heartbeat is gone
//! died without closing its connections, and [`PresenceStore::sweep`] removes them.

use super::{RedisBackend, int, opt_string, redis_error};
use crate::{
    CoreResult, UserId,
    presence::{ConnectionChange, PresenceStore},
    user::Status,
};
use chrono::{DateTime, Utc};
use fred::prelude::{Client, Expiration, HashesInterface, KeysInterface, SetsInterface, Value};
use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};
use tokio::task::AbortHandle;

/// How long an instance counts as alive after its last heartbeat, by default.
pub const HEARTBEAT_TTL: Duration = Duration::from_secs(30);

/// The presence store of one server process (one instance), built by [`RedisBackend::presence`].
///
/// Dropping it stops the heartbeat: other instances then treat this one as dead once the TTL runs
/// out, exactly as if the process had been killed.
#[derive(Debug)]
pub struct RedisPresence {
    backend: RedisBackend,
    instance: String,
    /// This instance's own connections, to put back if others swept it while it was alive (its
    /// heartbeat could not reach Redis in time).
    local: Arc<Mutex<HashMap<UserId, HashSet<String>>>>,
    _heartbeat: AbortOnDrop,
}

/// Aborts a task when dropped.
#[derive(Debug)]
struct AbortOnDrop(AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl RedisBackend {
    /// The presence store of this process, with a fresh instance id and a heartbeat of
    /// [`HEARTBEAT_TTL`] refreshed every third of it. Must be called inside a Tokio runtime.
    pub async fn presence(&self) -> CoreResult<RedisPresence> {
        self.presence_with_heartbeat(HEARTBEAT_TTL).await
    }

    /// Like [`RedisBackend::presence`] with another heartbeat TTL (short ones make tests fast;
    /// an instance's users stay online at most about this long after it dies, plus the sweep period).
    pub async fn presence_with_heartbeat(&self, ttl: Duration) -> CoreResult<RedisPresence> {
        let instance = uuid::Uuid::new_v4().simple().to_string();
        let beat = Heartbeat {
            client: self.client.clone(),
            key: self.instance_key(&instance),
            instances_key: self.instances_key(),
            instance: instance.clone(),
            ttl_ms: i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX).max(1),
        };
        // Registered before any connection is recorded, so a later death is always found.
        beat.beat().await?;
        let local: Arc<Mutex<HashMap<UserId, HashSet<String>>>> = Arc::default();
        let presence = self.clone();
        let mine = local.clone();
        let period = (ttl / 3).max(Duration::from_millis(10));
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                match beat.beat().await {
                    Ok(true) => restore(&presence, &beat.instance, &mine).await,
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "presence heartbeat failed"),
                }
            }
        });
        Ok(RedisPresence { backend: self.clone(), instance, local, _heartbeat: AbortOnDrop(task.abort_handle()) })
    }

    fn presence_key(&self, user: UserId) -> String {
        self.key(format_args!("presence:user:{user}"))
    }

    fn instances_key(&self) -> String {
        self.key(format_args!("presence:instances"))
    }

    fn instance_key(&self, instance: &str) -> String {
        self.key(format_args!("presence:instance:{instance}"))
    }

    fn instance_users_key(&self, instance: &str) -> String {
        self.key(format_args!("presence:instance:{instance}:users"))
    }

    /// Records one connection of `user` held by `instance`; true when it is their first.
    async fn record_connection(&self, instance: &str, user: UserId, connection: &str) -> CoreResult<bool> {
        // The instance's user set first: whatever happens next, a sweep after a crash finds it.
        self.client.sadd::<(), _, _>(self.instance_users_key(instance), user.to_string()).await.map_err(redis_error)?;
        let field = format!("{instance}:{connection}");
        let first = self.run(&self.scripts.presence_connect, vec![self.presence_key(user)], vec![field]).await?;
        Ok(int(&first)? == 1)
    }
}

/// Keeps an instance's heartbeat key alive and the instance registered.
struct Heartbeat {
    client: Client,
    key: String,
    instances_key: String,
    instance: String,
    ttl_ms: i64,
}

impl Heartbeat {
    /// Refreshes the heartbeat; true when the instance had been unregistered (swept as dead).
    async fn beat(&self) -> CoreResult<bool> {
        let expiry = Some(Expiration::PX(self.ttl_ms));
        self.client.set::<(), _, _>(self.key.as_str(), 1, expiry, None, false).await.map_err(redis_error)?;
        let added: i64 =
            self.client.sadd(self.instances_key.as_str(), self.instance.as_str()).await.map_err(redis_error)?;
        Ok(added == 1)
    }
}

/// Puts back the connections of an instance that others swept while it was alive. Its users were
/// announced offline meanwhile; they show online again from here on.
async fn restore(backend: &RedisBackend, instance: &str, local: &Mutex<HashMap<UserId, HashSet<String>>>) {
    let connections: Vec<(UserId, String)> = {
        let local = local.lock().unwrap_or_else(PoisonError::into_inner);
        local.iter().flat_map(|(user, conns)| conns.iter().map(move |c| (*user, c.clone()))).collect()
    };
    if connections.is_empty() {
        return;
    }
    tracing::warn!(connections = connections.len(), "presence of this instance was swept while alive; restoring");
    for (user, connection) in connections {
        if let Err(e) = backend.record_connection(instance, user, &connection).await {
            tracing::warn!(error = %e, "restoring a connection failed");
        }
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Online => "online",
        Status::Away => "away",
        Status::Busy => "busy",
        Status::Offline => "offline",
    }
}

fn parse_status(name: &str) -> Status {
    match name {
        "away" => Status::Away,
        "busy" => Status::Busy,
        // The hash exists only while connected: anything else there means online.
        _ => Status::Online,
    }
}

impl RedisPresence {
    /// This instance's id (its connections are recorded as `<id>:<connectionId>`).
    pub fn instance_id(&self) -> &str {
        &self.instance
    }

    /// Drops a connection from the local mirror; true when the user has none left here.
    fn forget_locally(&self, user: UserId, connection: &str) -> bool {
        let mut local = self.local.lock().unwrap_or_else(PoisonError::into_inner);
        let none_left = local.get_mut(&user).is_some_and(|conns| {
            conns.remove(connection);
            conns.is_empty()
        });
        if none_left {
            local.remove(&user);
        }
        none_left
    }
}

#[async_trait::async_trait]
impl PresenceStore for RedisPresence {
    async fn connect(&self, user: UserId, connection: &str) -> CoreResult<ConnectionChange> {
        self.local
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(user)
            .or_default()
            .insert(connection.to_owned());
        let first = match self.backend.record_connection(&self.instance, user, connection).await {
            Ok(first) => first,
            Err(e) => {
                // Not recorded: a later restore must not invent it.
                self.forget_locally(user, connection);
                return Err(e);
            }
        };
        Ok(if first { ConnectionChange::CameOnline(Status::Online) } else { ConnectionChange::Unchanged })
    }

    async fn disconnect(&self, user: UserId, connection: &str, at: DateTime<Utc>) -> CoreResult<ConnectionChange> {
        let none_left_here = self.forget_locally(user, connection);
        let b = &self.backend;
        let field = format!("{}:{connection}", self.instance);
        let last = b.run(&b.scripts.presence_disconnect, vec![b.presence_key(user)], vec![field]).await?;
        if none_left_here {
            b.client
                .srem::<(), _, _>(b.instance_users_key(&self.instance), user.to_string())
                .await
                .map_err(redis_error)?;
        }
        Ok(if int(&last)? == 1 { ConnectionChange::WentOffline(at) } else { ConnectionChange::Unchanged })
    }

    async fn set_status(&self, user: UserId, status: Status) -> CoreResult<bool> {
        let b = &self.backend;
        let args = vec![status_name(status).to_owned()];
        let stored = b.run(&b.scripts.presence_set_status, vec![b.presence_key(user)], args).await?;
        Ok(int(&stored)? == 1)
    }

    async fn statuses(&self, users: &[UserId]) -> CoreResult<Vec<Status>> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let b = &self.backend;
        let pipeline = b.client.pipeline();
        for user in users {
            pipeline.hget::<(), _, _>(b.presence_key(*user), "status").await.map_err(redis_error)?;
        }
        // One round trip whatever the number of users.
        let replies = match pipeline.all::<Value>().await.map_err(redis_error)? {
            Value::Array(items) => items,
            single => vec![single],
        };
        if replies.len() != users.len() {
            return Err(super::corrupt("short pipeline reply"));
        }
        replies
            .into_iter()
            .map(|reply| Ok(opt_string(reply)?.map_or(Status::Offline, |name| parse_status(&name))))
            .collect()
    }

    async fn sweep(&self, now: DateTime<Utc>) -> CoreResult<Vec<(UserId, DateTime<Utc>)>> {
        let b = &self.backend;
        let instances: Vec<String> = b.client.smembers(b.instances_key()).await.map_err(redis_error)?;
        let mut offline = Vec::new();
        for instance in instances.iter().filter(|i| **i != self.instance) {
            let alive: i64 = b.client.exists(b.instance_key(instance)).await.map_err(redis_error)?;
            if alive == 1 {
                continue;
            }
            // Every live instance may see the same dead one; the one whose SREM removes it owns it.
            let claimed: i64 = b.client.srem(b.instances_key(), instance.as_str()).await.map_err(redis_error)?;
            if claimed != 1 {
                continue;
            }
            let users_key = b.instance_users_key(instance);
            let users: Vec<String> = b.client.smembers(users_key.as_str()).await.map_err(redis_error)?;
            let prefix = format!("{instance}:");
            for raw in users {
                let Ok(user) = raw.parse::<UserId>() else {
                    tracing::warn!(user = %raw, "skipping a malformed user id in an instance's user set");
                    continue;
                };
                let gone =
                    b.run(&b.scripts.presence_sweep_user, vec![b.presence_key(user)], vec![prefix.clone()]).await?;
                if int(&gone)? == 1 {
                    offline.push((user, now));
                }
            }
            b.client.del::<(), _>(users_key).await.map_err(redis_error)?;
        }
        Ok(offline)
    }
}
