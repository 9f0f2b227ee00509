//! The web client (`web/`): it builds, its unit tests pass (Vitest), and it works in a real
//! browser (headless Chromium driven by playwright-core, `web/e2e/`) against the real server
//! serving the freshly built bundle, as `cargo run -p chat-server` serves `web/dist`; and the
//! typed client package (`web/packages/client`) builds and passes its suite against the server.
//!
//! The bundle is built into Cargo's test scratch folder, not `web/dist`: rewriting
//! `web/dist/index.html` would make `build.rs` (which watches it) rerun and chat-server recompile.
//!
//! Needs Node.js and npm, and `/usr/bin/chromium` for the browser part: without it the browser
//! tests are skipped with a note, except under `CI=true`, where they must run.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

#[allow(dead_code)]
#[path = "api/server.rs"]
mod server;

#[path = "web/provider.rs"]
mod provider;

use server::TestServer;
use std::{path::PathBuf, process::Output};
use tokio::{
    process::Command,
    sync::{Mutex, OnceCell},
};

const CHROMIUM: &str = "/usr/bin/chromium";

static BUILT: OnceCell<()> = OnceCell::const_new();
/// One Node.js job at a time: the browser tests are timing-sensitive on small machines.
static NODE: Mutex<()> = Mutex::const_new(());

fn web_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../web")
}

/// Where the tests build the bundle.
fn dist_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("web-dist")
}

/// Runs a command in `web/`, prints what it said, and returns its output.
async fn in_web(program: &str, args: &[&str], envs: &[(&str, String)]) -> Output {
    let output = Command::new(program)
        .args(args)
        .current_dir(web_dir())
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .await
        .unwrap_or_else(|e| panic!("`{program}` must be installed to test the web client: {e}"));
    println!("$ {program} {}\n{}", args.join(" "), String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    output
}

/// `npm ci` and `npm run build` (type check, then the production bundle), once.
async fn install_and_build() {
    BUILT
        .get_or_init(|| async {
            let _node = NODE.lock().await;
            let ci = in_web("npm", &["ci", "--no-audit", "--no-fund", "--loglevel=error"], &[]).await;
            assert!(ci.status.success(), "npm ci failed in web/");
            let out = dist_dir().to_string_lossy().into_owned();
            let build = in_web("npm", &["run", "build", "--", "--outDir", &out, "--emptyOutDir"], &[]).await;
            assert!(build.status.success(), "npm run build failed in web/");
            assert!(dist_dir().join("index.html").is_file(), "the build wrote no index.html");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_client_builds_and_its_unit_tests_pass() {
    install_and_build().await;
    let _node = NODE.lock().await;
    let output = in_web("npx", &["vitest", "run"], &[]).await;
    assert!(output.status.success(), "the web client's unit tests (vitest) failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_client_works_in_a_browser_against_the_server() {
    if !std::path::Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {CHROMIUM} is missing: the browser tests must run in CI (apt-get install chromium)"
        );
        eprintln!("skipping the browser tests: {CHROMIUM} is missing (apt-get install chromium)");
        return;
    }
    install_and_build().await;
    // The server's address is known before it starts: the provider sends users back to it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let idp = provider::Provider::start(&web_dir(), free_port(), &format!("{base}/api/auth/oidc/callback")).await;
    let server = TestServer::sqlite_on(listener, |s| {
        s.web_dir = Some(dist_dir());
        // The flash-group test watches a group expire on screen within seconds.
        s.limits.flash_ttl_min_secs = 1;
        s.public_url = Some(base.clone());
        s.oidc_issuer = Some(idp.issuer.clone());
        s.oidc_client_id = Some(provider::CLIENT_ID.into());
        s.oidc_client_secret = Some(provider::CLIENT_SECRET.into());
        s.oidc_name = "Test IdP".into();
    })
    .await;

    // The server answers the app at / and at client-side routes (SPA fallback).
    for path in ["/", "/c/00000000-0000-4000-8000-000000000000"] {
        let page = server.raw().get(server.url(path)).send().await.unwrap();
        assert!(page.status().is_success(), "GET {path}: {}", page.status());
        assert!(page.text().await.unwrap().contains(r#"<div id="root">"#), "GET {path} is not the web client");
    }

    let _node = NODE.lock().await;
    let output = in_web(
        "node",
        &["--test", "--test-concurrency=1", "--test-timeout=180000", "--test-reporter=spec", "e2e/"],
        &[
            ("CHAT_URL", format!("http://{}", server.addr)),
            ("CHROMIUM_PATH", CHROMIUM.to_owned()),
            ("CHAT_OIDC_NAME", "Test IdP".to_owned()),
        ],
    )
    .await;
    server.stop().await;
    assert!(output.status.success(), "the browser tests failed:\n{}", String::from_utf8_lossy(&output.stdout));
}

/// The typed client package (`web/packages/client`): its sources and tests type-check, it builds,
/// and its suite (resend by `clientMsgId`, catch-up by `seq`, token refresh on REST and socket)
/// passes against the real server. Tokens live 12 s so that the suite watches one expire.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_typed_client_package_builds_and_keeps_its_promises_against_the_server() {
    install_and_build().await;
    let server = TestServer::sqlite(|s| {
        s.access_token_ttl_secs = 12;
        // The suite signs in more often than one address may per minute, and sends past the
        // default allowance to watch refused sends come back.
        s.auth_rate_burst = 0;
        s.rates = chat_server::quota::Rates::default();
    })
    .await
    .unwrap();
    let _node = NODE.lock().await;
    for project in ["packages/client", "packages/client/test"] {
        let checked = in_web("npx", &["tsc", "-p", project, "--noEmit"], &[]).await;
        assert!(checked.status.success(), "tsc -p {project} failed");
    }
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("client-package");
    let built = in_web("npx", &["tsc", "-p", "packages/client", "--outDir", &out.to_string_lossy()], &[]).await;
    assert!(built.status.success(), "the package does not build");
    assert!(out.join("index.d.ts").is_file(), "the build wrote no declarations");
    let output = in_web(
        "npx",
        &["vitest", "run", "--config", "packages/client/vitest.config.ts"],
        &[("CHAT_URL", format!("http://{}", server.addr))],
    )
    .await;
    server.stop().await;
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the client package's suite failed:\n{report}");
    assert!(!report.contains("skipped"), "no test of the package may be skipped here:\n{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_tampered_expired_and_misdirected_id_tokens_of_a_real_provider_are_refused() {
    install_and_build().await;
    let idp = provider::Provider::start(&web_dir(), free_port(), "http://127.0.0.1:9/api/auth/oidc/callback").await;
    provider::forged_tampered_expired_and_misdirected_id_tokens_are_refused(&idp).await;
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
