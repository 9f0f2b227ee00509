//! Leaving for good: the export holds everything the user sent, and after deletion nothing of the
//! user answers, signs in, is found or stays in storage, while the others keep their conversations.

use crate::{
    auth::{EXTERNAL_SECRET, token},
    server::{Session, TestServer, assert_error},
    uploads::{finished_job, upload},
};
use chat_server::Settings;
use jsonwebtoken::Algorithm;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

pub fn erase_messages(s: &mut Settings) {
    s.limits.deleted_account_messages = chat_core::account::DeletedAccountMessages::Erase;
}

async fn delete_account(s: &TestServer, who: &Session, password: Option<&str>) -> (StatusCode, Value) {
    let body = password.map_or_else(|| json!({}), |p| json!({ "password": p }));
    s.call(Method::DELETE, "/api/users/me", Some(&who.token), Some(body)).await
}

async fn login(s: &TestServer, name: &str) -> StatusCode {
    let body = json!({ "login": name, "password": "password123" });
    s.call(Method::POST, "/api/auth/login", None, Some(body)).await.0
}

/// Sends `n` messages from `who`, ten at a time, and returns their ids.
async fn send_many(s: &TestServer, who: &Session, conversation: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(10) {
        let texts: Vec<String> = chunk.iter().map(|i| format!("note {i}")).collect();
        let sent = futures::future::join_all(texts.iter().map(|text| s.send(who, conversation, text))).await;
        ids.extend(sent.iter().map(|m| m["id"].as_str().unwrap().to_owned()));
    }
    ids
}

