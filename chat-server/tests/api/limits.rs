use crate::server::{TestServer, assert_error};
use chat_server::Settings;
use reqwest::{Method, StatusCode};
use serde_json::json;

pub fn small_body_limit(s: &mut Settings) {
    s.body_limit_bytes = 2048;
    s.limits.message_max_chars = 100_000;
}

async fn register(s: &TestServer, username: &str, password: &str) -> (StatusCode, serde_json::Value) {
    s.call(Method::POST, "/api/auth/register", None, Some(json!({ "username": username, "password": password }))).await
}

pub async fn usernames_and_passwords_are_checked_at_their_edges(s: &TestServer) {
    let ok = "password";
    assert_eq!(register(s, "abc", ok).await.0, StatusCode::CREATED, "3 characters");
    assert_eq!(register(s, &"u".repeat(32), ok).await.0, StatusCode::CREATED, "32 characters");
    for (name, why) in [
        ("ab", "2 characters"),
        (&"v".repeat(33) as &str, "33 characters"),
        ("bad name", "space"),
        ("émile", "non-ASCII"),
        ("a-b-c", "dash"),
    ] {
        let r = register(s, name, ok).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
        assert_eq!(r.1["error"]["details"]["field"], "username", "{why}");
    }
    assert_eq!(register(s, "pw8", &"p".repeat(8)).await.0, StatusCode::CREATED, "8 characters");
    assert_eq!(register(s, "pw128", &"p".repeat(128)).await.0, StatusCode::CREATED, "128 characters");
    for password in ["p".repeat(7), "p".repeat(129)] {
        let r = register(s, "pwbad", &password).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
        assert_eq!(r.1["error"]["details"]["field"], "password");
    }
    let mixed = register(s, "MiXeD", ok).await;
    assert_eq!(mixed.1["user"]["username"], "mixed", "usernames fold to lowercase");
    assert_error(&register(s, "mixed", ok).await, StatusCode::CONFLICT, "conflict");
}

