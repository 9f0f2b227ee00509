//! Registration, login, access tokens (JWT) and rotating refresh tokens.
//!
//! An access token names its login (`sid`); a refresh token is an opaque random string stored
//! only as its SHA-256 hash. Using a refresh token spends it and returns a new one; presenting a
//! spent one again means it was stolen, so the whole login is revoked.

mod devices;
mod external;
mod jwks;
mod model;
mod oidc;
mod service;
mod sessions;
mod store;
mod tokens;
mod verification;

pub use devices::PasswordReset;
pub use jwks::{KeySet, KeySource};
pub use model::{
    AuthConfig, AuthTokens, ClientInfo, ExternalIdentity, ExternalKey, LoginSession, Principal, RefreshTokenRecord,
    SpendOutcome,
};
pub use oidc::IdTokenCheck;
pub use service::{AuthService, Registration};
pub use store::AuthStore;
pub use tokens::AccessClaims;
pub use verification::EmailVerification;
