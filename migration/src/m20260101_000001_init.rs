//! The initial schema: users, logins, contacts, conversations, members, messages and full-text search.
//!
//! Everything but the full-text index (and the prefix-search indexes, whose useful form differs per
//! engine) is written with the schema builder so SQLite and PostgreSQL get the same tables.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

/// Creates (and on `down` drops) the whole initial schema.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    Email,
    DisplayName,
    AvatarUrl,
    Bio,
    PasswordHash,
    ExternalId,
    LastSeen,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    TokenHash,
    SessionId,
    UserId,
    ExpiresAt,
    SpentAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    OwnerId,
    ContactId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    Kind,
    Name,
    Description,
    AvatarUrl,
    CreatedBy,
    CreatedAt,
    LastSeq,
    LastMessageAt,
    ExpiresAt,
    DirectKey,
}

#[derive(DeriveIden)]
enum ConversationMembers {
    Table,
    ConversationId,
    UserId,
    Role,
    ReadSeq,
    DeliveredSeq,
    JoinedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    ConversationId,
    Seq,
    SenderId,
    Kind,
    Content,
    Attachments,
    ClientMsgId,
    ReplyToId,
    CreatedAt,
    EditedAt,
    Deleted,
}

#[derive(DeriveIden)]
enum HiddenMessages {
    Table,
    MessageId,
    UserId,
}

