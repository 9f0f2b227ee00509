//! The network edge: who a client is behind our proxies, and how many connections one address
//! may hold.

mod listener;
mod proxies;

pub use listener::{CappedListener, Connection};
pub use proxies::{TrustedProxies, address_key};
