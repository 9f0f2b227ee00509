use crate::{ConversationId, UserId, message::Message};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What kind of conversation this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ConversationKind {
    /// Exactly two members, unique per pair.
    Direct,
    /// Named, any number of members with roles.
    Group,
    /// A group that expires by itself.
    Flash,
}

impl ConversationKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Group => "group",
            Self::Flash => "flash",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "direct" => Some(Self::Direct),
            "group" => Some(Self::Group),
            "flash" => Some(Self::Flash),
            _ => None,
        }
    }
}

/// A member's role. Owners and admins manage the conversation; owners cannot be removed by admins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The other member of a direct conversation, blocked by this one: reads, cannot send.
    Blocked,
    /// Plain member.
    Member,
    /// May add and remove members and edit the conversation.
    Admin,
    /// Admin who may also grant ownership; a conversation keeps at least one.
    Owner,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blocked => "blocked",
            Self::Member => "member",
            Self::Admin => "admin",
            Self::Owner => "owner",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "blocked" => Some(Self::Blocked),
            "member" => Some(Self::Member),
            "admin" => Some(Self::Admin),
            "owner" => Some(Self::Owner),
            _ => None,
        }
    }

    /// Admins and owners manage the conversation.
    pub fn is_admin(self) -> bool {
        self >= Self::Admin
    }
}

/// A member as listed in a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// The member.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub user_id: UserId,
    /// Their role.
    pub role: Role,
    /// Everything up to this `seq` has been read by them (0: nothing yet). Clients start their
    /// read receipts from it and move it on with `messagesRead`.
    #[serde(default)]
    pub read_seq: i64,
    /// Everything up to this `seq` has reached one of their devices (0: nothing yet); moved on by
    /// `messagesDelivered`.
    #[serde(default)]
    pub delivered_seq: i64,
}

impl Member {
    /// A member who has read and received nothing yet.
    pub fn new(user_id: UserId, role: Role) -> Self {
        Self { user_id, role, read_seq: 0, delivered_seq: 0 }
    }
}

/// A conversation with its members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    /// Identifier.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: ConversationId,
    /// Direct, group or flash.
    pub kind: ConversationKind,
    /// Name (groups).
    pub name: Option<String>,
    /// Description (groups).
    pub description: Option<String>,
    /// Picture URL.
    pub avatar_url: Option<String>,
    /// Creator.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub created_by: UserId,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Members and roles.
    pub members: Vec<Member>,
    /// `seq` of the newest message, 0 when there is none.
    pub last_seq: i64,
    /// When a flash group expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

impl Conversation {
    /// The role of `user`, if a member.
    pub fn role_of(&self, user: UserId) -> Option<Role> {
        self.member(user).map(|m| m.role)
    }

    /// `user`'s entry, if a member.
    pub fn member(&self, user: UserId) -> Option<&Member> {
        self.members.iter().find(|m| m.user_id == user)
    }

    /// `user`'s entry to change, if a member.
    pub fn member_mut(&mut self, user: UserId) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.user_id == user)
    }

    /// Member ids.
    pub fn member_ids(&self) -> Vec<UserId> {
        self.members.iter().map(|m| m.user_id).collect()
    }
}

/// A conversation as listed for one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConversationSummary {
    /// The conversation.
    #[serde(flatten)]
    pub conversation: Conversation,
    /// Newest message visible to the member.
    pub last_message: Option<Message>,
    /// Messages from others after `readSeq`.
    pub unread_count: i64,
    /// The member's read position.
    pub read_seq: i64,
    /// When the conversation last had a message, or was created: the order of the list.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub last_activity_at: DateTime<Utc>,
}

/// A conversation to create (validated by the service).
#[derive(Clone, Debug)]
pub struct NewConversation {
    /// The conversation, with members and roles.
    pub conversation: Conversation,
    /// For direct conversations: a key unique per pair of users.
    pub direct_key: Option<String>,
}

/// Fields an admin may change; `Some(None)` clears an optional field.
#[derive(Clone, Debug, Default)]
pub struct ConversationPatch {
    /// New name.
    pub name: Option<String>,
    /// New description (or cleared).
    pub description: Option<Option<String>>,
    /// New avatar URL (or cleared).
    pub avatar_url: Option<Option<String>>,
}
