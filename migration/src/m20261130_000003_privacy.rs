//! Privacy: who sees when a user was last connected (`users.last_seen_visibility`: `everyone`
//! who sees their status, their `contacts`, or `nobody`), and the users each user blocked.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `users.last_seen_visibility` and `blocks`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    LastSeenVisibility,
}

#[derive(DeriveIden)]
enum Blocks {
    Table,
    OwnerId,
    BlockedId,
    CreatedAt,
}

fn to_users(column: Blocks, name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(Blocks::Table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(string(Users::LastSeenVisibility).default("everyone"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Blocks::Table)
                    .col(uuid(Blocks::OwnerId))
                    .col(uuid(Blocks::BlockedId))
                    .col(timestamp_with_time_zone(Blocks::CreatedAt))
                    .primary_key(Index::create().col(Blocks::OwnerId).col(Blocks::BlockedId))
                    .foreign_key(&mut to_users(Blocks::OwnerId, "fk_blocks_owner"))
                    .foreign_key(&mut to_users(Blocks::BlockedId, "fk_blocks_blocked"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_blocks_blocked").table(Blocks::Table).col(Blocks::BlockedId).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Blocks::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::LastSeenVisibility).to_owned()).await
    }
}
