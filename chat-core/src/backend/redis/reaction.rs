//! Reactions to flash group messages in Redis: one JSON value per message in the group's
//! reactions hash, changed by a script that checks the message is still kept, and expiring with
//! the group.

use super::{RedisBackend, array, corrupt, int, opt_string, redis_error};
use crate::{
    ConversationId, CoreError, CoreResult, MessageId, UserId,
    message::{Reaction, ReactionChange, ReactionKey, ReactionSet, ReactionStore, blocked_reactor, too_many_kinds},
};
use fred::prelude::{HashesInterface, Value};
use std::collections::HashMap;

fn parse_set(json: &str) -> CoreResult<ReactionSet> {
    if json.is_empty() {
        return Ok(ReactionSet::default());
    }
    serde_json::from_str(json).map_err(|e| corrupt(format_args!("reactions: {e}")))
}

#[async_trait::async_trait]
impl ReactionStore for RedisBackend {
    async fn set_reaction(&self, key: &ReactionKey, on: bool, max_kinds: usize) -> CoreResult<ReactionChange> {
        let id = key.conversation_id;
        let keys = vec![self.meta_key(id), self.messages_key(id), self.reactions_key(id), self.members_key(id)];
        let args = vec![
            key.message_id.to_string(),
            key.user_id.to_string(),
            key.emoji.as_str().to_owned(),
            if on { "1" } else { "0" }.to_owned(),
            max_kinds.to_string(),
        ];
        let reply = self.run(&self.scripts.flash_react, keys, args).await?;
        if matches!(reply, Value::Null) {
            return Err(CoreError::NotFound("conversation"));
        }
        let mut parts = array(reply)?.into_iter();
        let outcome = parts.next().map(|v| int(&v)).transpose()?;
        match (outcome, parts.next()) {
            (Some(4), None) => Err(CoreError::NotFound("conversation")),
            (Some(5), None) => Err(blocked_reactor()),
            (Some(0), None) => Err(CoreError::NotFound("message")),
            (Some(3), None) => Err(too_many_kinds(max_kinds)),
            (Some(changed @ (1 | 2)), Some(json)) => {
                let set = parse_set(&opt_string(json)?.unwrap_or_default())?;
                Ok(ReactionChange { changed: changed == 1, reactions: set.view(key.user_id) })
            }
            _ => Err(corrupt("unexpected reaction reply")),
        }
    }

    async fn reactions(
        &self,
        conversation: ConversationId,
        viewer: UserId,
        messages: &[MessageId],
    ) -> CoreResult<HashMap<MessageId, Vec<Reaction>>> {
        let fields: Vec<String> = messages.iter().map(ToString::to_string).collect();
        let values: Vec<Value> =
            self.client.hmget(self.reactions_key(conversation), fields).await.map_err(redis_error)?;
        let mut found = HashMap::new();
        for (id, value) in messages.iter().zip(values) {
            if let Some(json) = opt_string(value)? {
                found.insert(*id, parse_set(&json)?.view(viewer));
            }
        }
        Ok(found)
    }
}
