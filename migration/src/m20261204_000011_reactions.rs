//! Emoji reactions (`message_reactions`): one row per message, emoji and member, gone with the
//! message or the member's account (found by `ix_message_reactions_user`).

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

/// Adds `message_reactions`.
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
            "CREATE TABLE message_reactions (\
                 message_id {uuid} NOT NULL REFERENCES messages (id) ON DELETE CASCADE, emoji TEXT NOT NULL, \
                 user_id {uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE, created_at {time} NOT NULL, \
                 PRIMARY KEY (message_id, emoji, user_id))"
        ))
        .await?;
        // Deleting an account removes its reactions through this index.
        db.execute_unprepared("CREATE INDEX ix_message_reactions_user ON message_reactions (user_id)").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("message_reactions")).to_owned()).await
    }
}
