//! Notifications (`notifications`, a user's newest first, unread ones counted through a partial
//! index) and muted conversations (`conversation_mutes`, `muted_until` null: until unmuted).

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

/// Adds `notifications` and `conversation_mutes`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (uuid, time) = match manager.get_database_backend() {
            DbBackend::Postgres => ("UUID", "TIMESTAMPTZ"),
            _ => ("uuid_text", "timestamp_with_timezone_text"),
        };
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE TABLE notifications (id {uuid} PRIMARY KEY, \
             user_id {uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE, kind TEXT NOT NULL, \
             conversation_id {uuid} NOT NULL REFERENCES conversations (id) ON DELETE CASCADE, \
             message_id {uuid} NOT NULL, seq BIGINT NOT NULL, sender_id {uuid} NOT NULL, preview TEXT NOT NULL, \
             created_at {time} NOT NULL, read_at {time} NULL)"
        ))
        .await?;
        db.execute_unprepared("CREATE INDEX ix_notifications_user ON notifications (user_id, id)").await?;
        db.execute_unprepared("CREATE INDEX ix_notifications_unread ON notifications (user_id) WHERE read_at IS NULL")
            .await?;
        db.execute_unprepared("CREATE INDEX ix_notifications_created ON notifications (created_at)").await?;
        db.execute_unprepared(&format!(
            "CREATE TABLE conversation_mutes (conversation_id {uuid} NOT NULL, user_id {uuid} NOT NULL, \
             muted_until {time} NULL, PRIMARY KEY (conversation_id, user_id), \
             FOREIGN KEY (conversation_id, user_id) REFERENCES conversation_members (conversation_id, user_id) \
             ON DELETE CASCADE)"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("conversation_mutes")).to_owned()).await?;
        manager.drop_table(Table::drop().table(Alias::new("notifications")).to_owned()).await
    }
}
