//! The scenarios, each an `async fn(World)`.

use crate::world::World;
use chat_core::{
    CoreError, DomainEvent, UserId,
    conversation::{Conversation, ConversationKind, ConversationPatch, CreateConversation, Role},
    flash_group::CreateFlashGroup,
    message::{DeleteScope, SendMessage},
    user::ProfilePatch,
};
use std::collections::BTreeSet;

pub fn assert_code<T: std::fmt::Debug>(result: Result<T, CoreError>, code: &str) {
    match result {
        Err(e) => assert_eq!(e.code(), code, "unexpected error {e:?}"),
        Ok(v) => panic!("expected {code}, got Ok({v:?})"),
    }
}

pub async fn registering_then_logging_in_by_username_or_email_returns_working_tokens(w: World) {
    let registered = w.register("ada").await;
    assert_eq!(registered.user.username, "ada");
    assert_eq!(registered.user.email.as_deref(), Some("ada@example.org"));
    assert_eq!(registered.expires_in, 900);
    let principal = w.chat.auth.authenticate(&registered.access_token).await.unwrap();
    assert_eq!(principal.user_id, registered.user.id);

    let by_name = w.chat.auth.login("ADA", "password123".into()).await.unwrap();
    let by_email = w.chat.auth.login("ada@example.org", "password123".into()).await.unwrap();
    assert_eq!(by_name.user.id, registered.user.id);
    assert_eq!(by_email.user.id, registered.user.id);
    assert_ne!(by_name.refresh_token, by_email.refresh_token, "each login has its own refresh token");
}

pub async fn a_taken_username_or_email_is_a_conflict_and_case_does_not_matter(w: World) {
    w.register("grace").await;
    let again = chat_core::auth::Registration {
        username: "Grace".into(),
        password: "password123".into(),
        email: None,
        display_name: None,
    };
    let taken = w.chat.auth.register(again).await;
    assert!(matches!(taken, Err(chat_core::CoreError::Taken(chat_core::Taken::Username))), "{taken:?}");
    let same_email = chat_core::auth::Registration {
        username: "grace2".into(),
        password: "password123".into(),
        email: Some("GRACE@example.org".into()),
        display_name: None,
    };
    let taken = w.chat.auth.register(same_email).await;
    assert!(matches!(taken, Err(chat_core::CoreError::Taken(chat_core::Taken::Email))), "{taken:?}");
}

pub async fn refreshing_rotates_the_token_and_replaying_a_spent_one_revokes_the_login(w: World) {
    let first = w.register("alan").await;
    let second = w.chat.auth.refresh(&first.refresh_token).await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    w.chat.auth.authenticate(&second.access_token).await.unwrap();
    w.events.take();

    // The spent token comes back: someone copied it. The whole login dies.
    assert_code(w.chat.auth.refresh(&first.refresh_token).await, "unauthorized");
    assert_code(w.chat.auth.refresh(&second.refresh_token).await, "unauthorized");
    assert_code(w.chat.auth.authenticate(&second.access_token).await, "unauthorized");
    let revoked: Vec<_> =
        w.events.take().into_iter().filter(|e| matches!(e, DomainEvent::SessionRevoked { .. })).collect();
    assert_eq!(revoked.len(), 1, "one revocation event for the login");

    // Other logins of the same user live on.
    let other = w.chat.auth.login("alan", "password123".into()).await.unwrap();
    w.chat.auth.authenticate(&other.access_token).await.unwrap();
    assert_code(w.chat.auth.refresh("not-a-token").await, "unauthorized");
}

pub async fn logging_out_revokes_the_login_and_its_access_tokens(w: World) {
    let tokens = w.register("linus").await;
    w.chat.auth.logout(&tokens.refresh_token).await.unwrap();
    assert_code(w.chat.auth.authenticate(&tokens.access_token).await, "unauthorized");
    assert_code(w.chat.auth.refresh(&tokens.refresh_token).await, "unauthorized");
    w.chat.auth.logout(&tokens.refresh_token).await.expect("logging out twice is harmless");
}

