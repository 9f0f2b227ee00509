//! How allowances are written in settings: `"<burst>/<per minute>"`, `"<burst>/<per hour>h"` or `0`.

use super::Action;
use chat_core::ratelimit::RateLimiter;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// An allowance: `burst` at once, `refill` regained per minute (or per hour). Written
/// `"<burst>/<per minute>"` or `"<burst>/<per hour>h"` in settings; `"0"` (or `0`) turns the limit
/// off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RateText", into = "String")]
pub struct Rate {
    /// Actions at once.
    pub burst: u32,
    /// Actions regained per period.
    pub refill: u32,
    /// Whether `refill` is per hour rather than per minute.
    pub hourly: bool,
}

impl Rate {
    /// No limit.
    pub const OFF: Self = Self { burst: 0, refill: 0, hourly: false };

    /// `burst` at once, `per_minute` regained.
    pub const fn new(burst: u32, per_minute: u32) -> Self {
        Self { burst, refill: per_minute, hourly: false }
    }

    /// `burst` at once, `per_hour` regained.
    pub const fn hourly(burst: u32, per_hour: u32) -> Self {
        Self { burst, refill: per_hour, hourly: true }
    }

    pub(super) fn limiter<K: Eq + std::hash::Hash + Clone>(self, max_keys: usize) -> RateLimiter<K> {
        RateLimiter::bounded(self.burst, f64::from(self.refill) / self.period().as_secs_f64(), max_keys)
    }

    /// The time one action takes to come back.
    pub(super) fn interval(self) -> Duration {
        self.period() / self.refill.max(1)
    }

    fn period(self) -> Duration {
        Duration::from_secs(if self.hourly { 3600 } else { 60 })
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RateText {
    Number(u32),
    Text(String),
}

impl TryFrom<RateText> for Rate {
    type Error = String;

    fn try_from(value: RateText) -> Result<Self, String> {
        let text = match value {
            RateText::Number(0) => return Ok(Self::OFF),
            RateText::Number(n) => return Err(format!("a rate is \"<burst>/<per minute>\" or 0, not {n}")),
            RateText::Text(text) => text,
        };
        let parse = |n: &str| n.trim().parse::<u32>().ok();
        let refused =
            || format!("a rate is \"<burst>/<per minute>\", \"<burst>/<per hour>h\" (above 0) or 0, not {text:?}");
        match text.split_once('/') {
            _ if text.trim() == "0" => Ok(Self::OFF),
            Some((burst, refill)) => {
                let refill = refill.trim();
                let (refill, hourly) = refill.strip_suffix('h').map_or((refill, false), |r| (r, true));
                match (parse(burst), parse(refill)) {
                    (Some(burst), Some(refill)) if burst == 0 || refill > 0 => Ok(Self { burst, refill, hourly }),
                    _ => Err(refused()),
                }
            }
            None => Err(refused()),
        }
    }
}

impl From<Rate> for String {
    fn from(rate: Rate) -> Self {
        match (rate.burst, rate.hourly) {
            (0, _) => "0".into(),
            (burst, false) => format!("{burst}/{}", rate.refill),
            (burst, true) => format!("{burst}/{}h", rate.refill),
        }
    }
}

/// The allowances of every class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rates {
    /// [`Action::Send`] (`CHAT_RATE_SEND`).
    pub rate_send: Rate,
    /// [`Action::Receipt`] (`CHAT_RATE_RECEIPT`).
    pub rate_receipt: Rate,
    /// [`Action::Typing`] (`CHAT_RATE_TYPING`).
    pub rate_typing: Rate,
    /// [`Action::Status`] (`CHAT_RATE_STATUS`).
    pub rate_status: Rate,
    /// [`Action::Create`] (`CHAT_RATE_CREATE`).
    pub rate_create: Rate,
    /// [`Action::Write`] (`CHAT_RATE_WRITE`).
    pub rate_write: Rate,
    /// [`Action::Read`] (`CHAT_RATE_READ`).
    pub rate_read: Rate,
    /// Requests without a user (token refresh, logout, signed file links), per client address
    /// (`CHAT_RATE_ANONYMOUS`).
    pub rate_anonymous: Rate,
}

impl Default for Rates {
    fn default() -> Self {
        Self {
            rate_send: Rate::new(60, 600),
            rate_receipt: Rate::new(120, 1200),
            rate_typing: Rate::new(20, 120),
            rate_status: Rate::new(10, 30),
            rate_create: Rate::hourly(30, 30),
            rate_write: Rate::new(60, 300),
            rate_read: Rate::new(300, 3000),
            rate_anonymous: Rate::new(120, 1200),
        }
    }
}

impl Rates {
    /// Every class unlimited (benchmarks, tests of something else).
    pub const OFF: Self = Self {
        rate_send: Rate::OFF,
        rate_receipt: Rate::OFF,
        rate_typing: Rate::OFF,
        rate_status: Rate::OFF,
        rate_create: Rate::OFF,
        rate_write: Rate::OFF,
        rate_read: Rate::OFF,
        rate_anonymous: Rate::OFF,
    };

    pub(super) fn of(&self, action: Action) -> Rate {
        match action {
            Action::Send => self.rate_send,
            Action::Receipt => self.rate_receipt,
            Action::Typing => self.rate_typing,
            Action::Status => self.rate_status,
            Action::Create => self.rate_create,
            Action::Write => self.rate_write,
            Action::Read => self.rate_read,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> Result<Rate, String> {
        Rate::try_from(RateText::Text(text.into()))
    }

    #[test]
    fn rates_are_read_as_burst_slash_per_minute_and_zero_is_off() {
        assert_eq!(rate("30/600"), Ok(Rate::new(30, 600)));
        assert_eq!(rate("20/10h"), Ok(Rate::hourly(20, 10)));
        assert_eq!(String::from(Rate::hourly(20, 10)), "20/10h");
        assert!(rate("20/0h").is_err());
        assert_eq!(rate(" 5 / 12 "), Ok(Rate::new(5, 12)));
        assert_eq!(rate("0"), Ok(Rate::OFF));
        assert_eq!(Rate::try_from(RateText::Number(0)), Ok(Rate::OFF));
        assert!(rate("30").unwrap_err().contains("<burst>/<per minute>"));
        assert!(rate("30/0").is_err(), "a burst never regained is a mistake");
        assert!(rate("a/b").is_err());
        assert!(Rate::try_from(RateText::Number(30)).is_err());
        assert_eq!(String::from(Rate::new(30, 600)), "30/600");
        assert_eq!(String::from(Rate::OFF), "0");
    }
}