pub async fn the_export_holds_every_message_sent_and_after_deletion_nothing_of_the_user_remains(s: &TestServer) {
    let (ada, bob, cy) = (s.register("ada").await, s.register("bob").await, s.register("cyrus").await);
    let direct = s.direct(&ada, &bob).await;
    let group = s.group(&ada, &[&bob, &cy]).await;
    for (owner, contact) in [(&ada, &bob), (&bob, &ada)] {
        let added = s.call(Method::PUT, &format!("/api/contacts/{}", contact.id), Some(&owner.token), None).await;
        assert_eq!(added.0, StatusCode::NO_CONTENT);
    }

    // Past one chunk of the streamed export (500 messages).
    let mut sent = send_many(s, &ada, &direct, 510).await;
    sent.extend(send_many(s, &ada, &group, 3).await);
    let (status, file) = upload(s, &ada, "notes.txt", "text/plain", b"ada's notes".to_vec()).await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    assert_eq!(finished_job(s, &ada, file["jobId"].as_str().unwrap()).await["status"], "completed");
    let (status, with_file) = s
        .post(&format!("/api/conversations/{group}/messages"), &ada.token, json!({ "attachmentIds": [file["id"]] }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{with_file}");
    sent.push(with_file["id"].as_str().unwrap().to_owned());
    s.send(&bob, &direct, "bob's own words").await;
    let stored = s.data_dir().join("uploads").join("uploads").join(file["id"].as_str().unwrap());
    assert!(stored.exists(), "the upload is in storage at {}", stored.display());

    let response = s.raw().get(s.url("/api/users/me/export")).bearer_auth(&ada.token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(disposition, "attachment; filename=\"chat-export-ada.json\"");
    let export: Value = serde_json::from_str(&response.text().await.unwrap()).expect("the export is one JSON document");
    assert_eq!(export["user"]["username"], "ada");
    assert_eq!(export["user"]["email"], "ada@example.org");
    assert_eq!(export["contacts"][0]["id"], bob.id.as_str());
    assert!(export["contacts"][0].get("email").is_none(), "never another user's email");
    let roles: BTreeSet<(String, String)> = export["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_owned(), c["role"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(roles, BTreeSet::from([(direct.clone(), "member".into()), (group.clone(), "owner".into())]));
    let messages = export["messages"].as_array().unwrap();
    let exported: Vec<String> = messages.iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect();
    assert!(messages.iter().all(|m| m["senderId"] == ada.id.as_str()), "only ada's own messages");
    assert!(exported.windows(2).all(|w| w[0] < w[1]), "oldest first, each once");
    assert_eq!(exported.iter().collect::<BTreeSet<_>>(), sent.iter().collect::<BTreeSet<_>>());
    assert_eq!(exported.len(), 514);

    assert_error(&delete_account(s, &ada, None).await, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    assert_error(
        &delete_account(s, &ada, Some("not-my-password")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_request",
    );
    assert_eq!(login(s, "ada").await, StatusCode::OK, "a refused deletion changes nothing");
    assert_eq!(delete_account(s, &ada, Some("password123")).await.0, StatusCode::NO_CONTENT);

    // Ada can no longer do or be anything.
    assert_eq!(s.get("/api/users/me", &ada.token).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(login(s, "ada").await, StatusCode::UNAUTHORIZED);
    let refresh = s.call(Method::POST, "/api/auth/refresh", None, Some(json!({ "refreshToken": ada.refresh }))).await;
    assert_eq!(refresh.0, StatusCode::UNAUTHORIZED);
    assert_eq!(s.get(&format!("/api/users/{}", ada.id), &bob.token).await.0, StatusCode::NOT_FOUND);
    let (_, found) = s.get("/api/users?q=ad", &bob.token).await;
    assert_eq!(found["items"], json!([]), "not found by search");
    let (_, contacts) = s.get("/api/contacts", &bob.token).await;
    assert_eq!(contacts["items"], json!([]), "gone from the contact lists of others");
    assert!(!stored.exists(), "the upload is deleted from storage");
    let file_link = s.raw().get(s.url(with_file["attachments"][0]["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(file_link.status(), StatusCode::NOT_FOUND);

    // The others keep their conversations; the group passed to a remaining member.
    let (status, conversation) = s.get(&format!("/api/conversations/{group}"), &bob.token).await;
    assert_eq!(status, StatusCode::OK);
    let members = conversation["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert!(members.iter().all(|m| m["userId"] != ada.id.as_str()));
    assert_eq!(members.iter().filter(|m| m["role"] == "owner").count(), 1, "{conversation}");
    let (status, history) = s.get(&format!("/api/conversations/{direct}/messages?limit=100"), &bob.token).await;
    assert_eq!(status, StatusCode::OK);
    let items = history["items"].as_array().unwrap();
    assert!(
        items.iter().any(|m| m["senderId"] == ada.id.as_str() && m["content"].as_str().unwrap().starts_with("note"))
    );
    assert!(s.send(&bob, &direct, "still here").await["seq"].as_i64().unwrap() > 511);
}

pub async fn with_the_erase_policy_a_deleted_accounts_messages_are_blanked_for_the_others(s: &TestServer) {
    let (ada, bob) = (s.register("ada").await, s.register("bob").await);
    let direct = s.direct(&ada, &bob).await;
    let secret = s.send(&ada, &direct, "my secret plan").await;
    s.send(&bob, &direct, "sounds good").await;
    assert_eq!(delete_account(s, &ada, Some("password123")).await.0, StatusCode::NO_CONTENT);
    let (_, history) = s.get(&format!("/api/conversations/{direct}/messages"), &bob.token).await;
    let items = history["items"].as_array().unwrap();
    let erased = items.iter().find(|m| m["id"] == secret["id"]).expect("the message keeps its place");
    assert_eq!(erased["content"], "");
    assert_eq!(erased["deleted"], true);
    assert!(items.iter().any(|m| m["content"] == "sounds good"), "the others' messages stay");
    let (_, found) = s.get("/api/search/messages?q=secret", &bob.token).await;
    assert_eq!(found["items"], json!([]), "nothing of it is searchable");
}

pub async fn an_account_without_a_password_is_deleted_only_after_a_recent_sign_in(s: &TestServer) {
    let now = chrono::Utc::now().timestamp();
    let claims = |iat: i64| {
        json!({ "sub": "idp|leaving", "iss": "https://id.example.org", "aud": "chat", "exp": now + 600, "iat": iat,
                "name": "Leaving Soon" })
    };
    let stale = Session {
        id: String::new(),
        token: token(claims(now - 3600), Algorithm::HS256, EXTERNAL_SECRET),
        refresh: String::new(),
    };
    let (status, me) = s.get("/api/users/me", &stale.token).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_error(&delete_account(s, &stale, Some("anything")).await, StatusCode::FORBIDDEN, "forbidden");
    let fresh = Session { token: token(claims(now), Algorithm::HS256, EXTERNAL_SECRET), ..stale };
    assert_eq!(delete_account(s, &fresh, None).await.0, StatusCode::NO_CONTENT);
    let bob = s.register("bob").await;
    assert_eq!(s.get(&format!("/api/users/{}", me["id"].as_str().unwrap()), &bob.token).await.0, StatusCode::NOT_FOUND);
}
