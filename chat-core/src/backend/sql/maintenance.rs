//! Keeping an SQL database: online copies of SQLite, and checks before a copy is put back.

use super::{SqlBackend, db_err};
use crate::{CoreError, CoreResult};
use migration::{Migrator, sea_orm_migration::MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DbBackend, Statement};

impl SqlBackend {
    /// Writes a consistent copy of an SQLite database to `target` (a new file) with
    /// `VACUUM INTO`, while writers go on: the copy holds every transaction committed before it
    /// started, and is compacted. Fails on PostgreSQL, whose tool is `pg_dump`.
    pub async fn backup_into(&self, target: &std::path::Path) -> CoreResult<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(CoreError::bad_request("only an SQLite database is copied this way; use pg_dump"));
        }
        let target = target.to_str().ok_or_else(|| CoreError::bad_request("the backup path must be UTF-8"))?;
        let statement = Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [target.into()]);
        self.read.execute_raw(statement).await.map(drop).map_err(db_err)
    }

    /// Checks that the database is intact (`PRAGMA integrity_check` on SQLite) and that this
    /// version knows every migration applied to it; the number of migrations applied.
    pub async fn verify(&self) -> CoreResult<usize> {
        if self.backend() == DbBackend::Sqlite {
            let row = self
                .read
                .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA integrity_check"))
                .await
                .map_err(db_err)?;
            let verdict: String = row.map(|r| r.try_get_by_index(0)).transpose().map_err(db_err)?.unwrap_or_default();
            if verdict != "ok" {
                return Err(CoreError::bad_request(format!("the database is damaged: {verdict}")));
            }
        }
        let applied = Migrator::get_applied_migrations(&self.read).await.map_err(db_err)?;
        let known: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
        if let Some(unknown) = applied.iter().find(|m| !known.contains(&m.name().to_owned())) {
            return Err(CoreError::bad_request(format!(
                "the database has migration {} that this version does not know: it is from a newer version",
                unknown.name()
            )));
        }
        Ok(applied.len())
    }

    /// [`SqlBackend::verify`] of an SQLite file, opened read-only: a backup is checked without
    /// being changed.
    pub async fn verify_sqlite_file(path: &std::path::Path) -> CoreResult<usize> {
        let mut options = ConnectOptions::new(format!("sqlite://{}", path.display()));
        options
            .sqlx_logging(false)
            .max_connections(1)
            .map_sqlx_sqlite_opts(|o| o.read_only(true).create_if_missing(false));
        let connection = Database::connect(options).await.map_err(db_err)?;
        let file = Self {
            write: connection.clone(),
            read: connection.clone(),
            point: connection,
            outbox: false,
            member_lists: Default::default(),
        };
        let verified = file.verify().await;
        file.write.close().await.map_err(db_err)?;
        verified
    }
}
