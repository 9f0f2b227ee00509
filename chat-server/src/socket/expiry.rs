//! A socket lives as long as its access token: at the token's `exp` the server sends
//! `authExpired` and closes it, unless the client has shown a fresh token of the same user with
//! `refreshAuth { token }` before then. So a revoked external identity, or a stolen token, keeps
//! no socket open past its expiry.
//!
//! The deadlines of all sockets sit in one ordered set, swept once a second by one task: a socket
//! carries a set entry, not a timer task of its own.

use super::{
    Caller, Realtime, answer,
    contract::{AuthExpiredEvent, RefreshAnswer, RefreshPayload},
    session_room,
};
use chat_core::{CoreError, CoreResult, auth::Principal};
use serde_json::Value;
use socketioxide::{SocketIo, adapter::Adapter, extract::SocketRef, socket::Sid};
use std::{
    collections::{BTreeSet, HashMap},
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

/// When each socket's token expires.
#[derive(Debug, Default)]
pub struct Deadlines(Mutex<Schedule>);

#[derive(Debug, Default)]
struct Schedule {
    due: BTreeSet<(i64, Sid)>,
    of: HashMap<Sid, i64>,
}

impl Deadlines {
    /// Closes `socket` at `expires_at` (seconds since the epoch), replacing its deadline.
    pub fn set(&self, socket: Sid, expires_at: i64) {
        let mut schedule = self.lock();
        if let Some(old) = schedule.of.insert(socket, expires_at) {
            schedule.due.remove(&(old, socket));
        }
        schedule.due.insert((expires_at, socket));
    }

    /// Forgets `socket` (it closed).
    pub fn remove(&self, socket: Sid) {
        let mut schedule = self.lock();
        if let Some(at) = schedule.of.remove(&socket) {
            schedule.due.remove(&(at, socket));
        }
    }

    /// Sockets with a deadline.
    pub fn len(&self) -> usize {
        self.lock().of.len()
    }

    /// Takes the sockets whose deadline is before `now`.
    fn take_due(&self, now: i64) -> Vec<Sid> {
        let mut schedule = self.lock();
        let mut due = Vec::new();
        while let Some(&(at, socket)) = schedule.due.first()
            && at < now
        {
            schedule.due.pop_first();
            schedule.of.remove(&socket);
            due.push(socket);
        }
        due
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Schedule> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Closes the sockets of `io` whose token expired, once a second, for as long as the process runs.
pub fn watch<A: Adapter>(io: &SocketIo<A>, deadlines: Arc<Deadlines>) {
    let io = io.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            for sid in deadlines.take_due(chrono::Utc::now().timestamp()) {
                let Some(socket) = io.get_socket(sid) else { continue };
                metrics::counter!("chat_socket_token_expired_total").increment(1);
                if let Err(e) = socket.emit("authExpired", &AuthExpiredEvent {}) {
                    tracing::debug!(error = %e, "authExpired not sent");
                }
                if let Err(e) = socket.disconnect() {
                    tracing::debug!(error = %e, "closing a socket whose token expired");
                }
            }
        }
    });
}

/// `refreshAuth { token }`: a fresh access token of the same user moves the socket's deadline to
/// the token's expiry (and the socket to the token's login, should it be another).
pub async fn refresh<A: Adapter>(
    rt: &Realtime,
    socket: &SocketRef<A>,
    me: Principal,
    p: RefreshPayload,
) -> CoreResult<Value> {
    let fresh = rt.app.chat.auth.authenticate(&p.token).await?;
    if fresh.user_id != me.user_id {
        return Err(CoreError::Forbidden("the token is another user's".into()));
    }
    if fresh.session_id != me.session_id {
        if let Some(old) = me.session_id {
            socket.leave(session_room(old));
        }
        if let Some(new) = fresh.session_id {
            socket.join(session_room(new));
        }
    }
    socket.extensions.insert(Caller(fresh));
    rt.deadlines.set(socket.id, fresh.expires_at);
    answer(RefreshAnswer { expires_at: chrono::DateTime::from_timestamp(fresh.expires_at, 0) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_come_due_in_order_and_a_refresh_or_a_close_takes_a_socket_out() {
        let deadlines = Deadlines::default();
        let (a, b, c) = (Sid::new(), Sid::new(), Sid::new());
        deadlines.set(a, 100);
        deadlines.set(b, 50);
        deadlines.set(c, 70);
        deadlines.set(b, 200); // refreshed
        deadlines.remove(c); // closed
        assert_eq!(deadlines.take_due(100), Vec::<Sid>::new(), "a deadline is due once it has passed");
        assert_eq!(deadlines.take_due(101), vec![a]);
        assert_eq!(deadlines.len(), 1);
        assert_eq!(deadlines.take_due(1_000), vec![b]);
        assert_eq!(deadlines.len(), 0);
    }
}
