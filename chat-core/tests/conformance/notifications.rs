//! Notifications: who is notified of a message, mutes, paging, read marks and lifetime.

use crate::world::World;
use chat_core::{
    CoreError, UserId,
    notification::{Notification, NotificationKind},
};
use std::time::Duration;

/// `user`'s notifications once there are `count` (the notifier runs after the commit).
async fn notified(w: &World, user: UserId, count: usize) -> Vec<Notification> {
    for _ in 0..500 {
        let (items, _) = w.chat.notifications.list(user, None, 100).await.unwrap();
        if items.len() >= count {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{user} never had {count} notifications");
}

pub async fn offline_and_mentioned_members_are_notified_muted_ones_never_and_notifications_are_paged_read_and_pruned(
    w: World,
) {
    let (alice, bob, carol) = (w.user("alice").await, w.user("bob").await, w.user("carol").await);
    let group = w.group(alice, &[bob, carol]).await;
    w.chat.presence.connect(bob, "bob-laptop").await.unwrap();

    // Carol has no connection: she is told; Bob is connected: he is not; Alice sent it.
    let hello = w.send(alice, group, "hello").await;
    let carols = notified(&w, carol, 1).await;
    assert_eq!((carols[0].kind, carols[0].message_id, carols[0].seq), (NotificationKind::Message, hello.id, 1));
    assert_eq!((carols[0].sender_id, carols[0].preview.as_str(), carols[0].read), (alice, "hello", false));
    // A mention reaches Bob although he is connected (and Carol as a missed message).
    w.send(alice, group, "look @Bob.").await;
    let bobs = notified(&w, bob, 1).await;
    assert_eq!(
        (bobs.len(), bobs[0].kind, bobs[0].seq),
        (1, NotificationKind::Mention, 2),
        "the first message did not notify Bob"
    );
    assert_eq!(notified(&w, carol, 2).await[0].kind, NotificationKind::Message);
    assert!(w.chat.notifications.list(alice, None, 10).await.unwrap().0.is_empty(), "senders are never notified");

    // Muted: nothing, mentions included. Mutes must end in the future; non-members cannot mute.
    w.chat.notifications.mute(carol, group, None).await.unwrap();
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    assert!(matches!(w.chat.notifications.mute(carol, group, Some(past)).await, Err(CoreError::BadRequest { .. })));
    let stranger = w.user("stranger").await;
    assert!(matches!(w.chat.notifications.mute(stranger, group, None).await, Err(CoreError::NotFound(_))));
    w.send(alice, group, "@carol are you there?").await;
    w.send(alice, group, "@bob sync").await;
    notified(&w, bob, 2).await;
    assert_eq!(w.chat.notifications.list(carol, None, 100).await.unwrap().0.len(), 2, "muted: nothing");
    // A mute that has ended no longer holds; an unmuted conversation notifies again.
    w.chat
        .notifications
        .mute(carol, group, Some(chrono::Utc::now() + chrono::Duration::milliseconds(200)))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    w.send(alice, group, "the mute ended").await;
    notified(&w, carol, 3).await;
    w.chat.notifications.mute(carol, group, None).await.unwrap();
    w.chat.notifications.unmute(carol, group).await.unwrap();
    w.send(alice, group, "unmuted").await;
    let carols = notified(&w, carol, 4).await;
    assert_eq!(carols.iter().map(|n| n.seq).collect::<Vec<_>>(), [6, 5, 2, 1], "newest first");

    // Paging, then read marks: up to one notification (and every older one), then all.
    let (first, cursor) = w.chat.notifications.list(carol, None, 3).await.unwrap();
    let (rest, end) = w.chat.notifications.list(carol, cursor, 3).await.unwrap();
    assert_eq!((first.len(), rest.len(), end), (3, 1, None));
    assert_eq!(rest[0].seq, 1);
    assert_eq!(w.chat.notifications.unread(carol).await.unwrap(), 4);
    assert_eq!(w.chat.notifications.mark_read(carol, Some(carols[2].id)).await.unwrap(), 2);
    let read: Vec<bool> = w.chat.notifications.list(carol, None, 10).await.unwrap().0.iter().map(|n| n.read).collect();
    assert_eq!(read, [false, false, true, true]);
    assert_eq!(w.chat.notifications.mark_read(carol, None).await.unwrap(), 0);
    assert_eq!(w.chat.notifications.unread(bob).await.unwrap(), 2, "another user's marks are their own");

    // Those of connected users (Bob's two mentions) were announced to their devices.
    let announced: Vec<UserId> = w
        .events
        .take()
        .into_iter()
        .filter_map(|e| match e {
            chat_core::DomainEvent::NotificationCreated(n) => Some(n.user_id),
            _ => None,
        })
        .collect();
    assert_eq!(announced, [bob, bob]);

    // Past their lifetime they are gone.
    let later = chrono::Utc::now() + chrono::Duration::seconds(1);
    w.stores.notifications.prune_notifications(later).await.unwrap();
    assert!(w.chat.notifications.list(carol, None, 10).await.unwrap().0.is_empty());
    assert_eq!(w.chat.notifications.unread(bob).await.unwrap(), 0);
}
