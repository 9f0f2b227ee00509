//! Flash-group store scenarios.

use crate::backends::Backend;
use chat_core::{
    ConversationId, CoreError, MessageId, UserId,
    conversation::{Conversation, ConversationKind, Member, Role},
    flash_group::FlashGroupStore,
    message::{ClientMsgId, Message, MessageKind, NewMessage, PageQuery},
    time,
};
use chrono::{DateTime, Utc};
use fred::prelude::KeysInterface;
use std::{collections::HashSet, sync::Arc, time::Duration};
use tokio::task::JoinSet;

const KEEP: u64 = 1000;

/// A flash group owned by `owner` with `members`, expiring after `ttl`.
pub fn group(owner: UserId, members: &[UserId], ttl: Duration) -> Conversation {
    let now = time::now();
    let mut all = vec![Member::new(owner, Role::Owner)];
    all.extend(members.iter().map(|&user_id| Member::new(user_id, Role::Member)));
    Conversation {
        id: ConversationId::new(),
        kind: ConversationKind::Flash,
        name: Some("flash".to_owned()),
        description: None,
        avatar_url: None,
        created_by: owner,
        created_at: now,
        members: all,
        last_seq: 0,
        expires_at: Some(now + chrono::Duration::from_std(ttl).unwrap()),
    }
}

pub fn message(group: ConversationId, sender: UserId, client_msg_id: Option<&str>) -> NewMessage {
    NewMessage {
        id: MessageId::new(),
        conversation_id: group,
        sender_id: sender,
        kind: MessageKind::Text,
        content: "hello \"seq\":0, {}".to_owned(),
        attachments: Vec::new(),
        client_msg_id: client_msg_id.map(|k| ClientMsgId::parse(k).unwrap()),
        reply_to_id: None,
        created_at: time::now(),
    }
}

pub async fn send(store: &dyn FlashGroupStore, group: ConversationId, sender: UserId) -> Message {
    store.append_flash_message(message(group, sender, None), KEEP).await.unwrap().0
}

fn sorted(mut members: Vec<Member>) -> Vec<Member> {
    members.sort_by_key(|m| m.user_id);
    members
}

fn seqs(messages: &[Message]) -> Vec<i64> {
    messages.iter().map(|m| m.seq).collect()
}

fn page(before_seq: Option<i64>, after_seq: Option<i64>, limit: u64) -> PageQuery {
    PageQuery { before_seq, after_seq, limit }
}

