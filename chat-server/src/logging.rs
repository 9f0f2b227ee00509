//! Logs: `CHAT_LOG` (env-filter syntax) to stdout, as text or JSON lines.
//!
//! socketioxide and engineioxide write whole packets, handshake `auth` objects and request
//! headers at debug and trace level, so tokens and message text would reach the logs of anyone
//! debugging with `CHAT_LOG=debug`. Their records are kept only up to `info`, whatever
//! `CHAT_LOG` says.

use tracing::{Level, Metadata};
use tracing_subscriber::{
    EnvFilter, Layer,
    filter::{FilterExt, FilterFn},
    layer::{Filter, SubscriberExt},
    registry::LookupSpan,
    util::SubscriberInitExt,
};

/// The log filter without `CHAT_LOG`. socketioxide logs every event an extractor turns away at
/// error level; the events refused under overload are counted in `/metrics` instead.
pub const DEFAULT_LOG: &str = "info,sqlx=warn,socketioxide::handler::message=off";

/// Crates whose detailed records carry tokens and message contents.
const PAYLOAD_LOGGERS: [&str; 2] = ["socketioxide", "engineioxide"];

/// `directives` (or [`DEFAULT_LOG`]), with the payload loggers held to `info`.
pub fn filter<S: tracing::Subscriber + for<'a> LookupSpan<'a>>(directives: Option<&str>) -> impl Filter<S> + use<S> {
    let configured = directives.and_then(|d| EnvFilter::try_new(d).ok()).unwrap_or_else(|| EnvFilter::new(DEFAULT_LOG));
    configured.and(FilterFn::new(no_payloads))
}

fn no_payloads(meta: &Metadata<'_>) -> bool {
    *meta.level() <= Level::INFO || !PAYLOAD_LOGGERS.iter().any(|krate| meta.target().starts_with(krate))
}

/// What must live until the process exits: the trace exporter, which flushes its last spans
/// when dropped (built with the `otlp` feature and configured; see [`crate::telemetry`]).
#[must_use]
#[derive(Debug, Default)]
pub struct Guard(
    #[cfg(feature = "otlp")]
    #[allow(dead_code, reason = "held for its Drop, which flushes the last spans")]
    Option<crate::telemetry::Exporter>,
);

/// Installs the process's logger, and the trace exporter when there is one.
pub fn init(json: bool) -> anyhow::Result<Guard> {
    let directives = std::env::var("CHAT_LOG").ok();
    let layer = if json {
        tracing_subscriber::fmt::layer().json().boxed()
    } else {
        let colors = std::io::IsTerminal::is_terminal(&std::io::stdout());
        tracing_subscriber::fmt::layer().with_ansi(colors).boxed()
    };
    let logs = tracing_subscriber::registry().with(layer.with_filter(filter(directives.as_deref())));
    #[cfg(feature = "otlp")]
    if let Some((traces, exporter)) = crate::telemetry::layer()? {
        logs.with(traces).init();
        tracing::info!("exporting spans over OTLP");
        return Ok(Guard(Some(exporter)));
    }
    logs.init();
    Ok(Guard::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn handshake_auth_and_packets_stay_out_of_the_logs_even_at_trace_level() {
        let captured = Captured::default();
        let writer = captured.clone();
        let layer =
            tracing_subscriber::fmt::layer().with_writer(move || writer.clone()).with_filter(filter(Some("trace")));
        tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
            tracing::debug!(target: "socketioxide::client", "auth: {{\"token\": \"eyJ-secret-token\"}}");
            tracing::trace!(target: "engineioxide::transport::polling", "sending data: eyJ-secret-message");
            tracing::info!(target: "socketioxide::client", "a socket connected");
            tracing::debug!(target: "chat_server::socket", "our own debug record");
        });
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains("eyJ-secret"), "{text}");
        assert!(text.contains("a socket connected") && text.contains("our own debug record"), "{text}");
    }
}
