use crate::server::{TestServer, assert_error};
use reqwest::StatusCode;
use serde_json::json;

pub async fn sending_replaying_paging_reading_editing_deleting_and_searching_work_over_rest(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let conv = s.direct(&ada, &bob).await;
    let messages = format!("/api/conversations/{conv}/messages");

    let body = json!({ "content": "the invoice is ready", "clientMsgId": "c-1" });
    let (status, first) = s.post(&messages, &ada.token, body.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["seq"], 1);
    assert_eq!(first["type"], "text");
    assert_eq!(first["senderId"], ada.id.as_str());
    assert_eq!(first["clientMsgId"], "c-1");
    assert_eq!(first["deleted"], false);
    assert!(first["attachments"].as_array().unwrap().is_empty());
    let (status, replay) = s.post(&messages, &ada.token, body).await;
    assert_eq!(status, StatusCode::OK, "a replayed clientMsgId answers 200");
    assert_eq!(replay, first);

    for i in 2..=5 {
        s.send(&bob, &conv, &format!("reply {i}")).await;
    }
    let (status, page) = s.get(&format!("{messages}?limit=2"), &ada.token).await;
    assert_eq!(status, StatusCode::OK);
    let seqs = |v: &serde_json::Value| {
        v["items"].as_array().unwrap().iter().map(|m| m["seq"].as_i64().unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(seqs(&page), vec![4, 5]);
    assert_eq!(page["hasMore"], true);
    let (_, before) = s.get(&format!("{messages}?beforeSeq=4&limit=10"), &ada.token).await;
    assert_eq!(seqs(&before), vec![1, 2, 3]);
    assert_eq!(before["hasMore"], false);
    let (_, after) = s.get(&format!("{messages}?afterSeq=3"), &ada.token).await;
    assert_eq!(seqs(&after), vec![4, 5]);

    let (_, list) = s.get("/api/conversations", &ada.token).await;
    assert_eq!(list["items"][0]["unreadCount"], 4);
    assert_eq!(
        s.post(&format!("/api/conversations/{conv}/read"), &ada.token, json!({ "seq": 4 })).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, list) = s.get("/api/conversations", &ada.token).await;
    assert_eq!(list["items"][0]["unreadCount"], 1);
    assert_eq!(list["items"][0]["readSeq"], 4);
    // Bob sees how far Ada has read, so his read ticks survive a reload.
    let (_, seen_by_bob) = s.get(&format!("/api/conversations/{conv}"), &bob.token).await;
    let ada_member = seen_by_bob["members"].as_array().unwrap().iter().find(|m| m["userId"] == ada.id).unwrap();
    assert_eq!((ada_member["readSeq"].as_i64(), ada_member["deliveredSeq"].as_i64()), (Some(4), Some(0)));

    let id = first["id"].as_str().unwrap();
    let by_bob = s.patch(&format!("/api/messages/{id}"), &bob.token, json!({ "content": "hacked" })).await;
    assert_error(&by_bob, StatusCode::FORBIDDEN, "forbidden");
    let (status, edited) =
        s.patch(&format!("/api/messages/{id}"), &ada.token, json!({ "content": "the invoice is late" })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(edited["content"], "the invoice is late");
    assert!(edited["editedAt"].is_string());

    let (_, found) = s.get("/api/search/messages?q=invoice", &bob.token).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    assert_eq!(found["items"][0]["id"], id);

    assert_eq!(s.delete(&format!("/api/messages/{id}?scope=me"), &bob.token).await.0, StatusCode::NO_CONTENT);
    let (_, for_bob) = s.get(&messages, &bob.token).await;
    assert_eq!(seqs(&for_bob), vec![2, 3, 4, 5]);
    let (_, for_ada) = s.get(&messages, &ada.token).await;
    assert_eq!(seqs(&for_ada), vec![1, 2, 3, 4, 5]);
    let other = s.get(&format!("{messages}?afterSeq=1&limit=1"), &ada.token).await.1["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_error(
        &s.delete(&format!("/api/messages/{other}?scope=everyone"), &ada.token).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_eq!(s.delete(&format!("/api/messages/{id}?scope=everyone"), &ada.token).await.0, StatusCode::NO_CONTENT);
    let (_, for_ada) = s.get(&format!("{messages}?limit=1&beforeSeq=2"), &ada.token).await;
    assert_eq!(for_ada["items"][0]["deleted"], true);
    assert_eq!(for_ada["items"][0]["content"], "");
    let (_, found) = s.get("/api/search/messages?q=invoice", &ada.token).await;
    assert!(found["items"].as_array().unwrap().is_empty(), "deleted messages are not found");
    let bad_scope = s.delete(&format!("/api/messages/{other}?scope=all"), &ada.token).await;
    assert_error(&bad_scope, StatusCode::BAD_REQUEST, "bad_request");
}

pub async fn fifty_concurrent_senders_get_seqs_one_to_fifty_and_ten_replays_store_one(s: &TestServer) {
    let owner = s.register("owner").await;
    let mut members = Vec::new();
    for i in 0..10 {
        members.push(s.register(&format!("member{i}")).await);
    }
    let refs: Vec<&_> = members.iter().collect();
    let conv = s.group(&owner, &refs).await;
    let path = format!("/api/conversations/{conv}/messages");
    let sends = (0..50).map(|i| {
        let member = &members[i % members.len()];
        s.post(&path, &member.token, json!({ "content": format!("message {i}") }))
    });
    let results = futures::future::join_all(sends).await;
    let mut seqs: Vec<i64> = results
        .iter()
        .map(|(status, m)| {
            assert_eq!(*status, StatusCode::CREATED, "{m}");
            m["seq"].as_i64().unwrap()
        })
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=50).collect::<Vec<_>>());

    let replays = (0..10).map(|_| s.post(&path, &owner.token, json!({ "content": "once", "clientMsgId": "same-key" })));
    let results = futures::future::join_all(replays).await;
    let ids: std::collections::BTreeSet<String> =
        results.iter().map(|(_, m)| m["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(results.iter().filter(|(status, _)| *status == StatusCode::CREATED).count(), 1);
    let (_, page) = s.get(&format!("{path}?afterSeq=50"), &owner.token).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["seq"], 51);
}