pub async fn creating_a_group_stores_it_with_its_members_and_lists_it_for_each_member(b: &Backend) {
    let (owner, member, stranger) = (UserId::new(), UserId::new(), UserId::new());
    let created = group(owner, &[member], Duration::from_secs(60));
    b.flash.create_flash_group(created.clone()).await.unwrap();

    let read = b.flash_other.flash_group(created.id).await.unwrap().unwrap();
    assert_eq!(sorted(read.members.clone()), sorted(created.members.clone()));
    assert_eq!(Conversation { members: Vec::new(), ..read }, Conversation { members: Vec::new(), ..created.clone() });
    assert_eq!(b.flash.flash_group(ConversationId::new()).await.unwrap(), None);

    assert_eq!(b.flash.flash_groups_for_user(owner).await.unwrap(), vec![created.id]);
    assert_eq!(b.flash.flash_groups_for_user(member).await.unwrap(), vec![created.id]);
    assert!(b.flash.flash_groups_for_user(stranger).await.unwrap().is_empty());

    let state = b.flash.flash_member_state(created.id, member).await.unwrap().unwrap();
    assert_eq!((state.role, state.read_seq, state.delivered_seq), (Role::Member, 0, 0));
    assert_eq!(b.flash.flash_member_state(created.id, owner).await.unwrap().unwrap().role, Role::Owner);
    assert_eq!(b.flash.flash_member_state(created.id, stranger).await.unwrap(), None);

    let summary = b.flash.flash_summary(created.id, member).await.unwrap().unwrap();
    assert_eq!((summary.last_message, summary.unread_count, summary.read_seq), (None, 0, 0));
    assert_eq!(b.flash.flash_summary(created.id, stranger).await.unwrap(), None);

    let sent = send(&*b.flash, created.id, owner).await;
    let summary = b.flash_other.flash_summary(created.id, member).await.unwrap().unwrap();
    assert_eq!((summary.last_message, summary.unread_count), (Some(sent.clone()), 1));
    assert_eq!(summary.conversation.last_seq, 1);
    // The sender's own messages are never unread.
    assert_eq!(b.flash.flash_summary(created.id, owner).await.unwrap().unwrap().unread_count, 0);
    // What is stored is what the append returned, JSON-looking content included.
    assert_eq!(b.flash.flash_history(created.id, page(None, None, 10)).await.unwrap().items, vec![sent]);

    // A user's index lives as long as their longest-lived group, and lists the live ones.
    let later = group(owner, &[], Duration::from_secs(120));
    let sooner = group(owner, &[], Duration::from_secs(30));
    b.flash.create_flash_group(later.clone()).await.unwrap();
    b.flash.create_flash_group(sooner.clone()).await.unwrap();
    let mut listed = b.flash_other.flash_groups_for_user(owner).await.unwrap();
    listed.sort_unstable();
    let mut expected = vec![created.id, later.id, sooner.id];
    expected.sort_unstable();
    assert_eq!(listed, expected);
    if let Some(r) = &b.redis {
        let index = format!("{}user:{owner}:flash", r.prefix());
        let at: i64 = r.client().pexpire_time(index).await.unwrap();
        assert_eq!(at, redis_millis(later.expires_at.unwrap()));
    }
}

pub async fn fifty_concurrent_appends_get_seqs_one_to_fifty_without_gaps(b: &Backend) {
    let owner = UserId::new();
    let created = group(owner, &[], Duration::from_secs(60));
    b.flash.create_flash_group(created.clone()).await.unwrap();
    let mut tasks = JoinSet::new();
    for i in 0..50 {
        // Half through each instance, as if two server processes shared the group.
        let store = if i % 2 == 0 { b.flash.clone() } else { b.flash_other.clone() };
        tasks.spawn(async move { send(&*store, created.id, owner).await.seq });
    }
    let mut got: Vec<i64> = tasks.join_all().await;
    got.sort_unstable();
    assert_eq!(got, (1..=50).collect::<Vec<_>>());
    assert_eq!(b.flash.flash_group(created.id).await.unwrap().unwrap().last_seq, 50);
    let history = b.flash.flash_history(created.id, page(None, None, 100)).await.unwrap();
    assert_eq!(seqs(&history.items), (1..=50).collect::<Vec<_>>());
    assert!(!history.has_more);
}

pub async fn the_same_client_msg_id_sent_ten_times_concurrently_stores_one_message(b: &Backend) {
    let (owner, other) = (UserId::new(), UserId::new());
    let created = group(owner, &[other], Duration::from_secs(60));
    b.flash.create_flash_group(created.clone()).await.unwrap();
    let mut tasks = JoinSet::new();
    for i in 0..10 {
        let store = if i % 2 == 0 { b.flash.clone() } else { b.flash_other.clone() };
        tasks.spawn(async move {
            store.append_flash_message(message(created.id, owner, Some("same-key")), KEEP).await.unwrap()
        });
    }
    let results = tasks.join_all().await;
    assert_eq!(results.iter().filter(|(_, created)| *created).count(), 1);
    let stored = &results.iter().find(|(_, created)| *created).unwrap().0;
    assert!(results.iter().all(|(m, _)| m == stored));
    assert_eq!(stored.seq, 1);
    // The key is the sender's: another sender with the same key stores a message of their own.
    let (theirs, new) = b.flash.append_flash_message(message(created.id, other, Some("same-key")), KEEP).await.unwrap();
    assert!(new);
    assert_eq!(theirs.seq, 2);
    let history = b.flash.flash_history(created.id, page(None, None, 10)).await.unwrap();
    assert_eq!(seqs(&history.items), vec![1, 2]);
}

