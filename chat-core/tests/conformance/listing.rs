//! The conversation list, page by page: most recently active first, flash groups merged in, no
//! conversation twice or missed at a page boundary.

use crate::world::World;
use chat_core::{ConversationId, CoreError, flash_group::CreateFlashGroup};

pub async fn the_conversation_list_pages_most_recent_first_with_flash_groups_merged(w: World) {
    let (ann, bob) = (w.user("ann").await, w.user("bob").await);
    let mut groups = Vec::new();
    for _ in 0..6 {
        groups.push(w.group(ann, &[bob]).await);
    }
    let flash = CreateFlashGroup { name: "f".into(), member_ids: vec![bob], ttl_seconds: 600 };
    let flash = w.chat.flash_groups.create(ann, flash).await.unwrap().id;
    w.send(bob, groups[1], "bump").await;
    w.send(ann, flash, "flash bump").await;
    w.send(bob, groups[4], "latest").await;

    let mut paged: Vec<ConversationId> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = w.chat.conversations.list_page(ann, cursor.as_deref(), Some(3)).await.unwrap();
        assert!(page.items.len() <= 3);
        paged.extend(page.items.iter().map(|s| s.conversation.id));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let whole: Vec<ConversationId> =
        w.chat.conversations.list(ann).await.unwrap().iter().map(|s| s.conversation.id).collect();
    assert_eq!(paged, whole, "pages give the whole list, in order");
    assert_eq!(whole.len(), 7);
    assert_eq!(&whole[..3], &[groups[4], flash, groups[1]], "most recently active first");
    let rest: Vec<ConversationId> = [5, 3, 2, 0].iter().map(|i| groups[*i]).collect();
    assert_eq!(&whole[3..], &rest[..], "then by creation, newest first");

    let bad = w.chat.conversations.list_page(ann, Some("yesterday"), None).await;
    assert!(matches!(bad, Err(CoreError::BadRequest { field: Some("cursor"), .. })), "{bad:?}");
    assert_eq!(w.chat.conversations.recent_ids(ann, 2).await.unwrap(), vec![groups[4], flash]);
}
