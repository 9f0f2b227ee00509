use super::MemoryBackend;
use crate::{CoreResult, MessageId, UserId, account::AccountStore, message::Message, upload::StoredUpload};

#[async_trait::async_trait]
impl AccountStore for MemoryBackend {
    async fn messages_sent_by(&self, sender: UserId, after: Option<MessageId>, limit: u64) -> CoreResult<Vec<Message>> {
        let state = self.state();
        let mut sent: Vec<Message> = state
            .messages
            .values()
            .flatten()
            .filter(|m| m.sender_id == sender && after.is_none_or(|after| m.id > after))
            .cloned()
            .collect();
        sent.sort_unstable_by_key(|m| m.id);
        sent.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(sent)
    }

    async fn uploads_of(&self, owner: UserId) -> CoreResult<Vec<StoredUpload>> {
        Ok(self.state().uploads.values().filter(|u| u.owner == owner).cloned().collect())
    }

    async fn erase_messages_of(&self, sender: UserId) -> CoreResult<u64> {
        let mut state = self.state();
        let mut erased = 0;
        for message in state.messages.values_mut().flatten().filter(|m| m.sender_id == sender) {
            message.content.clear();
            message.attachments.clear();
            message.deleted = true;
            erased += 1;
        }
        Ok(erased)
    }

    async fn delete_account(&self, id: UserId) -> CoreResult<Option<Vec<StoredUpload>>> {
        let mut state = self.state();
        if state.users.remove(&id).is_none() {
            return Ok(None);
        }
        let uploads = state.uploads.values().filter(|u| u.owner == id).cloned().collect();
        state.sessions.retain(|_, s| s.user != id);
        state.refresh_tokens.retain(|_, (t, _)| t.user_id != id);
        state.password_resets.retain(|_, (user, _, _)| *user != id);
        state.email_verifications.retain(|_, (user, ..)| *user != id);
        state.contacts.retain(|(owner, contact)| *owner != id && *contact != id);
        state.blocks.retain(|(owner, blocked)| *owner != id && *blocked != id);
        for row in state.conversations.values_mut() {
            row.conversation.members.retain(|m| m.user_id != id);
        }
        state.hidden.retain(|(_, user)| *user != id);
        state.uploads.retain(|_, u| u.owner != id);
        state.jobs.retain(|_, j| j.owner != id);
        Ok(Some(uploads))
    }
}
