//! A user's contact list (one-way: adding someone needs no consent, and shares presence).

mod service;
mod store;

pub use service::ContactService;
pub use store::ContactStore;
