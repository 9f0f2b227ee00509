//! Accounts and public profiles.

mod model;
mod service;
mod store;

pub use model::{NewUser, Password, ProfilePatch, Status, User, Username, Visibility};
pub use service::{UserPage, UserService};
pub(crate) use service::{check_url, page_cursor};
pub use store::UserStore;
