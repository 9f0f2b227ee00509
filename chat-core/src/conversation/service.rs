mod blocks;
mod departure;
mod listing;

use super::members::MemberCache;
use super::receipts::{self, DeliveredReceipts};
use super::{
    Conversation, ConversationKind, ConversationPatch, ConversationStore, ConversationSummary, Member, NewConversation,
    Role,
};
use crate::{
    ConversationId, CoreError, CoreResult, DomainEvent, EventSink, Limits, Taken, UserId,
    contact::ContactStore,
    upload::UploadService,
    user::{UserStore, check_url},
};
use std::{
    collections::BTreeSet,
    sync::{Arc, OnceLock},
};

/// Conversations, members, roles and read positions. Every method checks membership first:
/// to a non-member a conversation does not exist.
#[derive(Clone)]
pub struct ConversationService {
    store: Arc<dyn ConversationStore>,
    users: Arc<dyn UserStore>,
    /// Who blocked whom.
    contacts: Arc<dyn ContactStore>,
    events: Arc<dyn EventSink>,
    limits: Limits,
    uploads: UploadService,
    members: Arc<MemberCache>,
    /// Started by the first delivered receipt (it needs a runtime).
    delivered: Arc<OnceLock<DeliveredReceipts>>,
}

impl std::fmt::Debug for ConversationService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConversationService").finish_non_exhaustive()
    }
}

/// One page of the conversation list.
#[derive(Clone, Debug)]
pub struct ConversationPage {
    /// The conversations of this page, most recently active first.
    pub items: Vec<ConversationSummary>,
    /// Pass as `cursor` for the next page; `None` on the last one.
    pub next_cursor: Option<String>,
}

/// A conversation to start.
#[derive(Clone, Debug)]
pub struct CreateConversation {
    /// Direct or group.
    pub kind: ConversationKind,
    /// The other members (the creator is added anyway).
    pub member_ids: Vec<UserId>,
    /// Group name (required for groups).
    pub name: Option<String>,
    /// Group description.
    pub description: Option<String>,
}

impl ConversationService {
    /// Builds the service.
    pub fn new(
        store: Arc<dyn ConversationStore>,
        users: Arc<dyn UserStore>,
        contacts: Arc<dyn ContactStore>,
        events: Arc<dyn EventSink>,
        limits: Limits,
        uploads: UploadService,
    ) -> Self {
        Self { store, users, contacts, events, limits, uploads, members: Arc::default(), delivered: Arc::default() }
    }

    /// Starts a conversation. A direct one that exists already is returned with `false`.
    #[tracing::instrument(level = "debug", name = "conversations.create", skip_all, fields(user = %me))]
    pub async fn create(&self, me: UserId, req: CreateConversation) -> CoreResult<(Conversation, bool)> {
        let others: BTreeSet<UserId> = req.member_ids.iter().copied().filter(|id| *id != me).collect();
        match req.kind {
            ConversationKind::Direct => self.create_direct(me, others).await,
            ConversationKind::Group => self.create_group(me, others, req).await,
            ConversationKind::Flash => Err(CoreError::invalid("kind", "create flash groups with /api/flash-groups")),
        }
    }

    async fn create_direct(&self, me: UserId, others: BTreeSet<UserId>) -> CoreResult<(Conversation, bool)> {
        let mut others = others.into_iter();
        let (Some(other), None) = (others.next(), others.next()) else {
            return Err(CoreError::invalid("memberIds", "a direct conversation has exactly one other member"));
        };
        self.require_users(&[other]).await?;
        let key = direct_key(me, other);
        if let Some(existing) = self.store.direct_conversation(&key).await? {
            return Ok((existing, false));
        }
        self.require_unblocked(me, &[other]).await?;
        let conversation = Conversation {
            id: ConversationId::new(),
            kind: ConversationKind::Direct,
            name: None,
            description: None,
            avatar_url: None,
            created_by: me,
            created_at: crate::time::now(),
            members: vec![Member::new(me, Role::Member), Member::new(other, Role::Member)],
            last_seq: 0,
            expires_at: None,
        };
        match self.store.insert_conversation(NewConversation { conversation, direct_key: Some(key.clone()) }).await {
            Ok(created) => {
                self.events.publish(DomainEvent::ConversationCreated(created.clone()));
                Ok((created, true))
            }
            // Both users opened the chat at the same instant: the other request won.
            Err(CoreError::Taken(Taken::DirectConversation)) => {
                let existing =
                    self.store.direct_conversation(&key).await?.ok_or(CoreError::NotFound("conversation"))?;
                Ok((existing, false))
            }
            Err(e) => Err(e),
        }
    }

