//! The chat server: chat-core's services behind a REST API (and, on the same port, the
//! operations routes and API documentation).
//!
//! Layout:
//! - [`asyncapi`]: the realtime API's AsyncAPI document, generated from the socket's types.
//! - [`backup`]: `chat-server backup` and `restore` of the SQLite database.
//! - [`config`]: typed [`Settings`] from defaults, a file and the environment.
//! - [`state`]: [`AppState`], the services built once.
//! - [`drain`]: what happens between SIGTERM and exit.
//! - [`error`]: the one mapping from domain errors to HTTP answers.
//! - [`http`]: one module per REST resource.
//! - [`socket`]: the Socket.IO namespace, one module per group of events.
//! - [`integration`]: integration events to RabbitMQ and webhooks, relayed from the outbox.
//! - [`logging`]: `CHAT_LOG`, with the Socket.IO crates' payload records held back.
//! - [`mail`]: password reset and email verification links by email (SMTP).
//! - [`metrics`]: Prometheus counters, served at `/metrics`.
//! - [`net`]: client addresses behind proxies, connections per address.
//! - [`quota`]: what a user may do per minute, whatever the transport.
//! - [`telemetry`] (feature `otlp`): span export to an OpenTelemetry collector.
//! - [`web`]: the web client's files at `/`.
//! - [`run`]: the single entry point, used by `main` and by the tests.

pub mod asyncapi;
pub mod backup;
pub mod config;
pub mod drain;
pub mod error;
pub mod http;
pub mod identity;
pub mod integration;
pub mod logging;
pub mod mail;
pub mod metrics;
pub mod net;
pub mod quota;
pub mod socket;
pub mod state;
#[cfg(feature = "otlp")]
pub mod telemetry;
pub mod web;

