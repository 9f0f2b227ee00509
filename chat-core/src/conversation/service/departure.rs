//! A member leaving every conversation at once, as an account being deleted does: what a member
//! leaving would do, without the rules that keep a member from leaving (a direct conversation, or
//! the only owner of a group), since this member is going whatever they say.

use super::{ConversationService, owners};
use crate::{ConversationId, CoreResult, DomainEvent, UserId, conversation::ConversationKind, conversation::Role};

impl ConversationService {
    /// Takes `user` out of every conversation but flash groups (which expire by themselves), the
    /// others being told as when a member leaves. A group they are the last member of is deleted;
    /// one they are the only owner of passes to the first admin, else the longest-standing member.
    /// The other member of a direct conversation keeps it. Safe to repeat.
    pub async fn depart_all(&self, user: UserId) -> CoreResult<()> {
        for id in self.store.conversation_ids_for_user(user).await? {
            self.depart(user, id).await?;
        }
        Ok(())
    }

    async fn depart(&self, user: UserId, id: ConversationId) -> CoreResult<()> {
        let Some(conversation) = self.store.conversation(id).await? else { return Ok(()) };
        let Some(role) = conversation.role_of(user) else { return Ok(()) };
        if conversation.kind == ConversationKind::Flash {
            return Ok(());
        }
        if conversation.members.len() == 1 {
            return self.drop_conversation(id, vec![user]).await;
        }
        if conversation.kind == ConversationKind::Group && role == Role::Owner && owners(&conversation) == 1 {
            let others = conversation.members.iter().filter(|m| m.user_id != user);
            let admin = others.clone().find(|m| m.role == Role::Admin);
            if let Some(heir) = admin.or_else(|| others.clone().find(|m| m.role == Role::Member)) {
                self.store.set_role(id, heir.user_id, Role::Owner).await?;
                if let Some(updated) = self.store.conversation(id).await? {
                    self.events.publish(DomainEvent::ConversationUpdated(updated));
                }
            }
        }
        // Both members of a direct conversation leaving at once leave it empty too.
        self.take_out(&conversation, user).await
    }
}
