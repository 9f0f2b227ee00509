//! Blocks, as conversations feel them: a user who blocked someone is not put in a conversation
//! by them (direct, group or flash), and in a direct conversation they already share the blocked
//! one keeps reading but can no longer send (their role there is [`Role::Blocked`], which the
//! message writer also checks in its transaction, so a cache elsewhere does not let a send
//! through).

use super::{ConversationService, direct_key};
use crate::{ConversationId, CoreError, CoreResult, DomainEvent, UserId, conversation::Role};

impl ConversationService {
    /// Refuses when one of `others` blocked `me`, or, for a single other, when `me` blocked them.
    pub(crate) async fn require_unblocked(&self, me: UserId, others: &[UserId]) -> CoreResult<()> {
        if !self.contacts.blockers_among(me, others).await?.is_empty() {
            return Err(CoreError::Forbidden(match others {
                [_] => "this user does not accept conversations with you".into(),
                _ => "some of these users do not accept conversations with you".into(),
            }));
        }
        if let [other] = others
            && !self.contacts.blockers_among(*other, &[me]).await?.is_empty()
        {
            return Err(CoreError::Forbidden("you blocked this user: unblock them first".into()));
        }
        Ok(())
    }

    /// `owner` blocked (`blocked: true`) or unblocked `user`: in their direct conversation, if
    /// there is one, `user` can no longer, or again, send; both are shown the new roles
    /// (`conversationUpdated`), so their clients can say so.
    pub async fn apply_block(&self, owner: UserId, user: UserId, blocked: bool) -> CoreResult<()> {
        if let Some(direct) = self.store.direct_conversation(&direct_key(owner, user)).await? {
            let role = if blocked { Role::Blocked } else { Role::Member };
            self.store.set_role(direct.id, user, role).await?;
            self.members.forget(direct.id, user);
            if let Some(updated) = self.store.conversation(direct.id).await? {
                self.events.publish(DomainEvent::ConversationUpdated(updated));
            }
        }
        Ok(())
    }

    /// Succeeds when the caller may send in the conversation: a member not blocked there, from
    /// a cache of senders seen before (the writer checks again in its transaction).
    pub async fn require_sender(&self, me: UserId, id: ConversationId) -> CoreResult<()> {
        if !self.members.contains(id, me) {
            if self.membership(me, id).await?.role == Role::Blocked {
                return Err(CoreError::Forbidden("this user does not accept messages from you".into()));
            }
            self.members.insert(id, me);
        }
        Ok(())
    }
}