pub async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(w: World) {
    w.register("ken").await;
    let wrong = w.chat.auth.login("ken", "nope-nope".into()).await.unwrap_err();
    let unknown = w.chat.auth.login("nobody", "nope-nope".into()).await.unwrap_err();
    assert_eq!(wrong.code(), "unauthorized");
    assert_eq!(wrong.to_string(), unknown.to_string());
}

pub async fn a_direct_conversation_is_unique_per_pair_whoever_opens_it(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let request = |other: UserId| CreateConversation {
        kind: ConversationKind::Direct,
        member_ids: vec![other],
        name: None,
        description: None,
    };
    let (first, created) = w.chat.conversations.create(a, request(b)).await.unwrap();
    assert!(created);
    assert_eq!(first.members.len(), 2);
    let (again, created_again) = w.chat.conversations.create(b, request(a)).await.unwrap();
    assert!(!created_again);
    assert_eq!(again.id, first.id);
}

pub async fn a_direct_conversation_needs_exactly_one_other_existing_user(w: World) {
    let (a, b, c) = (w.user("anna").await, w.user("bert").await, w.user("carl").await);
    let direct =
        |member_ids| CreateConversation { kind: ConversationKind::Direct, member_ids, name: None, description: None };
    assert_code(w.chat.conversations.create(a, direct(vec![])).await, "bad_request");
    assert_code(w.chat.conversations.create(a, direct(vec![a])).await, "bad_request");
    assert_code(w.chat.conversations.create(a, direct(vec![b, c])).await, "bad_request");
    assert_code(w.chat.conversations.create(a, direct(vec![UserId::new()])).await, "bad_request");
}

pub async fn non_members_cannot_read_send_or_list_members_and_learn_nothing(w: World) {
    let (a, b, eve) = (w.user("anna").await, w.user("bert").await, w.user("eve").await);
    let conv = w.direct(a, b).await;
    let secret = w.send(a, conv, "the secret plan").await;
    assert_code(w.chat.conversations.get(eve, conv).await, "not_found");
    assert_code(w.chat.conversations.members(eve, conv).await, "not_found");
    assert_code(w.chat.messages.history(eve, conv, None, None, None).await, "not_found");
    let send = SendMessage { content: Some("hi".into()), ..SendMessage::default() };
    assert_code(w.chat.messages.send(eve, conv, send).await, "not_found");
    assert_code(w.chat.messages.edit(eve, secret.id, "mine now").await, "not_found");
    assert_code(w.chat.messages.delete(eve, secret.id, DeleteScope::Everyone).await, "not_found");
    assert_code(w.chat.conversations.mark_read(eve, conv, 1).await, "not_found");
    assert_code(w.chat.messages.search(eve, "secret", Some(conv), None).await, "not_found");
    assert!(w.chat.messages.search(eve, "secret", None, None).await.unwrap().is_empty());
    assert!(w.chat.conversations.list(eve).await.unwrap().is_empty());
}

pub async fn only_admins_add_or_remove_members_and_owners_are_protected(w: World) {
    let (owner, admin, member, newcomer) =
        (w.user("olga").await, w.user("adam").await, w.user("mia").await, w.user("nils").await);
    let conv = w.group(owner, &[admin, member]).await;
    assert_code(w.chat.conversations.add_member(member, conv, newcomer, None).await, "forbidden");
    w.chat.conversations.set_role(owner, conv, admin, Role::Admin).await.unwrap();
    assert_code(w.chat.conversations.set_role(admin, conv, member, Role::Owner).await, "forbidden");
    assert_code(w.chat.conversations.add_member(admin, conv, newcomer, Some(Role::Owner)).await, "forbidden");
    let updated = w.chat.conversations.add_member(admin, conv, newcomer, None).await.unwrap();
    assert_eq!(updated.role_of(newcomer), Some(Role::Member));
    assert_code(w.chat.conversations.add_member(admin, conv, newcomer, None).await, "conflict");
    assert_code(w.chat.conversations.remove_member(member, conv, newcomer).await, "forbidden");
    assert_code(w.chat.conversations.remove_member(admin, conv, owner).await, "forbidden");
    w.chat.conversations.remove_member(admin, conv, newcomer).await.unwrap();
    assert_code(w.chat.conversations.get(newcomer, conv).await, "not_found");
    let patch = ConversationPatch { name: Some("renamed".into()), ..ConversationPatch::default() };
    assert_code(w.chat.conversations.update(member, conv, patch.clone()).await, "forbidden");
    assert_eq!(w.chat.conversations.update(admin, conv, patch).await.unwrap().name.as_deref(), Some("renamed"));
}

