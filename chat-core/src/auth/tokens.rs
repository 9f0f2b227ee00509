//! Access-token encoding and checking (HS256 for our own, HS256/RS256 for an external provider).

use super::{AuthConfig, ExternalIdentity, ExternalKey};
use crate::{CoreError, CoreResult, SessionId, UserId};
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

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
    external: Option<(DecodingKey, Validation)>,
}

fn validation(alg: Algorithm, issuer: &str, audience: &str, leeway: u64) -> Validation {
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
    pub(super) fn verify_external(&self, token: &str) -> Option<CoreResult<ExternalClaims>> {
        let (key, validation) = self.external.as_ref()?;
        Some(decode::<ExternalClaims>(token, key, validation).map(|d| d.claims).map_err(unauthorized))
    }
}

fn external_key(ext: &ExternalIdentity, leeway: u64) -> CoreResult<(DecodingKey, Validation)> {
    Ok(match &ext.key {
        ExternalKey::Hs256(secret) => {
            (DecodingKey::from_secret(secret), validation(Algorithm::HS256, &ext.issuer, &ext.audience, leeway))
        }
        ExternalKey::Rs256Pem(pem) => (
            DecodingKey::from_rsa_pem(pem.as_bytes())
                .map_err(|e| CoreError::internal(format!("external identity key: {e}")))?,
            validation(Algorithm::RS256, &ext.issuer, &ext.audience, leeway),
        ),
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
