//! Allowances shared by every instance: one GCRA bucket per key in Redis, on Redis's clock (so
//! instances with skewed clocks agree), expiring once full again.

use super::{RedisBackend, int};
use crate::CoreResult;
use std::time::Duration;

impl RedisBackend {
    /// Takes one action from the shared bucket `key`: `burst` at once, one regained every
    /// `interval`. `Ok(None)` when allowed, `Ok(Some(wait))` when not.
    pub async fn take_allowance(&self, key: &str, burst: u32, interval: Duration) -> CoreResult<Option<Duration>> {
        let interval_ms = interval.as_millis().max(1);
        let tolerance_ms = interval_ms.saturating_mul(u128::from(burst));
        let keys = vec![self.key(format_args!("rate:{key}"))];
        let reply = self
            .run(&self.scripts.allowance_take, keys, vec![interval_ms.to_string(), tolerance_ms.to_string()])
            .await?;
        let wait = int(&reply)?;
        Ok((wait > 0).then(|| Duration::from_millis(u64::try_from(wait).unwrap_or(u64::MAX))))
    }
}
