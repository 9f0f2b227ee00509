//! Password recovery by email, caught by a real SMTP server (aiosmtpd, from PyPI) that writes
//! every message to a maildir.

use crate::server::TestServer;
use reqwest::StatusCode;
use serde_json::json;
use std::{path::PathBuf, process::Stdio, time::Duration};

/// `python3 -m aiosmtpd` on a free port, delivering to a maildir; killed on drop.
struct SmtpSink {
    process: std::process::Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpSink {
    async fn start() -> Option<Self> {
        let installed = std::process::Command::new("python3").args(["-c", "import aiosmtpd"]).status();
        if !installed.is_ok_and(|s| s.success()) {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but aiosmtpd (pip install aiosmtpd) is missing"
            );
            eprintln!("aiosmtpd not installed: password recovery test skipped");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let maildir = std::env::temp_dir().join(format!("chat-maildir-{}", uuid::Uuid::new_v4().simple()));
        let process = std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let sink = Self { process, port, maildir };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Some(sink);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("aiosmtpd did not start");
    }

    /// Every message delivered so far, its quoted-printable body decoded as a mail client would.
    fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else { return Vec::new() };
        entries.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).map(|m| quoted_printable(&m)).collect()
    }

    /// Waits for `n` messages and returns the tokens of their reset links, in no order.
    async fn reset_tokens(&self, n: usize) -> Vec<String> {
        self.link_tokens(n, "#reset=").await
    }

    /// Waits for `n` messages with a link `/<marker><token>` and returns their tokens, in no order.
    async fn link_tokens(&self, n: usize, marker: &str) -> Vec<String> {
        for _ in 0..100 {
            let tokens: Vec<String> = self
                .messages()
                .iter()
                .filter_map(|m| m.split(marker).nth(1))
                .map(|rest| rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect())
                .collect();
            if tokens.len() >= n {
                assert!(tokens.iter().all(|t| !t.is_empty()), "every such link carries a token: {tokens:?}");
                return tokens;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("fewer than {n} emails with {marker} arrived");
    }
}

/// Soft line breaks removed and `=XX` escapes decoded (the whole message: its headers have none).
fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let mut out = Vec::new();
    let bytes = joined.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=' && i + 2 < bytes.len())
            .then(|| u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16).ok())
            .flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_works_once_expires_ends_every_login_and_an_unknown_login_is_answered_alike() {
    let Some(sink) = SmtpSink::start().await else { return };
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let server = TestServer::sqlite(|s| {
        s.smtp_url = Some(smtp.clone());
        s.public_url = Some("https://chat.example.org".into());
        s.password_reset_ttl_secs = 3;
    })
    .await
    .unwrap();
    let body = json!({ "username": "ada", "password": "password123", "email": "ada@example.org" });
    let (_, ada) = server.call(reqwest::Method::POST, "/api/auth/register", None, Some(body)).await;
    let old_access = ada["accessToken"].as_str().unwrap().to_owned();
    let reset = |login: &str| {
        server.call(reqwest::Method::POST, "/api/auth/password-reset", None, Some(json!({ "login": login })))
    };
    let confirm = |token: &str, password: &str| {
        let body = json!({ "token": token, "password": password });
        server.call(reqwest::Method::POST, "/api/auth/password-reset/confirm", None, Some(body))
    };
    let login = |password: &str| {
        let body = json!({ "login": "ada", "password": password });
        server.call(reqwest::Method::POST, "/api/auth/login", None, Some(body))
    };

    // Known and unknown logins: the same status, in the same time; only the known one gets mail.
    let mut timings = (Vec::new(), Vec::new());
    for round in 0..5 {
        let started = std::time::Instant::now();
        assert_eq!(reset(if round == 0 { "ada" } else { "ADA@example.org" }).await.0, StatusCode::ACCEPTED);
        timings.0.push(started.elapsed());
        let started = std::time::Instant::now();
        assert_eq!(reset("nobody-at-all").await.0, StatusCode::ACCEPTED);
        timings.1.push(started.elapsed());
    }
    timings.0.sort();
    timings.1.sort();
    let (known, unknown) = (timings.0[2], timings.1[2]);
    println!("password-reset answered in {known:?} (known login) and {unknown:?} (unknown), medians of 5");
    assert!(known.abs_diff(unknown) < Duration::from_millis(20), "{known:?} against {unknown:?}");
    let first = sink.reset_tokens(5).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 5, "one email per request for the known account, none for the unknown");
    assert!(sink.messages()[0].contains("https://chat.example.org/#reset="), "the link uses CHAT_PUBLIC_URL");

    // A password of the wrong length leaves the link usable; then it works once, and the account's
    // other links stop working with it.
    let token = &first[0];
    assert_eq!(confirm(token, "short").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(confirm(token, "a-brand-new-password").await.0, StatusCode::NO_CONTENT);
    let (status, again) = confirm(token, "another-new-password").await;
    assert_eq!(
        (status, again["error"]["details"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("token"))
    );
    for other in &first[1..] {
        assert_eq!(confirm(other, "another-new-password").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(login("password123").await.0, StatusCode::UNAUTHORIZED, "the old password is refused");
    assert_eq!(login("a-brand-new-password").await.0, StatusCode::OK);
    assert_eq!(server.get("/api/users/me", &old_access).await.0, StatusCode::UNAUTHORIZED, "every login ended");

    // A link not used in time is refused.
    assert_eq!(reset("ada").await.0, StatusCode::ACCEPTED);
    let late = sink.reset_tokens(6).await.into_iter().find(|t| !first.contains(t)).unwrap();
    tokio::time::sleep(Duration::from_millis(3200)).await;
    assert_eq!(confirm(&late, "too-late-password").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_email_verification_a_link_verifies_the_address_once_and_only_verified_addresses_get_resets() {
    let Some(sink) = SmtpSink::start().await else { return };
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let server = TestServer::sqlite(|s| {
        s.smtp_url = Some(smtp.clone());
        s.public_url = Some("https://chat.example.org".into());
        s.limits.email_verification = true;
        s.email_verification_ttl_secs = 2;
    })
    .await
    .unwrap();
    let ada = server.register("ada").await;
    let verify = |token: &str| {
        server.call(reqwest::Method::POST, "/api/auth/email/verify", None, Some(json!({ "token": token })))
    };
    let reset =
        || server.call(reqwest::Method::POST, "/api/auth/password-reset", None, Some(json!({ "login": "ada" })));
    let token = sink.link_tokens(1, "#verify=").await.remove(0);
    assert!(sink.messages()[0].contains("https://chat.example.org/#verify="));
    assert_eq!(server.get("/api/users/me", &ada.token).await.1["emailVerified"], false);

    // An address not shown to be the user's gets no reset link.
    assert_eq!(reset().await.0, StatusCode::ACCEPTED);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 1, "no reset link for an unverified address");

    assert_eq!(verify("not-a-token").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(verify(&token).await.0, StatusCode::NO_CONTENT);
    assert_eq!(verify(&token).await.0, StatusCode::UNPROCESSABLE_ENTITY, "a link works once");
    let (_, me) = server.get("/api/users/me", &ada.token).await;
    assert_eq!(me["emailVerified"], true);
    let (_, seen_by_bob) = server.get(&format!("/api/users/{}", ada.id), &server.register("bob").await.token).await;
    assert!(seen_by_bob.get("emailVerified").is_none(), "only in the user's own profile");
    let _ = sink.link_tokens(2, "#verify=").await; // bob's link
    assert_eq!(reset().await.0, StatusCode::ACCEPTED);
    assert_eq!(sink.link_tokens(1, "#reset=").await.len(), 1, "a verified address gets its reset link");

    // Asking again once verified sends nothing; a link not followed in time is refused.
    let resend = server.post("/api/auth/email/verification", &ada.token, json!({})).await;
    assert_eq!(resend.0, StatusCode::ACCEPTED);
    let carol = server.register("carol").await;
    let carols = sink.link_tokens(3, "#verify=").await;
    let carol_token = carols.iter().find(|t| **t != token).unwrap().clone();
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert_eq!(sink.messages().len(), 4, "no second link for a verified address");
    assert_eq!(verify(&carol_token).await.0, StatusCode::UNPROCESSABLE_ENTITY, "expired");
    assert_eq!(server.get("/api/users/me", &carol.token).await.1["emailVerified"], false);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_password_recovery_says_it_is_not_configured() {
    let server = TestServer::sqlite(crate::defaults).await.unwrap();
    let (status, body) =
        server.call(reqwest::Method::POST, "/api/auth/password-reset", None, Some(json!({ "login": "ada" }))).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_configured")));
    // Without verification, whether an address is verified is not a thing to show.
    let ada = server.register("ada").await;
    let (_, me) = server.get("/api/users/me", &ada.token).await;
    assert_eq!(me["email"], "ada@example.org");
    assert!(me.get("emailVerified").is_none(), "{me}");
    server.stop().await;
}
