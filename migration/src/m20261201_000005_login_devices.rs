//! What the device list shows of each login: the user agent and address it was made from, and
//! when it was last used (a refresh).

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `auth_sessions.user_agent`, `address` and `last_used_at`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    UserAgent,
    Address,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        let columns = [text_null(AuthSessions::UserAgent), text_null(AuthSessions::Address)];
        for column in columns {
            manager.alter_table(Table::alter().table(AuthSessions::Table).add_column(column).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(AuthSessions::Table)
                    .add_column(timestamp_with_time_zone_null(AuthSessions::LastUsedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [AuthSessions::UserAgent, AuthSessions::Address, AuthSessions::LastUsedAt] {
            manager.alter_table(Table::alter().table(AuthSessions::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
