//! Processing jobs count their attempts (`jobs.attempts`), so that a job that keeps failing, or
//! that was running each time the process died, ends `failed` instead of running forever.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `jobs.attempts`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Attempts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Jobs::Table).add_column(integer(Jobs::Attempts).default(0)).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Jobs::Table).drop_column(Jobs::Attempts).to_owned()).await
    }
}
