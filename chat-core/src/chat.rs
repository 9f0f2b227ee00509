use crate::{
    Limits,
    account::{AccountService, AccountStore},
    auth::{AuthConfig, AuthService, AuthStore},
    backend::memory::{MemoryFlashGroups, MemoryPresence},
    contact::{ContactService, ContactStore},
    conversation::{ConversationService, ConversationStore},
    events::EventSink,
    flash_group::{FlashGroupService, FlashGroupStore, RoutedStore},
    message::{MessageService, MessageStore},
    notification::{MuteStore, NotificationService, NotificationStore, NotificationStores},
    presence::{PresenceService, PresenceStore},
    upload::{FileStore, ObjectFiles, UploadConfig, UploadService, UploadStore, UrlSigner},
    user::{UserService, UserStore},
};
use sha2::Digest as _;
use std::sync::Arc;

/// One implementation of every store trait.
#[derive(Clone)]
pub struct Stores {
    /// Accounts.
    pub users: Arc<dyn UserStore>,
    /// Logins and refresh tokens.
    pub auth: Arc<dyn AuthStore>,
    /// Contact lists.
    pub contacts: Arc<dyn ContactStore>,
    /// Conversations and members.
    pub conversations: Arc<dyn ConversationStore>,
    /// Messages.
    pub messages: Arc<dyn MessageStore>,
    /// Live connections and statuses.
    pub presence: Arc<dyn PresenceStore>,
    /// Flash groups and their messages.
    pub flash_groups: Arc<dyn FlashGroupStore>,
    /// Uploads and their jobs.
    pub uploads: Arc<dyn UploadStore>,
    /// File contents.
    pub files: Arc<dyn FileStore>,
    /// Exports and account deletion.
    pub accounts: Arc<dyn AccountStore>,
    /// Notifications (replace to keep them elsewhere, e.g. in Redis with a lifetime).
    pub notifications: Arc<dyn NotificationStore>,
    /// Muted conversations.
    pub mutes: Arc<dyn MuteStore>,
}

impl std::fmt::Debug for Stores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stores").finish_non_exhaustive()
    }
}

impl Stores {
    /// Every durable store served by one backend, with presence and flash groups kept in this
    /// process (replace those two to share them between processes) and file contents in memory
    /// (replace `files` with [`ObjectFiles::local`] or [`ObjectFiles::s3`] to keep them).
    pub fn from_backend<B>(backend: Arc<B>) -> Self
    where
        B: UserStore
            + AuthStore
            + ContactStore
            + ConversationStore
            + MessageStore
            + UploadStore
            + AccountStore
            + NotificationStore
            + MuteStore
            + 'static,
    {
        Self {
            users: backend.clone(),
            auth: backend.clone(),
            contacts: backend.clone(),
            conversations: backend.clone(),
            messages: backend.clone(),
            uploads: backend.clone(),
            notifications: backend.clone(),
            mutes: backend.clone(),
            accounts: backend,
            files: Arc::new(ObjectFiles(Arc::new(object_store::memory::InMemory::new()))),
            presence: Arc::new(MemoryPresence::default()),
            flash_groups: Arc::new(MemoryFlashGroups::default()),
        }
    }
}

/// Every service, built once over the stores; cheap to clone.
#[derive(Clone, Debug)]
pub struct Chat {
    /// Profiles.
    pub users: UserService,
    /// Register, login, tokens.
    pub auth: AuthService,
    /// Contact lists.
    pub contacts: ContactService,
    /// Conversations and members (flash groups included).
    pub conversations: ConversationService,
    /// Messages (flash groups included).
    pub messages: MessageService,
    /// Presence and typing.
    pub presence: PresenceService,
    /// Creating, listing and expiring flash groups.
    pub flash_groups: FlashGroupService,
    /// Uploads, processing jobs, signed file URLs.
    pub uploads: UploadService,
    /// Exports and account deletion.
    pub accounts: AccountService,
    /// Notifications of missed messages and mentions; mutes.
    pub notifications: NotificationService,
}

impl Chat {
    /// Wires the services.
    pub fn new(stores: Stores, auth: AuthConfig, limits: Limits, events: Arc<dyn EventSink>) -> Self {
        let notifications = NotificationService::new(
            NotificationStores {
                store: stores.notifications,
                mutes: stores.mutes,
                // Not routed: flash groups are not found there, so they notify no one.
                conversations: stores.conversations.clone(),
                users: stores.users.clone(),
                presence: stores.presence.clone(),
            },
            events.clone(),
            std::time::Duration::from_secs(limits.notification_ttl_secs),
        );
        let routed = Arc::new(RoutedStore::new(
            stores.conversations,
            stores.messages,
            stores.flash_groups.clone(),
            limits.flash_max_messages,
        ));
        // File URLs are signed with a key derived from the token secret, so every instance that
        // shares the secret accepts the others' links, and neither key reveals the other.
        let signing_key = sha2::Sha256::digest([b"file-urls:".as_slice(), &auth.jwt_secret].concat()).to_vec();
        let uploads = UploadService::new(
            stores.uploads,
            stores.files,
            UrlSigner::new(signing_key, std::time::Duration::from_secs(limits.file_url_ttl_secs)),
            events.clone(),
            UploadConfig {
                max_bytes: limits.upload_max_bytes,
                max_attachments: limits.max_attachments,
                memory_budget_bytes: limits.upload_memory_budget_mb.saturating_mul(1024 * 1024),
                max_attempts: limits.upload_job_attempts.max(1),
                stale_after: std::time::Duration::from_secs(limits.upload_job_stale_secs),
                ..UploadConfig::default()
            },
        );
        let users = UserService::new(
            stores.users.clone(),
            stores.presence.clone(),
            stores.contacts.clone(),
            routed.clone(),
            limits.clone(),
        );
        let conversations = ConversationService::new(
            routed.clone(),
            stores.users.clone(),
            stores.contacts.clone(),
            events.clone(),
            limits.clone(),
            uploads.clone(),
        );
        let auth = AuthService::new(stores.users.clone(), stores.auth, auth, limits.clone(), events.clone());
        let accounts = AccountService::new(
            stores.accounts,
            stores.users.clone(),
            users.clone(),
            stores.contacts.clone(),
            routed.clone(),
            conversations.clone(),
            auth.clone(),
            uploads.clone(),
            limits.clone(),
        );
        Self {
            presence: PresenceService::new(
                stores.presence,
                stores.users.clone(),
                routed.clone(),
                stores.contacts.clone(),
                events.clone(),
                &limits,
            ),
            flash_groups: FlashGroupService::new(
                stores.flash_groups,
                stores.users.clone(),
                conversations.clone(),
                events.clone(),
                limits.clone(),
            ),
            auth,
            accounts,
            contacts: ContactService::new(stores.contacts, users.clone(), conversations.clone(), limits.clone()),
            messages: match limits.notifications {
                true => MessageService::new(routed, conversations.clone(), uploads.clone(), events, limits)
                    .notifying(notifications.clone()),
                false => MessageService::new(routed, conversations.clone(), uploads.clone(), events, limits),
            },
            notifications,
            uploads,
            conversations,
            users,
        }
    }
}