pub async fn history_pages_backwards_and_forwards_in_ascending_order(b: &Backend) {
    let owner = UserId::new();
    let created = group(owner, &[], Duration::from_secs(60));
    b.flash.create_flash_group(created.clone()).await.unwrap();
    for _ in 0..25 {
        send(&*b.flash, created.id, owner).await;
    }
    let cases: [(PageQuery, Vec<i64>, bool); 9] = [
        (page(None, None, 10), (16..=25).collect(), true),
        (page(Some(16), None, 10), (6..=15).collect(), true),
        (page(Some(6), None, 10), (1..=5).collect(), false),
        (page(None, Some(0), 10), (1..=10).collect(), true),
        (page(None, Some(10), 10), (11..=20).collect(), true),
        (page(None, Some(20), 10), (21..=25).collect(), false),
        (page(Some(9), Some(5), 10), vec![6, 7, 8], false),
        (page(None, Some(25), 10), vec![], false),
        (page(None, None, 25), (1..=25).collect(), false),
    ];
    for (query, expected, more) in cases {
        let got = b.flash_other.flash_history(created.id, query).await.unwrap();
        assert_eq!((seqs(&got.items), got.has_more), (expected, more), "{query:?}");
    }
    let unknown = b.flash.flash_history(ConversationId::new(), page(None, None, 10)).await.unwrap();
    assert_eq!((unknown.items.len(), unknown.has_more), (0, false));
}

pub async fn only_the_newest_keep_messages_are_kept(b: &Backend) {
    let owner = UserId::new();
    let created = group(owner, &[], Duration::from_secs(60));
    b.flash.create_flash_group(created.clone()).await.unwrap();
    for i in 1..=12 {
        let key = format!("key-{i}");
        b.flash.append_flash_message(message(created.id, owner, Some(&key)), 5).await.unwrap();
    }
    let history = b.flash.flash_history(created.id, page(None, None, 100)).await.unwrap();
    assert_eq!((seqs(&history.items), history.has_more), ((8..=12).collect(), false));
    let older = b.flash.flash_history(created.id, page(Some(8), None, 100)).await.unwrap();
    assert_eq!((older.items.len(), older.has_more), (0, false));
    assert_eq!(b.flash.flash_group(created.id).await.unwrap().unwrap().last_seq, 12);

    // A replay of a kept message answers it; one whose message was dropped is refused, not
    // stored a second time.
    let (kept, new) = b.flash.append_flash_message(message(created.id, owner, Some("key-10")), 5).await.unwrap();
    assert_eq!((kept.seq, new), (10, false));
    let dropped = b.flash.append_flash_message(message(created.id, owner, Some("key-1")), 5).await;
    assert!(matches!(dropped, Err(CoreError::Conflict(_))), "{dropped:?}");
    let history = b.flash.flash_history(created.id, page(None, None, 100)).await.unwrap();
    assert_eq!(seqs(&history.items), (8..=12).collect::<Vec<_>>());
}

