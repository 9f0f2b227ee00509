//! The OpenID Connect authorization-code flow with PKCE, `state` and `nonce`, for a browser.
//!
//! `start` sends the browser to the provider and sets a short-lived cookie holding `state`,
//! `nonce` and the PKCE verifier, signed with a key derived from the token secret, so that the
//! callback may land on any instance. `finish` checks the cookie against the callback, exchanges
//! the code (with the verifier and the client secret) for the provider's ID token, and hands it to
//! [`chat_core::auth::AuthService::sign_in_with_id_token`]. A code is spent by the provider on its
//! first use, and the cookie is cleared by every callback, so a replayed callback fails.

use super::{Discovery, discover, form_encode};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use chat_core::{
    CoreError, CoreResult,
    auth::{IdTokenCheck, KeySet},
};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

/// The cookie that carries a sign-in from its start to its callback.
pub const COOKIE: &str = "chat_oidc";
/// How long a sign-in may take at the provider.
pub const SIGN_IN_TTL: Duration = Duration::from_secs(600);

/// One configured provider.
#[derive(Debug)]
pub struct OidcProvider {
    /// The provider's name, for the sign-in button.
    pub name: String,
    issuer: String,
    client_id: String,
    client_secret: String,
    redirect_uri: String,
    /// The provider's keys (its discovery document's `jwks_uri`).
    pub keys: Arc<KeySet>,
    client: reqwest::Client,
    discovery: RwLock<Option<(Discovery, Instant)>>,
    discovery_max_age: Duration,
    cookie_key: Vec<u8>,
}

/// What the callback cookie holds.
#[derive(Serialize, Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    /// Seconds since the epoch when the sign-in started.
    at: i64,
}

/// A sign-in that starts: where to send the browser, and the cookie to set.
#[derive(Debug)]
pub struct Start {
    /// The provider's authorization URL, with every parameter.
    pub location: String,
    /// The value of [`COOKIE`].
    pub cookie: String,
}

impl OidcProvider {
    /// A provider; `secret` is the token secret, from which the cookie key is derived.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: String,
        issuer: String,
        client_id: String,
        client_secret: String,
        redirect_uri: String,
        keys: Arc<KeySet>,
        client: reqwest::Client,
        discovery_max_age: Duration,
        secret: &[u8],
    ) -> Self {
        let cookie_key = Sha256::digest([b"oidc-sign-in:".as_slice(), secret].concat()).to_vec();
        Self {
            name,
            issuer,
            client_id,
            client_secret,
            redirect_uri,
            keys,
            client,
            discovery: RwLock::default(),
            discovery_max_age,
            cookie_key,
        }
    }

    /// The discovery document, fetched when first needed and again once old.
    async fn discovery(&self) -> CoreResult<Discovery> {
        if let Some((discovery, at)) = &*self.discovery.read().unwrap_or_else(std::sync::PoisonError::into_inner)
            && at.elapsed() < self.discovery_max_age
        {
            return Ok(discovery.clone());
        }
        let discovery = discover(&self.client, &self.issuer).await.map_err(unavailable)?;
        *self.discovery.write().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((discovery.clone(), Instant::now()));
        Ok(discovery)
    }

    /// Starts a sign-in.
    pub async fn start(&self) -> CoreResult<Start> {
        let discovery = self.discovery().await?;
        let pending = Pending { state: random(), nonce: random(), verifier: random(), at: now() };
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(pending.verifier.as_bytes()));
        let mut location = reqwest::Url::parse(&discovery.authorization_endpoint)
            .map_err(|e| CoreError::internal(format!("the provider's authorization endpoint: {e}")))?;
        location
            .query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("scope", "openid profile email")
            .append_pair("state", &pending.state)
            .append_pair("nonce", &pending.nonce)
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(Start { location: location.into(), cookie: self.seal(&pending)? })
    }

    /// Checks a callback against its cookie and exchanges its code: the ID token to sign in with,
    /// and what it must match.
    pub async fn finish(&self, cookie: Option<&str>, state: &str, code: &str) -> CoreResult<(String, String)> {
        let refused = |why: &str| CoreError::Unauthorized(format!("sign-in refused: {why}"));
        let pending = cookie.and_then(|c| self.open(c)).ok_or_else(|| refused("it was not started here"))?;
        if pending.state != state {
            return Err(refused("its state does not match"));
        }
        let age = now().saturating_sub(pending.at);
        if !(0..=i64::try_from(SIGN_IN_TTL.as_secs()).unwrap_or(i64::MAX)).contains(&age) {
            return Err(refused("it took too long"));
        }
        let discovery = self.discovery().await?;
        let response = self
            .client
            .post(&discovery.token_endpoint)
            // `client_secret_basic` form-encodes both before the Basic scheme (RFC 6749 §2.3.1).
            .basic_auth(form_encode(&self.client_id), Some(form_encode(&self.client_secret)))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", &self.redirect_uri),
                ("code_verifier", &pending.verifier),
            ])
            .send()
            .await
            .map_err(unavailable)?;
        if !response.status().is_success() {
            let status = response.status();
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            let error = body["error"].as_str().unwrap_or("unknown error").chars().take(100).collect::<String>();
            tracing::warn!(%status, %error, "the identity provider refused the code");
            return Err(refused(&format!("the provider refused the code ({error})")));
        }
        #[derive(Deserialize)]
        struct Tokens {
            id_token: String,
        }
        let tokens: Tokens = response.json().await.map_err(unavailable)?;
        Ok((tokens.id_token, pending.nonce))
    }

    /// What an ID token of this provider must match.
    pub fn check<'a>(&'a self, nonce: &'a str) -> IdTokenCheck<'a> {
        IdTokenCheck { issuer: &self.issuer, client_id: &self.client_id, nonce }
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.cookie_key).unwrap_or_else(|_| unreachable!("HMAC takes any key"))
    }

    fn seal(&self, pending: &Pending) -> CoreResult<String> {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(pending).map_err(CoreError::internal)?);
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        Ok(format!("{payload}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())))
    }

    fn open(&self, cookie: &str) -> Option<Pending> {
        let (payload, signature) = cookie.split_once('.')?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&URL_SAFE_NO_PAD.decode(signature).ok()?).ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
    }
}

fn unavailable(e: impl std::fmt::Display) -> CoreError {
    tracing::warn!(error = %e, "the identity provider did not answer");
    CoreError::Unavailable("the identity provider did not answer; try again".into())
}

fn random() -> String {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
