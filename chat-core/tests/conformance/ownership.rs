//! Ownership under concurrency: the rule "a group keeps an owner" holds in the store, not only in
//! the check that precedes it.

use crate::world::World;
use chat_core::conversation::Role;

pub async fn two_owners_demoting_or_removing_each_other_at_once_leave_one_owner(w: World) {
    for round in 0..10 {
        let (a, b, c) = (
            w.user(&format!("ann{round}")).await,
            w.user(&format!("ben{round}")).await,
            w.user(&format!("cyd{round}")).await,
        );
        let conv = w.group(a, &[b, c]).await;
        w.chat.conversations.set_role(a, conv, b, Role::Owner).await.unwrap();
        // Each demotes the other, or removes the other, at the same moment.
        let (first, second) = if round % 2 == 0 {
            let (x, y) = tokio::join!(
                w.chat.conversations.set_role(a, conv, b, Role::Member),
                w.chat.conversations.set_role(b, conv, a, Role::Member)
            );
            (x.map(drop), y.map(drop))
        } else {
            tokio::join!(w.chat.conversations.remove_member(a, conv, b), w.chat.conversations.remove_member(b, conv, a))
        };
        let members = w.chat.conversations.members(c, conv).await.unwrap();
        let owners = members.iter().filter(|m| m.role == Role::Owner).count();
        assert_eq!(owners, 1, "round {round}: {members:?} ({:?} / {:?})", first.is_ok(), second.is_ok());
        assert!(first.is_ok() != second.is_ok(), "round {round}: exactly one of the two wins");
    }
}
