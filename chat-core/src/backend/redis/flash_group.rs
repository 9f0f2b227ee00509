//! Flash groups in Redis: every key of a group carries the group's absolute expiry, so Redis
//! deletes them all at the same instant and no job has to. `claim_expired` only announces.

use super::{RedisBackend, array, corrupt, int, opt_string, redis_error};
use crate::{
    ConversationId, CoreError, CoreResult, UserId,
    conversation::{Conversation, ConversationSummary, Member, Role},
    flash_group::{ExpiredGroup, FlashGroupStore},
    message::{HistoryPage, Message, NewMessage, PageQuery},
};
use chrono::{DateTime, Utc};
use fred::{
    error::Error as RedisError,
    prelude::{HashesInterface, KeysInterface, SortedSetsInterface, Value},
    types::{
        ExpireOptions,
        sorted_sets::{ZRange, ZRangeBound, ZRangeKind},
    },
};
use std::collections::HashMap;

/// How many due groups one `claim_expired` call takes; the rest wait for the next call.
const CLAIM_BATCH: i64 = 500;
/// The most messages one history page reads (the service bounds pages far lower).
const MAX_PAGE: u64 = 10_000;

impl RedisBackend {
    pub(super) fn meta_key(&self, id: ConversationId) -> String {
        self.key(format_args!("flash:{{{id}}}:meta"))
    }

    pub(super) fn members_key(&self, id: ConversationId) -> String {
        self.key(format_args!("flash:{{{id}}}:members"))
    }

    pub(super) fn messages_key(&self, id: ConversationId) -> String {
        self.key(format_args!("flash:{{{id}}}:messages"))
    }

    pub(super) fn reactions_key(&self, id: ConversationId) -> String {
        self.key(format_args!("flash:{{{id}}}:reactions"))
    }

    fn group_keys(&self, id: ConversationId) -> Vec<String> {
        vec![self.meta_key(id), self.members_key(id), self.messages_key(id), self.reactions_key(id)]
    }

    fn user_index_key(&self, user: UserId) -> String {
        self.key(format_args!("user:{user}:flash"))
    }

    fn expiring_key(&self) -> String {
        self.key(format_args!("flash:expiring"))
    }

    fn expiring_members_key(&self) -> String {
        self.key(format_args!("flash:expiring:members"))
    }

    /// The group and, when `user` is given, what that member's summary needs.
    async fn read_group(&self, id: ConversationId, user: Option<UserId>) -> CoreResult<Option<Snapshot>> {
        let arg = user.map(|u| u.to_string()).unwrap_or_default();
        let reply = self.run(&self.scripts.flash_read, self.group_keys(id), vec![arg]).await?;
        if matches!(reply, Value::Null) {
            return Ok(None);
        }
        let mut parts = array(reply)?.into_iter();
        let (Some(conv), Some(last_seq), Some(members)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(corrupt("short flash group read"));
        };
        let conv = opt_string(conv)?.ok_or_else(|| corrupt("flash group without conversation"))?;
        let mut conversation: Conversation = serde_json::from_str(&conv).map_err(corrupt)?;
        conversation.last_seq = int(&last_seq)?;
        conversation.members = parse_members(members)?;
        let newest = match parts.next() {
            Some(list) => array(list)?.into_iter().map(parse_message).collect::<CoreResult<Vec<_>>>()?,
            None => Vec::new(),
        };
        Ok(Some(Snapshot { conversation, newest }))
    }
}

/// One consistent read of a group.
struct Snapshot {
    conversation: Conversation,
    /// The kept messages after the reader's read position (at least the newest one), ascending.
    newest: Vec<Message>,
}

