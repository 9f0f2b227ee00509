use super::writer::{Writer, WriterParts};
use super::{
    ClientMsgId, DeleteScope, Emoji, HistoryPage, Message, MessageBody, MessageKind, MessageStore, NewMessage,
    PageQuery, Reaction, ReactionKey,
};
use crate::{
    ConversationId, CoreError, CoreResult, DomainEvent, EventSink, Limits, MessageId, UserId,
    breaker::Breaker,
    conversation::{ConversationKind, ConversationService},
    notification::NotificationService,
    upload::UploadService,
};
use std::sync::{Arc, OnceLock};

/// Longest search query, in characters.
const SEARCH_MAX_CHARS: usize = 200;

/// What a member sends.
#[derive(Clone, Debug, Default)]
pub struct SendMessage {
    /// Text (may be empty only with attachments).
    pub content: Option<String>,
    /// Idempotency key chosen by the client.
    pub client_msg_id: Option<String>,
    /// Uploads to attach.
    pub attachment_ids: Vec<String>,
    /// The message this one answers (same conversation).
    pub reply_to_id: Option<MessageId>,
}

/// Sending, reading, editing, deleting and searching messages.
#[derive(Clone)]
pub struct MessageService {
    store: Arc<dyn MessageStore>,
    conversations: ConversationService,
    uploads: UploadService,
    events: Arc<dyn EventSink>,
    limits: Limits,
    /// The batching writer every send goes through, started by the first send (it needs a
    /// runtime, which building the service does not).
    writer: Arc<OnceLock<Writer>>,
    /// Fails sends fast while the store keeps failing.
    breaker: Arc<Breaker>,
    /// Told of every batch the writer committed.
    notifications: Option<NotificationService>,
}

impl std::fmt::Debug for MessageService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageService").finish_non_exhaustive()
    }
}

impl MessageService {
    /// Builds the service.
    pub fn new(
        store: Arc<dyn MessageStore>,
        conversations: ConversationService,
        uploads: UploadService,
        events: Arc<dyn EventSink>,
        limits: Limits,
    ) -> Self {
        let cool_down = std::time::Duration::from_millis(limits.breaker_cool_down_ms);
        let breaker = Arc::new(Breaker::new("message store", limits.breaker_failures, cool_down));
        Self { store, conversations, uploads, events, limits, writer: Arc::default(), breaker, notifications: None }
    }

    /// Hands every committed batch to `notifications` (which decides who is notified).
    pub fn notifying(self, notifications: NotificationService) -> Self {
        Self { notifications: Some(notifications), ..self }
    }

    /// Stores a message and announces it. Returns `false` with the stored message when the
    /// sender already sent this `client_msg_id` here (nothing is announced again).
    #[tracing::instrument(level = "debug", name = "messages.send", skip_all, fields(user = %me, conversation = %id))]
    pub async fn send(&self, me: UserId, id: ConversationId, req: SendMessage) -> CoreResult<(Message, bool)> {
        // A database that stops answering must not hold senders: past the deadline they are told
        // to retry. The write may still commit afterwards; its retry (same `clientMsgId`) then
        // answers with the stored message.
        // After repeated failures sends fail fast for a while (see [`Breaker`]).
        // A send cancelled before it ends (the request's own deadline passed) counts as failed.
        let attempt = self.breaker.admit()?;
        let deadline = std::time::Duration::from_millis(self.limits.send_deadline_ms);
        let sent = tokio::time::timeout(deadline, self.send_within(me, id, req)).await.unwrap_or_else(|_| {
            Err(CoreError::Unavailable(
                "the message store did not answer in time; retry with the same clientMsgId".into(),
            ))
        });
        attempt.record(matches!(sent, Err(CoreError::Unavailable(_) | CoreError::Internal(_))));
        match &sent {
            Ok((message, new)) => tracing::debug!(seq = message.seq, new, "message stored"),
            Err(e) => tracing::debug!(code = e.code(), "send refused"),
        }
        sent
    }

