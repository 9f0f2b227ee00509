//! Database errors as [`CoreError`]s: unique rules the client can run into become named
//! [`Taken`] reasons; everything else stays internal, with its cause.

use crate::{CoreError, Taken};
use sea_orm::{DbErr, RuntimeErr, SqlErr};

/// Converts a database error; unique violations become conflicts named after the constraint.
pub(crate) fn db_err(e: DbErr) -> CoreError {
    match unique_violation(&e) {
        Some(taken) => CoreError::Taken(taken),
        None => CoreError::internal(e),
    }
}

/// Like [`db_err`], but a foreign-key violation means the referenced `what` does not exist.
pub(crate) fn db_err_missing(what: &'static str) -> impl Fn(DbErr) -> CoreError {
    move |e| match e.sql_err() {
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => CoreError::NotFound(what),
        _ => db_err(e),
    }
}

/// The unique rules a client can run into, by the name PostgreSQL gives the constraint and by the
/// columns SQLite names (`UNIQUE constraint failed: <columns>`; it names no constraint).
const UNIQUE_RULES: &[(&str, &str, Taken)] = &[
    ("users_username_key", "users.username", Taken::Username),
    ("users_email_key", "users.email", Taken::Email),
    ("users_external_id_key", "users.external_id", Taken::ExternalIdentity),
    ("conversations_direct_key_key", "conversations.direct_key", Taken::DirectConversation),
    (
        "conversation_members_pkey",
        "conversation_members.conversation_id, conversation_members.user_id",
        Taken::Membership,
    ),
    (
        "idx_messages_client_msg_id",
        "messages.conversation_id, messages.sender_id, messages.client_msg_id",
        Taken::ClientMsgId,
    ),
];

/// What a unique violation means, when it is one of [`UNIQUE_RULES`]. Any other violation is a
/// defect (the code should have prevented it) and stays an internal error, with its cause.
fn unique_violation(e: &DbErr) -> Option<Taken> {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = e else { return None };
    let sea_orm::sqlx::Error::Database(e) = e.as_ref() else { return None };
    if !matches!(e.kind(), sea_orm::sqlx::error::ErrorKind::UniqueViolation) {
        return None;
    }
    let rule = match e.constraint() {
        Some(name) => UNIQUE_RULES.iter().find(|(constraint, ..)| *constraint == name),
        None => {
            let columns = e.message().strip_prefix("UNIQUE constraint failed: ")?;
            UNIQUE_RULES.iter().find(|(_, named, _)| *named == columns)
        }
    };
    rule.map(|(.., taken)| *taken)
}

/// A failure of a statement run on sqlx directly (the hot paths on PostgreSQL).
pub(crate) fn sqlx_err(e: sea_orm::sqlx::Error) -> CoreError {
    db_err(sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(e.into())))
}
