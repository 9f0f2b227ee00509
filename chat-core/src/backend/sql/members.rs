//! The members of many conversations at once, for each committed batch of messages
//! ([`crate::conversation::ConversationStore::members_of`]).
//!
//! On PostgreSQL one `= ANY($1)` query. On SQLite the database runs on the server's own core, so
//! member lists are cached: the file has one writer, this process, and every change of
//! membership goes through this backend, which forgets the conversations it changes. A
//! generation counter keeps a read that raced a change from being cached.

use super::{SqlBackend, db_err, entities::conversation_members as members, sqlx_err, user::IN_CHUNK};
use crate::{ConversationId, CoreResult, UserId};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect};
use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
};
use uuid::Uuid;

/// Conversations cached at most; past it the cache starts over.
const CAPACITY: usize = 100_000;

/// Member lists by conversation (SQLite only).
#[derive(Debug, Default)]
pub(super) struct MemberLists {
    lists: Mutex<HashMap<Uuid, Arc<[Uuid]>>>,
    generation: AtomicU64,
}

impl MemberLists {
    fn lists(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Arc<[Uuid]>>> {
        self.lists.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets a conversation whose members changed (after the change committed).
    pub(super) fn forget(&self, id: ConversationId) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.lists().remove(&id.0);
    }

    /// Forgets everything (an account left every conversation at once).
    pub(super) fn forget_all(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.lists().clear();
    }
}

impl SqlBackend {
    pub(super) async fn members_of_many(&self, ids: &[ConversationId]) -> CoreResult<Vec<(ConversationId, UserId)>> {
        if self.backend() == DbBackend::Postgres {
            let ids: Vec<Uuid> = ids.iter().map(|c| c.0).collect();
            let rows: Vec<(Uuid, Uuid)> = sea_orm::sqlx::query_as(
                "SELECT conversation_id, user_id FROM conversation_members WHERE conversation_id = ANY($1)",
            )
            .bind(ids)
            .fetch_all(self.point.get_postgres_connection_pool())
            .await
            .map_err(sqlx_err)?;
            return Ok(rows.into_iter().map(|(c, u)| (ConversationId(c), UserId(u))).collect());
        }
        let mut pairs = Vec::new();
        let mut missing = Vec::new();
        {
            let lists = self.member_lists.lists();
            for id in ids {
                match lists.get(&id.0) {
                    Some(list) => pairs.extend(list.iter().map(|u| (*id, UserId(*u)))),
                    None => missing.push(id.0),
                }
            }
        }
        let generation = self.member_lists.generation.load(Ordering::SeqCst);
        let mut read: HashMap<Uuid, Vec<Uuid>> = missing.iter().map(|id| (*id, Vec::new())).collect();
        for chunk in missing.chunks(IN_CHUNK) {
            let rows: Vec<(Uuid, Uuid)> = members::Entity::find()
                .select_only()
                .columns([members::Column::ConversationId, members::Column::UserId])
                .filter(members::Column::ConversationId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(&self.point)
                .await
                .map_err(db_err)?;
            for (conversation, user) in rows {
                read.entry(conversation).or_default().push(user);
            }
        }
        let mut lists = self.member_lists.lists();
        let fresh = self.member_lists.generation.load(Ordering::SeqCst) == generation;
        if lists.len() + read.len() > CAPACITY {
            lists.clear();
        }
        for (conversation, users) in read {
            pairs.extend(users.iter().map(|u| (ConversationId(conversation), UserId(*u))));
            // A conversation that does not exist (any more) has no members and is not cached.
            if fresh && !users.is_empty() {
                lists.insert(conversation, users.into());
            }
        }
        Ok(pairs)
    }
}
