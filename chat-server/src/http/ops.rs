//! Operations routes outside `/api`: liveness and readiness.

use crate::state::AppState;
use axum::{Json, extract::State, http::StatusCode};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health)).routes(routes!(ready))
}

/// Readiness of each dependency.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ok` when every dependency answers, else `unavailable`.
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

/// The database (and Redis, when configured) answer; 503 when one does not.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = state.storage.ping().await;
    let redis = match &state.redis {
        Some(redis) => Some(redis.ping().await),
        None => None,
    };
    let word = |r: &chat_core::CoreResult<()>| {
        if let Err(e) = r {
            tracing::warn!(error = %e, "readiness check failed");
        }
        if r.is_ok() { "ok" } else { "unavailable" }
    };
    let all_ok = database.is_ok() && redis.as_ref().is_none_or(Result::is_ok);
    let body = Readiness {
        status: if all_ok { "ok" } else { "unavailable" },
        database: word(&database),
        redis: redis.as_ref().map(word),
    };
    (if all_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }, Json(body))
}
