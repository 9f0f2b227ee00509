use crate::{CoreError, CoreResult, Limits, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Presence status shown next to a user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// At least one connection is open.
    Online,
    /// Connected, marked away.
    Away,
    /// Connected, marked busy.
    Busy,
    /// No connection open.
    #[default]
    Offline,
}

/// Who sees when a user was last connected (among those who see their presence at all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Everyone who sees the user's status: members of a shared conversation and the user's contacts.
    #[default]
    Everyone,
    /// Only the users the user added as contacts.
    Contacts,
    /// No one.
    Nobody,
}

impl Visibility {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Everyone => "everyone",
            Self::Contacts => "contacts",
            Self::Nobody => "nobody",
        }
    }

    /// Reads the stored form (anything unknown is the most private).
    pub fn parse(text: &str) -> Self {
        match text {
            "everyone" => Self::Everyone,
            "contacts" => Self::Contacts,
            _ => Self::Nobody,
        }
    }
}

/// A user as every client may see it. `email` and `lastSeenVisibility` are only filled in for
/// the user themself; `status` and `lastSeen` only for those allowed to see them (the user, members
/// of a conversation shared with them, users they added as contacts; `lastSeen` further by
/// `lastSeenVisibility`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Identifier.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: UserId,
    /// Unique login name: lowercase letters, digits, `_` and `.`.
    #[cfg_attr(feature = "openapi", schema(example = "ada"))]
    pub username: String,
    /// Name shown to others.
    #[cfg_attr(feature = "openapi", schema(example = "Ada Lovelace"))]
    pub display_name: String,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
    /// Free-text profile.
    pub bio: Option<String>,
    /// Current presence; absent when the caller may not see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// When the user was last connected; absent when never, or when the caller may not see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<DateTime<Utc>>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// Email address: present only in the user's own profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Who sees `lastSeen`: present only in the user's own profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_visibility: Option<Visibility>,
    /// Whether `email` was shown to be the user's (a link sent to it was followed, or their
    /// identity provider vouched for it): present only in the user's own profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// Subject of the external identity provider, for provisioned users.
    #[serde(skip)]
    pub external_id: Option<String>,
}

impl User {
    /// Drops what only the user sees of their own profile.
    pub fn hide_private(&mut self) {
        self.email = None;
        self.last_seen_visibility = None;
        self.email_verified = None;
    }
}

/// A validated username: `[a-z0-9_.]`, length within [`Limits`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Parses a username (case is folded to lowercase).
    pub fn parse(raw: &str, limits: &Limits) -> CoreResult<Self> {
        let name = raw.trim().to_lowercase();
        let len = name.chars().count();
        if len < limits.username_min || len > limits.username_max {
            return Err(CoreError::invalid(
                "username",
                format!("username must be {}–{} characters", limits.username_min, limits.username_max),
            ));
        }
        if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.') {
            return Err(CoreError::invalid("username", "username may contain only a-z, 0-9, '_' and '.'"));
        }
        Ok(Self(name))
    }

    /// The username as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Takes the inner string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A password whose length is within [`Limits`]. Never printed.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    /// Checks the length of a new password.
    pub fn parse(raw: String, limits: &Limits) -> CoreResult<Self> {
        let len = raw.chars().count();
        if len < limits.password_min || len > limits.password_max {
            return Err(CoreError::invalid(
                "password",
                format!("password must be {}–{} characters", limits.password_min, limits.password_max),
            ));
        }
        Ok(Self(raw))
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A user to insert.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Identifier.
    pub id: UserId,
    /// Unique login name.
    pub username: Username,
    /// Unique email address, lowercase.
    pub email: Option<String>,
    /// Whether that address is known to be the user's.
    pub email_verified: bool,
    /// Shown name.
    pub display_name: String,
    /// Avatar URL.
    pub avatar_url: Option<String>,
    /// Argon2id PHC string, absent for external identities.
    pub password_hash: Option<String>,
    /// External subject, for provisioned users.
    pub external_id: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Fields a user may change in their own profile; `None` leaves a field unchanged,
/// `Some(None)` clears an optional one.
#[derive(Clone, Debug, Default)]
pub struct ProfilePatch {
    /// New display name.
    pub display_name: Option<String>,
    /// New avatar URL (or cleared).
    pub avatar_url: Option<Option<String>>,
    /// New bio (or cleared).
    pub bio: Option<Option<String>>,
    /// Who sees when the user was last connected.
    pub last_seen_visibility: Option<Visibility>,
}
