//! Who sees when a user was last connected: `everyone` (who sees their status), `contacts` (the
//! users they added) or `nobody`.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `users.last_seen_visibility`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    LastSeenVisibility,
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
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::LastSeenVisibility).to_owned()).await
    }
}