/// A cascading foreign key named after its table and column.
fn fk<T, C, U, D>(table: T, column: C, target: U, target_column: D, name: &str) -> ForeignKeyCreateStatement
where
    T: IntoIden,
    C: IntoIden,
    U: IntoIden,
    D: IntoIden,
{
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(target, target_column)
        .on_delete(ForeignKeyAction::Cascade)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

/// Full-text search over message bodies. PostgreSQL indexes a generated `tsvector`; SQLite keeps an
/// FTS5 external-content table in step with triggers (it reads bodies back from `messages` by rowid).
/// `messages` has no INTEGER PRIMARY KEY, so a `VACUUM` may renumber its rowids: after one, run
/// `INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`.
const PG_UP: &[&str] = &[
    "ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED",
    "CREATE INDEX idx_messages_search ON messages USING GIN (search)",
    // The unique index on username uses the database collation, which LIKE 'prefix%' cannot use.
    "CREATE INDEX idx_users_username_prefix ON users (username text_pattern_ops)",
    "CREATE INDEX idx_users_display_name_prefix ON users (lower(display_name) text_pattern_ops)",
];

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='rowid')",
    "CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN \
       INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content); \
     END",
    "CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN \
       INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content); \
     END",
    "CREATE TRIGGER messages_fts_au AFTER UPDATE OF content ON messages BEGIN \
       INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content); \
       INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content); \
     END",
    // SQLite's LIKE is case-insensitive, so only a NOCASE index serves `username LIKE 'prefix%'`.
    "CREATE INDEX idx_users_username_prefix ON users (username COLLATE NOCASE)",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS messages_fts_au",
    "DROP TRIGGER IF EXISTS messages_fts_ad",
    "DROP TRIGGER IF EXISTS messages_fts_ai",
    "DROP TABLE IF EXISTS messages_fts",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(text_uniq(Users::Username))
                    .col(text_null(Users::Email).unique_key())
                    .col(text(Users::DisplayName))
                    .col(text_null(Users::AvatarUrl))
                    .col(text_null(Users::Bio))
                    .col(text_null(Users::PasswordHash))
                    .col(text_null(Users::ExternalId).unique_key())
                    .col(timestamp_with_time_zone_null(Users::LastSeen))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuthSessions::Table)
                    .col(pk_uuid(AuthSessions::Id))
                    .col(uuid(AuthSessions::UserId))
                    .col(timestamp_with_time_zone(AuthSessions::CreatedAt))
                    .col(timestamp_with_time_zone_null(AuthSessions::RevokedAt))
                    .foreign_key(&mut fk(
                        AuthSessions::Table,
                        AuthSessions::UserId,
                        Users::Table,
                        Users::Id,
                        "fk_auth_sessions_user",
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_auth_sessions_user", AuthSessions::Table, [AuthSessions::UserId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(text(RefreshTokens::TokenHash).primary_key())
                    .col(uuid(RefreshTokens::SessionId))
                    .col(uuid(RefreshTokens::UserId))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::SpentAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .foreign_key(&mut fk(
                        RefreshTokens::Table,
                        RefreshTokens::SessionId,
                        AuthSessions::Table,
                        AuthSessions::Id,
                        "fk_refresh_tokens_session",
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_refresh_tokens_session", RefreshTokens::Table, [RefreshTokens::SessionId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .col(uuid(Contacts::OwnerId))
                    .col(uuid(Contacts::ContactId))
                    .col(timestamp_with_time_zone(Contacts::CreatedAt))
                    .primary_key(Index::create().col(Contacts::OwnerId).col(Contacts::ContactId))
                    .foreign_key(&mut fk(
                        Contacts::Table,
                        Contacts::OwnerId,
                        Users::Table,
                        Users::Id,
                        "fk_contacts_owner",
                    ))
                    .foreign_key(&mut fk(
                        Contacts::Table,
                        Contacts::ContactId,
                        Users::Table,
                        Users::Id,
                        "fk_contacts_contact",
                    ))
                    .to_owned(),
            )
            .await?;
        // `watchers` looks the list up from the other side.
        index(manager, "idx_contacts_contact", Contacts::Table, [Contacts::ContactId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Conversations::Table)
                    .col(pk_uuid(Conversations::Id))
                    .col(text(Conversations::Kind))
                    .col(text_null(Conversations::Name))
                    .col(text_null(Conversations::Description))
                    .col(text_null(Conversations::AvatarUrl))
                    .col(uuid(Conversations::CreatedBy))
                    .col(timestamp_with_time_zone(Conversations::CreatedAt))
                    .col(big_integer(Conversations::LastSeq).default(0))
                    .col(timestamp_with_time_zone_null(Conversations::LastMessageAt))
                    .col(timestamp_with_time_zone_null(Conversations::ExpiresAt))
                    .col(text_null(Conversations::DirectKey).unique_key())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConversationMembers::Table)
                    .col(uuid(ConversationMembers::ConversationId))
                    .col(uuid(ConversationMembers::UserId))
                    .col(text(ConversationMembers::Role))
                    .col(big_integer(ConversationMembers::ReadSeq).default(0))
                    .col(big_integer(ConversationMembers::DeliveredSeq).default(0))
                    .col(timestamp_with_time_zone(ConversationMembers::JoinedAt))
                    .primary_key(
                        Index::create().col(ConversationMembers::ConversationId).col(ConversationMembers::UserId),
                    )
                    .foreign_key(&mut fk(
                        ConversationMembers::Table,
                        ConversationMembers::ConversationId,
                        Conversations::Table,
                        Conversations::Id,
                        "fk_conversation_members_conversation",
                    ))
                    .foreign_key(&mut fk(
                        ConversationMembers::Table,
                        ConversationMembers::UserId,
                        Users::Table,
                        Users::Id,
                        "fk_conversation_members_user",
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_conversation_members_user", ConversationMembers::Table, [ConversationMembers::UserId])
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(pk_uuid(Messages::Id))
                    .col(uuid(Messages::ConversationId))
                    .col(big_integer(Messages::Seq))
                    .col(uuid(Messages::SenderId))
                    .col(text(Messages::Kind))
                    .col(text(Messages::Content))
                    .col(text(Messages::Attachments).default("[]"))
                    .col(text_null(Messages::ClientMsgId))
                    .col(uuid_null(Messages::ReplyToId))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .col(timestamp_with_time_zone_null(Messages::EditedAt))
                    .col(boolean(Messages::Deleted).default(false))
                    .foreign_key(&mut fk(
                        Messages::Table,
                        Messages::ConversationId,
                        Conversations::Table,
                        Conversations::Id,
                        "fk_messages_conversation",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_messages_conversation_seq")
                    .table(Messages::Table)
                    .col(Messages::ConversationId)
                    .col(Messages::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // NULL keys never collide, so only messages sent with a key are deduplicated.
        manager
            .create_index(
                Index::create()
                    .name("idx_messages_client_msg_id")
                    .table(Messages::Table)
                    .col(Messages::ConversationId)
                    .col(Messages::SenderId)
                    .col(Messages::ClientMsgId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_messages_conversation_created")
                    .table(Messages::Table)
                    .col(Messages::ConversationId)
                    .col((Messages::CreatedAt, IndexOrder::Desc))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_messages_sender", Messages::Table, [Messages::SenderId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(HiddenMessages::Table)
                    .col(uuid(HiddenMessages::MessageId))
                    .col(uuid(HiddenMessages::UserId))
                    .primary_key(Index::create().col(HiddenMessages::MessageId).col(HiddenMessages::UserId))
                    .foreign_key(&mut fk(
                        HiddenMessages::Table,
                        HiddenMessages::MessageId,
                        Messages::Table,
                        Messages::Id,
                        "fk_hidden_messages_message",
                    ))
                    .to_owned(),
            )
            .await?;

        let extra = match manager.get_database_backend() {
            DbBackend::Postgres => PG_UP,
            DbBackend::Sqlite => SQLITE_UP,
            other => {
                return Err(DbErr::Migration(format!("unsupported database backend {other:?}")));
            }
        };
        for sql in extra {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            for sql in SQLITE_DOWN {
                manager.get_connection().execute_unprepared(sql).await?;
            }
        }
        // Children first, so no foreign key is left dangling mid-way.
        let tables = [
            HiddenMessages::Table.into_iden(),
            Messages::Table.into_iden(),
            ConversationMembers::Table.into_iden(),
            Conversations::Table.into_iden(),
            Contacts::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            AuthSessions::Table.into_iden(),
            Users::Table.into_iden(),
        ];
        for table in tables {
            manager.drop_table(Table::drop().table(table).if_exists().to_owned()).await?;
        }
        Ok(())
    }

    // SQLite supports transactional DDL too: a failed migration then leaves nothing half-made.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// A plain (non-unique) index.
async fn index<T, C>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr>
where
    T: IntoIden,
    C: IntoIden,
{
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for column in columns {
        stmt.col(column.into_iden());
    }
    manager.create_index(stmt).await
}
