//! In-process presence: correct for one server process (several need the Redis store).

use crate::{
    CoreResult, UserId,
    presence::{ConnectionChange, PresenceStore},
    user::Status,
};
use chrono::{DateTime, Utc};
use std::{
    collections::{HashMap, HashSet},
    sync::{Mutex, PoisonError},
};

/// Connections and chosen statuses, in process memory.
#[derive(Debug, Default)]
pub struct MemoryPresence {
    users: Mutex<HashMap<UserId, Entry>>,
}

#[derive(Debug)]
struct Entry {
    connections: HashSet<String>,
    chosen: Status,
}

#[async_trait::async_trait]
impl PresenceStore for MemoryPresence {
    async fn connect(&self, user: UserId, connection: &str) -> CoreResult<ConnectionChange> {
        let mut users = self.users.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = users.entry(user).or_insert_with(|| Entry { connections: HashSet::new(), chosen: Status::Online });
        let first = entry.connections.is_empty();
        entry.connections.insert(connection.to_owned());
        Ok(if first { ConnectionChange::CameOnline(entry.chosen) } else { ConnectionChange::Unchanged })
    }

    async fn disconnect(&self, user: UserId, connection: &str, at: DateTime<Utc>) -> CoreResult<ConnectionChange> {
        let mut users = self.users.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(entry) = users.get_mut(&user) else { return Ok(ConnectionChange::Unchanged) };
        if !entry.connections.remove(connection) || !entry.connections.is_empty() {
            return Ok(ConnectionChange::Unchanged);
        }
        // The chosen status is forgotten with the last connection: a new login starts online.
        users.remove(&user);
        Ok(ConnectionChange::WentOffline(at))
    }

    async fn set_status(&self, user: UserId, status: Status) -> CoreResult<bool> {
        let mut users = self.users.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(users.get_mut(&user).is_some_and(|entry| {
            entry.chosen = status;
            !entry.connections.is_empty()
        }))
    }

    async fn sweep(&self, _now: DateTime<Utc>) -> CoreResult<Vec<(UserId, DateTime<Utc>)>> {
        // Connections die with this process: none can outlive their server here.
        Ok(Vec::new())
    }

    async fn statuses(&self, users: &[UserId]) -> CoreResult<Vec<Status>> {
        let map = self.users.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(users.iter().map(|u| map.get(u).map_or(Status::Offline, |e| e.chosen)).collect())
    }
}
