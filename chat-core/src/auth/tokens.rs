//! Access-token encoding and checking (HS256 for our own; for an external provider HS256 or RS256
//! with a fixed key, or any asymmetric algorithm with the keys of its JWKS).

use super::{AuthConfig, ExternalIdentity, ExternalKey};
use crate::{CoreError, CoreResult, SessionId, UserId};
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Claims of the access tokens this server issues.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    /// The user id.
    pub sub: String,
    /// The login (refresh-token family) the token belongs to.
    pub sid: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
}

/// Claims read from an external provider's token.
#[derive(Debug, Deserialize)]
pub(super) struct ExternalClaims {
    pub iss: String,
    pub sub: String,
    pub exp: i64,
    pub iat: Option<i64>,
    pub name: Option<String>,
    pub preferred_username: Option<String>,
    pub picture: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
}

pub(super) struct TokenKeys {
    encoding: EncodingKey,
    local: (DecodingKey, Validation),
    external: Option<External>,
}

/// How an external provider's tokens are checked.
enum External {
    /// One key, configured.
    Fixed(Box<(DecodingKey, Validation)>),
    /// The key the token names in the provider's key set, with its algorithm.
    Jwks { keys: Arc<super::KeySet>, issuer: String, audience: String, leeway: u64 },
}

pub(super) fn validation(alg: Algorithm, issuer: &str, audience: &str, leeway: u64) -> Validation {
    let mut v = Validation::new(alg);
    v.algorithms = vec![alg];
    v.set_issuer(&[issuer]);
    v.set_audience(&[audience]);
    v.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
    v.leeway = leeway;
    v
}

impl TokenKeys {
    pub(super) fn new(config: &AuthConfig) -> CoreResult<Self> {
        if config.jwt_secret.len() < 32 {
            return Err(CoreError::internal("the JWT secret must be at least 32 bytes"));
        }
        let leeway = config.leeway.as_secs();
        let external = config.external.as_ref().map(|ext| external_key(ext, leeway)).transpose()?;
        Ok(Self {
            encoding: EncodingKey::from_secret(&config.jwt_secret),
            local: (
                DecodingKey::from_secret(&config.jwt_secret),
                validation(Algorithm::HS256, &config.issuer, &config.audience, leeway),
            ),
            external,
        })
    }

    pub(super) fn issue(&self, config: &AuthConfig, user: UserId, session: SessionId) -> CoreResult<String> {
        let now = Utc::now().timestamp();
        let ttl = i64::try_from(config.access_ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = AccessClaims {
            sub: user.to_string(),
            sid: session.to_string(),
            iss: config.issuer.clone(),
            aud: config.audience.clone(),
            exp: now.saturating_add(ttl),
            iat: now,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(CoreError::internal)
    }

    /// Checks one of our tokens: signature, algorithm, issuer, audience, expiry.
    pub(super) fn verify_local(&self, token: &str) -> CoreResult<(UserId, SessionId, AccessClaims)> {
        let data = decode::<AccessClaims>(token, &self.local.0, &self.local.1).map_err(unauthorized)?;
        let user = data.claims.sub.parse().map_err(|_| CoreError::Unauthorized("invalid token".into()))?;
        let session = data.claims.sid.parse().map_err(|_| CoreError::Unauthorized("invalid token".into()))?;
        Ok((user, session, data.claims))
    }

    /// Checks an external provider's token, when one is configured.
    pub(super) async fn verify_external(&self, token: &str) -> Option<CoreResult<ExternalClaims>> {
        Some(match self.external.as_ref()? {
            External::Fixed(fixed) => {
                decode::<ExternalClaims>(token, &fixed.0, &fixed.1).map(|d| d.claims).map_err(unauthorized)
            }
            External::Jwks { keys, issuer, audience, leeway } => {
                verify_with_key_set(token, keys, &validation_for(issuer, audience, *leeway)).await
            }
        })
    }
}

/// What a key-set token is checked against, its algorithm aside (the key decides it).
fn validation_for(issuer: &str, audience: &str, leeway: u64) -> impl Fn(Algorithm) -> Validation {
    move |alg| validation(alg, issuer, audience, leeway)
}

/// Checks `token` with the key of `keys` its header names, by that key's algorithm only. A token
/// with a symmetric algorithm is refused before any key is looked up (our own tokens are HS256, and
/// must not make this server fetch the provider's keys).
pub(super) async fn verify_with_key_set<T: serde::de::DeserializeOwned>(
    token: &str,
    keys: &super::KeySet,
    validation: &impl Fn(Algorithm) -> Validation,
) -> CoreResult<T> {
    let header = decode_header(token).map_err(unauthorized)?;
    if matches!(header.alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512) {
        return Err(CoreError::Unauthorized("token algorithm not accepted".into()));
    }
    let (key, alg) = keys.key(header.kid.as_deref()).await?;
    decode::<T>(token, &key, &validation(alg)).map(|d| d.claims).map_err(unauthorized)
}

fn external_key(ext: &ExternalIdentity, leeway: u64) -> CoreResult<External> {
    Ok(match &ext.key {
        ExternalKey::Hs256(secret) => External::Fixed(Box::new((
            DecodingKey::from_secret(secret),
            validation(Algorithm::HS256, &ext.issuer, &ext.audience, leeway),
        ))),
        ExternalKey::Rs256Pem(pem) => External::Fixed(Box::new((
            DecodingKey::from_rsa_pem(pem.as_bytes())
                .map_err(|e| CoreError::internal(format!("external identity key: {e}")))?,
            validation(Algorithm::RS256, &ext.issuer, &ext.audience, leeway),
        ))),
        ExternalKey::Jwks(keys) => {
            External::Jwks { keys: keys.clone(), issuer: ext.issuer.clone(), audience: ext.audience.clone(), leeway }
        }
    })
}

fn unauthorized(e: jsonwebtoken::errors::Error) -> CoreError {
    use jsonwebtoken::errors::ErrorKind;
    CoreError::Unauthorized(
        match e.kind() {
            ErrorKind::ExpiredSignature => "token expired",
            ErrorKind::InvalidAudience => "token has the wrong audience",
            ErrorKind::InvalidIssuer => "token has the wrong issuer",
            ErrorKind::InvalidAlgorithm => "token algorithm not accepted",
            _ => "invalid token",
        }
        .into(),
    )
}
