//! Blocks: the blocked user cannot put the blocker in a conversation or send in their direct one.

use crate::world::World;
use chat_core::{
    ConversationId, CoreError, UserId,
    conversation::{ConversationKind, CreateConversation},
    flash_group::CreateFlashGroup,
    message::SendMessage,
};

fn code<T: std::fmt::Debug>(result: Result<T, CoreError>) -> &'static str {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(e) => e.code(),
    }
}

async fn send(w: &World, from: UserId, to: ConversationId) -> Result<(), CoreError> {
    let request = SendMessage { content: Some("hi".into()), ..SendMessage::default() };
    w.chat.messages.send(from, to, request).await.map(drop)
}

fn group(kind: ConversationKind, members: &[UserId]) -> CreateConversation {
    CreateConversation { kind, member_ids: members.to_vec(), name: Some("g".into()), description: None }
}

pub async fn a_blocked_user_cannot_put_the_blocker_in_a_conversation_or_message_them(w: World) {
    let (ann, bob, cat, dan) = (w.user("ann").await, w.user("bob").await, w.user("cat").await, w.user("dan").await);
    let direct = w.direct(ann, bob).await;
    // A second instance, whose cache already holds Bob as a sender there.
    let elsewhere = World::new(w.stores.clone());
    send(&elsewhere, bob, direct).await.unwrap();

    w.chat.contacts.add(ann, bob).await.unwrap();
    w.chat.contacts.block(ann, bob).await.unwrap();
    w.chat.contacts.block(ann, bob).await.expect("blocking twice is fine");
    assert_eq!(code(send(&w, bob, direct).await), "forbidden");
    assert_eq!(code(send(&elsewhere, bob, direct).await), "not_found", "the writer checks in its transaction");
    send(&w, ann, direct).await.expect("the blocker still writes");
    assert_eq!(w.chat.messages.history(bob, direct, None, None, None).await.unwrap().items.len(), 2, "and Bob reads");
    assert!(w.chat.contacts.list(ann, None, None).await.unwrap().items.is_empty(), "Bob left Ann's contacts");

    let groups = &w.chat.conversations;
    assert_eq!(code(groups.create(bob, group(ConversationKind::Group, &[ann, cat])).await), "forbidden");
    let bobs = groups.create(bob, group(ConversationKind::Group, &[cat])).await.unwrap().0;
    assert_eq!(code(groups.add_member(bob, bobs.id, ann, None).await), "forbidden");
    let flash = CreateFlashGroup { name: "f".into(), member_ids: vec![ann], ttl_seconds: 600 };
    assert_eq!(code(w.chat.flash_groups.create(bob, flash).await), "forbidden");
    // Ann, for her part, unblocks before she starts a chat with someone she blocked.
    w.chat.contacts.block(ann, dan).await.unwrap();
    assert_eq!(code(groups.create(ann, group(ConversationKind::Direct, &[dan])).await), "forbidden");
    assert_eq!(code(groups.create(dan, group(ConversationKind::Direct, &[ann])).await), "forbidden");
    let blocked = w.chat.contacts.blocked(ann, None, None).await.unwrap();
    assert_eq!(blocked.items.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), vec!["bob", "dan"]);
    assert_eq!(code(w.chat.contacts.block(ann, ann).await), "bad_request");

    w.chat.contacts.unblock(ann, bob).await.unwrap();
    assert_eq!(code(w.chat.contacts.unblock(ann, bob).await), "not_found");
    send(&w, bob, direct).await.expect("unblocked, Bob writes again");
    send(&elsewhere, bob, direct).await.expect("through every instance");
    groups.add_member(bob, bobs.id, ann, None).await.expect("and may add Ann");
}