pub async fn the_last_owner_cannot_leave_without_handing_over(w: World) {
    let (owner, other) = (w.user("olga").await, w.user("otto").await);
    let conv = w.group(owner, &[other]).await;
    assert_code(w.chat.conversations.remove_member(owner, conv, owner).await, "conflict");
    assert_code(w.chat.conversations.set_role(owner, conv, owner, Role::Member).await, "conflict");
    w.chat.conversations.set_role(owner, conv, other, Role::Owner).await.unwrap();
    w.chat.conversations.remove_member(owner, conv, owner).await.unwrap();
    let members = w.chat.conversations.members(other, conv).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].role, Role::Owner);
    // The last member leaving takes the group with them.
    w.chat.conversations.remove_member(other, conv, other).await.unwrap();
    assert_code(w.chat.conversations.get(other, conv).await, "not_found");
}

pub async fn fifty_concurrent_senders_get_seqs_one_to_fifty_without_gaps(w: World) {
    let owner = w.user("olga").await;
    let mut members = Vec::new();
    for i in 0..5 {
        members.push(w.user(&format!("sender{i}")).await);
    }
    let conv = w.group(owner, &members).await;
    let sends = (0..50).map(|i| {
        let chat = w.chat.clone();
        let from = members[i % members.len()];
        tokio::spawn(async move {
            let request = SendMessage { content: Some(format!("message {i}")), ..SendMessage::default() };
            chat.messages.send(from, conv, request).await.map(|(m, _)| m.seq)
        })
    });
    let mut seqs = Vec::new();
    for handle in sends.collect::<Vec<_>>() {
        seqs.push(handle.await.unwrap().unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=50).collect::<Vec<i64>>());
    let page = w.chat.messages.history(owner, conv, None, None, Some(100)).await.unwrap();
    assert_eq!(page.items.iter().map(|m| m.seq).collect::<Vec<_>>(), (1..=50).collect::<Vec<i64>>());
    assert_eq!(w.chat.conversations.get(owner, conv).await.unwrap().last_seq, 50);
}

pub async fn the_same_client_msg_id_sent_ten_times_concurrently_stores_one_message(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    let sends: Vec<_> = (0..10)
        .map(|_| {
            let chat = w.chat.clone();
            tokio::spawn(async move {
                let request = SendMessage {
                    content: Some("once".into()),
                    client_msg_id: Some("retry-key-1".into()),
                    ..SendMessage::default()
                };
                chat.messages.send(a, conv, request).await
            })
        })
        .collect();
    let mut ids = BTreeSet::new();
    let mut created = 0;
    for handle in sends {
        let (message, fresh) = handle.await.unwrap().unwrap();
        ids.insert(message.id);
        created += usize::from(fresh);
    }
    assert_eq!(ids.len(), 1, "every send returns the same message");
    assert_eq!(created, 1, "exactly one send stored it");
    let page = w.chat.messages.history(b, conv, None, None, None).await.unwrap();
    assert_eq!(page.items.len(), 1);
    // The key is per sender: the other member may use the same one.
    let request = SendMessage {
        content: Some("mine".into()),
        client_msg_id: Some("retry-key-1".into()),
        ..SendMessage::default()
    };
    let (theirs, fresh) = w.chat.messages.send(b, conv, request).await.unwrap();
    assert!(fresh);
    assert_eq!(theirs.seq, 2);
}

pub async fn a_replayed_client_msg_id_returns_the_stored_message_and_publishes_nothing(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    w.events.take();
    let request =
        SendMessage { content: Some("hello".into()), client_msg_id: Some("k".into()), ..SendMessage::default() };
    let (first, _) = w.chat.messages.send(a, conv, request.clone()).await.unwrap();
    let (second, fresh) = w.chat.messages.send(a, conv, request).await.unwrap();
    assert!(!fresh);
    assert_eq!(first, second);
    let created = w.events.take().into_iter().filter(|e| matches!(e, DomainEvent::MessageCreated(_))).count();
    assert_eq!(created, 1);
}

