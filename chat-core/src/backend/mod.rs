//! Storage implementations of every store trait.
//!
//! - [`memory`]: always compiled; the reference implementation the others are tested against.
//! - [`sql`]: sea-orm over SQLite or PostgreSQL (feature `sql`).

pub mod memory;
#[cfg(feature = "redis")]
pub mod redis;
#[cfg(feature = "sql")]
pub mod sql;
