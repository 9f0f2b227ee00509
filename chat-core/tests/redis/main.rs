//! Conformance suite of the flash-group and presence stores, run against the memory reference and
//! against Redis when `CHAT_TEST_REDIS_URL` is set (each test under a key prefix of its own); under
//! `CI=true` its absence fails the Redis tests instead of skipping them.
//!
//! Time-based scenarios use real, short TTLs (1–2 s) and poll with a deadline. Run with
//! `--nocapture` to see the measured expiry and sweep latencies.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod backends;
mod durability;
mod flash;
mod presence;
mod reactions;

macro_rules! suite {
    (
        both: [$($module:ident :: $scenario:ident),* $(,)?],
        redis_only: [$($redis_module:ident :: $redis_scenario:ident),* $(,)?] $(,)?
    ) => {
        mod memory {
            suite!(@tests memory; $($module :: $scenario),*);
        }
        mod redis {
            suite!(@tests redis; $($module :: $scenario,)* $($redis_module :: $redis_scenario),*);
        }
    };
    (@tests $backend:ident; $($module:ident :: $scenario:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $scenario() {
                let Some(backend) = crate::backends::$backend().await else { return };
                let backend = std::sync::Arc::new(backend);
                // In a task of its own, so that a failing scenario still cleans up its keys.
                let run = tokio::spawn({
                    let backend = backend.clone();
                    async move { crate::$module::$scenario(&backend).await }
                });
                let outcome = run.await;
                backend.cleanup().await;
                if let Err(failure) = outcome {
                    std::panic::resume_unwind(failure.into_panic());
                }
            }
        )*
    };
}

suite!(
    both: [
        flash::creating_a_group_stores_it_with_its_members_and_lists_it_for_each_member,
        flash::fifty_concurrent_appends_get_seqs_one_to_fifty_without_gaps,
        flash::the_same_client_msg_id_sent_ten_times_concurrently_stores_one_message,
        flash::history_pages_backwards_and_forwards_in_ascending_order,
        flash::only_the_newest_keep_messages_are_kept,
        flash::read_and_delivered_positions_never_move_back_or_past_the_last_seq,
        flash::an_expired_group_reads_as_gone_and_is_announced_once_across_instances,
        flash::appends_do_not_extend_a_groups_life,
        reactions::reactions_count_each_member_once_and_die_with_their_message_and_group,
        reactions::a_message_the_group_no_longer_keeps_takes_no_reactions,
        presence::a_user_stays_online_until_their_connections_on_both_instances_close,
    ],
    redis_only: [
        presence::a_dead_instances_users_are_swept_offline_once_by_the_live_ones,
        presence::an_instance_swept_while_alive_puts_its_connections_back,
    ],
);