    async fn create_group(
        &self,
        me: UserId,
        others: BTreeSet<UserId>,
        req: CreateConversation,
    ) -> CoreResult<(Conversation, bool)> {
        let name = self.parse_name(req.name)?;
        let description = self.parse_text("description", req.description)?;
        if others.len() + 1 > self.limits.group_max_members {
            return Err(CoreError::invalid(
                "memberIds",
                format!("a group has at most {} members", self.limits.group_max_members),
            ));
        }
        let others: Vec<UserId> = others.into_iter().collect();
        self.require_users(&others).await?;
        self.require_unblocked(me, &others).await?;
        let members = std::iter::once(Member::new(me, Role::Owner))
            .chain(others.into_iter().map(|user_id| Member::new(user_id, Role::Member)))
            .collect();
        let conversation = Conversation {
            id: ConversationId::new(),
            kind: ConversationKind::Group,
            name: Some(name),
            description,
            avatar_url: None,
            created_by: me,
            created_at: crate::time::now(),
            members,
            last_seq: 0,
            expires_at: None,
        };
        let created = self.store.insert_conversation(NewConversation { conversation, direct_key: None }).await?;
        self.events.publish(DomainEvent::ConversationCreated(created.clone()));
        Ok((created, true))
    }

    /// A conversation the caller belongs to.
    pub async fn get(&self, me: UserId, id: ConversationId) -> CoreResult<Conversation> {
        let conversation = self.store.conversation(id).await?.ok_or(CoreError::NotFound("conversation"))?;
        if conversation.role_of(me).is_none() {
            return Err(CoreError::NotFound("conversation"));
        }
        Ok(conversation)
    }

    /// Ids of the caller's conversations (for joining realtime rooms).
    pub async fn ids_for(&self, me: UserId) -> CoreResult<Vec<ConversationId>> {
        self.store.conversation_ids_for_user(me).await
    }

    /// The caller's state in a conversation; [`CoreError::NotFound`] for non-members.
    pub async fn membership(&self, me: UserId, id: ConversationId) -> CoreResult<Member> {
        self.store.member_state(id, me).await?.ok_or(CoreError::NotFound("conversation"))
    }

    /// Succeeds when the caller is a member, from a cache of memberships seen before (a send
    /// checks again in its transaction); [`CoreError::NotFound`] for non-members.
    pub async fn require_member(&self, me: UserId, id: ConversationId) -> CoreResult<()> {
        if !self.members.contains(id, me) {
            self.membership(me, id).await?;
            self.members.insert(id, me);
        }
        Ok(())
    }

    /// Renames or re-describes a group (admins).
    #[tracing::instrument(level = "debug", name = "conversations.update", skip_all, fields(user = %me, conversation = %id))]
    pub async fn update(&self, me: UserId, id: ConversationId, patch: ConversationPatch) -> CoreResult<Conversation> {
        let conversation = self.get(me, id).await?;
        Self::require_changeable(&conversation)?;
        if conversation.kind == ConversationKind::Direct {
            return Err(CoreError::bad_request("direct conversations cannot be renamed"));
        }
        self.require_admin(&conversation, me)?;
        let patch = ConversationPatch {
            name: patch.name.map(|n| self.parse_name(Some(n))).transpose()?,
            description: patch.description.map(|d| self.parse_text("description", d)).transpose()?,
            avatar_url: patch
                .avatar_url
                .map(|url| url.map(|u| check_url("avatarUrl", &u, &self.limits).map(|()| u)).transpose())
                .transpose()?,
        };
        let updated = self.store.update_conversation(id, patch).await?;
        self.events.publish(DomainEvent::ConversationUpdated(updated.clone()));
        Ok(updated)
    }

    /// Deletes a conversation: a group by an owner, a direct one by either member.
    #[tracing::instrument(level = "debug", name = "conversations.delete", skip_all, fields(user = %me, conversation = %id))]
    pub async fn delete(&self, me: UserId, id: ConversationId) -> CoreResult<()> {
        let conversation = self.get(me, id).await?;
        Self::require_changeable(&conversation)?;
        if conversation.kind != ConversationKind::Direct && conversation.role_of(me) != Some(Role::Owner) {
            return Err(CoreError::Forbidden("only an owner can delete this conversation".into()));
        }
        self.drop_conversation(id, conversation.member_ids()).await
    }

