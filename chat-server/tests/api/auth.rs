use crate::server::{SECRET, TestServer, assert_error, session};
use chat_server::Settings;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::{Method, StatusCode};
use serde_json::json;

pub fn strict_rate_limit(s: &mut Settings) {
    s.auth_rate_burst = 3;
    s.auth_rate_per_minute = 1;
}

pub const EXTERNAL_SECRET: &str = "secret-of-the-identity-provider-0123456789";

pub fn external_identity(s: &mut Settings) {
    s.external_jwt_algorithm = Some("HS256".into());
    s.external_jwt_key = Some(EXTERNAL_SECRET.into());
    s.external_jwt_issuer = Some("https://id.example.org".into());
    s.external_jwt_audience = Some("chat".into());
}

pub async fn register_login_refresh_replay_and_logout_follow_the_token_rules(s: &TestServer) {
    let registered = s.register("ada").await;
    let (status, me) = s.get("/api/users/me", &registered.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["username"], "ada");
    assert!(me.get("passwordHash").is_none() && me.get("password_hash").is_none());

    let login = s
        .call(
            Method::POST,
            "/api/auth/login",
            None,
            Some(json!({ "login": "ada@example.org", "password": "password123" })),
        )
        .await;
    assert_eq!(login.0, StatusCode::OK);
    assert_eq!(login.1["expiresIn"], 900);
    let first = session(&login.1);

    let refreshed =
        s.call(Method::POST, "/api/auth/refresh", None, Some(json!({ "refreshToken": first.refresh }))).await;
    assert_eq!(refreshed.0, StatusCode::OK, "{}", refreshed.1);
    let second = session(&refreshed.1);
    assert_ne!(second.refresh, first.refresh);
    assert_eq!(s.get("/api/users/me", &second.token).await.0, StatusCode::OK);

    // Replaying the spent token revokes that login: its newest tokens stop working too.
    let replay = s.call(Method::POST, "/api/auth/refresh", None, Some(json!({ "refreshToken": first.refresh }))).await;
    assert_error(&replay, StatusCode::UNAUTHORIZED, "unauthorized");
    assert_error(&s.get("/api/users/me", &second.token).await, StatusCode::UNAUTHORIZED, "unauthorized");
    let dead = s.call(Method::POST, "/api/auth/refresh", None, Some(json!({ "refreshToken": second.refresh }))).await;
    assert_error(&dead, StatusCode::UNAUTHORIZED, "unauthorized");
    // The registration login is another login: untouched.
    assert_eq!(s.get("/api/users/me", &registered.token).await.0, StatusCode::OK);

    let logout =
        s.call(Method::POST, "/api/auth/logout", None, Some(json!({ "refreshToken": registered.refresh }))).await;
    assert_eq!(logout.0, StatusCode::NO_CONTENT);
    assert_error(&s.get("/api/users/me", &registered.token).await, StatusCode::UNAUTHORIZED, "unauthorized");

    let wrong = s
        .call(Method::POST, "/api/auth/login", None, Some(json!({ "login": "ada", "password": "wrong-password" })))
        .await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, "unauthorized");
}