pub async fn history_pages_backwards_and_forwards_in_ascending_order(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    for i in 1..=12 {
        w.send(a, conv, &format!("m{i}")).await;
    }
    let seqs = |p: &chat_core::message::HistoryPage| p.items.iter().map(|m| m.seq).collect::<Vec<_>>();
    let newest = w.chat.messages.history(b, conv, None, None, Some(5)).await.unwrap();
    assert_eq!(seqs(&newest), vec![8, 9, 10, 11, 12]);
    assert!(newest.has_more);
    let older = w.chat.messages.history(b, conv, Some(8), None, Some(5)).await.unwrap();
    assert_eq!(seqs(&older), vec![3, 4, 5, 6, 7]);
    assert!(older.has_more);
    let oldest = w.chat.messages.history(b, conv, Some(3), None, Some(5)).await.unwrap();
    assert_eq!(seqs(&oldest), vec![1, 2]);
    assert!(!oldest.has_more);
    let after = w.chat.messages.history(b, conv, None, Some(9), Some(2)).await.unwrap();
    assert_eq!(seqs(&after), vec![10, 11]);
    assert!(after.has_more);
    let tail = w.chat.messages.history(b, conv, None, Some(10), Some(5)).await.unwrap();
    assert_eq!(seqs(&tail), vec![11, 12]);
    assert!(!tail.has_more);
    assert_code(w.chat.messages.history(b, conv, None, None, Some(0)).await, "bad_request");
    assert_code(w.chat.messages.history(b, conv, None, None, Some(101)).await, "bad_request");
    assert_eq!(w.chat.messages.history(b, conv, None, Some(0), Some(100)).await.unwrap().items.len(), 12);
}

pub async fn only_the_sender_edits_and_an_edit_sets_edited_at(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    let message = w.send(a, conv, "helo").await;
    assert!(message.edited_at.is_none());
    assert_code(w.chat.messages.edit(b, message.id, "hijacked").await, "forbidden");
    let edited = w.chat.messages.edit(a, message.id, "hello").await.unwrap();
    assert_eq!(edited.content, "hello");
    assert!(edited.edited_at.is_some());
    assert_eq!(edited.seq, message.seq);
    let page = w.chat.messages.history(b, conv, None, None, None).await.unwrap();
    assert_eq!(page.items[0].content, "hello");
    assert_code(w.chat.messages.edit(a, message.id, "").await, "bad_request");
}

pub async fn delete_for_me_hides_only_for_the_caller_and_for_everyone_needs_sender_or_admin(w: World) {
    let (owner, a, b) = (w.user("olga").await, w.user("anna").await, w.user("bert").await);
    let conv = w.group(owner, &[a, b]).await;
    let first = w.send(a, conv, "first").await;
    let second = w.send(a, conv, "second").await;

    w.chat.messages.delete(b, first.id, DeleteScope::Me).await.unwrap();
    let for_b = w.chat.messages.history(b, conv, None, None, None).await.unwrap();
    assert_eq!(for_b.items.iter().map(|m| m.seq).collect::<Vec<_>>(), vec![2]);
    let for_a = w.chat.messages.history(a, conv, None, None, None).await.unwrap();
    assert_eq!(for_a.items.len(), 2, "hiding is for the caller only");

    assert_code(w.chat.messages.delete(b, second.id, DeleteScope::Everyone).await, "forbidden");
    w.chat.messages.delete(owner, second.id, DeleteScope::Everyone).await.expect("an admin may delete");
    let for_a = w.chat.messages.history(a, conv, None, None, None).await.unwrap();
    let deleted = for_a.items.iter().find(|m| m.id == second.id).unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.content, "");
    assert_code(w.chat.messages.edit(a, second.id, "back").await, "conflict");
    w.chat.messages.delete(a, first.id, DeleteScope::Everyone).await.expect("the sender may delete");
}