    /// Deletes a conversation and tells `member_ids`, its members until now.
    pub(super) async fn drop_conversation(&self, id: ConversationId, member_ids: Vec<UserId>) -> CoreResult<()> {
        self.store.delete_conversation(id).await?;
        self.members.forget_conversation(id);
        self.events.publish(DomainEvent::ConversationDeleted { conversation_id: id, member_ids });
        Ok(())
    }

    /// Members and roles.
    pub async fn members(&self, me: UserId, id: ConversationId) -> CoreResult<Vec<Member>> {
        Ok(self.get(me, id).await?.members)
    }

    /// Adds a member to a group (admins; granting admin or owner needs that role or higher).
    #[tracing::instrument(level = "debug", name = "conversations.add_member", skip_all, fields(user = %me, conversation = %id, member = %user))]
    pub async fn add_member(
        &self,
        me: UserId,
        id: ConversationId,
        user: UserId,
        role: Option<Role>,
    ) -> CoreResult<Conversation> {
        let conversation = self.get(me, id).await?;
        Self::require_changeable(&conversation)?;
        if conversation.kind == ConversationKind::Direct {
            return Err(CoreError::bad_request("a direct conversation has exactly two members"));
        }
        let my_role = self.require_admin(&conversation, me)?;
        let role = role.unwrap_or(Role::Member);
        if role > my_role {
            return Err(CoreError::Forbidden(format!("only an owner can make someone {}", role.as_str())));
        }
        if conversation.role_of(user).is_some() {
            return Err(CoreError::Taken(Taken::Membership));
        }
        if conversation.members.len() >= self.limits.group_max_members {
            return Err(CoreError::Conflict(format!("a group has at most {} members", self.limits.group_max_members)));
        }
        self.require_users(&[user]).await?;
        self.require_unblocked(me, &[user]).await?;
        self.store.add_member(id, user, role).await?;
        let updated = self.get(me, id).await?;
        self.events.publish(DomainEvent::MemberAdded { conversation: updated.clone(), user_id: user });
        Ok(updated)
    }

    /// Changes a member's role (admins; anything touching ownership needs an owner).
    pub async fn set_role(&self, me: UserId, id: ConversationId, user: UserId, role: Role) -> CoreResult<Conversation> {
        let conversation = self.get(me, id).await?;
        Self::require_changeable(&conversation)?;
        let my_role = self.require_admin(&conversation, me)?;
        let current = conversation.role_of(user).ok_or(CoreError::NotFound("member"))?;
        if (current == Role::Owner || role == Role::Owner) && my_role != Role::Owner {
            return Err(CoreError::Forbidden("only an owner can grant or take ownership".into()));
        }
        if current == Role::Owner && role != Role::Owner && owners(&conversation) == 1 {
            return Err(CoreError::Conflict("a conversation keeps at least one owner".into()));
        }
        self.store.set_role(id, user, role).await?;
        let updated = self.get(me, id).await?;
        self.events.publish(DomainEvent::ConversationUpdated(updated.clone()));
        Ok(updated)
    }

    /// Removes a member (admins; owners only by owners), or leaves when `user` is the caller.
    /// The last owner cannot leave while others remain; the last member leaving deletes the group.
    #[tracing::instrument(level = "debug", name = "conversations.remove_member", skip_all, fields(user = %me, conversation = %id, member = %user))]
    pub async fn remove_member(&self, me: UserId, id: ConversationId, user: UserId) -> CoreResult<()> {
        let conversation = self.get(me, id).await?;
        Self::require_changeable(&conversation)?;
        if conversation.kind == ConversationKind::Direct {
            return Err(CoreError::bad_request("members cannot leave a direct conversation; delete it instead"));
        }
        let target = conversation.role_of(user).ok_or(CoreError::NotFound("member"))?;
        if user == me {
            if conversation.members.len() == 1 {
                return self.delete(me, id).await;
            }
            if target == Role::Owner && owners(&conversation) == 1 {
                return Err(CoreError::Conflict("the last owner must hand over ownership before leaving".into()));
            }
        } else {
            let my_role = self.require_admin(&conversation, me)?;
            if target == Role::Owner && my_role != Role::Owner {
                return Err(CoreError::Forbidden("only an owner can remove an owner".into()));
            }
        }
        self.take_out(&conversation, user).await
    }

