//! Operations routes outside `/api`: liveness and readiness.
//!
//! Readiness is not probed inside the request: a background task pings each dependency every
//! `CHAT_READY_INTERVAL_MS` with a deadline of `CHAT_READY_TIMEOUT_MS`, and `/ready` answers at
//! once from what it last saw. A load balancer thus gets an answer whatever is down, and a
//! dependency that hangs (packets dropped, no reset) shows as unavailable after one deadline.

use crate::state::{AppState, Storage};
use axum::{Json, extract::State, http::StatusCode};
use chat_core::{CoreResult, backend::redis::RedisBackend};
use serde::Serialize;
use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicU8, Ordering},
    },
    time::Duration,
};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health)).routes(routes!(ready))
}

/// Readiness of each dependency.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ok` when every dependency answers, `draining` once the instance was told to stop (it
    /// finishes what it took and takes nothing new), else `unavailable`.
    #[schema(example = "ok")]
    status: &'static str,
    /// `ok` or `unavailable`.
    #[schema(example = "ok")]
    database: &'static str,
    /// `ok`, `unavailable`, or absent when Redis is not configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "ok")]
    redis: Option<&'static str>,
}

/// The process is alive.
#[utoipa::path(get, path = "/health", tag = "operations", responses((status = 200, description = "Alive", body = String)))]
async fn health() -> &'static str {
    "ok"
}

/// The database (and Redis, when configured) answered the last background check; 503 when one
/// did not, or when the instance is draining before it stops. Answers at once: the checks run
/// apart from the request.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let health = &state.health;
    let database = health.database.ok();
    let redis = state.redis.as_ref().map(|_| health.redis.ok());
    let all_ok = database && redis.unwrap_or(true);
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    let draining = state.drain.is_draining();
    let status = if draining { "draining" } else { word(all_ok) };
    let body = Readiness { status, database: word(database), redis: redis.map(word) };
    (if all_ok && !draining { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }, Json(body))
}

/// What the background checks last saw of each dependency.
#[derive(Debug, Default)]
pub struct Health {
    database: Seen,
    redis: Seen,
}

/// A dependency's last check: not yet (0, unavailable until it answers), answered, or not in time.
#[derive(Debug, Default)]
struct Seen(AtomicU8);

const ANSWERED: u8 = 1;
const FAILED: u8 = 2;

impl Seen {
    fn ok(&self) -> bool {
        self.0.load(Ordering::Relaxed) == ANSWERED
    }

    /// Runs `probe` within `deadline` and records the outcome; logs a change.
    /// The round trip goes to `chat_dependency_ping_seconds{dependency}`, the outcome to
    /// `chat_dependency_up{dependency}`.
    async fn check(&self, what: &'static str, deadline: Duration, probe: impl Future<Output = CoreResult<()>>) {
        let started = std::time::Instant::now();
        let outcome = match tokio::time::timeout(deadline, probe).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no answer within {} ms", deadline.as_millis())),
        };
        if outcome.is_ok() {
            metrics::histogram!("chat_dependency_ping_seconds", "dependency" => what)
                .record(started.elapsed().as_secs_f64());
        }
        metrics::gauge!("chat_dependency_up", "dependency" => what).set(if outcome.is_ok() { 1.0 } else { 0.0 });
        let now = if outcome.is_ok() { ANSWERED } else { FAILED };
        let before = self.0.swap(now, Ordering::Relaxed);
        match outcome {
            Err(e) if before != FAILED => tracing::warn!(dependency = what, error = %e, "dependency unavailable"),
            Ok(()) if before == FAILED => tracing::info!(dependency = what, "dependency available again"),
            _ => {}
        }
    }
}

/// Checks the database and Redis every `every`, each within `deadline`, for as long as it runs.
pub async fn run_checks(
    health: Arc<Health>,
    storage: Storage,
    redis: Option<Arc<RedisBackend>>,
    every: Duration,
    deadline: Duration,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let database = health.database.check("database", deadline, storage.ping());
        let redis = async {
            if let Some(redis) = &redis {
                health.redis.check("redis", deadline, redis.ping()).await;
            }
        };
        tokio::join!(database, redis);
    }
}