pub async fn unread_counts_follow_reads_and_reads_never_move_back(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    for i in 0..3 {
        w.send(a, conv, &format!("m{i}")).await;
    }
    let summary = |user| {
        let chat = w.chat.clone();
        async move { chat.conversations.list(user).await.unwrap().into_iter().next().unwrap() }
    };
    assert_eq!(summary(b).await.unread_count, 3);
    assert_eq!(summary(a).await.unread_count, 0, "one's own messages are never unread");
    w.events.take();
    assert_eq!(w.chat.conversations.mark_read(b, conv, 2).await.unwrap(), 2);
    let s = summary(b).await;
    assert_eq!((s.unread_count, s.read_seq), (1, 2));
    assert!(w.events.take().iter().any(|e| matches!(e, DomainEvent::MessagesRead { seq: 2, .. })));
    assert_eq!(w.chat.conversations.mark_read(b, conv, 1).await.unwrap(), 2, "never backwards");
    assert!(w.events.take().is_empty(), "no event when nothing moved");
    assert_eq!(w.chat.conversations.mark_read(b, conv, 99).await.unwrap(), 3, "capped at the last seq");
    assert_eq!(summary(b).await.unread_count, 0);
    assert_eq!(w.chat.conversations.mark_delivered(b, conv, 3).await.unwrap(), 3);
    assert_code(w.chat.conversations.mark_read(b, conv, -1).await, "bad_request");
}

pub async fn every_view_of_a_conversation_carries_each_members_read_and_delivered_positions(w: World) {
    let (a, b, c) = (w.user("anna").await, w.user("bert").await, w.user("carl").await);
    let direct = w.direct(a, b).await;
    let flash = w.chat.flash_groups.create(a, flash("lunch", &[b, c], 600)).await.unwrap().id;
    for conv in [direct, flash] {
        for i in 0..3 {
            w.send(a, conv, &format!("m{i}")).await;
        }
        w.chat.conversations.mark_delivered(b, conv, 3).await.unwrap();
        w.chat.conversations.mark_read(b, conv, 2).await.unwrap();
        let positions = |c: &Conversation| {
            let mut all: Vec<_> = c.members.iter().map(|m| (m.user_id, m.read_seq, m.delivered_seq)).collect();
            all.sort_unstable();
            all
        };
        let mut expected = vec![(a, 0, 0), (b, 2, 3)];
        if conv == flash {
            expected.push((c, 0, 0));
        }
        expected.sort_unstable();
        let listed = w.chat.conversations.list(a).await.unwrap();
        let summary = listed.iter().find(|s| s.conversation.id == conv).unwrap();
        assert_eq!(positions(&summary.conversation), expected, "listed");
        assert_eq!(positions(&w.chat.conversations.get(a, conv).await.unwrap()), expected, "read alone");
        let members = w.chat.conversations.members(a, conv).await.unwrap();
        assert_eq!(positions(&Conversation { members, ..summary.conversation.clone() }), expected, "members");
    }
    assert_eq!(positions_of(&w.chat.flash_groups.get(c, flash).await.unwrap(), b), (2, 3), "the flash route");
}

fn positions_of(conversation: &Conversation, user: UserId) -> (i64, i64) {
    let member = conversation.member(user).unwrap();
    (member.read_seq, member.delivered_seq)
}

pub async fn search_finds_words_only_in_the_callers_conversations(w: World) {
    let (a, b, c) = (w.user("anna").await, w.user("bert").await, w.user("carl").await);
    let ab = w.direct(a, b).await;
    let bc = w.direct(b, c).await;
    w.send(a, ab, "the quarterly invoice is attached").await;
    w.send(b, bc, "another invoice for carl").await;
    w.send(a, ab, "lunch tomorrow?").await;
    let found = w.chat.messages.search(a, "invoice", None, None).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].conversation_id, ab);
    assert_eq!(w.chat.messages.search(b, "invoice", None, None).await.unwrap().len(), 2);
    assert_eq!(w.chat.messages.search(b, "invoice", Some(bc), None).await.unwrap().len(), 1);
    assert_eq!(w.chat.messages.search(a, "quarterly invoice", None, None).await.unwrap().len(), 1);
    assert!(w.chat.messages.search(a, "\"unbalanced OR *", None, None).await.unwrap().is_empty());
    assert_code(w.chat.messages.search(a, "  ", None, None).await, "bad_request");
}

