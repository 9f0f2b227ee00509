//! One conformance suite, run against every backend: the memory reference, SQLite, and
//! PostgreSQL when `CHAT_TEST_DATABASE_URL` is set. Each scenario drives the services, so the
//! rules and the stores are checked together.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod backends;
mod batches;
mod blocks;
mod devices;
mod faults;
mod jobs;
mod leaving;
mod listing;
mod notifications;
mod ownership;
mod privacy;
mod reactions;
mod scenarios;
mod world;

macro_rules! conformance {
    ($($scenario:ident),* $(,)?) => {
        conformance!(@backend memory; $($scenario),*);
        conformance!(@backend sqlite; $($scenario),*);
        conformance!(@backend postgres; $($scenario),*);
    };
    (@backend $backend:ident; $($scenario:ident),*) => {
        mod $backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $scenario() {
                    let Some(backend) = crate::backends::$backend().await else { return };
                    crate::$scenario(crate::world::World::new(backend.stores.clone())).await;
                    backend.cleanup().await;
                }
            )*
        }
    };
}

use batches::*;
use blocks::*;
use devices::*;
use jobs::*;
use leaving::*;
use listing::*;
use notifications::*;
use ownership::*;
use privacy::*;
use reactions::*;
use scenarios::*;

conformance!(
    members_react_once_per_emoji_and_each_sees_the_counts_and_their_own,
    flash_group_messages_take_reactions_like_any_other,
    a_removed_member_cannot_react_through_an_instance_whose_cache_still_knows_them,
    offline_and_mentioned_members_are_notified_muted_ones_never_and_notifications_are_paged_read_and_pruned,
    the_last_two_members_leaving_at_once_leave_no_empty_group_behind,
    a_deleted_account_leaves_every_conversation_hands_its_groups_on_and_is_gone,
    two_hundred_concurrent_sends_into_five_conversations_get_seqs_one_to_forty_each_announced_in_order,
    the_same_client_msg_id_inside_one_batch_and_across_batches_stores_one_message,
    a_message_of_a_non_member_fails_alone_and_the_rest_of_its_batch_commits,
    a_member_whose_removal_was_acknowledged_can_no_longer_send_through_any_instance,
    delivered_receipts_are_coalesced_and_never_move_back_or_past_the_last_seq,
    registering_then_logging_in_by_username_or_email_returns_working_tokens,
    a_taken_username_or_email_is_a_conflict_and_case_does_not_matter,
    refreshing_rotates_the_token_and_replaying_a_spent_one_revokes_the_login,
    logging_out_revokes_the_login_and_its_access_tokens,
    a_wrong_password_and_an_unknown_user_get_the_same_answer,
    a_direct_conversation_is_unique_per_pair_whoever_opens_it,
    a_direct_conversation_needs_exactly_one_other_existing_user,
    non_members_cannot_read_send_or_list_members_and_learn_nothing,
    only_admins_add_or_remove_members_and_owners_are_protected,
    the_last_owner_cannot_leave_without_handing_over,
    two_owners_demoting_or_removing_each_other_at_once_leave_one_owner,
    fifty_concurrent_senders_get_seqs_one_to_fifty_without_gaps,
    the_same_client_msg_id_sent_ten_times_concurrently_stores_one_message,
    a_replayed_client_msg_id_returns_the_stored_message_and_publishes_nothing,
    history_pages_backwards_and_forwards_in_ascending_order,
    only_the_sender_edits_and_an_edit_sets_edited_at,
    delete_for_me_hides_only_for_the_caller_and_for_everyone_needs_sender_or_admin,
    unread_counts_follow_reads_and_reads_never_move_back,
    every_view_of_a_conversation_carries_each_members_read_and_delivered_positions,
    search_finds_words_only_in_the_callers_conversations,
    a_reply_must_point_into_the_same_conversation,
    conversations_are_listed_by_latest_activity_with_their_last_message,
    the_conversation_list_pages_most_recent_first_with_flash_groups_merged,
    contacts_are_added_listed_and_removed,
    a_blocked_user_cannot_put_the_blocker_in_a_conversation_or_message_them,
    presence_is_seen_by_peers_and_by_the_contacts_a_user_added_and_never_by_strangers,
    user_search_matches_prefixes_and_pages_with_a_cursor,
    removing_a_member_publishes_the_event_and_removes_access,
    deleting_a_group_needs_an_owner_and_removes_its_messages,
    profile_updates_are_validated_and_email_stays_private,
    a_flash_group_carries_messages_with_the_same_seq_idempotency_and_receipt_rules,
    a_flash_group_ttl_is_checked_at_its_bounds_and_the_group_cannot_be_changed,
    an_expired_flash_group_is_announced_once_and_answers_nothing_afterwards,
    a_job_whose_process_died_runs_again_once_and_after_a_second_death_ends_failed,
    a_password_change_ends_every_other_login_and_the_device_list_shows_and_ends_logins,
    an_image_fits_the_memory_budget_or_fails_saying_it_is_too_large_to_process,
);