/// The members of a group from its members hash (`role:<user>`, `read:<user>`, `delivered:<user>`),
/// in a stable order (owners first, then admins, then by id): a hash keeps no order.
fn parse_members(value: Value) -> CoreResult<Vec<Member>> {
    let mut roles = HashMap::new();
    let mut positions: HashMap<UserId, (i64, i64)> = HashMap::new();
    let mut pairs = array(value)?.into_iter();
    while let (Some(field), Some(value)) = (pairs.next(), pairs.next()) {
        let field = opt_string(field)?.unwrap_or_default();
        let value = opt_string(value)?.unwrap_or_default();
        let Some((kind, user)) = field.split_once(':') else { continue };
        let user: UserId = user.parse().map_err(|_| corrupt(format_args!("member field {field:?}")))?;
        let position = || value.parse::<i64>().map_err(|_| corrupt(format_args!("{kind} position {value:?}")));
        match kind {
            "role" => {
                roles.insert(user, Role::parse(&value).ok_or_else(|| corrupt(format_args!("role {value:?}")))?);
            }
            "read" => positions.entry(user).or_default().0 = position()?,
            "delivered" => positions.entry(user).or_default().1 = position()?,
            _ => {}
        }
    }
    let mut members: Vec<Member> = roles
        .into_iter()
        .map(|(user_id, role)| {
            let (read_seq, delivered_seq) = positions.get(&user_id).copied().unwrap_or_default();
            Member { user_id, role, read_seq, delivered_seq }
        })
        .collect();
    members.sort_by(|a, b| b.role.cmp(&a.role).then(a.user_id.cmp(&b.user_id)));
    Ok(members)
}

fn parse_message(value: Value) -> CoreResult<Message> {
    let json = opt_string(value)?.ok_or_else(|| corrupt("nil message"))?;
    serde_json::from_str(&json).map_err(corrupt)
}

/// The JSON of a message to append, split around its `seq` value, which the script fills in.
fn message_template(message: &Message) -> CoreResult<(String, String)> {
    const SEQ: &str = "\"seq\":0";
    let json = serde_json::to_string(message).map_err(CoreError::internal)?;
    // Fields serialize in declaration order and `seq` precedes every free-text field; a quote
    // inside a string value is escaped, so the first unescaped `"seq":0` is the field itself.
    let at = json.find(SEQ).ok_or_else(|| CoreError::internal("message JSON without seq"))?;
    let head = json[..at + SEQ.len() - 1].to_owned();
    let tail = json[at + SEQ.len()..].to_owned();
    Ok((head, tail))
}

/// Redis keeps expiries in whole milliseconds; rounding up keeps a group readable until its
/// `expiresAt`, never a fraction of a millisecond before it.
fn millis(at: DateTime<Utc>) -> i64 {
    let floor = at.timestamp_millis();
    if at.timestamp_subsec_nanos().is_multiple_of(1_000_000) { floor } else { floor + 1 }
}

#[async_trait::async_trait]
impl FlashGroupStore for RedisBackend {
    async fn create_flash_group(&self, group: Conversation) -> CoreResult<()> {
        let expires_at = group.expires_at.ok_or_else(|| CoreError::internal("a flash group needs an expiry"))?;
        let expiry = millis(expires_at);
        let id = group.id.to_string();
        let member_ids: Vec<UserId> = group.member_ids();
        // Members and last_seq live in their own fields; the JSON keeps the rest.
        let meta = Conversation { members: Vec::new(), last_seq: 0, ..group.clone() };
        let mut args = vec![expiry.to_string(), serde_json::to_string(&meta).map_err(CoreError::internal)?];
        for member in &group.members {
            args.push(format!("role:{}", member.user_id));
            args.push(member.role.as_str().to_owned());
        }
        self.run(&self.scripts.flash_create, self.group_keys(group.id), args).await?;

        // Registered after the group exists: a crash in between loses an announcement, never
        // leaves one for a group that was never created. These keys live in other slots.
        let pipeline = self.client.pipeline();
        let members_json = serde_json::to_string(&member_ids).map_err(CoreError::internal)?;
        let queued: Result<(), RedisError> = async {
            pipeline
                .zadd::<(), _, _>(self.expiring_key(), None, None, false, false, (expiry as f64, id.as_str()))
                .await?;
            pipeline.hset::<(), _, _>(self.expiring_members_key(), (id.as_str(), members_json.as_str())).await?;
            for user in &member_ids {
                let key = self.user_index_key(*user);
                pipeline.zadd::<(), _, _>(key.as_str(), None, None, false, false, (expiry as f64, id.as_str())).await?;
                // A new key has no expiry, which GT treats as infinite: NX sets it, GT pushes it.
                pipeline.pexpire_at::<(), _>(key.as_str(), expiry, Some(ExpireOptions::NX)).await?;
                pipeline.pexpire_at::<(), _>(key.as_str(), expiry, Some(ExpireOptions::GT)).await?;
            }
            Ok(())
        }
        .await;
        queued.map_err(redis_error)?;
        pipeline.all::<Value>().await.map_err(redis_error)?;
        Ok(())
    }

