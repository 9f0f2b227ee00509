//! Trace export over OTLP/HTTP (cargo feature `otlp`), configured by the standard variables:
//! `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` turns it on;
//! `OTEL_EXPORTER_OTLP_PROTOCOL` (`http/protobuf`, the default, or `http/json`),
//! `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TIMEOUT`, `OTEL_SERVICE_NAME` (default
//! `chat-server`), `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`/`_ARG` and `OTEL_BSP_*` are
//! read by the OpenTelemetry SDK; `OTEL_SDK_DISABLED=true` turns it off.
//!
//! Which spans are exported is `CHAT_TRACE` (env-filter syntax, default [`DEFAULT_TRACE`]): every
//! REST request, socket event, service call and message batch of this project. Spans carry ids
//! (user, conversation, message, socket, request), never message text, names or tokens; the
//! Socket.IO crates' own records are held back as in the logs ([`crate::logging`]).

use opentelemetry::trace::{TraceContextExt as _, TracerProvider as _};
use opentelemetry_otlp::{Protocol, SpanExporter, WithExportConfig as _};
use opentelemetry_sdk::{Resource, trace::SdkTracerProvider};
use std::sync::atomic::{AtomicBool, Ordering};
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::{
    Layer,
    filter::{FilterExt as _, FilterFn},
    registry::LookupSpan,
};

/// The spans exported without `CHAT_TRACE`.
pub const DEFAULT_TRACE: &str = "info,chat_server=debug,chat_core=debug";

/// Whether spans are being exported (the layer is installed).
static EXPORTING: AtomicBool = AtomicBool::new(false);

/// Names `span` `name` in the export, once it is known (a REST request's route is known only
/// after routing, when the span has started: `otel.name` recorded then would be ignored).
pub fn rename(span: &tracing::Span, name: impl FnOnce() -> String) {
    if EXPORTING.load(Ordering::Relaxed) {
        span.context().span().update_name(name());
    }
}

/// Flushes the spans still queued when dropped (at exit).
#[derive(Debug)]
pub struct Exporter(SdkTracerProvider);

impl Drop for Exporter {
    fn drop(&mut self) {
        if let Err(e) = self.0.shutdown() {
            eprintln!("flushing the last spans: {e}");
        }
    }
}

/// Whether the environment asks for trace export.
pub fn configured() -> bool {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.trim().is_empty());
    let disabled = std::env::var("OTEL_SDK_DISABLED").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
        || std::env::var("OTEL_TRACES_EXPORTER").is_ok_and(|v| v.eq_ignore_ascii_case("none"));
    !disabled && (set("OTEL_EXPORTER_OTLP_ENDPOINT") || set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
}

/// The exporting layer and its guard, when [`configured`].
pub fn layer<S>() -> anyhow::Result<Option<(impl Layer<S> + use<S>, Exporter)>>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    if !configured() {
        return Ok(None);
    }
    let protocol = std::env::var("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        .or_else(|_| std::env::var("OTEL_EXPORTER_OTLP_PROTOCOL"))
        .unwrap_or_default();
    let protocol = match protocol.trim() {
        "" | "http/protobuf" => Protocol::HttpBinary,
        "http/json" => Protocol::HttpJson,
        other => anyhow::bail!(
            "OTEL_EXPORTER_OTLP_PROTOCOL={other:?} is not supported: chat-server exports over HTTP \
             (http/protobuf or http/json, usually port 4318)"
        ),
    };
    let exporter = SpanExporter::builder().with_http().with_protocol(protocol).build()?;
    let mut resource = Resource::builder();
    if std::env::var("OTEL_SERVICE_NAME").is_err() {
        resource = resource.with_service_name("chat-server");
    }
    let provider = SdkTracerProvider::builder().with_batch_exporter(exporter).with_resource(resource.build()).build();
    let tracer = provider.tracer("chat-server");
    let directives = std::env::var("CHAT_TRACE").unwrap_or_else(|_| DEFAULT_TRACE.to_owned());
    // Spans only: log records would become span events with every field they carry (error
    // causes, for one), which the logs already hold.
    let spans = crate::logging::filter(Some(&directives)).and(FilterFn::new(|meta| meta.is_span()));
    let layer = tracing_opentelemetry::layer().with_tracer(tracer).with_tracked_inactivity(false).with_filter(spans);
    EXPORTING.store(true, Ordering::Relaxed);
    Ok(Some((layer, Exporter(provider))))
}
