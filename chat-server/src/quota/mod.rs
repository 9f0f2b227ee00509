//! What one user (or, before authentication, one address) may do per minute, by class of
//! action, whatever the transport: a socket event and the REST route doing the same thing draw
//! from one allowance, and reconnecting or opening more sockets gives none back.
//!
//! Each class is a [`RateLimiter`] keyed by user, checked in this process first (a flood is
//! refused without a round trip). With Redis, the classes that are rare and cost the most
//! downstream ([`Action::is_shared`]: creating conversations, status changes, other writes),
//! requests without a user, and logins are then also taken from one bucket in Redis, which every
//! instance shares. The frequent classes (sends, receipts, typing, reads) stay per instance: a
//! round trip to Redis for each would cost more than the check is worth, and the shipped nginx
//! (`ip_hash`) keeps an address, and so a user's device, on one instance anyway.

mod rates;

pub use rates::{Rate, Rates};

use crate::{config::Settings, net::address_key};
use chat_core::{CoreError, CoreResult, UserId, backend::redis::RedisBackend, ratelimit::RateLimiter};
use std::{net::IpAddr, sync::Arc};

/// A class of action with its own allowance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Sending, editing or deleting a message; uploading a file.
    Send,
    /// Read and delivered positions.
    Receipt,
    /// `userTyping`.
    Typing,
    /// `setStatus` (each fans out to the user's peers).
    Status,
    /// Starting a conversation or a flash group (each one puts its members in a room and on
    /// their lists: creation is limited per hour).
    Create,
    /// Any other change: members, contacts, profile, conversation settings.
    Write,
    /// Reading: lists, history, search, sync.
    Read,
}

const ACTIONS: [Action; 7] =
    [Action::Send, Action::Receipt, Action::Typing, Action::Status, Action::Create, Action::Write, Action::Read];

impl Action {
    /// Whether the class is also counted across instances (with Redis).
    pub fn is_shared(self) -> bool {
        matches!(self, Self::Status | Self::Create | Self::Write)
    }

    fn name(self) -> &'static str {
        match self {
            Self::Send => "send",
            Self::Receipt => "receipt",
            Self::Typing => "typing",
            Self::Status => "status",
            Self::Create => "create",
            Self::Write => "write",
            Self::Read => "read",
        }
    }
}

/// The limiters of every class.
#[derive(Debug)]
pub struct Quotas {
    users: Vec<(Action, Rate, RateLimiter<UserId>)>,
    anonymous: (Rate, RateLimiter<IpAddr>),
    auth: (Rate, RateLimiter<IpAddr>),
    shared: Option<Arc<RedisBackend>>,
}

impl Quotas {
    /// The limiters `settings` describe, shared through `redis` when given.
    pub fn new(settings: &Settings, redis: Option<Arc<RedisBackend>>) -> Self {
        let max_keys = settings.rate_limit_max_keys;
        let rates = &settings.rates;
        let with_limiter = |rate: Rate| (rate, rate.limiter(max_keys));
        let auth = Rate::new(settings.auth_rate_burst, settings.auth_rate_per_minute);
        Self {
            users: ACTIONS
                .iter()
                .map(|&action| {
                    let rate = rates.of(action);
                    (action, rate, rate.limiter(max_keys))
                })
                .collect(),
            anonymous: with_limiter(rates.rate_anonymous),
            auth: with_limiter(auth),
            shared: redis,
        }
    }

    /// Takes one `action` from `user`'s allowance, or says how long to wait (`rate_limited`).
    pub async fn check(&self, user: UserId, action: Action) -> CoreResult<()> {
        let Some((_, rate, limiter)) = self.users.iter().find(|(a, ..)| *a == action) else { return Ok(()) };
        limiter.check(&user)?;
        if action.is_shared() {
            self.take_shared(|| format!("{}:{user}", action.name()), *rate).await?;
        }
        Ok(())
    }

    /// Takes one request without a user from the address `ip`.
    pub async fn check_anonymous(&self, ip: IpAddr) -> CoreResult<()> {
        let key = address_key(ip);
        self.anonymous.1.check(&key)?;
        self.take_shared(|| format!("anonymous:{key}"), self.anonymous.0).await
    }

    /// Takes one register or login attempt from the address `ip`.
    pub async fn check_auth(&self, ip: IpAddr) -> CoreResult<()> {
        let key = address_key(ip);
        self.auth.1.check(&key)?;
        self.take_shared(|| format!("auth:{key}"), self.auth.0).await
    }

    /// The shared bucket's answer. Should Redis fail, the local check alone decides: an
    /// allowance is not worth refusing every user while Redis is away.
    async fn take_shared(&self, key: impl FnOnce() -> String + Send, rate: Rate) -> CoreResult<()> {
        let Some(redis) = &self.shared else { return Ok(()) };
        if rate.burst == 0 {
            return Ok(());
        }
        match redis.take_allowance(&key(), rate.burst, rate.interval()).await {
            Ok(None) => Ok(()),
            Ok(Some(wait)) => {
                Err(CoreError::RateLimited { retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0) })
            }
            Err(e) => {
                metrics::counter!("chat_rate_limit_shared_errors_total").increment(1);
                tracing::warn!(error = %e, "shared allowance unavailable; checked on this instance only");
                Ok(())
            }
        }
    }

    /// Keys tracked by this instance's limiters.
    pub fn len(&self) -> usize {
        self.users.iter().map(|(.., l)| l.len()).sum::<usize>() + self.anonymous.1.len() + self.auth.1.len()
    }

    /// Whether no limiter tracks a key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_users_allowance_is_shared_by_every_caller_and_classes_are_apart() {
        let settings = Settings {
            rates: Rates { rate_send: Rate::new(2, 60), rate_status: Rate::new(1, 60), ..Rates::OFF },
            ..Settings::default()
        };
        let quotas = Quotas::new(&settings, None);
        let (ada, bob) = (UserId::new(), UserId::new());
        assert!(quotas.check(ada, Action::Send).await.is_ok());
        assert!(quotas.check(ada, Action::Send).await.is_ok());
        assert!(quotas.check(ada, Action::Send).await.is_err(), "the third send within the burst is refused");
        assert!(quotas.check(ada, Action::Status).await.is_ok(), "another class has its own allowance");
        assert!(quotas.check(ada, Action::Status).await.is_err());
        assert!(quotas.check(bob, Action::Send).await.is_ok(), "another user has their own");
        assert!(quotas.check(ada, Action::Read).await.is_ok(), "an unlimited class is never refused");
    }
}
