//! sea-orm entities, one module per table of the `migration` crate.
//!
//! They mirror the tables and nothing more: conversion to domain types (and its error handling)
//! lives with each store. No relations are declared; the stores join through subqueries, which keeps
//! these definitions a plain copy of the schema.

/// Accounts.
pub mod users {
    use sea_orm::entity::prelude::*;

    /// One row of `users`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        /// Identifier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Lowercase login name.
        pub username: String,
        /// Lowercase email.
        pub email: Option<String>,
        /// Shown name.
        pub display_name: String,
        /// Avatar URL.
        pub avatar_url: Option<String>,
        /// Free-text profile.
        pub bio: Option<String>,
        /// Argon2id PHC string; absent for external identities.
        pub password_hash: Option<String>,
        /// Subject of the external identity provider.
        pub external_id: Option<String>,
        /// Last connection.
        pub last_seen: Option<DateTimeUtc>,
        /// Who sees `last_seen`: `everyone`, `contacts` or `nobody`.
        pub last_seen_visibility: String,
        /// Creation time.
        pub created_at: DateTimeUtc,
        /// When the email address was shown to be the user's.
        pub email_verified_at: Option<DateTimeUtc>,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Logins.
pub mod auth_sessions {
    use sea_orm::entity::prelude::*;

    /// One row of `auth_sessions`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "auth_sessions")]
    pub struct Model {
        /// Identifier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// The user who logged in.
        pub user_id: Uuid,
        /// Login time.
        pub created_at: DateTimeUtc,
        /// Set once the login is revoked.
        pub revoked_at: Option<DateTimeUtc>,
        /// The user agent the login was made (or last refreshed) from.
        pub user_agent: Option<String>,
        /// The client address it was made (or last refreshed) from.
        pub address: Option<String>,
        /// When its refresh token was last used.
        pub last_used_at: Option<DateTimeUtc>,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Refresh tokens, by hash.
pub mod refresh_tokens {
    use sea_orm::entity::prelude::*;

    /// One row of `refresh_tokens`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "refresh_tokens")]
    pub struct Model {
        /// SHA-256 of the token, hex.
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        /// The login it belongs to.
        pub session_id: Uuid,
        /// The user.
        pub user_id: Uuid,
        /// Expiry.
        pub expires_at: DateTimeUtc,
        /// Set once used (or revoked with its login).
        pub spent_at: Option<DateTimeUtc>,
        /// Issue time.
        pub created_at: DateTimeUtc,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Contact lists.
pub mod contacts {
    use sea_orm::entity::prelude::*;

    /// One row of `contacts`: `contact_id` is on `owner_id`'s list.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "contacts")]
    pub struct Model {
        /// Owner of the list.
        #[sea_orm(primary_key, auto_increment = false)]
        pub owner_id: Uuid,
        /// The listed user.
        #[sea_orm(primary_key, auto_increment = false)]
        pub contact_id: Uuid,
        /// When they were added.
        pub created_at: DateTimeUtc,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Blocks.
pub mod blocks {
    use sea_orm::entity::prelude::*;

    /// One row of `blocks`: `owner_id` blocked `blocked_id`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "blocks")]
    pub struct Model {
        /// Who blocked.
        #[sea_orm(primary_key, auto_increment = false)]
        pub owner_id: Uuid,
        /// Who is blocked.
        #[sea_orm(primary_key, auto_increment = false)]
        pub blocked_id: Uuid,
        /// When.
        pub created_at: DateTimeUtc,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Conversations.
pub mod conversations {
    use sea_orm::entity::prelude::*;

    /// One row of `conversations`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "conversations")]
    pub struct Model {
        /// Identifier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// `direct`, `group` or `flash`.
        pub kind: String,
        /// Name.
        pub name: Option<String>,
        /// Description.
        pub description: Option<String>,
        /// Picture URL.
        pub avatar_url: Option<String>,
        /// Creator.
        pub created_by: Uuid,
        /// Creation time.
        pub created_at: DateTimeUtc,
        /// `seq` of the newest message; the counter `append_message` increments.
        pub last_seq: i64,
        /// Time of the newest message, for ordering lists by activity.
        pub last_message_at: Option<DateTimeUtc>,
        /// Expiry of a flash group.
        pub expires_at: Option<DateTimeUtc>,
        /// Key unique per pair of users, for direct conversations.
        pub direct_key: Option<String>,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Memberships with roles and read positions.
pub mod conversation_members {
    use sea_orm::entity::prelude::*;