pub async fn a_reply_must_point_into_the_same_conversation(w: World) {
    let (a, b, c) = (w.user("anna").await, w.user("bert").await, w.user("carl").await);
    let ab = w.direct(a, b).await;
    let ac = w.direct(a, c).await;
    let original = w.send(a, ab, "question?").await;
    let reply =
        SendMessage { content: Some("answer".into()), reply_to_id: Some(original.id), ..SendMessage::default() };
    let (stored, _) = w.chat.messages.send(b, ab, reply.clone()).await.unwrap();
    assert_eq!(stored.reply_to_id, Some(original.id));
    assert_code(w.chat.messages.send(a, ac, reply).await, "bad_request");
}

pub async fn conversations_are_listed_by_latest_activity_with_their_last_message(w: World) {
    let (a, b, c) = (w.user("anna").await, w.user("bert").await, w.user("carl").await);
    let ab = w.direct(a, b).await;
    let ac = w.direct(a, c).await;
    w.send(b, ab, "older").await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    w.send(c, ac, "newer").await;
    let list = w.chat.conversations.list(a).await.unwrap();
    assert_eq!(list.iter().map(|s| s.conversation.id).collect::<Vec<_>>(), vec![ac, ab]);
    assert_eq!(list[0].last_message.as_ref().unwrap().content, "newer");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    w.send(a, ab, "bump").await;
    let list = w.chat.conversations.list(a).await.unwrap();
    assert_eq!(list[0].conversation.id, ab);
    assert_eq!(list[0].conversation.last_seq, 2);
    assert_eq!(list[0].conversation.members.len(), 2);
}

pub async fn contacts_are_added_listed_and_removed(w: World) {
    let (a, b, c) = (w.user("anna").await, w.user("bert").await, w.user("carl").await);
    w.chat.contacts.add(a, c).await.unwrap();
    w.chat.contacts.add(a, b).await.unwrap();
    w.chat.contacts.add(a, b).await.expect("adding twice is fine");
    assert_code(w.chat.contacts.add(a, a).await, "bad_request");
    assert_code(w.chat.contacts.add(a, UserId::new()).await, "not_found");
    let page = w.chat.contacts.list(a, None, Some(1)).await.unwrap();
    assert_eq!(page.items.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), vec!["bert"]);
    assert!(page.items[0].email.is_none(), "contacts do not reveal emails");
    let next = w.chat.contacts.list(a, page.next_cursor.as_deref(), Some(1)).await.unwrap();
    assert_eq!(next.items[0].username, "carl");
    assert!(next.next_cursor.is_none());
    w.chat.contacts.remove(a, b).await.unwrap();
    assert_code(w.chat.contacts.remove(a, b).await, "not_found");
    let left = w.chat.contacts.list(a, None, None).await.unwrap();
    assert_eq!(left.items.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), vec!["carl"]);
}

pub async fn user_search_matches_prefixes_and_pages_with_a_cursor(w: World) {
    for name in ["alice", "alfred", "albert", "bob", "al_x"] {
        w.user(name).await;
    }
    let me = w.user("zed").await;
    assert_code(w.chat.users.search(me, "", None, None).await, "bad_request");
    assert_code(w.chat.users.search(me, " a ", None, None).await, "bad_request");
    let page = w.chat.users.search(me, "al", None, Some(2)).await.unwrap();
    assert_eq!(page.items.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), vec!["al_x", "albert"]);
    let next = w.chat.users.search(me, "AL", page.next_cursor.as_deref(), Some(2)).await.unwrap();
    assert_eq!(next.items.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), vec!["alfred", "alice"]);
    assert!(next.next_cursor.is_none());
    assert_eq!(w.chat.users.search(me, "al_", None, None).await.unwrap().items.len(), 1, "_ is not a wildcard");
    assert!(w.chat.users.search(me, "%%", None, None).await.unwrap().items.is_empty(), "% is not a wildcard");
}