    async fn flash_group(&self, id: ConversationId) -> CoreResult<Option<Conversation>> {
        Ok(self.read_group(id, None).await?.map(|s| s.conversation))
    }

    async fn flash_groups_for_user(&self, user: UserId) -> CoreResult<Vec<ConversationId>> {
        let key = self.user_index_key(user);
        let now = millis(crate::time::now()) as f64;
        // Entries of expired groups go here, lazily: the claimer removes most of them earlier.
        self.client.zremrangebyscore::<(), _, _, _>(key.as_str(), f64::NEG_INFINITY, now).await.map_err(redis_error)?;
        // Scores are milliseconds, exact in an f64 for the next 280,000 years.
        let above_now = ZRange { kind: ZRangeKind::Exclusive, range: ZRangeBound::Score(now) };
        let ids: Vec<String> = self
            .client
            .zrangebyscore(key.as_str(), above_now, f64::INFINITY, false, None)
            .await
            .map_err(redis_error)?;
        ids.iter().map(|id| id.parse().map_err(|_| corrupt(format_args!("group id {id:?}")))).collect()
    }

    async fn flash_member_state(&self, id: ConversationId, user: UserId) -> CoreResult<Option<Member>> {
        let fields = vec![format!("role:{user}"), format!("read:{user}"), format!("delivered:{user}")];
        let values: Vec<Value> = self.client.hmget(self.members_key(id), fields).await.map_err(redis_error)?;
        let mut values = values.into_iter().map(opt_string);
        let (Some(role), Some(read), Some(delivered)) = (values.next(), values.next(), values.next()) else {
            return Err(corrupt("short HMGET reply"));
        };
        let Some(role) = role? else { return Ok(None) };
        let role = Role::parse(&role).ok_or_else(|| corrupt(format_args!("role {role:?}")))?;
        let position = |v: Option<String>| v.map_or(Ok(0), |v| v.parse().map_err(|_| corrupt("position")));
        Ok(Some(Member { user_id: user, role, read_seq: position(read?)?, delivered_seq: position(delivered?)? }))
    }

    async fn flash_summary(&self, id: ConversationId, user: UserId) -> CoreResult<Option<ConversationSummary>> {
        let Some(snapshot) = self.read_group(id, Some(user)).await? else { return Ok(None) };
        let Some(read_seq) = snapshot.conversation.member(user).map(|m| m.read_seq) else { return Ok(None) };
        let unread = snapshot.newest.iter().filter(|m| m.seq > read_seq && m.sender_id != user && !m.deleted).count();
        let last_message = snapshot.newest.last().cloned();
        Ok(Some(ConversationSummary {
            last_activity_at: last_message.as_ref().map_or(snapshot.conversation.created_at, |m| m.created_at),
            last_message,
            conversation: snapshot.conversation,
            unread_count: i64::try_from(unread).unwrap_or(i64::MAX),
            read_seq,
        }))
    }

    async fn append_flash_message(&self, new: NewMessage, keep: u64) -> CoreResult<(Message, bool)> {
        let id = new.conversation_id;
        let idempotency =
            new.client_msg_id.as_ref().map(|k| format!("c:{}:{}", new.sender_id, k.as_str())).unwrap_or_default();
        let mut message = new.into_message(0);
        let (head, tail) = message_template(&message)?;
        let keep = keep.clamp(1, i64::MAX as u64).to_string();
        let keys = vec![self.meta_key(id), self.messages_key(id)];
        let args = vec![idempotency, head, tail, keep, message.id.to_string()];
        let reply = self.run(&self.scripts.flash_append, keys, args).await?;
        if matches!(reply, Value::Null) {
            return Err(CoreError::NotFound("conversation"));
        }
        let mut parts = array(reply)?.into_iter();
        let outcome = parts.next().map(|v| int(&v)).transpose()?;
        match (outcome, parts.next()) {
            (Some(1), Some(seq)) => message.seq = int(&seq)?,
            (Some(0), Some(stored)) => return Ok((parse_message(stored)?, false)),
            (Some(2), None) => {
                return Err(CoreError::Conflict(
                    "this clientMsgId was used for a message the group no longer keeps".into(),
                ));
            }
            _ => return Err(corrupt("unexpected append reply")),
        }
        Ok((message, true))
    }

