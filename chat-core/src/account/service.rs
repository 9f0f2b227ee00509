use super::{AccountStore, DeletedAccountMessages};
use crate::{
    ConversationId, CoreResult, Limits, MessageId, UserId,
    auth::{AuthService, Principal},
    contact::ContactStore,
    conversation::{ConversationKind, ConversationService, ConversationStore, Role},
    message::Message,
    upload::UploadService,
    user::{User, UserService, UserStore},
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::sync::Arc;

/// Users and conversations listed per store call while exporting.
const EXPORT_PAGE: u64 = 500;

/// Exports and deletes accounts (see the module documentation for the order of deletion).
#[derive(Clone)]
pub struct AccountService {
    store: Arc<dyn AccountStore>,
    users: Arc<dyn UserStore>,
    /// Other people as the user may see them (never their email; status as they allow).
    people: UserService,
    contacts: Arc<dyn ContactStore>,
    conversations: Arc<dyn ConversationStore>,
    conversation_service: ConversationService,
    auth: AuthService,
    uploads: UploadService,
    limits: Limits,
}

impl std::fmt::Debug for AccountService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountService").field("messages", &self.limits.deleted_account_messages).finish()
    }
}

/// Everything of an account but its messages, which follow page by page
/// ([`AccountService::messages_page`]).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountExport {
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// The profile, email included.
    pub user: User,
    /// The contact list.
    pub contacts: Vec<User>,
    /// The users blocked.
    pub blocked: Vec<User>,
    /// The conversations the user is in.
    pub conversations: Vec<ExportedConversation>,
}

/// A conversation as an export lists it: what it is and the user's place in it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExportedConversation {
    /// Identifier.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: ConversationId,
    /// Direct, group or flash.
    pub kind: ConversationKind,
    /// Group name.
    pub name: Option<String>,
    /// Group description.
    pub description: Option<String>,
    /// When it was started.
    pub created_at: DateTime<Utc>,
    /// The user's role in it.
    pub role: Role,
}

impl AccountService {
    /// Builds the service; `conversations` must be the store the conversation service uses.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Arc<dyn AccountStore>,
        users: Arc<dyn UserStore>,
        people: UserService,
        contacts: Arc<dyn ContactStore>,
        conversations: Arc<dyn ConversationStore>,
        conversation_service: ConversationService,
        auth: AuthService,
        uploads: UploadService,
        limits: Limits,
    ) -> Self {
        Self { store, users, people, contacts, conversations, conversation_service, auth, uploads, limits }
    }

    /// The caller's profile, contacts, blocks and conversations.
    pub async fn export(&self, me: UserId) -> CoreResult<AccountExport> {
        let user = self.people.me(me).await?;
        let contact_ids = self.contacts.contact_ids(me).await?;
        let contacts = self.users.users_by_ids(&contact_ids).await?;
        let mut blocked = Vec::new();
        loop {
            let after = blocked.last().map(|u: &User| u.username.clone());
            let page = self.contacts.blocked(me, after.as_deref(), EXPORT_PAGE).await?;
            let last = (page.len() as u64) < EXPORT_PAGE;
            blocked.extend(page);
            if last {
                break;
            }
        }
        let mut conversations = Vec::new();
        for id in self.conversations.conversation_ids_for_user(me).await? {
            // One that went away since the ids were read is simply not listed.
            let Some(c) = self.conversations.conversation(id).await? else { continue };
            let Some(role) = c.role_of(me) else { continue };
            conversations.push(ExportedConversation {
                id: c.id,
                kind: c.kind,
                name: c.name,
                description: c.description,
                created_at: c.created_at,
                role,
            });
        }
        conversations.sort_by_key(|c| (c.created_at, c.id));
        // Other people as this user may see them anywhere else: not their email, nor a status or
        // last connection they keep from this user.
        let contacts = self.people.as_seen_by(me, contacts).await?;
        let blocked = self.people.as_seen_by(me, blocked).await?;
        Ok(AccountExport { exported_at: crate::time::now(), user, contacts, blocked, conversations })
    }

    /// The caller's own messages, oldest first, strictly after `after`; at most `limit`.
    pub async fn messages_page(&self, me: UserId, after: Option<MessageId>, limit: u64) -> CoreResult<Vec<Message>> {
        self.store.messages_sent_by(me, after, limit.clamp(1, self.limits.page_max.max(EXPORT_PAGE))).await
    }

    /// Deletes the caller's account, given their password (an account without one: a sign-in
    /// within `reauth_window_secs`). Safe to repeat after a failure midway.
    #[tracing::instrument(level = "debug", name = "account.delete", skip_all, fields(user = %me.user_id))]
    pub async fn delete(&self, me: &Principal, password: Option<String>) -> CoreResult<()> {
        self.auth.confirm_identity(me, password).await?;
        let user = me.user_id;
        self.auth.end_all_sessions(user).await?;
        self.conversation_service.depart_all(user).await?;
        if self.limits.deleted_account_messages == DeletedAccountMessages::Erase {
            self.store.erase_messages_of(user).await?;
        }
        let uploads = self.store.uploads_of(user).await?;
        self.uploads.delete_files(&uploads).await?;
        let Some(removed) = self.store.delete_account(user).await? else { return Ok(()) };
        // Uploads made or processed since the files above were deleted went with the account:
        // their files go too (deleting is idempotent).
        if let Err(e) = self.uploads.delete_files(&removed).await {
            tracing::error!(%user, error = %e, "files of a deleted account's last uploads were not deleted");
        }
        tracing::info!(%user, uploads = removed.len(), "account deleted");
        Ok(())
    }
}
