//! Who sees a user's presence: members of a shared conversation and the users they added as
//! contacts; `lastSeen` further by their `lastSeenVisibility`; strangers nothing, even one who
//! added them as a contact.

use crate::world::World;
use chat_core::{
    DomainEvent, Limits, UserId,
    flash_group::CreateFlashGroup,
    user::{ProfilePatch, User, Visibility},
};

async fn seen(w: &World, viewer: UserId, user: UserId) -> User {
    w.chat.users.get(viewer, user).await.unwrap()
}

/// The `lastSeen` each audience member was sent in the presence events of `user`.
fn announced(events: &[DomainEvent], user: UserId) -> Vec<(UserId, bool)> {
    let mut sent = Vec::new();
    for event in events {
        if let DomainEvent::PresenceChanged { presence, audience } = event
            && presence.user_id == user
        {
            sent.extend(audience.iter().map(|to| (*to, presence.last_seen.is_some())));
        }
    }
    sent.sort();
    sent
}

pub async fn presence_is_seen_by_peers_and_by_the_contacts_a_user_added_and_never_by_strangers(w: World) {
    // Announcements at once, so the events can be read right after each change.
    let w = World::with_limits(w.stores.clone(), Limits { presence_flush_ms: 0, ..Limits::default() });
    let (ann, peer, fan, friend) =
        (w.user("ann").await, w.user("pete").await, w.user("fanny").await, w.user("fred").await);
    w.direct(ann, peer).await;
    w.chat.contacts.add(fan, ann).await.unwrap(); // one-sided: Fanny follows Ann
    w.chat.contacts.add(ann, friend).await.unwrap(); // Ann lets Fred see her
    w.chat.presence.connect(ann, "c1").await.unwrap();
    w.chat.presence.disconnect(ann, "c1").await.unwrap();

    for viewer in [peer, friend] {
        let ann_seen = seen(&w, viewer, ann).await;
        assert!(ann_seen.status.is_some() && ann_seen.last_seen.is_some(), "{ann_seen:?}");
        assert!(ann_seen.last_seen_visibility.is_none() && ann_seen.email.is_none());
    }
    let by_fan = seen(&w, fan, ann).await;
    assert!(by_fan.status.is_none() && by_fan.last_seen.is_none(), "a stranger sees neither: {by_fan:?}");
    let found = w.chat.users.search(fan, "ann", None, None).await.unwrap();
    assert!(found.items[0].status.is_none(), "nor in the directory");
    let own = w.chat.users.me(ann).await.unwrap();
    assert_eq!(own.last_seen_visibility, Some(Visibility::Everyone));

    w.events.take();
    w.chat.presence.connect(ann, "c2").await.unwrap();
    w.chat.presence.disconnect(ann, "c2").await.unwrap();
    let audience = announced(&w.events.take(), ann);
    assert!(audience.iter().all(|(to, _)| *to != fan), "no live status for a one-sided follower: {audience:?}");
    assert!(audience.contains(&(peer, true)) && audience.contains(&(friend, true)), "{audience:?}");

    let contacts_only = ProfilePatch { last_seen_visibility: Some(Visibility::Contacts), ..ProfilePatch::default() };
    w.chat.users.update_me(ann, contacts_only).await.unwrap();
    let by_peer = seen(&w, peer, ann).await;
    assert!(by_peer.status.is_some() && by_peer.last_seen.is_none(), "{by_peer:?}");
    assert!(seen(&w, friend, ann).await.last_seen.is_some());
    w.events.take();
    w.chat.presence.connect(ann, "c3").await.unwrap();
    w.chat.presence.disconnect(ann, "c3").await.unwrap();
    let audience = announced(&w.events.take(), ann);
    assert!(audience.contains(&(peer, false)) && audience.contains(&(friend, true)), "{audience:?}");
    assert!(audience.contains(&(ann, true)), "the user's own devices get everything");

    let nobody = ProfilePatch { last_seen_visibility: Some(Visibility::Nobody), ..ProfilePatch::default() };
    w.chat.users.update_me(ann, nobody).await.unwrap();
    let by_friend = seen(&w, friend, ann).await;
    assert!(by_friend.status.is_some() && by_friend.last_seen.is_none(), "{by_friend:?}");
    let own = w.chat.users.me(ann).await.unwrap();
    assert!(own.last_seen.is_some() && own.last_seen_visibility == Some(Visibility::Nobody));

    // A flash group shared makes a peer too.
    let flash = CreateFlashGroup { name: "f".into(), member_ids: vec![ann], ttl_seconds: 600 };
    w.chat.flash_groups.create(fan, flash).await.unwrap();
    let by_fan = seen(&w, fan, ann).await;
    assert!(by_fan.status.is_some() && by_fan.last_seen.is_none(), "{by_fan:?}");
}