pub async fn message_content_and_page_size_are_checked_at_their_edges(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let conv = s.direct(&ada, &bob).await;
    let path = format!("/api/conversations/{conv}/messages");
    // Characters, not bytes: 4000 multi-byte characters are fine.
    let (status, m) = s.post(&path, &ada.token, json!({ "content": "é".repeat(4000) })).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(m["content"].as_str().unwrap().chars().count(), 4000);
    let too_long = s.post(&path, &ada.token, json!({ "content": "x".repeat(4001) })).await;
    assert_error(&too_long, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    for empty in [json!({ "content": "" }), json!({ "content": "   " }), json!({})] {
        assert_error(&s.post(&path, &ada.token, empty).await, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    }
    let long_key = s.post(&path, &ada.token, json!({ "content": "x", "clientMsgId": "k".repeat(65) })).await;
    assert_error(&long_key, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");

    assert_eq!(s.get(&format!("{path}?limit=100"), &ada.token).await.0, StatusCode::OK);
    for limit in ["101", "0"] {
        let r = s.get(&format!("{path}?limit={limit}"), &ada.token).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
        assert_eq!(r.1["error"]["details"]["field"], "limit");
    }
    assert_eq!(s.get("/api/users?q=ad&limit=100", &ada.token).await.0, StatusCode::OK);
    assert_error(
        &s.get("/api/users?q=ad&limit=101", &ada.token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_request",
    );
    assert_error(&s.get("/api/contacts?limit=101", &ada.token).await, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    let search = s.get("/api/search/messages?q=x&limit=101", &ada.token).await;
    assert_error(&search, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
}

pub async fn malformed_requests_get_a_clear_error_and_never_a_500(s: &TestServer) {
    let ada = s.register("ada").await;
    let raw = |method: Method, path: &str, content_type: &str, body: &'static str| {
        s.raw()
            .request(method, s.url(path))
            .bearer_auth(&ada.token)
            .header("content-type", content_type.to_owned())
            .body(body)
            .send()
    };
    let broken = raw(Method::POST, "/api/conversations", "application/json", "{\"kind\": ").await.unwrap();
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = broken.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");
    let text = raw(Method::POST, "/api/conversations", "text/plain", "hello").await.unwrap();
    assert_eq!(text.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let unknown_field = s
        .post("/api/conversations", &ada.token, json!({ "kind": "group", "name": "x", "memberIds": [], "admin": true }))
        .await;
    assert_error(&unknown_field, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    let bad_id = s.get("/api/conversations/not-a-uuid", &ada.token).await;
    assert_error(&bad_id, StatusCode::BAD_REQUEST, "bad_request");
    let bad_seq =
        s.get(&format!("/api/conversations/{}/messages?beforeSeq=abc", uuid::Uuid::new_v4()), &ada.token).await;
    assert_error(&bad_seq, StatusCode::BAD_REQUEST, "bad_request");
    // PostgreSQL cannot store NUL: every text field refuses it up front.
    let nul_name =
        s.post("/api/conversations", &ada.token, json!({ "kind": "group", "name": "a\u{0}b", "memberIds": [] })).await;
    assert_error(&nul_name, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    let nul_search = s.get("/api/search/messages?q=a%00b", &ada.token).await;
    assert_error(&nul_search, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    let nul_users = s.get("/api/users?q=a%00", &ada.token).await;
    assert_error(&nul_users, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    let nul_login = s
        .call(Method::POST, "/api/auth/login", None, Some(json!({ "login": "a\u{0}", "password": "password123" })))
        .await;
    assert_error(&nul_login, StatusCode::UNAUTHORIZED, "unauthorized");
    let nul_email = s
        .call(
            Method::POST,
            "/api/auth/register",
            None,
            Some(json!({ "username": "nul", "password": "password123", "email": "a\u{0}@b.org" })),
        )
        .await;
    assert_error(&nul_email, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    let huge_number =
        raw(Method::POST, "/api/auth/login", "application/json", "{\"login\": 1e999, \"password\": []}").await.unwrap();
    assert!(huge_number.status().is_client_error());
    let not_found = s.get("/api/nothing-here", &ada.token).await;
    assert_eq!(not_found.0, StatusCode::NOT_FOUND);
}

pub async fn bodies_over_the_limit_get_413(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let conv = s.direct(&ada, &bob).await;
    let path = format!("/api/conversations/{conv}/messages");
    assert_eq!(s.post(&path, &ada.token, json!({ "content": "x".repeat(1900) })).await.0, StatusCode::CREATED);
    let r = s.post(&path, &ada.token, json!({ "content": "x".repeat(5000) })).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

pub async fn operations_routes_and_the_api_documentation_are_served(s: &TestServer) {
    let health = s.raw().get(s.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let ready = s.raw().get(s.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let ready: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(ready["database"], "ok");
    let spec = s.raw().get(s.url("/api/openapi.json")).send().await.unwrap();
    assert_eq!(spec.status(), StatusCode::OK);
    let spec: serde_json::Value = spec.json().await.unwrap();
    assert!(spec["paths"]["/api/conversations/{id}/messages"]["post"].is_object());
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
    let realtime = s.raw().get(s.url("/api/asyncapi.json")).send().await.unwrap();
    assert_eq!(realtime.status(), StatusCode::OK);
    let realtime: serde_json::Value = realtime.json().await.unwrap();
    assert_eq!(realtime["asyncapi"], "3.0.0");
    assert_eq!(realtime["operations"]["client.sendMessage"]["action"], "receive");
    let docs = s.raw().get(s.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"), "Swagger UI is served");
    let traced = s.raw().get(s.url("/health")).send().await.unwrap();
    assert!(traced.headers().contains_key("x-request-id"));
}

pub async fn names_refuse_invisible_and_control_characters_and_are_stored_normalised(s: &TestServer) {
    let ada = s.register("ada").await;
    for name in ["\u{202E}admin\u{200B}", "ad\u{200D}min", "team\u{0007}", "two\nlines", "\u{2066}x\u{2069}"] {
        let r = s.patch("/api/users/me", &ada.token, json!({ "displayName": name })).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
        assert_eq!(r.1["error"]["details"]["field"], "displayName", "{name:?}");
        let group =
            s.post("/api/conversations", &ada.token, json!({ "kind": "group", "name": name, "memberIds": [] })).await;
        assert_error(&group, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    }
    let bell = s
        .call(
            Method::POST,
            "/api/auth/register",
            None,
            Some(json!({ "username": "bell", "password": "password123", "displayName": "ding\u{0007}" })),
        )
        .await;
    assert_error(&bell, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    // "e" + combining diaeresis is stored as "ë"; emoji joined by a zero-width joiner stay.
    let (status, me) =
        s.patch("/api/users/me", &ada.token, json!({ "displayName": " Zoe\u{0308} 👩\u{200D}💻 " })).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["displayName"], "Zo\u{00EB} 👩\u{200D}💻");
    for avatar in ["//evil.example/x.png", "/\\evil.example/x.png", "javascript:alert(1)"] {
        let r = s.patch("/api/users/me", &ada.token, json!({ "avatarUrl": avatar })).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    }
    assert_eq!(s.patch("/api/users/me", &ada.token, json!({ "avatarUrl": "/api/files/x" })).await.0, StatusCode::OK);
    // Message text keeps line breaks and right-to-left marks, but not other control characters.
    let conv = s.group(&ada, &[]).await;
    let ok = s
        .post(&format!("/api/conversations/{conv}/messages"), &ada.token, json!({ "content": "a\n\tb \u{200F}שלום" }))
        .await;
    assert_eq!(ok.0, StatusCode::CREATED, "{}", ok.1);
    let escape = s
        .post(&format!("/api/conversations/{conv}/messages"), &ada.token, json!({ "content": "\u{001B}[31mred" }))
        .await;
    assert_error(&escape, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
}
