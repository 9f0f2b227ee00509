use super::FlashGroupStore;
use crate::{
    ConversationId, CoreError, CoreResult, DomainEvent, EventSink, Limits, UserId,
    conversation::{Conversation, ConversationKind, ConversationService, Member, Role},
    user::UserStore,
};
use std::{collections::BTreeSet, sync::Arc, time::Duration};

/// A flash group to create.
#[derive(Clone, Debug)]
pub struct CreateFlashGroup {
    /// Name shown to members.
    pub name: String,
    /// The other members (the creator is the owner).
    pub member_ids: Vec<UserId>,
    /// Lifetime, within [`Limits::flash_ttl_min_secs`]..=[`Limits::flash_ttl_max_secs`].
    pub ttl_seconds: u64,
}

/// Creates, reads and expires flash groups. Their messages go through the message service like
/// any conversation's.
#[derive(Clone)]
pub struct FlashGroupService {
    store: Arc<dyn FlashGroupStore>,
    users: Arc<dyn UserStore>,
    /// Who may be put in a group by whom.
    conversations: ConversationService,
    events: Arc<dyn EventSink>,
    limits: Limits,
}

impl std::fmt::Debug for FlashGroupService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlashGroupService").finish_non_exhaustive()
    }
}

impl FlashGroupService {
    /// Builds the service.
    pub fn new(
        store: Arc<dyn FlashGroupStore>,
        users: Arc<dyn UserStore>,
        conversations: ConversationService,
        events: Arc<dyn EventSink>,
        limits: Limits,
    ) -> Self {
        Self { store, users, conversations, events, limits }
    }

    /// Creates a group that expires `ttl_seconds` from now; the caller is its owner.
    pub async fn create(&self, me: UserId, req: CreateFlashGroup) -> CoreResult<Conversation> {
        let (min, max) = (self.limits.flash_ttl_min_secs, self.limits.flash_ttl_max_secs);
        if req.ttl_seconds < min || req.ttl_seconds > max {
            return Err(CoreError::invalid("ttlSeconds", format!("ttlSeconds must be between {min} and {max}")));
        }
        if req.name.trim().is_empty() {
            return Err(CoreError::invalid("name", "a flash group needs a name"));
        }
        let name = self.limits.parse_name("name", &req.name)?;
        let others: BTreeSet<UserId> = req.member_ids.into_iter().filter(|id| *id != me).collect();
        if others.len() + 1 > self.limits.group_max_members {
            return Err(CoreError::invalid(
                "memberIds",
                format!("a group has at most {} members", self.limits.group_max_members),
            ));
        }
        let others: Vec<UserId> = others.into_iter().collect();
        if self.users.users_by_ids(&others).await?.len() != others.len() {
            return Err(CoreError::invalid("memberIds", "unknown user in memberIds"));
        }
        self.conversations.require_unblocked(me, &others).await?;
        let now = crate::time::now();
        let ttl = chrono::Duration::seconds(i64::try_from(req.ttl_seconds).map_err(CoreError::internal)?);
        let group = Conversation {
            id: ConversationId::new(),
            kind: ConversationKind::Flash,
            name: Some(name),
            description: None,
            avatar_url: None,
            created_by: me,
            created_at: now,
            members: std::iter::once(Member::new(me, Role::Owner))
                .chain(others.into_iter().map(|user_id| Member::new(user_id, Role::Member)))
                .collect(),
            last_seq: 0,
            expires_at: Some(now + ttl),
        };
        self.store.create_flash_group(group.clone()).await?;
        self.events.publish(DomainEvent::ConversationCreated(group.clone()));
        Ok(group)
    }

    /// A live group the caller belongs to; [`CoreError::NotFound`] otherwise, expired included.
    pub async fn get(&self, me: UserId, id: ConversationId) -> CoreResult<Conversation> {
        match self.store.flash_group(id).await? {
            Some(group) if group.role_of(me).is_some() => Ok(group),
            _ => Err(CoreError::NotFound("flash group")),
        }
    }

    /// The caller's live groups, soonest to expire first.
    pub async fn list(&self, me: UserId) -> CoreResult<Vec<Conversation>> {
        let mut groups = Vec::new();
        for id in self.store.flash_groups_for_user(me).await? {
            groups.extend(self.store.flash_group(id).await?);
        }
        groups.sort_by_key(|g| (g.expires_at, g.id));
        Ok(groups)
    }

    /// Announces groups that expired ([`DomainEvent::FlashGroupExpired`]); returns how many.
    pub async fn announce_expired(&self) -> CoreResult<usize> {
        let expired = self.store.claim_expired(crate::time::now()).await?;
        let count = expired.len();
        for group in expired {
            self.events
                .publish(DomainEvent::FlashGroupExpired { conversation_id: group.id, member_ids: group.member_ids });
        }
        Ok(count)
    }

    /// Runs [`FlashGroupService::announce_expired`] every `interval` until the task is dropped.
    pub async fn run_expiry(self, interval: Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            ticker.tick().await;
            if let Err(e) = self.announce_expired().await {
                tracing::warn!(error = %e, "announcing expired flash groups");
            }
        }
    }
}