pub fn token(claims: serde_json::Value, alg: Algorithm, secret: &str) -> String {
    encode(&Header::new(alg), &claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

pub async fn expired_unsigned_wrong_audience_and_forged_tokens_get_401(s: &TestServer) {
    let ada = s.register("ada").await;
    let now = chrono::Utc::now().timestamp();
    // A valid token's claims, to alter one at a time.
    let sid = {
        let payload = ada.token.split('.').nth(1).unwrap();
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap();
        serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()["sid"].as_str().unwrap().to_owned()
    };
    let claims = |exp: i64, aud: &str, iss: &str| json!({ "sub": ada.id, "sid": sid, "iss": iss, "aud": aud, "exp": exp, "iat": now });
    let good = token(claims(now + 600, "chat-clients", "chat-server"), Algorithm::HS256, SECRET);
    assert_eq!(s.get("/api/users/me", &good).await.0, StatusCode::OK, "the forged-token baseline is valid");

    let expired = token(claims(now - 120, "chat-clients", "chat-server"), Algorithm::HS256, SECRET);
    let wrong_audience = token(claims(now + 600, "someone-else", "chat-server"), Algorithm::HS256, SECRET);
    let wrong_issuer = token(claims(now + 600, "chat-clients", "evil"), Algorithm::HS256, SECRET);
    let wrong_signature =
        token(claims(now + 600, "chat-clients", "chat-server"), Algorithm::HS256, "another-secret-another-secret-12");
    let hs512 = token(claims(now + 600, "chat-clients", "chat-server"), Algorithm::HS512, SECRET);
    let unsigned = {
        use base64::Engine as _;
        let b64 = |v: serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.",
            b64(json!({ "alg": "none", "typ": "JWT" })),
            b64(claims(now + 600, "chat-clients", "chat-server"))
        )
    };
    for (name, bad) in [
        ("expired", expired),
        ("wrong audience", wrong_audience),
        ("wrong issuer", wrong_issuer),
        ("wrong signature", wrong_signature),
        ("alg HS512", hs512),
        ("alg none", unsigned),
        ("garbage", "not.a.token".to_owned()),
    ] {
        let result = s.get("/api/users/me", &bad).await;
        assert_eq!(result.0, StatusCode::UNAUTHORIZED, "{name} token was accepted: {}", result.1);
        assert_eq!(result.1["error"]["code"], "unauthorized");
    }
    let missing = s.call(Method::GET, "/api/users/me", None, None).await;
    assert_error(&missing, StatusCode::UNAUTHORIZED, "unauthorized");
    let basic = s.raw().get(s.url("/api/users/me")).header("authorization", "Basic YWRhOnB3").send().await.unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
}

pub async fn login_and_register_are_rate_limited_per_ip_with_retry_after(s: &TestServer) {
    s.register("ada").await;
    let body = json!({ "login": "ada", "password": "wrong-password" });
    for _ in 0..2 {
        let r = s.call(Method::POST, "/api/auth/login", None, Some(body.clone())).await;
        assert_eq!(r.0, StatusCode::UNAUTHORIZED);
    }
    let response = s.raw().post(s.url("/api/auth/login")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    let value: serde_json::Value = response.json().await.unwrap();
    assert_eq!(value["error"]["code"], "rate_limited");
    let register = json!({ "username": "bob", "password": "password123" });
    let r = s.call(Method::POST, "/api/auth/register", None, Some(register)).await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
}

pub async fn an_external_identity_token_provisions_the_user_on_first_sight(s: &TestServer) {
    let now = chrono::Utc::now().timestamp();
    let claims = |aud: &str| {
        json!({ "sub": "idp|12345", "iss": "https://id.example.org", "aud": aud, "exp": now + 600,
                "name": "Grace Hopper", "picture": "https://id.example.org/grace.png" })
    };
    let external = token(claims("chat"), Algorithm::HS256, EXTERNAL_SECRET);
    let (status, me) = s.get("/api/users/me", &external).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["displayName"], "Grace Hopper");
    assert_eq!(me["avatarUrl"], "https://id.example.org/grace.png");
    assert!(me["username"].as_str().unwrap().starts_with("gracehopper_"));
    let (_, again) = s.get("/api/users/me", &external).await;
    assert_eq!(again["id"], me["id"], "the same subject maps to the same user");
    let wrong_audience = token(claims("other"), Algorithm::HS256, EXTERNAL_SECRET);
    assert_error(&s.get("/api/users/me", &wrong_audience).await, StatusCode::UNAUTHORIZED, "unauthorized");
    let forged = token(claims("chat"), Algorithm::HS256, "not-the-provider-secret-0123456789");
    assert_error(&s.get("/api/users/me", &forged).await, StatusCode::UNAUTHORIZED, "unauthorized");
    // Local accounts keep working beside external ones.
    let local = s.register("ada").await;
    assert_eq!(s.get("/api/users/me", &local.token).await.0, StatusCode::OK);
}

pub async fn a_local_account_named_ahead_cannot_lock_an_external_identity_out(s: &TestServer) {
    use sha2::Digest as _;
    let sub = "idp|squatted";
    let hash: String = sha2::Sha256::digest(sub.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    // The names the subject would get first, all taken by local accounts.
    for length in [6, 10, 16] {
        s.register(&format!("grace_{}", &hash[..length])).await;
    }
    let now = chrono::Utc::now().timestamp();
    let claims = json!({ "sub": sub, "iss": "https://id.example.org", "aud": "chat", "exp": now + 600,
                         "preferred_username": "grace", "name": "\u{202E}Grace\u{200B}",
                         "email": "grace@example.org" });
    let (status, me) = s.get("/api/users/me", &token(claims.clone(), Algorithm::HS256, EXTERNAL_SECRET)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let username = me["username"].as_str().unwrap();
    assert!(username.starts_with("grace_") && username.len() == "grace_".len() + 16, "{username}");
    assert_eq!(me["displayName"], "Grace", "the provider's invisible characters are dropped");
    assert_eq!(me["email"], serde_json::Value::Null, "an unverified email is not taken");
    let (_, again) = s.get("/api/users/me", &token(claims, Algorithm::HS256, EXTERNAL_SECRET)).await;
    assert_eq!(again["id"], me["id"]);

    let verified = json!({ "sub": "idp|verified", "iss": "https://id.example.org", "aud": "chat", "exp": now + 600,
                           "email": "ada.lovelace@example.org", "email_verified": true });
    let (_, ada) = s.get("/api/users/me", &token(verified, Algorithm::HS256, EXTERNAL_SECRET)).await;
    assert_eq!(ada["email"], "ada.lovelace@example.org");
}
