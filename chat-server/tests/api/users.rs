use crate::server::{TestServer, assert_error};
use reqwest::StatusCode;
use serde_json::json;

pub async fn profiles_can_be_read_edited_and_searched_without_leaking_emails(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    s.register("adele").await;

    let (status, me) = s.patch("/api/users/me", &ada.token, json!({ "displayName": "Ada L.", "bio": "maths" })).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["displayName"], "Ada L.");
    assert_eq!(me["email"], "ada@example.org");

    let (status, seen) = s.get(&format!("/api/users/{}", ada.id), &bob.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["bio"], "maths");
    assert!(seen.get("email").is_none(), "another user's email is never shown: {seen}");
    assert!(seen.get("status").is_none() && seen.get("lastSeen").is_none(), "a stranger sees no presence: {seen}");
    s.direct(&ada, &bob).await;
    let (_, seen) = s.get(&format!("/api/users/{}", ada.id), &bob.token).await;
    assert_eq!(seen["status"], "offline", "a conversation shared, the status shows: {seen}");
    assert!(seen.get("lastSeenVisibility").is_none());

    let (_, me) = s.patch("/api/users/me", &ada.token, json!({ "lastSeenVisibility": "nobody" })).await;
    assert_eq!(me["lastSeenVisibility"], "nobody");
    let wrong = s.patch("/api/users/me", &ada.token, json!({ "lastSeenVisibility": "friends" })).await;
    assert!(wrong.0.is_client_error(), "{wrong:?}");

    let (_, cleared) = s.patch("/api/users/me", &ada.token, json!({ "bio": null })).await;
    assert!(cleared["bio"].is_null());
    assert_eq!(cleared["displayName"], "Ada L.", "absent fields stay");

    let (status, page) = s.get("/api/users?q=ad&limit=1", &bob.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"][0]["username"], "ada");
    let cursor = page["nextCursor"].as_str().unwrap().to_owned();
    let (_, next) = s.get(&format!("/api/users?q=ad&limit=1&cursor={cursor}"), &bob.token).await;
    assert_eq!(next["items"][0]["username"], "adele");
    assert!(next["nextCursor"].is_null());
    assert!(next["items"][0].get("email").is_none());

    // The directory is searched, never listed.
    let listing = s.get("/api/users", &bob.token).await;
    assert!(listing.0.is_client_error() && listing.1["error"]["code"] == "bad_request", "{listing:?}");
    assert_error(&s.get("/api/users?q=a", &bob.token).await, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");

    let unknown = s.get(&format!("/api/users/{}", uuid::Uuid::new_v4()), &bob.token).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
    let bad = s.patch("/api/users/me", &ada.token, json!({ "avatarUrl": "javascript:alert(1)" })).await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    assert_eq!(bad.1["error"]["details"]["field"], "avatarUrl");
}

pub async fn contacts_are_added_listed_and_removed(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let (status, _) = s.call(reqwest::Method::PUT, &format!("/api/contacts/{}", bob.id), Some(&ada.token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, list) = s.get("/api/contacts", &ada.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["username"], "bob");
    assert!(list["nextCursor"].is_null());
    let (_, theirs) = s.get("/api/contacts", &bob.token).await;
    assert!(theirs["items"].as_array().unwrap().is_empty(), "contact lists are one-way");
    assert_eq!(s.delete(&format!("/api/contacts/{}", bob.id), &ada.token).await.0, StatusCode::NO_CONTENT);
    assert_error(&s.delete(&format!("/api/contacts/{}", bob.id), &ada.token).await, StatusCode::NOT_FOUND, "not_found");
    let ghost =
        s.call(reqwest::Method::PUT, &format!("/api/contacts/{}", uuid::Uuid::new_v4()), Some(&ada.token), None).await;
    assert_error(&ghost, StatusCode::NOT_FOUND, "not_found");
}

pub async fn blocks_are_set_listed_and_lifted_over_rest(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let path = format!("/api/blocks/{}", bob.id);
    let (status, _) = s.call(reqwest::Method::PUT, &path, Some(&ada.token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, page) = s.get("/api/blocks", &ada.token).await;
    assert_eq!(page["items"][0]["username"], "bob");
    let direct = s.post("/api/conversations", &bob.token, json!({ "kind": "direct", "memberIds": [ada.id] })).await;
    assert_error(&direct, StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(s.delete(&path, &ada.token).await.0, StatusCode::NO_CONTENT);
    assert_error(&s.delete(&path, &ada.token).await, StatusCode::NOT_FOUND, "not_found");
    let direct = s.post("/api/conversations", &bob.token, json!({ "kind": "direct", "memberIds": [ada.id] })).await;
    assert_eq!(direct.0, StatusCode::CREATED, "{}", direct.1);
    let myself = s.call(reqwest::Method::PUT, &format!("/api/blocks/{}", ada.id), Some(&ada.token), None).await;
    assert_error(&myself, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
}
