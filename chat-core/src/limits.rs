//! Input limits. Every one is configurable; the defaults are the documented ones.

use serde::{Deserialize, Serialize};

/// Limits applied to everything a client sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Limits {
    /// Shortest username, in characters.
    pub username_min: usize,
    /// Longest username, in characters.
    pub username_max: usize,
    /// Shortest password, in characters.
    pub password_min: usize,
    /// Longest password, in characters.
    pub password_max: usize,
    /// Longest message body, in characters.
    pub message_max_chars: usize,
    /// Largest page a list may return.
    pub page_max: u64,
    /// Page size when the client gives none.
    pub page_default: u64,
    /// Longest display name, conversation name or search query, in characters.
    pub name_max_chars: usize,
    /// Longest bio or conversation description, in characters.
    pub text_max_chars: usize,
    /// Distinct emoji one message may carry as reactions (`CHAT_REACTIONS_PER_MESSAGE`).
    pub reactions_per_message: usize,
    /// The emoji members may react with, separated by commas (`CHAT_REACTION_EMOJIS`); empty:
    /// any single emoji.
    pub reaction_emojis: String,
    /// Most members a group may have.
    pub group_max_members: usize,
    /// Shortest flash-group lifetime, in seconds.
    pub flash_ttl_min_secs: u64,
    /// Longest flash-group lifetime, in seconds.
    pub flash_ttl_max_secs: u64,
    /// Messages a flash group keeps (the oldest go first).
    pub flash_max_messages: u64,
    /// Largest uploaded file, in bytes.
    pub upload_max_bytes: usize,
    /// Most attachments on one message.
    pub max_attachments: usize,
    /// Memory image processing may hold at once, in MiB. Each image's need is estimated from its
    /// header before decoding and waits for room; an image needing more than all of it fails.
    pub upload_memory_budget_mb: u64,
    /// Times a processing job is started at most: one that fails for a passing cause (storage),
    /// or that was running when its process died, ends `failed` after this many.
    pub upload_job_attempts: u32,
    /// A job left `processing` this long, in seconds, belongs to a process that died: it is
    /// started again (or failed, past its attempts) by any instance.
    pub upload_job_stale_secs: u64,
    /// Sends waiting for the message writer at most (and, in a queue of their own, delivered
    /// receipts waiting to be written); past it one is refused at once with `rate_limited`
    /// (retry after a second).
    pub message_queue_max: usize,
    /// Messages the writer commits in one transaction at most.
    pub message_batch_max: usize,
    /// How long a notification is kept, in seconds (`CHAT_NOTIFICATION_TTL_SECS`).
    pub notification_ttl_secs: u64,
    /// Whether members are notified of what they missed (`CHAT_NOTIFICATIONS`); off, stored
    /// messages cost no membership read after their commit.
    pub notifications: bool,
    /// Delivered receipts are written (and announced) at most this often per member and
    /// conversation, in milliseconds: the highest position of the interval wins.
    pub receipt_flush_ms: u64,
    /// Least lifetime of a signed file URL, in seconds (links expire on the next five-minute boundary after it).
    pub file_url_ttl_secs: u64,
    /// Longest a send may take, in ms, before it is answered `unavailable` (the database is
    /// partitioned or stuck); retried with its `clientMsgId`, it is stored once.
    pub send_deadline_ms: u64,
    /// Sends failing in a row (the store failed or missed the deadline) after which sends fail
    /// fast with `unavailable` for a cool-down (0: never).
    pub breaker_failures: u32,
    /// How long sends fail fast once the breaker opened, in ms; then one send probes the store.
    pub breaker_cool_down_ms: u64,
    /// Status changes are gathered for this many milliseconds and announced together, only the
    /// last of each user's changes in the interval (0 announces each at once).
    pub presence_flush_ms: u64,
    /// Members of a conversation above which its members are not told each other's status
    /// changes (they ask with the users routes); contacts and small conversations still are.
    pub presence_group_max: usize,
    /// How long a login found valid (or revoked) is believed without asking the store again, in
    /// seconds; a revocation on this instance applies at once. 0 asks the store every time.
    pub session_cache_secs: u64,
    /// Logins remembered by that cache at most.
    pub session_cache_max: usize,
    /// How recent a sign-in must be to delete an account that has no password, in seconds.
    pub reauth_window_secs: u64,
    /// What becomes of a deleted account's messages in conversations others are still in.
    pub deleted_account_messages: crate::account::DeletedAccountMessages,
    /// Addresses given at registration are sent a verification link, and only verified ones
    /// receive password reset links.
    pub email_verification: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            username_min: 3,
            username_max: 32,
            password_min: 8,
            password_max: 128,
            message_max_chars: 4000,
            page_max: 100,
            page_default: 50,
            name_max_chars: 100,
            text_max_chars: 1000,
            reactions_per_message: 20,
            reaction_emojis: String::new(),
            group_max_members: 1000,
            flash_ttl_min_secs: 60,
            flash_ttl_max_secs: 7 * 24 * 3600,
            flash_max_messages: 1000,
            upload_max_bytes: 10 * 1024 * 1024,
            max_attachments: 10,
            upload_memory_budget_mb: 1024,
            upload_job_attempts: 2,
            upload_job_stale_secs: 120,
            file_url_ttl_secs: 600,
            send_deadline_ms: 5000,
            breaker_failures: 5,
            breaker_cool_down_ms: 2000,
            message_queue_max: 4096,
            message_batch_max: 1024,
            notification_ttl_secs: 24 * 3600,
            notifications: true,
            receipt_flush_ms: 100,
            presence_flush_ms: 250,
            presence_group_max: 100,
            session_cache_secs: 10,
            session_cache_max: 100_000,
            reauth_window_secs: 600,
            deleted_account_messages: crate::account::DeletedAccountMessages::Keep,
            email_verification: false,
        }
    }
}

impl Limits {
    /// The page size to use for a requested `limit`: the default when absent, an error past the maximum.
    pub fn page(&self, requested: Option<u64>) -> crate::CoreResult<u64> {
        match requested {
            None => Ok(self.page_default.min(self.page_max)),
            Some(0) => Err(crate::CoreError::invalid("limit", "limit must be at least 1")),
            Some(n) if n > self.page_max => {
                Err(crate::CoreError::invalid("limit", format!("limit must be at most {}", self.page_max)))
            }
            Some(n) => Ok(n),
        }
    }

    /// Checks a free-text field ([`crate::text::check_text`]): at most `max` characters, no
    /// control characters but tab and line breaks.
    pub fn check_text(&self, field: &'static str, value: &str, max: usize) -> crate::CoreResult<()> {
        crate::text::check_text(field, value, max)
    }

    /// Checks and normalises a name ([`crate::text::parse_name`]) of at most `name_max_chars`.
    pub fn parse_name(&self, field: &'static str, raw: &str) -> crate::CoreResult<String> {
        crate::text::parse_name(field, raw, self.name_max_chars)
    }
}
