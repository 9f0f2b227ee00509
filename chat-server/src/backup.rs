//! `chat-server backup PATH` and `chat-server restore PATH`, for the embedded default (SQLite).
//! PostgreSQL deployments use `pg_dump` and `pg_restore` (see the README's Operations).

use crate::Settings;
use anyhow::{Context as _, bail};
use chat_core::backend::sql::SqlBackend;
use std::path::{Path, PathBuf};

/// The SQLite file of `settings`, or an error saying what to use instead.
fn sqlite_file(settings: &Settings) -> anyhow::Result<PathBuf> {
    let url = settings.database_url();
    let Some(rest) = url.strip_prefix("sqlite://") else {
        bail!("backup and restore work on the SQLite database; for PostgreSQL use pg_dump and pg_restore");
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("the database is in memory: there is nothing to copy");
    }
    Ok(PathBuf::from(path))
}

/// Copies the database to `target` (a new file) while the server may be running: the copy holds
/// everything committed before it started.
pub async fn backup(settings: &Settings, target: &Path) -> anyhow::Result<()> {
    let file = sqlite_file(settings)?;
    if target.exists() {
        bail!("{} exists; name a new file", target.display());
    }
    if !file.is_file() {
        bail!("there is no database at {}", file.display());
    }
    let db = SqlBackend::connect(&settings.database_url(), None).await.context("opening the database")?;
    db.backup_into(target).await.context("copying the database")?;
    drop(db);
    let migrations = SqlBackend::verify_sqlite_file(target).await.context("checking the copy")?;
    println!("backed up {} to {} ({migrations} migrations, intact)", file.display(), target.display());
    Ok(())
}

/// Puts the copy at `source` in place of the database, once it is checked; the server must be
/// stopped. The database it replaces is kept beside it, renamed.
pub async fn restore(settings: &Settings, source: &Path) -> anyhow::Result<()> {
    let file = sqlite_file(settings)?;
    let listening = tokio::net::TcpStream::connect(("127.0.0.1", settings.bind.port())).await.is_ok();
    if listening {
        bail!("something answers on port {}: stop the server before restoring", settings.bind.port());
    }
    let migrations = SqlBackend::verify_sqlite_file(source)
        .await
        .with_context(|| format!("checking the backup {}", source.display()))?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let staged = file.with_extension("db.restoring");
    std::fs::copy(source, &staged).context("copying the backup")?;
    std::fs::File::open(&staged)?.sync_all()?;
    if file.exists() {
        let kept = file.with_extension(format!("db.replaced-{}", chrono::Utc::now().format("%Y%m%dT%H%M%S")));
        std::fs::rename(&file, &kept)?;
        println!("the database it replaces is kept as {}", kept.display());
    }
    // Write-ahead log and shared memory of the replaced database must not be applied to the copy.
    for stale in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(file.with_extension(stale));
    }
    std::fs::rename(&staged, &file).context("putting the backup in place")?;
    println!("restored {} from {} ({migrations} migrations, intact)", file.display(), source.display());
    Ok(())
}
