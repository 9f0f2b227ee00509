//! SQL storage over sea-orm: SQLite (the embedded default) or PostgreSQL, one schema for both
//! (the `migration` crate).
//!
//! Layout:
//! - [`entities`]: one sea-orm entity per table.
//! - `append.rs`: messages appended in batches (group commit).
//! - `members.rs`: the members of many conversations at once (cached on SQLite).
//! - `outbox.rs`: integration events recorded in the changes' transactions, and their relay's store;
//!   `webhook.rs`: webhook deliveries waiting, retried or dead.
//! - `notification.rs`: notifications and muted conversations.
//! - `user.rs`, `auth.rs`, `contact.rs`, `conversation.rs`, `message.rs`: one store trait each,
//!   all implemented on [`SqlBackend`]; `summary.rs`: the per-user conversation list.
//!
//! Writes go through the `write` pool. Lists, history and search may read from a replica (the
//! `read` pool). Point lookups (sessions, memberships, one row by id) use the `point` pool, which
//! sees every committed write: the primary on PostgreSQL, and on SQLite the pool of readers, so
//! that they never queue behind the single writer. On SQLite the write pool holds a single
//! connection: SQLite admits one writer at a time anyway, and queueing in the pool is cheaper and
//! fairer than retrying on `SQLITE_BUSY`.

mod account;
mod append;
mod auth;
mod contact;
mod conversation;
pub mod entities;
mod errors;
mod maintenance;
mod members;
mod message;
mod notification;
mod outbox;
mod reaction;
mod summary;
mod upload;
mod user;
mod webhook;

pub(crate) use errors::{db_err, db_err_missing, sqlx_err};

use crate::{CoreError, CoreResult};
use chrono::{DateTime, SubsecRound, Utc};
use migration::{Migrator, sea_orm_migration::MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value,
    sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
};
use std::{str::FromStr, time::Duration};

/// Largest `LIMIT` sent: PostgreSQL takes a signed 64-bit count, and one more row may be asked for.
const MAX_ROWS: u64 = (i64::MAX - 1) as u64;
/// How long an SQLite connection waits for another writer before failing with `SQLITE_BUSY`.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// A pooled connection idle for this long is pinged before it is handed out again.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);
/// Bytes of an SQLite file each connection maps into memory (address space, not memory use:
/// the pages are the operating system's page cache, shared by every connection).
const SQLITE_MMAP_BYTES: u64 = 1 << 30;
/// Page cache of each SQLite connection, in KiB (filled only as pages are used).
const SQLITE_CACHE_KIB: u32 = 16 * 1024;
/// Connections reading an SQLite file concurrently (WAL lets them run beside the writer).
const SQLITE_READERS: u32 = 4;

/// Deadlines of the database, so that a database that stops answering fails calls instead of
/// holding them.
#[derive(Clone, Copy, Debug)]
pub struct SqlTimeouts {
    /// Longest wait for a pooled connection (and to open one).
    pub acquire: Duration,
    /// Longest one statement may run on PostgreSQL (its `statement_timeout`; migrations run
    /// without it); `None`: no limit. PostgreSQL enforces it, so it bounds slow statements and
    /// lock waits; a database that cannot be reached at all is bounded by the callers' deadlines.
    pub statement: Option<Duration>,
}

impl Default for SqlTimeouts {
    fn default() -> Self {
        Self { acquire: Duration::from_secs(3), statement: Some(Duration::from_secs(5)) }
    }
}

/// Every store over one SQL database (and optionally a read replica).
#[derive(Clone, Debug)]
pub struct SqlBackend {
    write: DatabaseConnection,
    read: DatabaseConnection,
    point: DatabaseConnection,
    /// Whether changes record integration events (`outbox.rs`).
    outbox: bool,
    /// Member lists of conversations, on SQLite (`members.rs`).
    member_lists: std::sync::Arc<members::MemberLists>,
}

impl SqlBackend {
    /// Connects to `url` (`sqlite://…` or `postgres://…`); reads of lists, history and search go
    /// to `read_url` when given.
    ///
    /// SQLite files are opened in WAL mode with foreign keys on and a 5 s busy timeout, and
    /// created (with their directory) when missing. Does not migrate: call [`SqlBackend::migrate`].
    pub async fn connect(url: &str, read_url: Option<&str>) -> CoreResult<Self> {
        Self::connect_with(url, read_url, SqlTimeouts::default()).await
    }