pub async fn removing_a_member_publishes_the_event_and_removes_access(w: World) {
    let (owner, m) = (w.user("olga").await, w.user("mia").await);
    let conv = w.group(owner, &[m]).await;
    w.events.take();
    w.chat.conversations.remove_member(owner, conv, m).await.unwrap();
    let events = w.events.take();
    assert!(events.iter().any(|e| matches!(e, DomainEvent::MemberRemoved { user_id, .. } if *user_id == m)));
    assert_code(w.chat.messages.history(m, conv, None, None, None).await, "not_found");
    assert!(w.chat.conversations.ids_for(m).await.unwrap().is_empty());
    assert_eq!(w.chat.conversations.ids_for(owner).await.unwrap(), vec![conv]);
}

pub async fn deleting_a_group_needs_an_owner_and_removes_its_messages(w: World) {
    let (owner, m) = (w.user("olga").await, w.user("mia").await);
    let conv = w.group(owner, &[m]).await;
    let message = w.send(m, conv, "bye").await;
    assert_code(w.chat.conversations.delete(m, conv).await, "forbidden");
    w.chat.conversations.delete(owner, conv).await.unwrap();
    assert_code(w.chat.conversations.get(owner, conv).await, "not_found");
    assert_code(w.chat.messages.edit(m, message.id, "x").await, "not_found");
    assert!(w.chat.conversations.list(m).await.unwrap().is_empty());
}

pub async fn profile_updates_are_validated_and_email_stays_private(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let patch = ProfilePatch {
        display_name: Some("  Anna K.  ".into()),
        avatar_url: Some(Some("https://example.org/a.png".into())),
        bio: Some(Some("hello".into())),
        ..ProfilePatch::default()
    };
    let me = w.chat.users.update_me(a, patch).await.unwrap();
    assert_eq!(me.display_name, "Anna K.");
    assert_eq!(me.email.as_deref(), Some("anna@example.org"));
    let seen_by_b = w.chat.users.get(b, a).await.unwrap();
    assert_eq!(seen_by_b.bio.as_deref(), Some("hello"));
    assert!(seen_by_b.email.is_none());
    let clear = ProfilePatch { bio: Some(None), ..ProfilePatch::default() };
    assert!(w.chat.users.update_me(a, clear).await.unwrap().bio.is_none());
    let bad = ProfilePatch { avatar_url: Some(Some("javascript:alert(1)".into())), ..ProfilePatch::default() };
    assert_code(w.chat.users.update_me(a, bad).await, "bad_request");
    let empty = ProfilePatch { display_name: Some("   ".into()), ..ProfilePatch::default() };
    assert_code(w.chat.users.update_me(a, empty).await, "bad_request");
}

pub fn flash(name: &str, members: &[UserId], ttl_seconds: u64) -> CreateFlashGroup {
    CreateFlashGroup { name: name.into(), member_ids: members.to_vec(), ttl_seconds }
}

