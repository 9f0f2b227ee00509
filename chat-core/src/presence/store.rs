use crate::{CoreResult, UserId, user::Status};
use chrono::{DateTime, Utc};

/// What a connect or disconnect changed for the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionChange {
    /// The first connection opened: the user came online with this status.
    CameOnline(Status),
    /// The last connection closed: the user went offline.
    WentOffline(DateTime<Utc>),
    /// Other connections remain (or others existed already).
    Unchanged,
}

/// Storage of live connections and chosen statuses.
#[async_trait::async_trait]
pub trait PresenceStore: Send + Sync {
    /// Records an open connection.
    async fn connect(&self, user: UserId, connection: &str) -> CoreResult<ConnectionChange>;
    /// Forgets a connection; when it was the last, the user goes offline at `at`.
    async fn disconnect(&self, user: UserId, connection: &str, at: DateTime<Utc>) -> CoreResult<ConnectionChange>;
    /// Sets the status shown while connected (`Online`, `Away` or `Busy`); returns whether the
    /// user is connected.
    async fn set_status(&self, user: UserId, status: Status) -> CoreResult<bool>;
    /// The current status of each user (`Offline` when not connected), in the order asked.
    async fn statuses(&self, users: &[UserId]) -> CoreResult<Vec<Status>>;
    /// Forgets connections held by server processes that died without closing them, and returns
    /// the users this left with no connection (each to exactly one caller, with the time they
    /// went offline). A store that lives inside one process has nothing to sweep.
    async fn sweep(&self, now: DateTime<Utc>) -> CoreResult<Vec<(UserId, DateTime<Utc>)>>;
}
