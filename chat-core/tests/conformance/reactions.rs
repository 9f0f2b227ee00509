//! Emoji reactions, on regular conversations and flash groups.

use crate::{
    scenarios::{assert_code, flash},
    world::World,
};
use chat_core::{
    ConversationId, DomainEvent, MessageId, UserId,
    message::{DeleteScope, Reaction, ReactionCount},
};

fn seen(pairs: &[(&str, u32, bool)]) -> Vec<Reaction> {
    pairs.iter().map(|&(emoji, count, mine)| Reaction { emoji: emoji.into(), count, mine }).collect()
}

/// One `reactionsUpdated`: who, which emoji, added or not, and the counts afterwards.
type Announced = (UserId, String, bool, Vec<(String, u32)>);

/// The `reactionsUpdated` events published since the last call.
fn announced(w: &World) -> Vec<Announced> {
    w.events
        .take()
        .into_iter()
        .filter_map(|e| match e {
            DomainEvent::ReactionsUpdated { user_id, emoji, reacted, reactions, .. } => {
                let counts = reactions.into_iter().map(|ReactionCount { emoji, count }| (emoji, count)).collect();
                Some((user_id, emoji, reacted, counts))
            }
            _ => None,
        })
        .collect()
}

async fn reactions_in_history(w: &World, viewer: UserId, id: ConversationId, message: MessageId) -> Vec<Reaction> {
    let page = w.chat.messages.history(viewer, id, None, None, None).await.unwrap();
    page.items.into_iter().find(|m| m.id == message).unwrap().reactions
}

pub async fn members_react_once_per_emoji_and_each_sees_the_counts_and_their_own(w: World) {
    let (a, b, eve) = (w.user("anna").await, w.user("bert").await, w.user("eve").await);
    let group = w.group(a, &[b]).await;
    let message = w.send(a, group, "lunch?").await.id;
    let messages = &w.chat.messages;
    w.events.take();

    assert_eq!(messages.react(a, group, message, "👍", true).await.unwrap(), seen(&[("👍", 1, true)]));
    assert_eq!(messages.react(a, group, message, "👍", true).await.unwrap(), seen(&[("👍", 1, true)]));
    assert_eq!(announced(&w), vec![(a, "👍".into(), true, vec![("👍".into(), 1)])], "a repeat announces nothing");

    messages.react(b, group, message, "👍", true).await.unwrap();
    // Written without its variation selector, the heart is the same reaction as with it.
    let theirs = messages.react(b, group, message, "❤", true).await.unwrap();
    assert_eq!(theirs, seen(&[("👍", 2, true), ("❤️", 1, true)]));
    assert_eq!(messages.react(a, group, message, "❤️", true).await.unwrap(), seen(&[("👍", 2, true), ("❤️", 2, true)]));
    assert_eq!(announced(&w).len(), 3);

    let after = messages.react(a, group, message, "👍", false).await.unwrap();
    assert_eq!(after, seen(&[("👍", 1, false), ("❤️", 2, true)]));
    assert_eq!(announced(&w), vec![(a, "👍".into(), false, vec![("👍".into(), 1), ("❤️".into(), 2)])]);
    messages.react(a, group, message, "👍", false).await.unwrap();
    assert!(announced(&w).is_empty(), "removing a reaction one does not have announces nothing");

    assert_eq!(reactions_in_history(&w, a, group, message).await, seen(&[("👍", 1, false), ("❤️", 2, true)]));
    assert_eq!(reactions_in_history(&w, b, group, message).await, seen(&[("👍", 1, true), ("❤️", 2, true)]));

    // Strangers, bad emoji, messages of other conversations.
    assert_code(messages.react(eve, group, message, "👍", true).await, "not_found");
    assert_code(messages.react(eve, group, message, "👍", false).await, "not_found");
    for bad in ["x", "👍👍", ""] {
        assert_code(messages.react(a, group, message, bad, true).await, "bad_request");
    }
    let elsewhere = w.direct(a, b).await;
    assert_code(messages.react(a, elsewhere, message, "👍", true).await, "not_found");
    assert_code(messages.react(a, group, MessageId::new(), "👍", true).await, "not_found");
    assert!(announced(&w).is_empty());

    // Three different emoji at most (this world's limit); a member may still join one of them.
    messages.react(b, group, message, "🎉", true).await.unwrap();
    assert_code(messages.react(b, group, message, "😂", true).await, "conflict");
    messages.react(a, group, message, "🎉", true).await.unwrap();
    messages.react(b, group, message, "🎉", false).await.unwrap();
    messages.react(a, group, message, "🎉", false).await.unwrap();
    messages.react(b, group, message, "😂", true).await.expect("a kind nobody uses any more frees its place");

    // A message deleted for everyone takes no reactions and shows none.
    messages.delete(a, message, DeleteScope::Everyone).await.unwrap();
    assert_code(messages.react(b, group, message, "👍", true).await, "conflict");
    assert!(reactions_in_history(&w, b, group, message).await.is_empty());
}

pub async fn flash_group_messages_take_reactions_like_any_other(w: World) {
    let (a, b, eve) = (w.user("anna").await, w.user("bert").await, w.user("eve").await);
    let group = w.chat.flash_groups.create(a, flash("lunch", &[b], 600)).await.unwrap().id;
    let message = w.send(a, group, "now?").await.id;
    let messages = &w.chat.messages;
    assert_eq!(messages.react(b, group, message, "👍", true).await.unwrap(), seen(&[("👍", 1, true)]));
    assert_eq!(messages.react(a, group, message, "👍", true).await.unwrap(), seen(&[("👍", 2, true)]));
    assert_eq!(reactions_in_history(&w, b, group, message).await, seen(&[("👍", 2, true)]));
    assert_code(messages.react(eve, group, message, "👍", true).await, "not_found");
    assert_code(messages.react(a, group, MessageId::new(), "👍", true).await, "not_found");
    messages.react(b, group, message, "👍", false).await.unwrap();
    assert_eq!(reactions_in_history(&w, b, group, message).await, seen(&[("👍", 1, false)]));
}

pub async fn a_removed_member_cannot_react_through_an_instance_whose_cache_still_knows_them(w: World) {
    let (owner, member) = (w.user("olga").await, w.user("mia").await);
    let group = w.group(owner, &[member]).await;
    let message = w.send(owner, group, "hi").await.id;
    // A second instance over the same stores, whose membership cache saw the member before.
    let other = World::new(w.stores.clone());
    other.chat.messages.react(member, group, message, "👍", true).await.unwrap();
    w.chat.conversations.remove_member(owner, group, member).await.unwrap();
    assert_code(other.chat.messages.react(member, group, message, "❤️", true).await, "not_found");
    assert_code(other.chat.messages.react(member, group, message, "👍", false).await, "not_found");
    assert_eq!(reactions_in_history(&w, owner, group, message).await, seen(&[("👍", 1, false)]));
}
