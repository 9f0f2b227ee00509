//! Leaving for good: an account's own messages read back in order, and its deletion as the
//! others see it, through every backend.

use crate::world::World;
use chat_core::{CoreError, DomainEvent, conversation::Role};

pub async fn a_deleted_account_leaves_every_conversation_hands_its_groups_on_and_is_gone(w: World) {
    let auth = &w.chat.auth;
    let tokens = w.register("ada").await;
    let ada = tokens.user.id;
    let (bob, cy) = (w.user("bob").await, w.user("cyd").await);
    let direct = w.direct(ada, bob).await;
    let team = w.group(ada, &[bob, cy]).await;
    w.chat.conversations.set_role(ada, team, cy, Role::Admin).await.unwrap();
    let alone = w.group(ada, &[]).await;
    w.chat.contacts.add(bob, ada).await.unwrap();
    let mut sent = Vec::new();
    for i in 0..5 {
        sent.push(w.send(ada, if i % 2 == 0 { direct } else { team }, &format!("m{i}")).await.id);
    }
    w.send(bob, direct, "bob's").await;

    let accounts = &w.chat.accounts;
    let first = accounts.messages_page(ada, None, 3).await.unwrap();
    let rest = accounts.messages_page(ada, first.last().map(|m| m.id), 3).await.unwrap();
    let paged: Vec<_> = first.iter().chain(&rest).map(|m| m.id).collect();
    assert_eq!(paged, sent, "every message of ada's, in the order sent, once");
    let export = accounts.export(ada).await.unwrap();
    assert_eq!(export.conversations.len(), 3);
    assert!(export.contacts.is_empty() && export.user.email.as_deref() == Some("ada@example.org"));

    let me = auth.authenticate(&tokens.access_token).await.unwrap();
    let wrong = accounts.delete(&me, Some("not-it".into())).await;
    assert!(matches!(&wrong, Err(CoreError::BadRequest { field: Some("password"), .. })), "{wrong:?}");
    w.events.take();
    accounts.delete(&me, Some("password123".into())).await.unwrap();

    let events = w.events.take();
    assert!(events.iter().any(|e| matches!(e, DomainEvent::SessionRevoked { user_id, .. } if *user_id == ada)));
    let removed: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            DomainEvent::MemberRemoved { conversation_id, user_id, .. } if *user_id == ada => Some(*conversation_id),
            _ => None,
        })
        .collect();
    assert_eq!(removed.len(), 2, "{events:?}");
    assert!(removed.contains(&direct) && removed.contains(&team));
    assert!(
        events.iter().any(
            |e| matches!(e, DomainEvent::ConversationDeleted { conversation_id, .. } if *conversation_id == alone)
        )
    );

    let team_now = w.chat.conversations.get(bob, team).await.unwrap();
    assert_eq!(team_now.role_of(cy), Some(Role::Owner), "the admin inherits the group");
    assert_eq!(team_now.members.len(), 2);
    assert!(w.chat.conversations.get(bob, direct).await.is_ok(), "bob keeps the direct conversation");
    assert!(w.stores.users.user_by_id(ada).await.unwrap().is_none());
    assert!(w.stores.contacts.contact_ids(bob).await.unwrap().is_empty());
    assert!(auth.authenticate(&tokens.access_token).await.is_err());
    assert!(auth.login("ada", "password123".into()).await.is_err());
    let kept = accounts.messages_page(ada, None, 10).await.unwrap();
    assert_eq!(kept.len(), 5, "with the default policy the messages stay");
    assert!(kept.iter().all(|m| !m.deleted));
    // Repeating it finds nothing left to do.
    assert!(accounts.delete(&me, Some("password123".into())).await.is_err());
}

pub async fn the_last_two_members_leaving_at_once_leave_no_empty_group_behind(w: World) {
    let (a, b) = (w.user("ada").await, w.user("bob").await);
    for round in 0..5 {
        let group = w.group(a, &[b]).await;
        w.chat.conversations.set_role(a, group, b, Role::Owner).await.unwrap();
        let conversations = &w.chat.conversations;
        let (left_a, left_b) =
            tokio::join!(conversations.remove_member(a, group, a), conversations.remove_member(b, group, b));
        // One of the two may find the other gone already and delete the group itself.
        for left in [left_a, left_b] {
            assert!(matches!(left, Ok(()) | Err(CoreError::NotFound(_))), "round {round}: {left:?}");
        }
        assert!(
            w.stores.conversations.conversation(group).await.unwrap().is_none(),
            "round {round}: the group is gone"
        );
    }
}
