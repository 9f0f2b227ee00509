use crate::server::{TestServer, assert_error};
use reqwest::StatusCode;
use serde_json::json;

pub async fn direct_conversations_are_created_once_and_groups_are_managed_by_admins(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let (status, direct) =
        s.post("/api/conversations", &ada.token, json!({ "kind": "direct", "memberIds": [bob.id] })).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(direct["kind"], "direct");
    assert_eq!(direct["lastSeq"], 0);
    let (status, again) =
        s.post("/api/conversations", &bob.token, json!({ "kind": "direct", "memberIds": [ada.id] })).await;
    assert_eq!(status, StatusCode::OK, "an existing direct conversation answers 200");
    assert_eq!(again["id"], direct["id"]);

    let group = s.group(&ada, &[&bob]).await;
    let (status, got) = s.get(&format!("/api/conversations/{group}"), &bob.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["name"], "team");
    assert_eq!(got["createdBy"], ada.id.as_str());
    let roles: Vec<(String, String)> = got["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["userId"].as_str().unwrap().to_owned(), m["role"].as_str().unwrap().to_owned()))
        .collect();
    assert!(roles.contains(&(ada.id.clone(), "owner".into())) && roles.contains(&(bob.id.clone(), "member".into())));

    let rename = s.patch(&format!("/api/conversations/{group}"), &bob.token, json!({ "name": "mine" })).await;
    assert_error(&rename, StatusCode::FORBIDDEN, "forbidden");
    let (status, renamed) = s
        .patch(&format!("/api/conversations/{group}"), &ada.token, json!({ "name": "renamed", "description": "d" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(renamed["name"], "renamed");
    assert_eq!(renamed["description"], "d");

    s.send(&bob, &group, "hello team").await;
    let (status, list) = s.get("/api/conversations", &ada.token).await;
    assert_eq!(status, StatusCode::OK);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], group.as_str(), "most recent activity first");
    assert_eq!(items[0]["unreadCount"], 1);
    assert_eq!(items[0]["readSeq"], 0);
    assert_eq!(items[0]["lastMessage"]["content"], "hello team");

    assert_error(
        &s.delete(&format!("/api/conversations/{group}"), &bob.token).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_eq!(s.delete(&format!("/api/conversations/{group}"), &ada.token).await.0, StatusCode::NO_CONTENT);
    assert_error(&s.get(&format!("/api/conversations/{group}"), &ada.token).await, StatusCode::NOT_FOUND, "not_found");

    let flash = s.post("/api/conversations", &ada.token, json!({ "kind": "flash", "memberIds": [bob.id] })).await;
    assert_error(&flash, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    let nameless = s.post("/api/conversations", &ada.token, json!({ "kind": "group", "memberIds": [bob.id] })).await;
    assert_error(&nameless, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
}

pub async fn a_non_member_gets_404_for_reading_sending_and_listing_members(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let eve = s.register("eve").await;
    let conv = s.direct(&ada, &bob).await;
    let message = s.send(&ada, &conv, "for bob only").await;
    let id = message["id"].as_str().unwrap();
    for result in [
        s.get(&format!("/api/conversations/{conv}"), &eve.token).await,
        s.get(&format!("/api/conversations/{conv}/messages"), &eve.token).await,
        s.get(&format!("/api/conversations/{conv}/members"), &eve.token).await,
        s.post(&format!("/api/conversations/{conv}/messages"), &eve.token, json!({ "content": "hi" })).await,
        s.post(&format!("/api/conversations/{conv}/read"), &eve.token, json!({ "seq": 1 })).await,
        s.patch(&format!("/api/messages/{id}"), &eve.token, json!({ "content": "mine" })).await,
        s.delete(&format!("/api/messages/{id}?scope=everyone"), &eve.token).await,
        s.get(&format!("/api/search/messages?q=bob&conversationId={conv}"), &eve.token).await,
    ] {
        assert_error(&result, StatusCode::NOT_FOUND, "not_found");
        assert!(!result.1.to_string().contains("for bob only"));
    }
    let (_, found) = s.get("/api/search/messages?q=bob", &eve.token).await;
    assert!(found["items"].as_array().unwrap().is_empty());
}

pub async fn members_are_added_promoted_and_removed_over_rest(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let cy = s.register("cyd").await;
    let group = s.group(&ada, &[&bob]).await;
    let path = format!("/api/conversations/{group}/members");

    let by_member = s.post(&path, &bob.token, json!({ "userId": cy.id })).await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let (status, added) = s.post(&path, &ada.token, json!({ "userId": cy.id })).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added, json!({ "userId": cy.id, "role": "member", "readSeq": 0, "deliveredSeq": 0 }));
    assert_error(&s.post(&path, &ada.token, json!({ "userId": cy.id })).await, StatusCode::CONFLICT, "conflict");

    let (status, promoted) = s.patch(&format!("{path}/{}", bob.id), &ada.token, json!({ "role": "admin" })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(promoted["role"], "admin");
    let (status, list) = s.get(&path, &cy.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"].as_array().unwrap().len(), 3);

    let leave_last_owner = s.delete(&format!("{path}/{}", ada.id), &ada.token).await;
    assert_error(&leave_last_owner, StatusCode::CONFLICT, "conflict");
    assert_eq!(s.delete(&format!("{path}/{}", cy.id), &bob.token).await.0, StatusCode::NO_CONTENT);
    assert_error(&s.get(&path, &cy.token).await, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(s.delete(&format!("{path}/{}", bob.id), &bob.token).await.0, StatusCode::NO_CONTENT, "leaving");
    let bad_role = s.patch(&format!("{path}/{}", ada.id), &ada.token, json!({ "role": "king" })).await;
    assert_error(&bad_role, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
}

pub async fn the_conversation_list_is_paged_with_a_cursor(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let first = s.group(&ada, &[&bob]).await;
    let second = s.direct(&ada, &bob).await;
    let (status, page) = s.get("/api/conversations?limit=1", &ada.token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"][0]["id"], second.as_str());
    assert!(page["items"][0]["lastActivityAt"].is_string());
    let cursor = page["nextCursor"].as_str().unwrap().to_owned();
    let (_, next) = s.get(&format!("/api/conversations?limit=1&cursor={cursor}"), &ada.token).await;
    assert_eq!(next["items"][0]["id"], first.as_str());
    assert!(next["nextCursor"].is_null());
    let bad = s.get("/api/conversations?cursor=nonsense", &ada.token).await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
    assert_error(
        &s.get("/api/conversations?limit=101", &ada.token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_request",
    );
}