    /// [`SqlBackend::connect`] with the given deadlines.
    pub async fn connect_with(url: &str, read_url: Option<&str>, timeouts: SqlTimeouts) -> CoreResult<Self> {
        let write = open(url, true, timeouts).await?;
        // A second pool on the same SQLite file lets readers run while the single writer is busy;
        // an in-memory database exists only inside its own pool, so it must be shared.
        let readers = match is_sqlite(url) && !is_sqlite_memory(url) {
            true => Some(open(url, false, timeouts).await?),
            false => None,
        };
        let read = match (read_url, &readers) {
            (Some(read_url), _) => open(read_url, false, timeouts).await?,
            (None, Some(readers)) => readers.clone(),
            (None, None) => write.clone(),
        };
        let point = readers.unwrap_or_else(|| write.clone());
        Ok(Self { write, read, point, outbox: false, member_lists: Default::default() })
    }

    /// Connects to PostgreSQL with every pooled connection confined to `schema` (created when
    /// missing) through its `search_path`, so that tests can share one database. On SQLite the
    /// schema is ignored.
    pub async fn connect_with_schema(url: &str, schema: &str) -> CoreResult<Self> {
        Self::connect_in_schema(url, schema, SqlTimeouts::default()).await
    }

    /// [`SqlBackend::connect_with_schema`] with the given deadlines.
    pub async fn connect_in_schema(url: &str, schema: &str, timeouts: SqlTimeouts) -> CoreResult<Self> {
        if !is_postgres(url) {
            return Self::connect_with(url, None, timeouts).await;
        }
        check_schema_name(schema)?;
        let admin = open(url, true, timeouts).await?;
        // Concurrent `CREATE SCHEMA IF NOT EXISTS` can still collide in PostgreSQL's catalog:
        // instances starting together take turns under an advisory lock.
        let created = async {
            let txn = admin.begin().await?;
            txn.execute_unprepared("SET LOCAL statement_timeout = 0").await?;
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(7242061317)").await?;
            txn.execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\"")).await?;
            txn.commit().await
        }
        .await;
        admin.close().await.map_err(db_err)?;
        created.map_err(db_err)?;

        let mut options = options(url, timeouts);
        options.set_schema_search_path(schema);
        let write = measured(Database::connect(options).await.map_err(db_err)?, "write");
        Ok(Self { read: write.clone(), point: write.clone(), write, outbox: false, member_lists: Default::default() })
    }

    /// Brings the schema up to date.
    ///
    /// On PostgreSQL the migration runs in one transaction holding an advisory lock, so several
    /// instances starting at once on an empty database migrate it once, one after the other.
    pub async fn migrate(&self) -> CoreResult<()> {
        if self.backend() != DbBackend::Postgres {
            return Migrator::up(&self.write, None).await.map_err(db_err);
        }
        let txn = self.write.begin().await.map_err(db_err)?;
        // A migration may rewrite a large table, and waits for other instances' migrations.
        txn.execute_unprepared("SET LOCAL statement_timeout = 0").await.map_err(db_err)?;
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7242061318)").await.map_err(db_err)?;
        Migrator::up(&txn, None).await.map_err(db_err)?;
        txn.commit().await.map_err(db_err)
    }

    /// Checks that the database (and the replica, if any) answers.
    pub async fn ping(&self) -> CoreResult<()> {
        self.write.ping().await.map_err(db_err)?;
        self.read.ping().await.map_err(db_err)
    }

    /// Each pool (`write`, `read`, `point`; the same pool may serve several): connections open,
    /// idle, and the most it opens.
    pub fn pool_stats(&self) -> [(&'static str, PoolStats); 3] {
        [("write", stats(&self.write)), ("read", stats(&self.read)), ("point", stats(&self.point))]
    }

    /// The SQL dialect, for the few statements written by hand.
    fn backend(&self) -> DbBackend {
        self.write.get_database_backend()
    }
}

/// Schema names are spliced into DDL (identifiers cannot be bound), so only plain ones pass.
fn check_schema_name(schema: &str) -> CoreResult<()> {
    let plain = schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if schema.is_empty() || schema.len() > 63 || !plain {
        return Err(CoreError::bad_request("schema name must be 1-63 characters of A-Z, a-z, 0-9 and '_'"));
    }
    Ok(())
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

fn is_sqlite_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The options every pool shares: quiet, pinged only when idle, with the deadlines.
fn options(url: &str, timeouts: SqlTimeouts) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    // Statements are traced by sea-orm itself; sqlx's own per-statement log at INFO is noise.
    // A connection is pinged only after sitting idle: a ping on every acquire is a round trip
    // per statement on the hot path.
    options
        .sqlx_logging(false)
        .test_before_acquire_if_idle_for(IDLE_BEFORE_PING)
        .acquire_timeout(timeouts.acquire)
        .connect_timeout(timeouts.acquire);
    if let (true, Some(limit)) = (is_postgres(url), timeouts.statement) {
        let ms = limit.as_millis().to_string();
        options.map_sqlx_postgres_opts(move |o| o.options([("statement_timeout", ms.as_str())]));
    }
    options
}

