//! Uploaded files and their processing jobs. Jobs live in the database so that work pending at
//! shutdown is picked up again after a restart.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `uploads` and `jobs`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Uploads {
    Table,
    Id,
    OwnerId,
    FileName,
    ContentType,
    Size,
    Width,
    Height,
    HasThumbnail,
    JobId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    OwnerId,
    UploadId,
    Status,
    Result,
    Error,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Uploads::Table)
                    .col(uuid(Uploads::Id).primary_key())
                    .col(uuid(Uploads::OwnerId))
                    .col(string(Uploads::FileName))
                    .col(string(Uploads::ContentType))
                    .col(big_integer(Uploads::Size))
                    .col(integer_null(Uploads::Width))
                    .col(integer_null(Uploads::Height))
                    .col(boolean(Uploads::HasThumbnail).default(false))
                    .col(uuid(Uploads::JobId))
                    .col(timestamp_with_time_zone(Uploads::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_uploads_owner")
                            .from(Uploads::Table, Uploads::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(uuid(Jobs::Id).primary_key())
                    .col(string(Jobs::Kind))
                    .col(uuid(Jobs::OwnerId))
                    .col(uuid(Jobs::UploadId))
                    .col(string(Jobs::Status))
                    .col(text_null(Jobs::Result))
                    .col(text_null(Jobs::Error))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_jobs_upload")
                            .from(Jobs::Table, Jobs::UploadId)
                            .to(Uploads::Table, Uploads::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Workers look for pending work at start-up.
        manager
            .create_index(Index::create().name("idx_jobs_status").table(Jobs::Table).col(Jobs::Status).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Jobs::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Uploads::Table).to_owned()).await
    }
}
