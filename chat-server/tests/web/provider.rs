//! A real OpenID Connect provider (`web/e2e/oidc-provider.mjs`, panva's oidc-provider) for the
//! sign-in tests, and the checks of forged ID tokens against its published keys.

use chat_core::{
    Chat, CoreError, Stores,
    auth::{AuthConfig, ClientInfo, IdTokenCheck, KeySet},
    backend::memory::MemoryBackend,
    events::NoEvents,
};
use chat_server::identity::{HttpKeys, KeysAt};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::json;
use std::{path::PathBuf, sync::Arc, time::Duration};

pub const CLIENT_ID: &str = "chat-web";
pub const CLIENT_SECRET: &str = "chat-web-secret";

/// The provider's node process (killed on drop), and the key it signs with.
pub struct Provider {
    process: tokio::process::Child,
    pub issuer: String,
    pub key_pem: Vec<u8>,
    key_file: PathBuf,
}

impl Provider {
    /// Starts the provider on `port`, sending users back to `redirect_uri`.
    pub async fn start(web_dir: &std::path::Path, port: u16, redirect_uri: &str) -> Self {
        let out = std::process::Command::new("openssl")
            .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
            .output()
            .expect("openssl is installed");
        assert!(out.status.success());
        let key_file = std::env::temp_dir().join(format!("chat-oidc-key-{}.pem", uuid::Uuid::new_v4().simple()));
        std::fs::write(&key_file, &out.stdout).unwrap();
        let process = tokio::process::Command::new("node")
            .arg("e2e/oidc-provider.mjs")
            .current_dir(web_dir)
            .env("OIDC_PORT", port.to_string())
            .env("OIDC_KEY_PEM", &key_file)
            .env("OIDC_REDIRECT_URI", redirect_uri)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let provider = Self { process, issuer: format!("http://127.0.0.1:{port}"), key_pem: out.stdout, key_file };
        let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
        for _ in 0..200 {
            if reqwest::get(&discovery).await.is_ok_and(|r| r.status().is_success()) {
                return provider;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the OpenID Connect provider did not start");
    }

    /// Signs `claims` with the provider's own key (what only the provider should be able to do).
    pub fn sign(&self, claims: &serde_json::Value) -> String {
        sign_with(&self.key_pem, claims)
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.process.start_kill();
        let _ = std::fs::remove_file(&self.key_file);
    }
}

fn sign_with(pem: &[u8], claims: &serde_json::Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("test-key".into());
    encode(&header, claims, &EncodingKey::from_rsa_pem(pem).unwrap()).unwrap()
}

/// An ID token is accepted only when signed by the provider's key and made for this sign-in.
pub async fn forged_tampered_expired_and_misdirected_id_tokens_are_refused(provider: &Provider) {
    let chat = Chat::new(
        Stores::from_backend(Arc::new(MemoryBackend::new())),
        AuthConfig::new("a-secret-of-the-chat-server-for-this-test".as_bytes().to_vec()),
        chat_core::Limits::default(),
        Arc::new(NoEvents),
    );
    let keys = KeySet::new(
        Arc::new(HttpKeys::new(chat_server::identity::client().unwrap(), KeysAt::Issuer(provider.issuer.clone()))),
        Duration::from_secs(60),
        Duration::from_secs(3600),
    );
    let check = IdTokenCheck { issuer: &provider.issuer, client_id: CLIENT_ID, nonce: "the-nonce" };
    let now = chrono::Utc::now().timestamp();
    let claims = |over: serde_json::Value| {
        let mut claims = json!({ "iss": provider.issuer, "sub": "grace", "aud": CLIENT_ID, "iat": now,
            "exp": now + 300, "nonce": "the-nonce", "name": "Grace Hopper" });
        claims.as_object_mut().unwrap().extend(over.as_object().unwrap().clone());
        claims
    };
    let client = &ClientInfo::default();
    let sign_in = |token: String| {
        let (chat, keys) = (&chat, &keys);
        async move { chat.auth.sign_in_with_id_token(&token, keys, check, client).await }
    };

    let signed_in = sign_in(provider.sign(&claims(json!({})))).await.expect("the provider's own token");
    assert_eq!(signed_in.user.display_name, "Grace Hopper");
    let again = sign_in(provider.sign(&claims(json!({})))).await.unwrap();
    assert_eq!(again.user.id, signed_in.user.id, "one user per issuer and subject");

    let valid = provider.sign(&claims(json!({})));
    let mut parts: Vec<String> = valid.split('.').map(str::to_owned).collect();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    parts[1] = b64.encode(claims(json!({ "sub": "someone-else" })).to_string());
    let tampered = parts.join(".");
    let other_key = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
        .output()
        .unwrap()
        .stdout;
    for (what, token) in [
        ("tampered", tampered),
        ("signed by another key under the provider's key id", sign_with(&other_key, &claims(json!({})))),
        ("with another nonce", provider.sign(&claims(json!({ "nonce": "replayed-nonce" })))),
        ("without a nonce", provider.sign(&claims(json!({ "nonce": null })))),
        ("expired", provider.sign(&claims(json!({ "exp": now - 120, "iat": now - 900 })))),
        ("for another client", provider.sign(&claims(json!({ "aud": "another-client" })))),
        ("from another issuer", provider.sign(&claims(json!({ "iss": "https://elsewhere.example.org" })))),
        (
            "for several clients, issued to another",
            provider.sign(&claims(json!({ "aud": [CLIENT_ID, "x"], "azp": "x" }))),
        ),
    ] {
        let refused = sign_in(token).await;
        assert!(matches!(refused, Err(CoreError::Unauthorized(_))), "{what}: {refused:?}");
    }
    let shared = provider.sign(&claims(json!({ "aud": [CLIENT_ID, "x"], "azp": CLIENT_ID })));
    assert!(sign_in(shared).await.is_ok(), "several audiences, issued to this client");
}
