//! `chat-server`: loads settings and calls [`chat_server::run`].
//! `chat-server openapi` prints the OpenAPI document instead; `chat-server backup PATH` copies the
//! SQLite database while the server runs, and `chat-server restore PATH` puts a copy back.

use chat_server::Settings;

// Argon2id allocates 19 MiB per password hash. With glibc's allocator that memory was kept after
// each login (its mmap threshold grows with every large free), so the process grew by hundreds of
// megabytes under a burst of logins; mimalloc returns it.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("openapi") {
        println!("{}", chat_server::http::openapi().to_pretty_json()?);
        return Ok(());
    }
    let settings = Settings::load()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["backup", path] => return chat_server::backup::backup(&settings, path.as_ref()).await,
        ["restore", path] => return chat_server::backup::restore(&settings, path.as_ref()).await,
        [] => {}
        _ => anyhow::bail!("usage: chat-server [openapi | backup PATH | restore PATH]"),
    }
    let _traces = chat_server::logging::init(settings.log_json)?;
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