/// The connections of one pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections open.
    pub open: u32,
    /// Connections open and not in use.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max: u32,
}

fn stats(conn: &DatabaseConnection) -> PoolStats {
    let idle = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match conn.get_database_backend() {
        DbBackend::Postgres => {
            let pool = conn.get_postgres_connection_pool();
            PoolStats { open: pool.size(), idle: idle(pool.num_idle()), max: pool.options().get_max_connections() }
        }
        _ => {
            let pool = conn.get_sqlite_connection_pool();
            PoolStats { open: pool.size(), idle: idle(pool.num_idle()), max: pool.options().get_max_connections() }
        }
    }
}

/// Records the duration of every statement on `conn` (`chat_db_query_duration_seconds{pool}`)
/// and counts the failed ones (`chat_db_query_errors_total{pool}`).
fn measured(mut conn: DatabaseConnection, pool: &'static str) -> DatabaseConnection {
    metrics::counter!("chat_db_query_errors_total", "pool" => pool).increment(0);
    conn.set_metric_callback(move |info| {
        metrics::histogram!("chat_db_query_duration_seconds", "pool" => pool).record(info.elapsed.as_secs_f64());
        if info.failed {
            metrics::counter!("chat_db_query_errors_total", "pool" => pool).increment(1);
        }
    });
    conn
}

/// Opens one pool. SQLite gets its pragmas per connection; `writer` picks the pool size.
async fn open(url: &str, writer: bool, timeouts: SqlTimeouts) -> CoreResult<DatabaseConnection> {
    let mut options = options(url, timeouts);
    if is_sqlite(url) {
        if is_sqlite_memory(url) {
            // The database lives as long as its last connection: never let the pool close it.
            options.max_connections(1).min_connections(1).idle_timeout(None).max_lifetime(None);
        } else {
            create_parent_dir(url)?;
            options.max_connections(if writer { 1 } else { SQLITE_READERS });
        }
        options.map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit is on disk when it returns (one fsync per commit, and messages
                // commit in batches), so an acknowledged message survives a power failure.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                // Pages are read through a memory map and a larger page cache instead of one
                // `pread` copy per page visit: the profile of a write-heavy run was dominated by
                // those copies (SQLite's default cache is 2 MiB).
                .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string())
                .pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"))
        });
    }
    Ok(measured(Database::connect(options).await.map_err(db_err)?, if writer { "write" } else { "read" }))
}

/// Creates the directory of an SQLite file (`sqlite://data/chat.db` on a fresh checkout).
fn create_parent_dir(url: &str) -> CoreResult<()> {
    let options = SqliteConnectOptions::from_str(url).map_err(CoreError::internal)?;
    if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| CoreError::internal(format!("creating {}: {e}", dir.display())))?;
    }
    Ok(())
}

/// PostgreSQL keeps microseconds; trimming before storing makes what a store returns equal what
/// it reads back later, on every engine.
pub(crate) fn ts(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// A hand-written statement with `?` placeholders, renumbered to `$1, $2, …` for PostgreSQL.
pub(crate) fn raw(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut numbered = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                numbered.push('$');
                numbered.push_str(&n.to_string());
            } else {
                numbered.push(c);
            }
        }
        numbered
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Escapes `%`, `_` and the escape character itself for `LIKE … ESCAPE '\'`.
pub(crate) fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl SqlBackend {
    /// Drops a PostgreSQL schema made by [`SqlBackend::connect_with_schema`] with everything in it
    /// (test clean-up). Does nothing for SQLite.
    pub async fn drop_schema(url: &str, schema: &str) -> CoreResult<()> {
        if !is_postgres(url) {
            return Ok(());
        }
        check_schema_name(schema)?;
        let admin = open(url, true, SqlTimeouts { statement: None, ..SqlTimeouts::default() }).await?;
        // A task of the test's services may still be writing (the notifier after the last batch):
        // PostgreSQL then resolves the lock cycle by failing one side, so try again.
        let mut dropped = Ok(());
        for _ in 0..5 {
            dropped = admin.execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE")).await.map(drop);
            if dropped.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        admin.close().await.map_err(db_err)?;
        dropped.map_err(db_err)
    }
}
