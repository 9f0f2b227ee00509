//! The transactional outbox: integration events recorded in the transactions of their changes
//! (`outbox_events`, unpublished ones found by a partial index), and the lease that lets one
//! relay at a time publish them (`outbox_leases`); the webhook deliveries waiting, retried or
//! dead-lettered (`webhook_deliveries`, one per event and URL).

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

/// Adds `outbox_events`, `outbox_leases` and `webhook_deliveries`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Written by hand: the position is the engine's own auto-increment (BIGSERIAL, and
        // SQLite's INTEGER PRIMARY KEY, which is the rowid), and the indexes are partial.
        let (position, uuid, time) = match manager.get_database_backend() {
            DbBackend::Postgres => ("BIGSERIAL PRIMARY KEY", "UUID", "TIMESTAMPTZ"),
            _ => ("INTEGER PRIMARY KEY AUTOINCREMENT", "uuid_text", "timestamp_with_timezone_text"),
        };
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE TABLE outbox_events (position {position}, id {uuid} NOT NULL, event_type TEXT NOT NULL, \
             order_key {uuid} NOT NULL, occurred_at {time} NOT NULL, body TEXT NOT NULL, published_at {time} NULL)"
        ))
        .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_outbox_events_pending ON outbox_events (position) WHERE published_at IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_outbox_events_published ON outbox_events (published_at) WHERE published_at IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TABLE outbox_leases (name TEXT PRIMARY KEY, holder {uuid} NOT NULL, expires_at {time} NOT NULL)"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TABLE webhook_deliveries (id {uuid} PRIMARY KEY, event_id {uuid} NOT NULL, event_type TEXT NOT NULL, \
             url TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL, state TEXT NOT NULL, \
             next_attempt_at {time} NOT NULL, last_error TEXT NULL, last_status INTEGER NULL, \
             created_at {time} NOT NULL, updated_at {time} NOT NULL, UNIQUE (event_id, url))"
        ))
        .await?;
        db.execute_unprepared("CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("webhook_deliveries")).to_owned()).await?;
        manager.drop_table(Table::drop().table(Alias::new("outbox_leases")).to_owned()).await?;
        manager.drop_table(Table::drop().table(Alias::new("outbox_events")).to_owned()).await
    }
}
