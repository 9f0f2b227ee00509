//! Reactions to flash group messages: kept with the messages, gone with them and with the group.

use crate::{
    backends::Backend,
    flash::{group, poll_until, redis_millis, send},
};
use chat_core::{
    CoreError, Limits, MessageId, UserId,
    message::{Emoji, Reaction, ReactionKey},
};
use std::time::Duration;

fn key(message: &chat_core::message::Message, user: UserId, emoji: &str) -> ReactionKey {
    ReactionKey {
        conversation_id: message.conversation_id,
        message_id: message.id,
        user_id: user,
        emoji: Emoji::parse(emoji, &Limits::default()).unwrap(),
    }
}

pub async fn reactions_count_each_member_once_and_die_with_their_message_and_group(b: &Backend) {
    let (owner, other) = (UserId::new(), UserId::new());
    let created = group(owner, &[other], Duration::from_millis(1500));
    b.flash.create_flash_group(created.clone()).await.unwrap();
    let first = send(&*b.flash, created.id, owner).await;

    let change = b.flash.set_reaction(&key(&first, owner, "👍"), true, 2).await.unwrap();
    assert!(change.changed);
    // Another instance sees it, and the same reaction again changes nothing.
    let again = b.flash_other.set_reaction(&key(&first, owner, "👍"), true, 2).await.unwrap();
    assert!(!again.changed);
    let theirs = b.flash_other.set_reaction(&key(&first, other, "👍"), true, 2).await.unwrap();
    assert_eq!(theirs.reactions, vec![Reaction { emoji: "👍".into(), count: 2, mine: true }]);
    b.flash.set_reaction(&key(&first, other, "🎉"), true, 2).await.unwrap();
    let refused = b.flash.set_reaction(&key(&first, other, "😂"), true, 2).await;
    assert!(matches!(refused, Err(CoreError::Conflict(_))), "{refused:?}");
    let removed = b.flash.set_reaction(&key(&first, other, "🎉"), false, 2).await.unwrap();
    assert!(removed.changed);
    assert_eq!(removed.reactions, vec![Reaction { emoji: "👍".into(), count: 2, mine: true }]);

    let seen = b.flash_other.reactions(created.id, owner, &[first.id, MessageId::new()]).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[&first.id], vec![Reaction { emoji: "👍".into(), count: 2, mine: true }]);
    let unknown = key(&first, owner, "👍");
    let unknown = ReactionKey { message_id: MessageId::new(), ..unknown };
    assert!(matches!(b.flash.set_reaction(&unknown, true, 2).await, Err(CoreError::NotFound("message"))));
    // The store checks membership itself, whatever a service's cache believes.
    let stranger = key(&first, UserId::new(), "👍");
    assert!(matches!(b.flash.set_reaction(&stranger, true, 2).await, Err(CoreError::NotFound("conversation"))));

    // Its key dies with the group, to the millisecond.
    if let Some(r) = &b.redis {
        let reactions = format!("{}flash:{{{}}}:reactions", r.prefix(), created.id);
        let at: i64 = fred::prelude::KeysInterface::pexpire_time(r.client(), reactions).await.unwrap();
        assert_eq!(at, redis_millis(created.expires_at.unwrap()));
    }
    let id = created.id;
    let flash = b.flash.clone();
    let first = first.clone();
    poll_until(created.expires_at.unwrap(), "reactions of an expired group to be refused", || {
        let (flash, first) = (flash.clone(), first.clone());
        async move {
            match flash.set_reaction(&key(&first, owner, "👍"), true, 2).await {
                Ok(_) => false,
                Err(CoreError::NotFound(_)) => true,
                Err(e) => panic!("{e}"),
            }
        }
    })
    .await;
    assert!(b.flash.reactions(id, owner, &[first.id]).await.unwrap().is_empty());
}

pub async fn a_message_the_group_no_longer_keeps_takes_no_reactions(b: &Backend) {
    let owner = UserId::new();
    let created = group(owner, &[], Duration::from_secs(60));
    b.flash.create_flash_group(created.clone()).await.unwrap();
    let oldest = b.flash.append_flash_message(crate::flash::message(created.id, owner, None), 2).await.unwrap().0;
    b.flash.set_reaction(&key(&oldest, owner, "👍"), true, 20).await.unwrap();
    for _ in 0..2 {
        b.flash.append_flash_message(crate::flash::message(created.id, owner, None), 2).await.unwrap();
    }
    let refused = b.flash.set_reaction(&key(&oldest, owner, "❤️"), true, 20).await;
    assert!(matches!(refused, Err(CoreError::NotFound("message"))), "{refused:?}");
}