    /// Takes `user` out of `conversation`, telling the others. A conversation found empty after
    /// the removal is deleted: the last two members leaving at once each saw the other still
    /// there, and the store serialises removals, so whoever finds it empty deletes it.
    pub(super) async fn take_out(&self, conversation: &Conversation, user: UserId) -> CoreResult<()> {
        let id = conversation.id;
        self.store.remove_member(id, user).await?;
        self.members.forget(id, user);
        let member_ids = conversation.member_ids().into_iter().filter(|m| *m != user).collect();
        self.events.publish(DomainEvent::MemberRemoved { conversation_id: id, user_id: user, member_ids });
        if self.store.conversation(id).await?.is_some_and(|c| c.members.is_empty()) {
            self.drop_conversation(id, Vec::new()).await?;
        }
        Ok(())
    }

    /// Marks everything up to `seq` read; returns the new read position.
    #[tracing::instrument(level = "debug", name = "conversations.mark_read", skip_all, fields(user = %me, conversation = %id))]
    pub async fn mark_read(&self, me: UserId, id: ConversationId, seq: i64) -> CoreResult<i64> {
        self.advance(me, id, seq, true).await
    }

    /// Marks everything up to `seq` delivered; returns the new delivered position.
    #[tracing::instrument(level = "debug", name = "conversations.mark_delivered", skip_all, fields(user = %me, conversation = %id))]
    pub async fn mark_delivered(&self, me: UserId, id: ConversationId, seq: i64) -> CoreResult<i64> {
        self.advance(me, id, seq, false).await
    }

    async fn advance(&self, me: UserId, id: ConversationId, seq: i64, read: bool) -> CoreResult<i64> {
        if seq < 0 {
            return Err(CoreError::invalid("seq", "seq must not be negative"));
        }
        if read {
            return receipts::advance(&*self.store, &*self.events, (me, id), seq, true).await;
        }
        // Delivered receipts are coalesced; a non-member never takes a place in their queue.
        self.require_member(me, id).await?;
        let delivered = self.delivered.get_or_init(|| {
            DeliveredReceipts::spawn(
                self.store.clone(),
                self.events.clone(),
                self.limits.message_queue_max,
                std::time::Duration::from_millis(self.limits.receipt_flush_ms),
            )
        });
        delivered.offer(me, id, seq).await
    }

    /// Flash groups keep the name and members they were created with, and die by themselves.
    fn require_changeable(conversation: &Conversation) -> CoreResult<()> {
        if conversation.kind == ConversationKind::Flash {
            return Err(CoreError::Conflict("a flash group cannot be changed; it expires by itself".into()));
        }
        Ok(())
    }

    fn require_admin(&self, conversation: &Conversation, me: UserId) -> CoreResult<Role> {
        match conversation.role_of(me) {
            Some(role) if role.is_admin() => Ok(role),
            _ => Err(CoreError::Forbidden("only admins can do this".into())),
        }
    }

    async fn require_users(&self, ids: &[UserId]) -> CoreResult<()> {
        let found = self.users.users_by_ids(ids).await?;
        if found.len() != ids.len() {
            return Err(CoreError::invalid("memberIds", "unknown user in memberIds"));
        }
        Ok(())
    }

    fn parse_name(&self, name: Option<String>) -> CoreResult<String> {
        match name {
            Some(name) if !name.trim().is_empty() => self.limits.parse_name("name", &name),
            _ => Err(CoreError::invalid("name", "a group needs a name")),
        }
    }

    fn parse_text(&self, field: &'static str, text: Option<String>) -> CoreResult<Option<String>> {
        let text = text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        if let Some(t) = &text {
            self.limits.check_text(field, t, self.limits.text_max_chars)?;
        }
        Ok(text)
    }
}

fn owners(conversation: &Conversation) -> usize {
    conversation.members.iter().filter(|m| m.role == Role::Owner).count()
}

/// The key that makes a direct conversation unique per pair, whoever opens it.
fn direct_key(a: UserId, b: UserId) -> String {
    if a < b { format!("{a}:{b}") } else { format!("{b}:{a}") }
}