pub async fn read_and_delivered_positions_never_move_back_or_past_the_last_seq(b: &Backend) {
    let (owner, member, stranger) = (UserId::new(), UserId::new(), UserId::new());
    let created = group(owner, &[member], Duration::from_secs(60));
    b.flash.create_flash_group(created.clone()).await.unwrap();
    for _ in 0..5 {
        send(&*b.flash, created.id, owner).await;
    }
    let s = &b.flash_other;
    assert_eq!(s.advance_flash_read(created.id, member, 3).await.unwrap(), 3);
    assert_eq!(b.flash.flash_summary(created.id, member).await.unwrap().unwrap().unread_count, 2);
    assert_eq!(s.advance_flash_read(created.id, member, 2).await.unwrap(), 3);
    assert_eq!(s.advance_flash_read(created.id, member, 99).await.unwrap(), 5);
    assert_eq!(s.advance_flash_delivered(created.id, member, 4).await.unwrap(), 4);
    assert_eq!(s.advance_flash_delivered(created.id, member, 1).await.unwrap(), 4);
    assert_eq!(s.advance_flash_delivered(created.id, member, i64::MAX).await.unwrap(), 5);
    let state = b.flash.flash_member_state(created.id, member).await.unwrap().unwrap();
    assert_eq!((state.read_seq, state.delivered_seq), (5, 5));
    let summary = b.flash.flash_summary(created.id, member).await.unwrap().unwrap();
    assert_eq!((summary.read_seq, summary.unread_count), (5, 0));
    // The owner's positions did not move with the member's.
    let state = b.flash.flash_member_state(created.id, owner).await.unwrap().unwrap();
    assert_eq!((state.read_seq, state.delivered_seq), (0, 0));
    // The group as every member sees it lists everyone's positions.
    let positions = |c: &Conversation| -> HashSet<_> {
        c.members.iter().map(|m| (m.user_id, m.read_seq, m.delivered_seq)).collect()
    };
    let expected = [(owner, 0, 0), (member, 5, 5)].into();
    assert_eq!(positions(&b.flash_other.flash_group(created.id).await.unwrap().unwrap()), expected);
    assert_eq!(positions(&summary.conversation), expected);

    let not_member = s.advance_flash_read(created.id, stranger, 1).await;
    assert!(matches!(not_member, Err(CoreError::NotFound(_))), "{not_member:?}");
    let unknown = s.advance_flash_delivered(ConversationId::new(), member, 1).await;
    assert!(matches!(unknown, Err(CoreError::NotFound(_))), "{unknown:?}");
}

pub async fn an_expired_group_reads_as_gone_and_is_announced_once_across_instances(b: &Backend) {
    let (owner, member) = (UserId::new(), UserId::new());
    let created = group(owner, &[member], Duration::from_millis(1500));
    let expires_at = created.expires_at.unwrap();
    b.flash.create_flash_group(created.clone()).await.unwrap();
    send(&*b.flash, created.id, owner).await;
    b.flash.advance_flash_read(created.id, member, 1).await.unwrap();
    assert!(b.flash.flash_group(created.id).await.unwrap().is_some());
    assert!(b.flash.claim_expired(time::now()).await.unwrap().is_empty(), "claimed before expiry");
    if b.redis.is_some() {
        assert!(b.keys().await.iter().any(|k| k.contains(&created.id.to_string())));
    }

    // Reads: gone as soon as the expiry passes, whether or not anything was claimed.
    let id = created.id;
    let gone_at = poll_until(expires_at, "reads to answer gone", || async move {
        b.flash_other.flash_group(id).await.unwrap().is_none()
    })
    .await;
    assert!(gone_at >= expires_at, "gone {} ms early", (expires_at - gone_at).num_milliseconds());
    assert_gone(&*b.flash, created.id, member).await;

    // Claims: both instances ask at once, again and again; exactly one gets the group, once.
    let claimed: Arc<std::sync::Mutex<Vec<_>>> = Arc::default();
    let claims = &claimed;
    let claimed_at = poll_until(expires_at, "a claim", || async move {
        let now = time::now();
        let (one, other) = tokio::join!(b.flash.claim_expired(now), b.flash_other.claim_expired(now));
        let mut claims = claims.lock().unwrap();
        claims.extend(one.unwrap());
        claims.extend(other.unwrap());
        !claims.is_empty()
    })
    .await;
    for _ in 0..3 {
        let (one, other) = tokio::join!(b.flash.claim_expired(time::now()), b.flash_other.claim_expired(time::now()));
        assert!(one.unwrap().is_empty() && other.unwrap().is_empty(), "claimed twice");
    }
    let claimed = claimed.lock().unwrap().clone();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].id, created.id);
    let mut members = claimed[0].member_ids.clone();
    members.sort_unstable();
    let mut expected = vec![owner, member];
    expected.sort_unstable();
    assert_eq!(members, expected);
    eprintln!(
        "expiry: reads gone {} ms and claimed {} ms after expiresAt",
        (gone_at - expires_at).num_milliseconds(),
        (claimed_at - expires_at).num_milliseconds()
    );
    assert!(claimed_at - expires_at < chrono::Duration::seconds(2));

    assert_gone(&*b.flash_other, created.id, member).await;
    // Nothing of the group (nor of this test) is left in Redis: no key waits for a cleanup job.
    assert_eq!(b.keys().await, Vec::<String>::new());
}

