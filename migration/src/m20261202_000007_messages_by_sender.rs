//! A user's own messages are read in the order sent (an export, page by page): the index on
//! `messages.sender_id` becomes one on `(sender_id, id)`, ids being time-ordered.

use sea_orm_migration::prelude::*;

/// Replaces `idx_messages_sender` with `idx_messages_sender_id`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Messages {
    Table,
    SenderId,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_messages_sender_id")
                    .table(Messages::Table)
                    .col(Messages::SenderId)
                    .col(Messages::Id)
                    .to_owned(),
            )
            .await?;
        manager.drop_index(Index::drop().name("idx_messages_sender").table(Messages::Table).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create().name("idx_messages_sender").table(Messages::Table).col(Messages::SenderId).to_owned(),
            )
            .await?;
        manager.drop_index(Index::drop().name("idx_messages_sender_id").table(Messages::Table).to_owned()).await
    }
}
