//! `/metrics`: the recorder's metrics, the sizes of in-memory maps, database pools and the
//! process, in Prometheus text format.

use super::handle;
use crate::{
    AppState,
    error::ApiError,
    http::{ClientIp, bearer_token},
    state::Storage,
};
use axum::{extract::State, http::HeaderMap};
use chat_core::{CoreError, backend::sql::SqlBackend};
use metrics_exporter_prometheus::PrometheusHandle;

/// Prometheus text format of every counter and gauge, and of this instance's map sizes: with
/// `CHAT_METRICS_TOKEN` set, for a bearer of that token; otherwise for clients on this host only
/// (the address behind trusted proxies, so a local proxy does not open it to everyone).
pub async fn serve(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<String, ApiError> {
    check_token(&state, &headers)?;
    if state.settings.metrics_token.is_none() && !ip.is_loopback() {
        return Err(CoreError::Forbidden("metrics are served to this host only; set CHAT_METRICS_TOKEN".into()).into());
    }
    Ok(render(&state))
}

/// The same on the address of `CHAT_METRICS_BIND`, which the operator keeps private: to anyone
/// who reaches it, with the token if one is set.
pub async fn serve_dedicated(State(state): State<AppState>, headers: HeaderMap) -> Result<String, ApiError> {
    check_token(&state, &headers)?;
    Ok(render(&state))
}

fn check_token(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    match &state.settings.metrics_token {
        Some(token) if !bearer_token(headers).is_some_and(|given| same_secret(given, token)) => {
            Err(CoreError::Unauthorized("the metrics token is required".into()).into())
        }
        _ => Ok(()),
    }
}

fn render(state: &AppState) -> String {
    let mut text = handle().map(PrometheusHandle::render).unwrap_or_default();
    text.push_str(&state.sizes.render());
    if let Storage::Sql(db) = &state.storage {
        text.push_str(&render_pools(db));
    }
    text.push_str(&render_process());
    text
}

/// Compares secrets in a time that does not depend on where they differ.
fn same_secret(given: &str, expected: &str) -> bool {
    given.len() == expected.len() && given.bytes().zip(expected.bytes()).fold(0, |diff, (a, b)| diff | (a ^ b)) == 0
}

/// `chat_db_pool_connections{pool,state}` and `chat_db_pool_max_connections{pool}`.
fn render_pools(db: &SqlBackend) -> String {
    let mut text = String::from(
        "# HELP chat_db_pool_connections Database connections of each pool, in use or idle.\n\
         # TYPE chat_db_pool_connections gauge\n",
    );
    let pools = db.pool_stats();
    for (pool, stats) in &pools {
        let in_use = stats.open.saturating_sub(stats.idle);
        text.push_str(&format!("chat_db_pool_connections{{pool=\"{pool}\",state=\"in_use\"}} {in_use}\n"));
        text.push_str(&format!("chat_db_pool_connections{{pool=\"{pool}\",state=\"idle\"}} {}\n", stats.idle));
    }
    text.push_str(
        "# HELP chat_db_pool_max_connections The most connections each pool opens.\n\
         # TYPE chat_db_pool_max_connections gauge\n",
    );
    for (pool, stats) in &pools {
        text.push_str(&format!("chat_db_pool_max_connections{{pool=\"{pool}\"}} {}\n", stats.max));
    }
    text
}

/// The process's memory, CPU time and open files, read from `/proc/self` at each scrape, under the
/// names of Prometheus's own process collector (nothing where there is no `/proc`).
fn render_process() -> String {
    let mut text = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, value: f64| {
        text.push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"));
    };
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        let rss_kib = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next());
        if let Some(kib) = rss_kib.and_then(|v| v.parse::<f64>().ok()) {
            metric("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", kib * 1024.0);
        }
    }
    // utime and stime, the 14th and 15th fields, in clock ticks (100 per second on Linux).
    if let Ok(stat) = std::fs::read_to_string("/proc/self/stat")
        && let Some((_, after_name)) = stat.rsplit_once(')')
    {
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        let ticks: f64 = [11, 12].iter().filter_map(|i| fields.get(*i)?.parse::<f64>().ok()).sum();
        metric(
            "process_cpu_seconds_total",
            "counter",
            "Total user and system CPU time spent in seconds.",
            ticks / 100.0,
        );
    }
    if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
        #[allow(clippy::cast_precision_loss)]
        metric("process_open_fds", "gauge", "Number of open file descriptors.", fds.count() as f64);
    }
    text
}