    async fn send_within(&self, me: UserId, id: ConversationId, req: SendMessage) -> CoreResult<(Message, bool)> {
        let client_msg_id = req.client_msg_id.as_deref().map(ClientMsgId::parse).transpose()?;
        let content =
            MessageBody::parse(req.content.as_deref().unwrap_or(""), &self.limits, !req.attachment_ids.is_empty())?;
        // A cached check, to refuse non-members (and blocked members) before they take a place in
        // the queue; the writer checks membership again, authoritatively, in the batch's transaction.
        self.conversations.require_sender(me, id).await?;
        let attachments = self.uploads.attachments(me, &req.attachment_ids).await?;
        let kind = match attachments.iter().all(|a| a.content_type.starts_with("image/")) {
            _ if attachments.is_empty() => MessageKind::Text,
            true => MessageKind::Image,
            false => MessageKind::File,
        };
        if let Some(reply_to) = req.reply_to_id {
            // Flash groups keep no per-message index: say so rather than "not found".
            if self.conversations.get(me, id).await?.kind == ConversationKind::Flash {
                return Err(CoreError::invalid("replyToId", "messages in a flash group cannot reply to another"));
            }
            match self.store.message(reply_to).await? {
                Some(m) if m.conversation_id == id => {}
                _ => {
                    return Err(CoreError::invalid("replyToId", "replyToId is not a message of this conversation"));
                }
            }
        }
        let writer = self.writer.get_or_init(|| {
            Writer::spawn(WriterParts {
                store: self.store.clone(),
                uploads: self.uploads.clone(),
                events: self.events.clone(),
                queue: self.limits.message_queue_max,
                max_batch: self.limits.message_batch_max,
                committed: self.notifications.clone().map(NotificationService::spawn_notifier),
            })
        });
        // The writer announces the message once it is committed, in seq order.
        writer
            .write(NewMessage {
                id: MessageId::new(),
                conversation_id: id,
                sender_id: me,
                kind,
                content: content.into_inner(),
                attachments,
                client_msg_id,
                reply_to_id: req.reply_to_id,
                created_at: crate::time::now(),
            })
            .await
    }

    /// A page of history, ascending `seq`.
    #[tracing::instrument(level = "debug", name = "messages.history", skip_all, fields(user = %me, conversation = %id))]
    pub async fn history(
        &self,
        me: UserId,
        id: ConversationId,
        before_seq: Option<i64>,
        after_seq: Option<i64>,
        limit: Option<u64>,
    ) -> CoreResult<HistoryPage> {
        let limit = self.limits.page(limit)?;
        for (field, seq) in [("beforeSeq", before_seq), ("afterSeq", after_seq)] {
            if seq.is_some_and(|s| s < 0) {
                return Err(CoreError::invalid(field, format!("{field} must not be negative")));
            }
        }
        self.conversations.membership(me, id).await?;
        let mut page = self.store.history(id, me, PageQuery { before_seq, after_seq, limit }).await?;
        // Messages deleted for everyone show no reactions.
        let shown: Vec<MessageId> = page.items.iter().filter(|m| !m.deleted).map(|m| m.id).collect();
        let mut reactions =
            if shown.is_empty() { Default::default() } else { self.store.reactions(id, me, &shown).await? };
        page.items = page
            .items
            .into_iter()
            .map(|mut m| {
                m.reactions = reactions.remove(&m.id).unwrap_or_default();
                self.uploads.sign(m)
            })
            .collect();
        Ok(page)
    }

