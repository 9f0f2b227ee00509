//! `/api/users/me/export` and `DELETE /api/users/me`: a user's data, taken away or deleted.

use super::{ApiJson, AuthUser, ClientIp};
use crate::{
    error::{ApiResult, ErrorBody},
    state::AppState,
};
use axum::{
    body::{Body, Bytes},
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use chat_core::{
    MessageId, UserId,
    account::{AccountExport, AccountService},
    message::Message,
};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Messages read from the store per chunk of the export.
const MESSAGES_PER_CHUNK: u64 = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export)).routes(routes!(delete_account))
}

/// What an export holds (the document the route streams).
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct Export {
    #[serde(flatten)]
    account: AccountExport,
    /// Every message the user sent, oldest first (flash groups aside).
    messages: Vec<Message>,
}

/// Proof that the caller is the account's owner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteAccount {
    /// The password; an account without one (signed in with its identity provider) needs a
    /// sign-in within `CHAT_REAUTH_WINDOW_SECS` instead.
    password: Option<String>,
}

/// The caller's data as one JSON document, streamed: profile (email included), contacts, blocks,
/// conversations with their role, and every message they sent, oldest first (flash groups, which
/// expire by themselves, aside). A failure midway cuts the stream, so a truncated document never
/// passes for a whole one.
#[utoipa::path(get, path = "/api/users/me/export", tag = "users", security(("bearer" = [])),
    responses((status = 200, description = "The export, as an attachment", body = inline(Export))))]
async fn export(State(state): State<AppState>, AuthUser(me): AuthUser) -> ApiResult<Response> {
    let account = state.chat.accounts.export(me.user_id).await?;
    let file_name = format!("chat-export-{}.json", account.user.username);
    let mut head = serde_json::to_vec(&account).map_err(chat_core::CoreError::internal)?;
    // `{…}` becomes `{…,"messages":[`; the pages and `]}` follow.
    head.pop();
    head.extend_from_slice(b",\"messages\":[");
    let body = Body::from_stream(messages(state.chat.accounts.clone(), me.user_id, head));
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// The rest of the export after `head`: the messages, a page per chunk, then the closing `]}`.
fn messages(
    accounts: AccountService,
    me: UserId,
    head: Vec<u8>,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> {
    enum Next {
        Page { after: Option<MessageId>, first: bool },
        Done,
    }
    let head = futures::stream::once(async move { Ok(Bytes::from(head)) });
    let pages = futures::stream::unfold(Next::Page { after: None, first: true }, move |next| {
        let accounts = accounts.clone();
        async move {
            let Next::Page { after, first } = next else { return None };
            let page = match accounts.messages_page(me, after, MESSAGES_PER_CHUNK).await {
                Ok(page) => page,
                Err(e) => {
                    tracing::warn!(user = %me, error = %e, "export cut short");
                    return Some((Err(std::io::Error::other(e.to_string())), Next::Done));
                }
            };
            let mut chunk = Vec::new();
            for (i, message) in page.iter().enumerate() {
                if !(first && i == 0) {
                    chunk.push(b',');
                }
                if let Err(e) = serde_json::to_writer(&mut chunk, message) {
                    return Some((Err(std::io::Error::other(e)), Next::Done));
                }
            }
            match page.last() {
                Some(last) if page.len() as u64 == MESSAGES_PER_CHUNK => {
                    Some((Ok(Bytes::from(chunk)), Next::Page { after: Some(last.id), first: false }))
                }
                _ => {
                    chunk.extend_from_slice(b"]}");
                    Some((Ok(Bytes::from(chunk)), Next::Done))
                }
            }
        }
    });
    // Fused: a body may be polled again after its end, which an unfused `unfold` answers with a panic.
    futures::StreamExt::fuse(futures::StreamExt::chain(head, pages))
}

/// Deletes the caller's account for good. Their logins end (sockets disconnected), they leave
/// every conversation (the others are told; an only owner's group passes to the next admin or
/// member, a group they were alone in is deleted), their uploads are deleted from storage, and
/// their contacts, blocks and profile go. Their messages stay, from a user who no longer exists,
/// or are blanked with `CHAT_DELETED_ACCOUNT_MESSAGES=erase`. Rate limited per client IP together
/// with login, since it checks a password.
#[utoipa::path(delete, path = "/api/users/me", tag = "users", security(("bearer" = [])),
    request_body = DeleteAccount,
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "An account without a password: sign in again first", body = ErrorBody),
        (status = 422, description = "The password is missing or wrong", body = ErrorBody),
    ))]
async fn delete_account(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<DeleteAccount>,
) -> ApiResult<StatusCode> {
    state.quotas.check_auth(ip).await?;
    state.chat.accounts.delete(&me, req.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