pub async fn a_flash_group_carries_messages_with_the_same_seq_idempotency_and_receipt_rules(w: World) {
    let (a, b, eve) = (w.user("anna").await, w.user("bert").await, w.user("eve").await);
    let group = w.chat.flash_groups.create(a, flash("lunch", &[b], 600)).await.unwrap();
    assert_eq!(group.kind, ConversationKind::Flash);
    assert_eq!(group.role_of(a), Some(Role::Owner));
    assert!(group.expires_at.unwrap() > group.created_at);
    let id = group.id;
    assert_eq!(w.chat.flash_groups.get(b, id).await.unwrap().id, id);
    assert_code(w.chat.flash_groups.get(eve, id).await, "not_found");
    assert_eq!(w.chat.flash_groups.list(b).await.unwrap().len(), 1);

    let sends = (0..20).map(|i| {
        let chat = w.chat.clone();
        let from = if i % 2 == 0 { a } else { b };
        tokio::spawn(async move {
            chat.messages.send(from, id, SendMessage { content: Some(format!("m{i}")), ..SendMessage::default() }).await
        })
    });
    for handle in sends.collect::<Vec<_>>() {
        handle.await.unwrap().unwrap();
    }
    let keyed = SendMessage { content: Some("once".into()), client_msg_id: Some("k".into()), ..SendMessage::default() };
    let (first, fresh) = w.chat.messages.send(a, id, keyed.clone()).await.unwrap();
    let (again, fresh_again) = w.chat.messages.send(a, id, keyed).await.unwrap();
    assert!(fresh && !fresh_again);
    assert_eq!(first, again);
    let page = w.chat.messages.history(b, id, None, Some(0), Some(100)).await.unwrap();
    assert_eq!(page.items.iter().map(|m| m.seq).collect::<Vec<_>>(), (1..=21).collect::<Vec<i64>>());
    assert_code(w.chat.messages.history(eve, id, None, None, None).await, "not_found");
    let send = SendMessage { content: Some("x".into()), ..SendMessage::default() };
    assert_code(w.chat.messages.send(eve, id, send).await, "not_found");
    // No per-message index: no replies and no search, said as such.
    let reply = SendMessage { content: Some("re".into()), reply_to_id: Some(first.id), ..SendMessage::default() };
    let refused = w.chat.messages.send(a, id, reply).await.unwrap_err();
    assert!(refused.to_string().contains("flash group"), "{refused}");
    let refused = w.chat.messages.search(a, "once", Some(id), None).await.unwrap_err();
    assert!(refused.to_string().contains("flash groups"), "{refused}");

    assert_eq!(w.chat.conversations.mark_read(b, id, 20).await.unwrap(), 20);
    let listed = w.chat.conversations.list(b).await.unwrap();
    let summary = listed.iter().find(|s| s.conversation.id == id).unwrap();
    assert_eq!((summary.read_seq, summary.unread_count), (20, 1));
    assert_eq!(summary.conversation.expires_at, group.expires_at);
    assert!(w.chat.conversations.ids_for(b).await.unwrap().contains(&id));
}

pub async fn a_flash_group_ttl_is_checked_at_its_bounds_and_the_group_cannot_be_changed(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    assert_code(w.chat.flash_groups.create(a, flash("x", &[b], 0)).await, "bad_request");
    assert_code(w.chat.flash_groups.create(a, flash("x", &[b], 7 * 24 * 3600 + 1)).await, "bad_request");
    w.chat.flash_groups.create(a, flash("x", &[b], 7 * 24 * 3600)).await.expect("the maximum is allowed");
    let group = w.chat.flash_groups.create(a, flash("x", &[b], 1)).await.expect("the minimum is allowed");
    assert_code(w.chat.flash_groups.create(a, flash("  ", &[b], 60)).await, "bad_request");
    assert_code(w.chat.flash_groups.create(a, flash("x", &[UserId::new()], 60)).await, "bad_request");
    let patch = ConversationPatch { name: Some("renamed".into()), ..ConversationPatch::default() };
    assert_code(w.chat.conversations.update(a, group.id, patch).await, "conflict");
    let c = w.user("carl").await;
    assert_code(w.chat.conversations.add_member(a, group.id, c, None).await, "conflict");
    assert_code(w.chat.conversations.remove_member(a, group.id, b).await, "conflict");
}

pub async fn an_expired_flash_group_is_announced_once_and_answers_nothing_afterwards(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let group = w.chat.flash_groups.create(a, flash("brief", &[b], 1)).await.unwrap();
    w.send(a, group.id, "quick").await;
    w.events.take();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while w.chat.flash_groups.announce_expired().await.unwrap() == 0 {
        assert!(std::time::Instant::now() < deadline, "the group never expired");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(crate::world::now() >= group.expires_at.unwrap());
    let events = w.events.take();
    assert_eq!(events, vec![DomainEvent::FlashGroupExpired { conversation_id: group.id, member_ids: vec![a, b] }]);
    assert_eq!(w.chat.flash_groups.announce_expired().await.unwrap(), 0, "announced once");
    assert_code(w.chat.flash_groups.get(a, group.id).await, "not_found");
    assert_code(w.chat.messages.history(a, group.id, None, None, None).await, "not_found");
    let send = SendMessage { content: Some("late".into()), ..SendMessage::default() };
    assert_code(w.chat.messages.send(a, group.id, send).await, "not_found");
    assert!(w.chat.flash_groups.list(a).await.unwrap().is_empty());
    assert!(w.chat.conversations.list(b).await.unwrap().is_empty());
}