pub use config::Settings;
pub use state::AppState;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, Method, header},
};
use std::{
    future::{Future, IntoFuture},
    net::SocketAddr,
    sync::Arc,
    time::Duration,
};
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer,
    cors::{AllowOrigin, CorsLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    sensitive_headers::SetSensitiveRequestHeadersLayer,
    trace::TraceLayer,
};
use utoipa_swagger_ui::SwaggerUi;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Builds the state from `settings`, serves on `listener` until `shutdown` resolves, then drains
/// open requests.
pub async fn run(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let state = AppState::build(settings).await?;
    let settings = state.settings.clone();
    // Background work lives as long as the server: aborted when `run` returns.
    let _expiry = AbortOnDrop(tokio::spawn(
        state.chat.flash_groups.clone().run_expiry(Duration::from_millis(settings.flash_expiry_poll_ms)),
    ));
    let _metrics = AbortOnDrop(tokio::spawn(metrics::run_upkeep(Duration::from_secs(5))));
    let _health = AbortOnDrop(tokio::spawn(http::ops::run_checks(
        state.health.clone(),
        state.storage.clone(),
        state.redis.clone(),
        Duration::from_millis(settings.ready_interval_ms),
        Duration::from_millis(settings.ready_timeout_ms),
    )));
    let _sweeper = AbortOnDrop(tokio::spawn(
        state.chat.presence.clone().run_sweeper(Duration::from_secs(settings.presence_sweep_secs)),
    ));
    let _integration: Vec<AbortOnDrop> = integration::tasks(&settings.integration, &state.storage)?
        .into_iter()
        .map(|task| AbortOnDrop(tokio::spawn(task)))
        .collect();
    let _workers: Vec<AbortOnDrop> =
        state.chat.uploads.run_workers(settings.upload_workers).into_iter().map(AbortOnDrop).collect();
    let _metrics_server = match settings.metrics_bind {
        Some(address) => Some(AbortOnDrop(serve_metrics_apart(address, state.clone()).await?)),
        None => None,
    };
    let state_proxies = state.proxies.clone();
    let (drain, events) = (state.drain.clone(), state.events.clone());
    let (app, io) = app(state).await?;
    // On the signal the listener stops accepting at once, and the drain starts. axum's graceful
    // shutdown waits for plain HTTP connections only: upgraded ones (WebSockets) are the drain's,
    // which closes them once the work they brought is done, so the process waits for it too.
    let grace = Duration::from_secs(settings.shutdown_timeout_secs);
    let signalled = Arc::new(tokio::sync::Notify::new());
    let (closing_tx, closing_rx) = tokio::sync::oneshot::channel::<tokio::task::JoinHandle<()>>();
    let stop_accepting = {
        let signalled = signalled.clone();
        async move {
            shutdown.await;
            signalled.notify_one();
            let _ = closing_tx.send(drain.start(events, grace, async move { io.close().await }));
        }
    };
    let deadline = async move {
        signalled.notified().await;
        tokio::time::sleep(grace).await;
    };
    // Acks and events are small frames: with Nagle's algorithm on, one that follows another still
    // unacknowledged by the peer waits for its delayed ACK (up to 40 ms on Linux).
    let listener =
        net::CappedListener::new(listener, settings.max_connections_per_address, state_proxies.as_ref().clone());
    let listener = axum::serve::ListenerExt::tap_io(listener, |connection| {
        if let Err(e) = connection.stream.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    let serve = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stop_accepting);
    let finished = async move {
        serve.into_future().await?;
        if let Ok(closing) = closing_rx.await {
            let _ = closing.await;
        }
        Ok::<(), std::io::Error>(())
    };
    tokio::select! {
        finished = finished => finished?,
        () = deadline => tracing::warn!(grace_secs = grace.as_secs(), "connections still open at the drain deadline"),
    }
    Ok(())
}

/// The complete HTTP application over a built state: REST, Socket.IO (`/socket.io`), docs and
/// operations routes on one router.
pub async fn app(state: AppState) -> anyhow::Result<(Router, socket::Io)> {
    // Counters recorded before the recorder exists are lost: install it first.
    let _ = metrics::handle();
    let settings = state.settings.clone();
    let (api, openapi) = http::router().split_for_parts();
    let deadline = Duration::from_millis(settings.request_deadline_ms);
    let api = api
        .layer(axum::middleware::from_fn_with_state(deadline, http::deadline::within))
        .layer(axum::middleware::from_fn(metrics::track_http));
    let openapi = http::with_common_answers(openapi);
    let origins: Vec<HeaderValue> =
        settings.cors_origin_list().iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(Duration::from_secs(3600));
    let router = api
        .merge(SwaggerUi::new("/docs").url("/api/openapi.json", openapi))
        .route("/api/asyncapi.json", axum::routing::get(asyncapi_document))
        .route("/metrics", axum::routing::get(metrics::exposition::serve))
        .fallback({
            let dir = settings.web_dir.clone();
            move |request| web::fallback(dir.clone(), request)
        })
        .with_state(state.clone());
    let (router, io) = socket::attach(router, &state).await?;
    let router = router
        // Enforced by the body extractors, so an oversized body gets the API's 413 error format.
        .layer(DefaultBodyLimit::max(settings.body_limit_bytes))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            // `user` is filled in by the `AuthUser` extractor once the token is checked.
            // `route` and `status` are filled in by `metrics::track_http` (the route is known
            // once matched), which also names the exported span after them.
            tracing::info_span!(
                "http",
                method = %req.method(),
                uri = %req.uri().path(),
                request_id = %id,
                user = tracing::field::Empty,
                route = tracing::field::Empty,
                status = tracing::field::Empty,
                otel.kind = "server",
            )
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(SetSensitiveRequestHeadersLayer::new([header::AUTHORIZATION, header::COOKIE]));
    Ok((router, io))
}

/// `GET /api/asyncapi.json`: the realtime API's document, built once.
async fn asyncapi_document() -> axum::Json<&'static serde_json::Value> {
    static DOCUMENT: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(asyncapi::asyncapi);
    axum::Json(&DOCUMENT)
}

/// Serves `/metrics` alone on `address` (`CHAT_METRICS_BIND`), until the task is aborted.
async fn serve_metrics_apart(address: SocketAddr, state: AppState) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = TcpListener::bind(address).await?;
    tracing::info!(address = %listener.local_addr()?, "serving /metrics apart");
    let router =
        Router::new().route("/metrics", axum::routing::get(metrics::exposition::serve_dedicated)).with_state(state);
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    }))
}

/// Aborts a background task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
