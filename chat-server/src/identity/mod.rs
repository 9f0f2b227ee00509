//! Identity providers: their discovery documents and signing keys, fetched over HTTPS, for the
//! external access tokens the API accepts and for OpenID Connect sign-in.

pub mod oidc;

use chat_core::{CoreError, CoreResult, auth::KeySource};
use jsonwebtoken::jwk::JwkSet;
use serde::Deserialize;
use std::time::Duration;

/// Longest answer taken from a provider (a discovery document or a key set).
const MAX_DOCUMENT_BYTES: usize = 1 << 20;
/// Longest a provider may take to answer.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// What a provider's `/.well-known/openid-configuration` says, of what this server uses.
#[derive(Clone, Debug, Deserialize)]
pub struct Discovery {
    /// The issuer: must be the one configured.
    pub issuer: String,
    /// Where the browser is sent to sign in.
    pub authorization_endpoint: String,
    /// Where a code is exchanged for tokens.
    pub token_endpoint: String,
    /// The provider's key set.
    pub jwks_uri: String,
}

/// An HTTP client for providers: bounded in time, and no redirects (a provider's documents are
/// at the addresses it publishes).
pub fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(FETCH_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("chat-server/", env!("CARGO_PKG_VERSION")))
        .build()?)
}

/// Reads a JSON document of at most [`MAX_DOCUMENT_BYTES`].
pub async fn fetch_json<T: serde::de::DeserializeOwned>(client: &reqwest::Client, url: &str) -> CoreResult<T> {
    let failed = |e: &dyn std::fmt::Display| CoreError::internal(format!("fetching {url}: {e}"));
    let mut response = client.get(url).send().await.map_err(|e| failed(&e))?;
    if !response.status().is_success() {
        return Err(failed(&response.status()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| failed(&e))? {
        if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
            return Err(failed(&"the document is too large"));
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|e| failed(&e))
}

/// The discovery document of `issuer`, checked to name that issuer.
pub async fn discover(client: &reqwest::Client, issuer: &str) -> CoreResult<Discovery> {
    let url = format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'));
    let discovery: Discovery = fetch_json(client, &url).await?;
    if discovery.issuer != issuer {
        return Err(CoreError::internal(format!(
            "the discovery document of {issuer} names another issuer ({})",
            discovery.issuer
        )));
    }
    Ok(discovery)
}

/// Where a provider's key set is: a configured URL, or the `jwks_uri` of its discovery document
/// (read again at each fetch, so a provider may move it).
#[derive(Debug)]
pub enum KeysAt {
    /// This URL.
    Url(String),
    /// Found through the discovery document of this issuer.
    Issuer(String),
}

/// A provider's key set over HTTP.
#[derive(Debug)]
pub struct HttpKeys {
    client: reqwest::Client,
    at: KeysAt,
}

impl HttpKeys {
    /// Keys found at `at`.
    pub fn new(client: reqwest::Client, at: KeysAt) -> Self {
        Self { client, at }
    }
}

#[async_trait::async_trait]
impl KeySource for HttpKeys {
    async fn fetch(&self) -> CoreResult<JwkSet> {
        let url = match &self.at {
            KeysAt::Url(url) => url.clone(),
            KeysAt::Issuer(issuer) => discover(&self.client, issuer).await?.jwks_uri,
        };
        fetch_json(&self.client, &url).await
    }
}

/// `value` as `application/x-www-form-urlencoded` encodes it.
pub fn form_encode(value: &str) -> String {
    reqwest::Url::parse_with_params("x:", [("v", value)])
        .ok()
        .and_then(|u| u.query().map(|q| q.trim_start_matches("v=").to_owned()))
        .unwrap_or_default()
}