/// Every read answers as if the group never existed.
async fn assert_gone(store: &dyn FlashGroupStore, id: ConversationId, member: UserId) {
    assert_eq!(store.flash_group(id).await.unwrap(), None);
    assert_eq!(store.flash_member_state(id, member).await.unwrap(), None);
    assert_eq!(store.flash_summary(id, member).await.unwrap(), None);
    assert!(store.flash_groups_for_user(member).await.unwrap().is_empty());
    let history = store.flash_history(id, page(None, None, 10)).await.unwrap();
    assert!(history.items.is_empty() && !history.has_more);
    let append = store.append_flash_message(message(id, member, None), KEEP).await;
    assert!(matches!(append, Err(CoreError::NotFound(_))), "{append:?}");
    let read = store.advance_flash_read(id, member, 1).await;
    assert!(matches!(read, Err(CoreError::NotFound(_))), "{read:?}");
}

pub async fn appends_do_not_extend_a_groups_life(b: &Backend) {
    let owner = UserId::new();
    let long = group(owner, &[], Duration::from_secs(60));
    b.flash.create_flash_group(long.clone()).await.unwrap();
    let key = |suffix: &str| b.redis.as_ref().map(|r| format!("{}flash:{{{}}}:{suffix}", r.prefix(), long.id));
    let key = &key;
    let pttl = || async move {
        let r = b.redis.as_ref()?;
        Some(r.client().pttl::<i64, _>(key("meta")?).await.unwrap())
    };
    let before = pttl().await;
    for _ in 0..5 {
        send(&*b.flash, long.id, owner).await;
    }
    assert_eq!(b.flash.flash_group(long.id).await.unwrap().unwrap().expires_at, long.expires_at);
    if let Some(r) = &b.redis {
        let (before, after) = (before.unwrap(), pttl().await.unwrap());
        assert!(0 < after && after <= before, "PTTL {before} → {after}");
        // Every key of the group dies at the same instant: the group's expiry, to the ms.
        for suffix in ["meta", "members", "messages"] {
            let at: i64 = r.client().pexpire_time(key(suffix).unwrap()).await.unwrap();
            assert_eq!(at, redis_millis(long.expires_at.unwrap()), "{suffix}");
        }
    }

    // A group that keeps receiving messages still dies on time.
    let short = group(owner, &[], Duration::from_millis(1000));
    let expires_at = short.expires_at.unwrap();
    b.flash.create_flash_group(short.clone()).await.unwrap();
    let id = short.id;
    let refused_at = poll_until(expires_at, "an append to be refused", || async move {
        match b.flash_other.append_flash_message(message(id, owner, None), KEEP).await {
            Ok(_) => false,
            Err(CoreError::NotFound(_)) => true,
            Err(e) => panic!("{e}"),
        }
    })
    .await;
    assert!(refused_at >= expires_at);
    eprintln!("appends refused {} ms after expiresAt", (refused_at - expires_at).num_milliseconds());
}

/// The millisecond Redis expires a key meant to live until `at`: rounded up, never before `at`.
pub fn redis_millis(at: DateTime<Utc>) -> i64 {
    (at.timestamp_micros() + 999) / 1000
}

/// Polls `done` every 10 ms until it answers true, at most 3 s past `expected`; returns when.
pub async fn poll_until<F, Fut>(expected: DateTime<Utc>, what: &str, mut done: F) -> DateTime<Utc>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = expected + chrono::Duration::seconds(3);
    loop {
        // The time after the probe: whatever it saw, it saw no later than this.
        let answered = done().await;
        let now = time::now();
        if answered {
            return now;
        }
        assert!(now < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
