//! Prometheus metrics: the recorder is installed once per process and rendered at `/metrics`.

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::{
    OnceLock,
    atomic::{AtomicU64, Ordering},
};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process-wide Prometheus handle (`None` if another recorder was installed first).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| match PrometheusBuilder::new().install_recorder() {
            Ok(handle) => Some(handle),
            Err(e) => {
                tracing::warn!(error = %e, "metrics recorder not installed");
                None
            }
        })
        .as_ref()
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

    /// A connection closed.
    pub fn closed(&self) {
        let now = self.current.fetch_sub(1, Ordering::Relaxed).saturating_sub(1);
        #[allow(clippy::cast_precision_loss)]
        metrics::gauge!("chat_socket_connections").set(now as f64);
    }
}

/// Folds recorded histogram samples into their summaries every `period`: the recorder keeps each
/// sample until then, so without it memory would grow between scrapes (or forever, unscraped).
pub async fn run_upkeep(period: std::time::Duration) {
    let mut tick = tokio::time::interval(period);
    loop {
        tick.tick().await;
        if let Some(handle) = handle() {
            handle.run_upkeep();
        }
    }
}
