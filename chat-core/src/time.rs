//! The clock of the domain.

use chrono::{DateTime, SubsecRound, Utc};

/// Now, to the microsecond: the precision PostgreSQL keeps, so a timestamp announced in an event
/// equals the one read back from any backend.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
