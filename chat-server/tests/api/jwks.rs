//! External access tokens checked against the provider's key set (JWKS), found through its
//! discovery document and served by a real HTTP server (`python3 -m http.server`) whose files the
//! test rewrites to rotate the keys.

use crate::server::{TestServer, assert_error};
use chat_server::Settings;
use jsonwebtoken::{
    Algorithm, EncodingKey, Header, encode,
    jwk::{Jwk, JwkSet},
};
use reqwest::StatusCode;
use serde_json::json;
use std::{path::PathBuf, process::Stdio, time::Duration};

/// A folder served over HTTP as an identity provider's issuer URL; the server is killed on drop.
pub struct StaticProvider {
    process: std::process::Child,
    dir: PathBuf,
    pub issuer: String,
}

impl StaticProvider {
    pub async fn start() -> Self {
        let dir = std::env::temp_dir().join(format!("chat-idp-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(dir.join(".well-known")).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let issuer = format!("http://127.0.0.1:{port}");
        let discovery = json!({ "issuer": issuer, "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": format!("{issuer}/token"), "jwks_uri": format!("{issuer}/jwks.json") });
        std::fs::write(dir.join(".well-known/openid-configuration"), discovery.to_string()).unwrap();
        let process = std::process::Command::new("python3")
            .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("requests.log")).unwrap())
            .spawn()
            .unwrap();
        let provider = Self { process, dir, issuer };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return provider;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the key server did not start");
    }

    /// Publishes these keys as the key set.
    pub fn publish(&self, keys: &[&SigningKey]) {
        let set = JwkSet { keys: keys.iter().map(|k| k.jwk.clone()).collect() };
        std::fs::write(self.dir.join("jwks.json"), serde_json::to_string(&set).unwrap()).unwrap();
    }

    /// Takes the key set down (it answers 404).
    pub fn unpublish(&self) {
        std::fs::remove_file(self.dir.join("jwks.json")).unwrap();
    }

    /// How many times the key set was fetched.
    pub fn key_fetches(&self) -> usize {
        let log = std::fs::read_to_string(self.dir.join("requests.log")).unwrap_or_default();
        log.lines().filter(|l| l.contains("GET /jwks.json")).count()
    }
}

impl Drop for StaticProvider {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An RSA key made by `openssl`, with its public JWK under a key id.
pub struct SigningKey {
    pub kid: String,
    pub encoding: EncodingKey,
    pub jwk: Jwk,
}

impl SigningKey {
    pub fn generate(kid: &str) -> Self {
        let out = std::process::Command::new("openssl")
            .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
            .output()
            .expect("openssl is installed");
        assert!(out.status.success());
        let encoding = EncodingKey::from_rsa_pem(&out.stdout).unwrap();
        let mut jwk = Jwk::from_encoding_key(&encoding, Algorithm::RS256).unwrap();
        jwk.common.key_id = Some(kid.to_owned());
        Self { kid: kid.to_owned(), encoding, jwk }
    }

    pub fn sign(&self, kid: Option<&str>, claims: &serde_json::Value) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = kid.map(str::to_owned);
        encode(&header, claims, &self.encoding).unwrap()
    }
}

pub async fn a_rotated_key_is_picked_up_without_a_restart_and_made_up_keys_fetch_at_most_once_a_second() {
    let provider = StaticProvider::start().await;
    let (first, second) = (SigningKey::generate("first"), SigningKey::generate("second"));
    provider.publish(&[&first]);
    let issuer = provider.issuer.clone();
    let Some(s) = TestServer::sqlite(|s: &mut Settings| {
        s.external_jwt_issuer = Some(issuer);
        s.external_jwt_audience = Some("chat".into());
        s.jwks_refresh_secs = 1;
    })
    .await
    else {
        return;
    };
    let now = chrono::Utc::now().timestamp();
    let claims = |aud: &str, iss: &str, exp: i64| json!({ "sub": "employee-7", "iss": iss, "aud": aud, "exp": exp, "iat": now, "name": "Seven" });
    let valid = claims("chat", &provider.issuer, now + 600);

    let (status, me) = s.get("/api/users/me", &first.sign(Some(&first.kid), &valid)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["displayName"], "Seven");
    assert_eq!(provider.key_fetches(), 1);
    // Our own tokens never make the server fetch the provider's keys.
    let local = s.register("ada").await;
    assert_eq!(s.get("/api/users/me", &local.token).await.0, StatusCode::OK);

    // The provider rotates: the new key is fetched when a token first names it.
    provider.publish(&[&second]);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, again) = s.get("/api/users/me", &second.sign(Some(&second.kid), &valid)).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["id"], me["id"], "the same subject of the same issuer is the same user");
    assert_eq!(provider.key_fetches(), 2);

    // Made-up key ids are refused, and within the interval cost no fetch.
    for kid in ["made-up-1", "made-up-2", "made-up-3"] {
        let forged = s.get("/api/users/me", &second.sign(Some(kid), &valid)).await;
        assert_error(&forged, StatusCode::UNAUTHORIZED, "unauthorized");
    }
    assert!(provider.key_fetches() <= 3, "at most one fetch per interval: {}", provider.key_fetches());

    // While the provider fails, it is asked at most once per interval as well, and the keys held
    // go on serving.
    provider.unpublish();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let before = provider.key_fetches();
    for kid in ["made-up-4", "made-up-5", "made-up-6"] {
        assert_eq!(s.get("/api/users/me", &second.sign(Some(kid), &valid)).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(provider.key_fetches(), before + 1, "one failed fetch, then none within the interval");
    assert_eq!(s.get("/api/users/me", &second.sign(Some(&second.kid), &valid)).await.0, StatusCode::OK);
    provider.publish(&[&second]);

    // The usual checks hold with a key from the set.
    for (what, bad) in [
        ("expired", claims("chat", &provider.issuer, now - 600)),
        ("wrong audience", claims("other", &provider.issuer, now + 600)),
        ("wrong issuer", claims("chat", "https://elsewhere.example.org", now + 600)),
    ] {
        let answer = s.get("/api/users/me", &second.sign(Some(&second.kid), &bad)).await;
        assert_eq!(answer.0, StatusCode::UNAUTHORIZED, "{what}: {}", answer.1);
    }
    let unknown_signer = SigningKey::generate("second");
    let forged = s.get("/api/users/me", &unknown_signer.sign(Some("second"), &valid)).await;
    assert_eq!(forged.0, StatusCode::UNAUTHORIZED, "a key id of the set with another key's signature");
    // The public key used as an HMAC secret (algorithm confusion) is refused.
    let public = serde_json::to_vec(&second.jwk).unwrap();
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(second.kid.clone());
    let confused = encode(&header, &valid, &EncodingKey::from_secret(&public)).unwrap();
    assert_eq!(s.get("/api/users/me", &confused).await.0, StatusCode::UNAUTHORIZED);
    s.stop().await;
}
