//! Emoji reactions on messages: one per user per emoji, a bounded number of distinct emoji per
//! message, announced as aggregated counts.

use crate::{ConversationId, CoreError, CoreResult, Limits, MessageId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Longest reaction a client may send, in bytes (the longest emoji sequences, families and
/// flags with tags, are under 40).
const EMOJI_MAX_BYTES: usize = 64;

/// A validated reaction: one emoji, in its fully-qualified form, so that `❤` and `❤️` are the
/// same reaction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Emoji(&'static str);

impl Emoji {
    /// Checks a reaction: a single emoji (Unicode 17, skin tones included), and one of
    /// [`Limits::reaction_emojis`] when that list is not empty.
    pub fn parse(raw: &str, limits: &Limits) -> CoreResult<Self> {
        let emoji = Self::lookup(raw).ok_or_else(|| CoreError::invalid("emoji", "emoji must be a single emoji"))?;
        let allowed: Vec<Self> = limits.reaction_emojis.split(',').filter_map(|e| Self::lookup(e.trim())).collect();
        if !allowed.is_empty() && !allowed.contains(&emoji) {
            let list: Vec<&str> = allowed.iter().map(Self::as_str).collect();
            return Err(CoreError::invalid("emoji", format!("emoji must be one of {}", list.join(" "))));
        }
        Ok(emoji)
    }

    /// The emoji `raw` is, in its fully-qualified form.
    fn lookup(raw: &str) -> Option<Self> {
        // Digits, `#` and `*` head keycap sequences, but alone they are text.
        if raw.is_ascii() || raw.len() > EMOJI_MAX_BYTES {
            return None;
        }
        // Unqualified forms (a heart without its variation selector) are looked up qualified.
        let found = emojis::get(raw).or_else(|| emojis::get(&format!("{raw}\u{fe0f}")))?;
        Some(Self(found.as_str()))
    }

    /// The emoji.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// Whether a configured list of reactions holds only emoji; the first entry that is not one.
pub fn unknown_reaction(list: &str) -> Option<&str> {
    list.split(',').map(str::trim).find(|e| !e.is_empty() && Emoji::lookup(e).is_none())
}

/// One emoji on a message, as one member sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    /// The emoji.
    #[cfg_attr(feature = "openapi", schema(example = "👍"))]
    pub emoji: String,
    /// Members who reacted with it (at least 1).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, example = 3))]
    pub count: u32,
    /// Whether the member reading it is one of them.
    pub mine: bool,
}

/// One emoji on a message, counted for everyone (announcements carry no per-reader flag).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReactionCount {
    /// The emoji.
    #[cfg_attr(feature = "openapi", schema(example = "👍"))]
    pub emoji: String,
    /// Members who reacted with it (at least 1).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, example = 3))]
    pub count: u32,
}

impl From<Reaction> for ReactionCount {
    fn from(r: Reaction) -> Self {
        Self { emoji: r.emoji, count: r.count }
    }
}

/// A change of one member's reaction, and the message's reactions after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReactionChange {
    /// Whether anything changed (adding a reaction one has, or removing one one has not, does not).
    pub changed: bool,
    /// The message's reactions afterwards, as the member who changed them sees them.
    pub reactions: Vec<Reaction>,
}

/// One member's reaction to set or clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReactionKey {
    /// The conversation the message is in.
    pub conversation_id: ConversationId,
    /// The message.
    pub message_id: MessageId,
    /// Who reacts.
    pub user_id: UserId,
    /// With what.
    pub emoji: Emoji,
}

/// Reactions of messages. A message's reactions are listed in the order each emoji was first
/// used on it.
#[async_trait::async_trait]
pub trait ReactionStore: Send + Sync {
    /// Adds (`on`) or removes the member's reaction, checking membership itself (the services'
    /// membership caches may lag another instance's change): [`CoreError::NotFound`]`("conversation")`
    /// for a non-member, [`CoreError::Forbidden`] for a blocked member adding one. Fails with
    /// [`CoreError::NotFound`]`("message")` when the message is not one of the conversation's
    /// (kept) messages, [`CoreError::Conflict`] when it was deleted for everyone or when adding
    /// would give it more than `max_kinds` distinct emoji.
    async fn set_reaction(&self, key: &ReactionKey, on: bool, max_kinds: usize) -> CoreResult<ReactionChange>;

    /// The reactions of some messages of a conversation as `viewer` sees them; messages without
    /// any are left out.
    async fn reactions(
        &self,
        conversation: ConversationId,
        viewer: UserId,
        messages: &[MessageId],
    ) -> CoreResult<HashMap<MessageId, Vec<Reaction>>>;
}

/// The reactions of one message with who reacted, for the stores that keep them as a value
/// (memory, Redis): each emoji with its members, in order of first use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionSet(Vec<(String, Vec<UserId>)>);

impl ReactionSet {
    /// Applies a change; `true` when something changed.
    pub fn set(&mut self, user: UserId, emoji: &Emoji, on: bool, max_kinds: usize) -> CoreResult<bool> {
        let position = self.0.iter().position(|(e, _)| e == emoji.as_str());
        match (position, on) {
            (Some(i), true) => {
                let users = &mut self.0[i].1;
                let new = !users.contains(&user);
                if new {
                    users.push(user);
                }
                Ok(new)
            }
            (Some(i), false) => {
                let users = &mut self.0[i].1;
                let before = users.len();
                users.retain(|u| *u != user);
                let changed = users.len() != before;
                if users.is_empty() {
                    self.0.remove(i);
                }
                Ok(changed)
            }
            (None, false) => Ok(false),
            (None, true) if self.0.len() >= max_kinds => Err(too_many_kinds(max_kinds)),
            (None, true) => {
                self.0.push((emoji.as_str().to_owned(), vec![user]));
                Ok(true)
            }
        }
    }

