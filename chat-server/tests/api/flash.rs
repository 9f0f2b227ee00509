use crate::server::{TestServer, assert_error};
use reqwest::StatusCode;
use serde_json::json;

pub async fn flash_groups_are_created_listed_read_and_carry_messages_over_rest(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let eve = s.register("eve").await;
    let body = |ttl: u64| json!({ "name": "standup", "memberIds": [bob.id], "ttlSeconds": ttl });
    for ttl in [59, 604_801] {
        let r = s.post("/api/flash-groups", &ada.token, body(ttl)).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
        assert_eq!(r.1["error"]["details"]["field"], "ttlSeconds");
    }
    assert_eq!(s.post("/api/flash-groups", &ada.token, body(604_800)).await.0, StatusCode::CREATED);
    let (status, group) = s.post("/api/flash-groups", &ada.token, body(60)).await;
    assert_eq!(status, StatusCode::CREATED, "{group}");
    assert_eq!(group["kind"], "flash");
    let id = group["id"].as_str().unwrap();
    let created = chrono::DateTime::parse_from_rfc3339(group["createdAt"].as_str().unwrap()).unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(group["expiresAt"].as_str().unwrap()).unwrap();
    assert_eq!((expires - created).num_seconds(), 60);

    let (status, got) = s.get(&format!("/api/flash-groups/{id}"), &bob.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["name"], "standup");
    assert_error(&s.get(&format!("/api/flash-groups/{id}"), &eve.token).await, StatusCode::NOT_FOUND, "not_found");
    let (_, list) = s.get("/api/flash-groups", &bob.token).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["id"], id, "soonest to expire first");

    let message = s.send(&bob, id, "see you in 5").await;
    assert_eq!(message["seq"], 1);
    let (_, history) = s.get(&format!("/api/conversations/{id}/messages"), &ada.token).await;
    assert_eq!(history["items"][0]["content"], "see you in 5");
    let (_, conversations) = s.get("/api/conversations", &ada.token).await;
    let listed = conversations["items"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(listed["unreadCount"], 1);
    assert_eq!(listed["kind"], "flash");
    let rename = s.patch(&format!("/api/conversations/{id}"), &ada.token, json!({ "name": "x" })).await;
    assert_error(&rename, StatusCode::CONFLICT, "conflict");
}
