//! Prometheus metrics: the recorder is installed once per process and rendered at `/metrics`.
//! Every `…_seconds` metric is a histogram with [`SECONDS`] buckets, so that instances can be
//! aggregated; label values come from bounded sets (route templates, event names, codes).
//! [`exposition`] serves them.

pub mod exposition;

use axum::{
    extract::{MatchedPath, Request},
    middleware::Next,
    response::Response,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::{
    Mutex, OnceLock,
    atomic::{AtomicU64, Ordering},
};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Bucket bounds of every duration histogram, in seconds: 0.5 ms to 10 s.
const SECONDS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The process-wide Prometheus handle (`None` if another recorder was installed first).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            match PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS)
                .and_then(|builder| builder.install_recorder())
            {
                Ok(handle) => Some(handle),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        })
        .as_ref()
}

/// Sizes of one instance's in-memory maps that grow with sockets, users or logins, shown by its
/// `/metrics` as `chat_state_entries{map}` and read at each scrape (so that an entry a closed
/// socket left behind shows).
#[derive(Default)]
pub struct Sizes(Mutex<Vec<(&'static str, Size)>>);

type Size = Box<dyn Fn() -> usize + Send + Sync>;

impl std::fmt::Debug for Sizes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sizes").finish_non_exhaustive()
    }
}

impl Sizes {
    /// Shows `size()` as the size of `map`.
    pub fn track(&self, map: &'static str, size: impl Fn() -> usize + Send + Sync + 'static) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((map, Box::new(size)));
    }

    /// The sizes in Prometheus text format.
    pub fn render(&self) -> String {
        let mut text = String::from(
            "# HELP chat_state_entries Entries of in-memory maps that grow with sockets and logins.\n\
             # TYPE chat_state_entries gauge\n",
        );
        for (map, size) in self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter() {
            text.push_str(&format!("chat_state_entries{{map=\"{map}\"}} {}\n", size()));
        }
        text
    }
}

/// Open socket connections, with the highest count seen.
#[derive(Debug, Default)]
pub struct Connections {
    current: AtomicU64,
    peak: AtomicU64,
}

impl Connections {
    /// A connection opened.
    pub fn opened(&self) {
        let now = self.current.fetch_add(1, Ordering::Relaxed) + 1;
        let peak = self.peak.fetch_max(now, Ordering::Relaxed).max(now);
        #[allow(clippy::cast_precision_loss)] // Connection counts are far below 2^52.
        {
            metrics::gauge!("chat_socket_connections").set(now as f64);
            metrics::gauge!("chat_socket_connections_peak").set(peak as f64);
        }
        metrics::counter!("chat_socket_connections_total").increment(1);
    }

    /// Connections open now.
    pub fn current(&self) -> usize {
        usize::try_from(self.current.load(Ordering::Relaxed)).unwrap_or(usize::MAX)
    }

    /// A connection closed.
    pub fn closed(&self) {
        let now = self.current.fetch_sub(1, Ordering::Relaxed).saturating_sub(1);
        #[allow(clippy::cast_precision_loss)]
        metrics::gauge!("chat_socket_connections").set(now as f64);
    }
}

/// Counts every REST request by method, route (the matched template, `unmatched` otherwise) and
/// status class, and records its duration.
pub async fn track_http(request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let span = tracing::Span::current();
    span.record("route", route.as_str());
    #[cfg(feature = "otlp")]
    crate::telemetry::rename(&span, || format!("{method} {route}"));
    let response = next.run(request).await;
    span.record("status", response.status().as_u16());
    let status = match response.status().as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    let elapsed = started.elapsed().as_secs_f64();
    metrics::counter!("chat_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("chat_http_request_duration_seconds", "method" => method, "route" => route).record(elapsed);
    response
}

/// Folds recorded histogram samples every `period`: the recorder keeps each sample until then,
/// so without it memory would grow between scrapes (or forever, unscraped).
pub async fn run_upkeep(period: std::time::Duration) {
    let mut tick = tokio::time::interval(period);
    loop {
        tick.tick().await;
        if let Some(handle) = handle() {
            handle.run_upkeep();
        }
    }
}