    /// Applies a change to the sets kept by message (a message without reactions has none), and
    /// answers as [`ReactionStore::set_reaction`] does once the message was found.
    pub fn apply(
        sets: &mut HashMap<MessageId, Self>,
        key: &ReactionKey,
        on: bool,
        max_kinds: usize,
    ) -> CoreResult<ReactionChange> {
        let set = sets.entry(key.message_id).or_default();
        let changed = set.set(key.user_id, &key.emoji, on, max_kinds);
        let reactions = set.view(key.user_id);
        if set.is_empty() {
            sets.remove(&key.message_id);
        }
        Ok(ReactionChange { changed: changed?, reactions })
    }

    /// The reactions of `messages` as `viewer` sees them, from the sets kept by message.
    pub fn view_many(
        sets: &HashMap<MessageId, Self>,
        viewer: UserId,
        messages: &[MessageId],
    ) -> HashMap<MessageId, Vec<Reaction>> {
        messages.iter().filter_map(|id| Some((*id, sets.get(id)?.view(viewer)))).collect()
    }

    /// Whether no one reacted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The reactions as `viewer` sees them.
    pub fn view(&self, viewer: UserId) -> Vec<Reaction> {
        self.0
            .iter()
            .map(|(emoji, users)| Reaction {
                emoji: emoji.clone(),
                count: u32::try_from(users.len()).unwrap_or(u32::MAX),
                mine: users.contains(&viewer),
            })
            .collect()
    }
}

/// The stores' own check of who reacts, whatever the services' caches believed: `blocked` is
/// `None` for a non-member, else whether the member is blocked (who may still take reactions
/// back, never add one).
pub fn check_reactor(blocked: Option<bool>, on: bool) -> CoreResult<()> {
    match blocked {
        None => Err(CoreError::NotFound("conversation")),
        Some(true) if on => Err(blocked_reactor()),
        Some(_) => Ok(()),
    }
}

/// The refusal of a reaction from a member the other member of a direct conversation blocked.
pub fn blocked_reactor() -> CoreError {
    CoreError::Forbidden("this user does not accept messages from you".into())
}

/// The refusal of a new emoji on a message that has `max_kinds` already.
pub fn too_many_kinds(max_kinds: usize) -> CoreError {
    CoreError::Conflict(format!("a message has at most {max_kinds} different reactions"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(list: &str) -> Limits {
        Limits { reaction_emojis: list.into(), ..Limits::default() }
    }

    #[test]
    fn a_single_emoji_is_accepted_in_its_qualified_form_and_anything_else_is_refused() {
        let any = limits("");
        assert_eq!(Emoji::parse("👍", &any).unwrap().as_str(), "👍");
        assert_eq!(Emoji::parse("❤", &any).unwrap(), Emoji::parse("❤️", &any).unwrap());
        assert_eq!(Emoji::parse("👍🏽", &any).unwrap().as_str(), "👍🏽");
        assert_eq!(Emoji::parse("👨‍👩‍👧", &any).unwrap().as_str(), "👨‍👩‍👧");
        for bad in ["", "a", "1", "👍👍", " 👍", "<b>", ":+1:", &"👍".repeat(20)] {
            assert!(Emoji::parse(bad, &any).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_configured_list_allows_only_its_emoji() {
        let list = limits("👍, ❤ ,😂");
        assert!(Emoji::parse("👍", &list).is_ok());
        assert!(Emoji::parse("❤️", &list).is_ok());
        let refused = Emoji::parse("🎉", &list).unwrap_err();
        assert!(refused.to_string().contains("one of 👍 ❤️ 😂"), "{refused}");
        assert_eq!(unknown_reaction("👍,x"), Some("x"));
        assert_eq!(unknown_reaction("👍, ❤"), None);
    }

    #[test]
    fn a_set_counts_each_member_once_per_emoji_and_bounds_distinct_emoji() {
        let (a, b) = (UserId::new(), UserId::new());
        let any = limits("");
        let (up, heart, party) =
            (Emoji::parse("👍", &any).unwrap(), Emoji::parse("❤️", &any).unwrap(), Emoji::parse("🎉", &any).unwrap());
        let mut set = ReactionSet::default();
        assert!(set.set(a, &up, true, 2).unwrap());
        assert!(!set.set(a, &up, true, 2).unwrap());
        assert!(set.set(b, &up, true, 2).unwrap());
        assert!(set.set(b, &heart, true, 2).unwrap());
        assert!(matches!(set.set(a, &party, true, 2), Err(CoreError::Conflict(_))));
        let seen = set.view(a);
        assert_eq!(
            seen,
            vec![
                Reaction { emoji: "👍".into(), count: 2, mine: true },
                Reaction { emoji: "❤️".into(), count: 1, mine: false },
            ]
        );
        assert!(!set.set(a, &heart, false, 2).unwrap());
        assert!(set.set(b, &heart, false, 2).unwrap());
        assert_eq!(set.view(b).len(), 1);
        assert!(set.set(a, &party, true, 2).unwrap(), "a freed kind can be used again");
    }
}