    /// Adds (`on`) or takes back the caller's `emoji` reaction to a message of a conversation they
    /// are a member of; members receive `reactionsUpdated` when it changed anything. Returns the
    /// message's reactions as the caller sees them.
    #[tracing::instrument(level = "debug", name = "messages.react", skip_all, fields(user = %me, conversation = %conversation, message = %message))]
    pub async fn react(
        &self,
        me: UserId,
        conversation: ConversationId,
        message: MessageId,
        emoji: &str,
        on: bool,
    ) -> CoreResult<Vec<Reaction>> {
        let emoji = Emoji::parse(emoji, &self.limits)?;
        // Reacting says something to the others, as sending does: blocked members cannot.
        match on {
            true => self.conversations.require_sender(me, conversation).await?,
            false => self.conversations.require_member(me, conversation).await?,
        }
        let key = ReactionKey { conversation_id: conversation, message_id: message, user_id: me, emoji };
        let change = self.store.set_reaction(&key, on, self.limits.reactions_per_message).await?;
        if change.changed {
            self.events.publish(DomainEvent::ReactionsUpdated {
                conversation_id: conversation,
                message_id: message,
                user_id: me,
                emoji: key.emoji.as_str().to_owned(),
                reacted: on,
                reactions: change.reactions.iter().cloned().map(Into::into).collect(),
            });
        }
        Ok(change.reactions)
    }

    /// Replaces the text of one's own message.
    #[tracing::instrument(level = "debug", name = "messages.edit", skip_all, fields(user = %me, message = %id))]
    pub async fn edit(&self, me: UserId, id: MessageId, content: &str) -> CoreResult<Message> {
        let content = MessageBody::parse(content, &self.limits, false)?;
        let message = self.visible_message(me, id).await?;
        if message.sender_id != me {
            return Err(CoreError::Forbidden("only the sender can edit a message".into()));
        }
        if message.deleted {
            return Err(CoreError::Conflict("a deleted message cannot be edited".into()));
        }
        let edited = self.uploads.sign(self.store.edit_message(id, content.into_inner(), crate::time::now()).await?);
        self.events.publish(DomainEvent::MessageUpdated(edited.clone()));
        Ok(edited)
    }

    /// Deletes a message for the caller only, or for everyone (sender or an admin).
    #[tracing::instrument(level = "debug", name = "messages.delete", skip_all, fields(user = %me, message = %id))]
    pub async fn delete(&self, me: UserId, id: MessageId, scope: DeleteScope) -> CoreResult<()> {
        let message = self.visible_message(me, id).await?;
        match scope {
            DeleteScope::Me => self.store.hide_message(id, me).await?,
            DeleteScope::Everyone => {
                let role = self.conversations.membership(me, message.conversation_id).await?.role;
                if message.sender_id != me && !role.is_admin() {
                    return Err(CoreError::Forbidden("only the sender or an admin can delete for everyone".into()));
                }
                if message.deleted {
                    return Ok(());
                }
                self.store.delete_for_everyone(id).await?;
            }
        }
        self.events.publish(DomainEvent::MessageDeleted {
            conversation_id: message.conversation_id,
            message_id: id,
            scope,
            by: me,
        });
        Ok(())
    }

    /// Messages containing every word of `query`, from the caller's conversations only.
    pub async fn search(
        &self,
        me: UserId,
        query: &str,
        conversation: Option<ConversationId>,
        limit: Option<u64>,
    ) -> CoreResult<Vec<Message>> {
        let query = query.trim();
        if query.is_empty() {
            return Err(CoreError::invalid("q", "q must not be empty"));
        }
        self.limits.check_text("q", query, SEARCH_MAX_CHARS)?;
        let limit = self.limits.page(limit)?;
        if let Some(id) = conversation
            && self.conversations.get(me, id).await?.kind == ConversationKind::Flash
        {
            return Err(CoreError::invalid("conversationId", "flash groups cannot be searched"));
        }
        let found = self.store.search_messages(me, query, conversation, limit).await?;
        Ok(found.into_iter().map(|m| self.uploads.sign(m)).collect())
    }

    /// A message in a conversation the caller belongs to; [`CoreError::NotFound`] otherwise.
    async fn visible_message(&self, me: UserId, id: MessageId) -> CoreResult<Message> {
        let message = self.store.message(id).await?.ok_or(CoreError::NotFound("message"))?;
        match self.conversations.membership(me, message.conversation_id).await {
            Ok(_) => Ok(message),
            Err(CoreError::NotFound(_)) => Err(CoreError::NotFound("message")),
            Err(e) => Err(e),
        }
    }
}