    async fn flash_history(&self, id: ConversationId, page: PageQuery) -> CoreResult<HistoryPage> {
        let bound = |seq: Option<i64>| seq.map(|s| s.to_string()).unwrap_or_default();
        let args = vec![bound(page.before_seq), bound(page.after_seq), page.limit.min(MAX_PAGE).to_string()];
        let keys = vec![self.meta_key(id), self.messages_key(id)];
        let mut parts = array(self.run(&self.scripts.flash_history, keys, args).await?)?.into_iter();
        let has_more = match parts.next() {
            Some(flag) => int(&flag)? == 1,
            None => return Err(corrupt("empty history reply")),
        };
        let items = parts.map(parse_message).collect::<CoreResult<Vec<_>>>()?;
        Ok(HistoryPage { items, has_more })
    }

    async fn advance_flash_read(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        self.advance(id, user, "read", seq).await
    }

    async fn advance_flash_delivered(&self, id: ConversationId, user: UserId, seq: i64) -> CoreResult<i64> {
        self.advance(id, user, "delivered", seq).await
    }

    async fn claim_expired(&self, now: DateTime<Utc>) -> CoreResult<Vec<ExpiredGroup>> {
        let due: Vec<String> = self
            .client
            .zrangebyscore(self.expiring_key(), f64::NEG_INFINITY, millis(now) as f64, false, Some((0, CLAIM_BATCH)))
            .await
            .map_err(redis_error)?;
        let mut expired = Vec::new();
        for raw in due {
            // Every instance sees the same due ids; the one whose ZREM removes the id owns it.
            let claimed: i64 = self.client.zrem(self.expiring_key(), raw.as_str()).await.map_err(redis_error)?;
            if claimed != 1 {
                continue;
            }
            let Ok(id) = raw.parse::<ConversationId>() else {
                tracing::warn!(id = %raw, "dropped a malformed flash group id from the expiry set");
                continue;
            };
            let member_ids = self.forget_expired(id).await?;
            expired.push(ExpiredGroup { id, member_ids });
        }
        Ok(expired)
    }
}

impl RedisBackend {
    /// Removes what is left of a claimed group: its announcement entry, its entries in the
    /// members' indexes and any of its keys. Returns its members.
    async fn forget_expired(&self, id: ConversationId) -> CoreResult<Vec<UserId>> {
        let raw = id.to_string();
        let pipeline = self.client.pipeline();
        let queued: Result<(), RedisError> = async {
            pipeline.hget::<(), _, _>(self.expiring_members_key(), raw.as_str()).await?;
            pipeline.hdel::<(), _, _>(self.expiring_members_key(), raw.as_str()).await?;
            // Redis has expired these already unless its clock is behind ours: remove any rest.
            pipeline.del::<(), _>(self.group_keys(id)).await
        }
        .await;
        queued.map_err(redis_error)?;
        let replies: Vec<Value> = pipeline.all().await.map_err(redis_error)?;
        let members = replies.into_iter().next().map(opt_string).transpose()?.flatten();
        let member_ids: Vec<UserId> = match members.as_deref().map(serde_json::from_str).transpose() {
            Ok(ids) => ids.unwrap_or_default(),
            Err(e) => {
                tracing::warn!(%id, error = %e, "malformed member list of an expired flash group");
                Vec::new()
            }
        };
        if !member_ids.is_empty() {
            let pipeline = self.client.pipeline();
            for user in &member_ids {
                pipeline.zrem::<(), _, _>(self.user_index_key(*user), raw.as_str()).await.map_err(redis_error)?;
            }
            pipeline.all::<Value>().await.map_err(redis_error)?;
        }
        Ok(member_ids)
    }

    async fn advance(&self, id: ConversationId, user: UserId, kind: &str, seq: i64) -> CoreResult<i64> {
        let keys = vec![self.meta_key(id), self.members_key(id)];
        let args = vec![user.to_string(), kind.to_owned(), seq.to_string()];
        match self.run(&self.scripts.flash_advance, keys, args).await? {
            Value::Null => Err(CoreError::NotFound("conversation")),
            position => int(&position),
        }
    }
}
