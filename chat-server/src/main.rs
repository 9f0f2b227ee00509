//! `chat-server`: loads settings and calls [`chat_server::run`].
//! `chat-server openapi` prints the OpenAPI document instead.

use chat_server::Settings;

// Argon2id allocates 19 MiB per password hash. With glibc's allocator that memory was kept after
// each login (its mmap threshold grows with every large free), so the process grew by hundreds of
// megabytes under a burst of logins; mimalloc returns it.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tracing_subscriber::EnvFilter;

/// The log filter without `CHAT_LOG`. socketioxide logs every event an extractor turns away at
/// error level; the events refused under overload are counted in `/metrics` instead.
const DEFAULT_LOG: &str = "info,sqlx=warn,socketioxide::handler::message=off";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("openapi") {
        println!("{}", chat_server::http::openapi().to_pretty_json()?);
        return Ok(());
    }
    let settings = Settings::load()?;
    let filter = EnvFilter::try_from_env("CHAT_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG));
    if settings.log_json {
        tracing_subscriber::fmt().json().with_env_filter(filter).init();
    } else {
        let colors = std::io::IsTerminal::is_terminal(&std::io::stdout());
        tracing_subscriber::fmt().with_ansi(colors).with_env_filter(filter).init();
    }
    let listener = tokio::net::TcpListener::bind(settings.bind).await?;
    let addr = listener.local_addr()?;
    tracing::info!(settings = ?settings, "starting");
    println!("chat-server listening on http://{addr}  (API docs: http://{addr}/docs)");
    chat_server::run(settings, listener, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
