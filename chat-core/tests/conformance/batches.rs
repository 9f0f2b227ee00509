//! The batching message writer and `append_messages`: seqs, idempotency and membership decided
//! per message inside one batch, and events in seq order.

use crate::world::World;
use chat_core::{
    ConversationId, CoreError, DomainEvent, MessageId, UserId,
    message::{ClientMsgId, MessageKind, NewMessage, SendMessage},
};
use std::collections::BTreeMap;

fn new_message(conversation: ConversationId, sender: UserId, key: Option<&str>) -> NewMessage {
    NewMessage {
        id: MessageId::new(),
        conversation_id: conversation,
        sender_id: sender,
        kind: MessageKind::Text,
        content: "batched".into(),
        attachments: Vec::new(),
        client_msg_id: key.map(|k| ClientMsgId::parse(k).unwrap()),
        reply_to_id: None,
        created_at: crate::world::now(),
    }
}

pub async fn two_hundred_concurrent_sends_into_five_conversations_get_seqs_one_to_forty_each_announced_in_order(
    w: World,
) {
    let owner = w.user("olga").await;
    let mut members = Vec::new();
    for i in 0..4 {
        members.push(w.user(&format!("sender{i}")).await);
    }
    let mut conversations = Vec::new();
    for _ in 0..5 {
        conversations.push(w.group(owner, &members).await);
    }
    w.events.take();
    let senders: Vec<UserId> = std::iter::once(owner).chain(members.iter().copied()).collect();
    let sends: Vec<_> = (0..200)
        .map(|i| {
            let chat = w.chat.clone();
            let (from, to) = (senders[i % senders.len()], conversations[i % conversations.len()]);
            tokio::spawn(async move {
                let request = SendMessage { content: Some(format!("message {i}")), ..SendMessage::default() };
                chat.messages.send(from, to, request).await.map(|(m, _)| (to, m.seq))
            })
        })
        .collect();
    let mut seqs: BTreeMap<ConversationId, Vec<i64>> = BTreeMap::new();
    for handle in sends {
        let (to, seq) = handle.await.unwrap().unwrap();
        seqs.entry(to).or_default().push(seq);
    }
    for conversation in &conversations {
        let mut got = seqs.remove(conversation).unwrap();
        got.sort_unstable();
        assert_eq!(got, (1..=40).collect::<Vec<i64>>());
        let page = w.chat.messages.history(owner, *conversation, None, None, Some(100)).await.unwrap();
        assert_eq!(page.items.iter().map(|m| m.seq).collect::<Vec<_>>(), (1..=40).collect::<Vec<i64>>());
    }
    let mut announced: BTreeMap<ConversationId, Vec<i64>> = BTreeMap::new();
    for event in w.events.take() {
        if let DomainEvent::MessageCreated(m) = event {
            announced.entry(m.conversation_id).or_default().push(m.seq);
        }
    }
    for conversation in &conversations {
        assert_eq!(announced[conversation], (1..=40).collect::<Vec<i64>>(), "announced once each, in seq order");
    }
}

pub async fn the_same_client_msg_id_inside_one_batch_and_across_batches_stores_one_message(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    let batch =
        vec![new_message(conv, a, Some("k1")), new_message(conv, a, Some("k1")), new_message(conv, b, Some("k1"))];
    let out: Vec<_> = w.stores.messages.append_messages(batch).await.into_iter().map(Result::unwrap).collect();
    assert!(out[0].1, "the first of the batch is stored");
    assert_eq!((out[1].0.id, out[1].1), (out[0].0.id, false), "the second replays the first");
    assert!(out[2].1, "the key is per sender");
    assert_eq!((out[0].0.seq, out[2].0.seq), (1, 2), "a replay takes no seq");
    let again = w.stores.messages.append_messages(vec![new_message(conv, a, Some("k1"))]).await;
    let (replayed, fresh) = again.into_iter().next().unwrap().unwrap();
    assert_eq!((replayed.id, fresh), (out[0].0.id, false));
    assert_eq!(w.chat.messages.history(a, conv, None, None, None).await.unwrap().items.len(), 2);
}

pub async fn a_message_of_a_non_member_fails_alone_and_the_rest_of_its_batch_commits(w: World) {
    let (a, b, stranger) = (w.user("anna").await, w.user("bert").await, w.user("stan").await);
    let conv = w.direct(a, b).await;
    let batch = vec![
        new_message(conv, a, None),
        new_message(conv, stranger, None),
        new_message(ConversationId::new(), a, None),
        new_message(conv, b, None),
    ];
    let out = w.stores.messages.append_messages(batch).await;
    assert_eq!(out.len(), 4);
    assert_eq!(out[0].as_ref().unwrap().0.seq, 1);
    assert!(matches!(out[1], Err(CoreError::NotFound("conversation"))), "{:?}", out[1]);
    assert!(matches!(out[2], Err(CoreError::NotFound("conversation"))), "{:?}", out[2]);
    assert_eq!(out[3].as_ref().unwrap().0.seq, 2, "no gap where a message failed");
}

pub async fn a_member_whose_removal_was_acknowledged_can_no_longer_send_through_any_instance(w: World) {
    let (owner, m) = (w.user("olga").await, w.user("mia").await);
    let conv = w.group(owner, &[m]).await;
    // A second instance over the same stores, whose cache saw the membership before the removal.
    let other = World::new(w.stores.clone());
    w.send(m, conv, "before").await;
    other.send(m, conv, "before, elsewhere").await;
    w.chat.conversations.remove_member(owner, conv, m).await.unwrap();
    let request = || SendMessage { content: Some("after".into()), ..SendMessage::default() };
    let here = w.chat.messages.send(m, conv, request()).await;
    assert!(matches!(here, Err(CoreError::NotFound(_))), "{here:?}");
    let elsewhere = other.chat.messages.send(m, conv, request()).await;
    assert!(matches!(elsewhere, Err(CoreError::NotFound(_))), "{elsewhere:?}");
    assert_eq!(w.chat.conversations.get(owner, conv).await.unwrap().last_seq, 2);
}

pub async fn delivered_receipts_are_coalesced_and_never_move_back_or_past_the_last_seq(w: World) {
    let (a, b) = (w.user("anna").await, w.user("bert").await);
    let conv = w.direct(a, b).await;
    for i in 0..20 {
        w.send(a, conv, &format!("m{i}")).await;
    }
    w.events.take();
    let receipts: Vec<_> = (1..=21i64)
        .map(|i| {
            let chat = w.chat.clone();
            // The last one asks past the end.
            let seq = if i == 21 { 99 } else { i };
            tokio::spawn(async move { (seq, chat.conversations.mark_delivered(b, conv, seq).await.unwrap()) })
        })
        .collect();
    for receipt in receipts {
        let (asked, written) = receipt.await.unwrap();
        assert!(written >= asked.min(20) && written <= 20, "asked {asked}, written {written}");
    }
    let announced: Vec<i64> = w
        .events
        .take()
        .into_iter()
        .filter_map(|e| match e {
            DomainEvent::MessagesDelivered { seq, user_id, .. } if user_id == b => Some(seq),
            _ => None,
        })
        .collect();
    assert!(announced.len() < 21, "receipts were coalesced: {announced:?}");
    assert!(announced.windows(2).all(|w| w[0] < w[1]), "announced positions only grow: {announced:?}");
    assert_eq!(announced.last(), Some(&20));
    assert_eq!(w.chat.conversations.mark_delivered(b, conv, 3).await.unwrap(), 20, "never backwards");
}
