use crate::server::{TestServer, assert_error};
use chat_server::Settings;
use reqwest::StatusCode;

/// A built web client in a folder of its own.
pub fn with_web_client(s: &mut Settings) {
    let dir = std::env::temp_dir().join(format!("chat-web-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><div id=root>chat app</div>").unwrap();
    std::fs::write(dir.join("assets/app-1234.js"), "console.log('app')").unwrap();
    s.web_dir = Some(dir);
}

pub async fn the_web_client_is_served_with_a_spa_fallback_and_api_paths_stay_json(s: &TestServer) {
    let get = |path: &str| s.raw().get(s.url(path)).send();
    let index = get("/").await.unwrap();
    assert_eq!(index.status(), StatusCode::OK);
    assert_eq!(index.headers()["cache-control"], "no-cache");
    assert!(index.text().await.unwrap().contains("chat app"));
    let route = get("/conversations/some-id").await.unwrap();
    assert_eq!(route.status(), StatusCode::OK, "client-side routes get index.html");
    assert!(route.text().await.unwrap().contains("chat app"));
    let asset = get("/assets/app-1234.js").await.unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(asset.text().await.unwrap(), "console.log('app')");
    let ada = s.register("ada").await;
    assert_error(&s.get("/api/no-such-route", &ada.token).await, StatusCode::NOT_FOUND, "not_found");
}

pub fn without_web_client(s: &mut Settings) {
    s.web_dir = Some(std::env::temp_dir().join("chat-web-never-built"));
}

pub async fn without_a_built_web_client_the_root_explains_how_to_build_it(s: &TestServer) {
    let root = s.raw().get(s.url("/")).send().await.unwrap();
    assert_eq!(root.status(), StatusCode::NOT_FOUND);
    assert!(root.text().await.unwrap().contains("npm --prefix web"));
}
