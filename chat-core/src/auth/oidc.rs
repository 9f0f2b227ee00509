//! Signing in with an OpenID Connect provider, once the transport has run the authorization-code
//! flow and holds the provider's ID token: the token is checked (signature by a key of the
//! provider's key set, issuer, audience, expiry, nonce), the user is found or provisioned by
//! `(iss, sub)`, and a login of ours starts, as a password login would.

use super::{AuthService, AuthTokens, ClientInfo, KeySet, tokens};
use crate::{CoreError, CoreResult};
use jsonwebtoken::Algorithm;
use serde::Deserialize;

/// What an ID token must match.
#[derive(Clone, Copy, Debug)]
pub struct IdTokenCheck<'a> {
    /// The provider's issuer.
    pub issuer: &'a str,
    /// This server's client id (the token's audience).
    pub client_id: &'a str,
    /// The nonce sent with the authorization request.
    pub nonce: &'a str,
}

/// The claims of an ID token this server reads beyond the profile ones.
#[derive(Debug, Deserialize)]
struct IdClaims {
    nonce: Option<String>,
    /// One audience, or several (checked to hold this client by the validation).
    #[serde(default)]
    aud: serde_json::Value,
    azp: Option<String>,
    #[serde(flatten)]
    identity: tokens::ExternalClaims,
}

impl AuthService {
    /// Signs in with a provider's ID token: checked against `keys` and `check`, then the user of
    /// its `(iss, sub)` (provisioned on first sight) gets a login from `client`.
    pub async fn sign_in_with_id_token(
        &self,
        id_token: &str,
        keys: &KeySet,
        check: IdTokenCheck<'_>,
        client: &ClientInfo,
    ) -> CoreResult<AuthTokens> {
        let leeway = self.inner.config.leeway.as_secs();
        let validation = |alg: Algorithm| {
            let mut v = tokens::validation(alg, check.issuer, check.client_id, leeway);
            v.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
            v
        };
        let claims: IdClaims = tokens::verify_with_key_set(id_token, keys, &validation).await?;
        if claims.nonce.as_deref() != Some(check.nonce) {
            return Err(CoreError::Unauthorized("the ID token's nonce does not match this sign-in".into()));
        }
        // A token for several audiences must name this client as the party it was issued to.
        let audiences = claims.aud.as_array().map_or(1, Vec::len);
        if audiences > 1 && claims.azp.as_deref() != Some(check.client_id) {
            return Err(CoreError::Unauthorized("the ID token was issued to another party".into()));
        }
        let user = self.provision(claims.identity).await?;
        self.start_session(user, client).await
    }
}