    /// One row of `conversation_members`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "conversation_members")]
    pub struct Model {
        /// Conversation.
        #[sea_orm(primary_key, auto_increment = false)]
        pub conversation_id: Uuid,
        /// Member.
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        /// `member`, `admin` or `owner`.
        pub role: String,
        /// Read up to this seq.
        pub read_seq: i64,
        /// Delivered up to this seq.
        pub delivered_seq: i64,
        /// Join time; also the order members are listed in.
        pub joined_at: DateTimeUtc,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Messages. On PostgreSQL the table also has a generated `search` column, unknown to the entity.
pub mod messages {
    use sea_orm::entity::prelude::*;

    /// One row of `messages`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "messages")]
    pub struct Model {
        /// Identifier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Conversation.
        pub conversation_id: Uuid,
        /// Position in the conversation.
        pub seq: i64,
        /// Author.
        pub sender_id: Uuid,
        /// `text`, `image`, `file` or `system`.
        pub kind: String,
        /// Body.
        pub content: String,
        /// Attachments as a JSON array.
        pub attachments: String,
        /// The sender's idempotency key.
        pub client_msg_id: Option<String>,
        /// Replied-to message.
        pub reply_to_id: Option<Uuid>,
        /// Store time.
        pub created_at: DateTimeUtc,
        /// Last edit.
        pub edited_at: Option<DateTimeUtc>,
        /// Deleted for everyone.
        pub deleted: bool,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Messages hidden from one user's view.
pub mod hidden_messages {
    use sea_orm::entity::prelude::*;

    /// One row of `hidden_messages`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hidden_messages")]
    pub struct Model {
        /// The hidden message.
        #[sea_orm(primary_key, auto_increment = false)]
        pub message_id: Uuid,
        /// Who hid it.
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Emoji reactions to messages: one row per message, emoji and member.
pub mod message_reactions {
    use sea_orm::entity::prelude::*;

    /// One row of `message_reactions`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "message_reactions")]
    pub struct Model {
        /// The message.
        #[sea_orm(primary_key, auto_increment = false)]
        pub message_id: Uuid,
        /// The emoji.
        #[sea_orm(primary_key, auto_increment = false)]
        pub emoji: String,
        /// Who reacted.
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        /// When.
        pub created_at: DateTimeUtc,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Uploaded files.
pub mod uploads {
    use sea_orm::entity::prelude::*;

    /// One row of `uploads`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "uploads")]
    pub struct Model {
        /// Identifier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Uploader.
        pub owner_id: Uuid,
        /// Sanitised original name.
        pub file_name: String,
        /// MIME type decided from the content.
        pub content_type: String,
        /// Bytes stored.
        pub size: i64,
        /// Image width.
        pub width: Option<i32>,
        /// Image height.
        pub height: Option<i32>,
        /// A thumbnail was made.
        pub has_thumbnail: bool,
        /// Processing job.
        pub job_id: Uuid,
        /// Upload time.
        pub created_at: DateTimeUtc,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Background jobs.
pub mod jobs {
    use sea_orm::entity::prelude::*;

    /// One row of `jobs`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "jobs")]
    pub struct Model {
        /// Identifier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// What the job does.
        pub kind: String,
        /// Whose job it is.
        pub owner_id: Uuid,
        /// The upload it processes.
        pub upload_id: Uuid,
        /// pending / processing / completed / failed.
        pub status: String,
        /// Result JSON.
        pub result: Option<String>,
        /// Failure reason.
        pub error: Option<String>,
        /// Creation time.
        pub created_at: DateTimeUtc,
        /// Last status change.
        pub updated_at: DateTimeUtc,
        /// How many times a worker started it.
        pub attempts: i32,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Password reset tokens, by hash.
pub mod password_resets {
    use sea_orm::entity::prelude::*;

    /// One row of `password_resets`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "password_resets")]
    pub struct Model {
        /// SHA-256 of the token, hex.
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        /// Whose password it resets.
        pub user_id: Uuid,
        /// Until when it works.
        pub expires_at: DateTimeUtc,
        /// Set once used.
        pub used_at: Option<DateTimeUtc>,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod email_verifications {
    use sea_orm::entity::prelude::*;

    /// One row of `email_verifications`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "email_verifications")]
    pub struct Model {
        /// SHA-256 of the token, hex.
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        /// Whose address it verifies.
        pub user_id: Uuid,
        /// The address it was sent to.
        pub email: String,
        /// Until when it works.
        pub expires_at: DateTimeUtc,
        /// Set once used.
        pub used_at: Option<DateTimeUtc>,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
