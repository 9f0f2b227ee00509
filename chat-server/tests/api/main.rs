//! The REST API over real HTTP against the real server on port 0: SQLite always, PostgreSQL
//! when `CHAT_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod auth;
mod conversations;
mod edge;
mod flash;
mod jwks;
mod leaving;
mod limits;
mod messages;
mod readiness;
mod recovery;
mod schemathesis;
mod server;
mod uploads;
mod users;
mod web;

use chat_server::Settings;

/// Settings every scenario starts from (no change).
pub fn defaults(_: &mut Settings) {}

macro_rules! api_tests {
    ($($module:ident :: $scenario:ident $(with $tune:path)?),* $(,)?) => {
        api_tests!(@backend sqlite; $($module::$scenario $(with $tune)?),*);
        api_tests!(@backend postgres; $($module::$scenario $(with $tune)?),*);
    };
    (@backend $backend:ident; $($module:ident :: $scenario:ident $(with $tune:path)?),*) => {
        mod $backend {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    #[allow(unused_variables)]
                    let tune = crate::defaults;
                    $(let tune = $tune;)?
                    let Some(server) = crate::server::TestServer::$backend(tune).await else { return };
                    crate::$module::$scenario(&server).await;
                    server.stop().await;
                }
            )*
        }
    };
}

api_tests!(
    auth::register_login_refresh_replay_and_logout_follow_the_token_rules,
    auth::expired_unsigned_wrong_audience_and_forged_tokens_get_401,
    auth::login_and_register_are_rate_limited_per_ip_with_retry_after with auth::strict_rate_limit,
    auth::an_external_identity_token_provisions_the_user_on_first_sight with auth::external_identity,
    edge::a_forged_first_forwarded_for_entry_does_not_escape_the_login_limit with edge::behind_a_trusted_proxy,
    edge::refreshes_and_file_links_are_limited_per_address with edge::two_anonymous_requests,
    edge::metrics_are_served_to_this_host_only_unless_a_token_is_set with edge::behind_a_trusted_proxy,
    edge::with_a_metrics_token_only_its_bearer_reads_the_metrics with edge::metrics_token,
    edge::starting_conversations_is_limited_per_hour with edge::two_conversations_an_hour,
    edge::an_address_at_its_connection_cap_has_its_next_connection_closed_unread with edge::three_connections_per_address,
    auth::a_local_account_named_ahead_cannot_lock_an_external_identity_out with auth::external_identity,
    users::profiles_can_be_read_edited_and_searched_without_leaking_emails,
    users::contacts_are_added_listed_and_removed,
    users::blocks_are_set_listed_and_lifted_over_rest,
    leaving::the_export_holds_every_message_sent_and_after_deletion_nothing_of_the_user_remains,
    leaving::with_the_erase_policy_a_deleted_accounts_messages_are_blanked_for_the_others with leaving::erase_messages,
    leaving::an_account_without_a_password_is_deleted_only_after_a_recent_sign_in with auth::external_identity,
    conversations::direct_conversations_are_created_once_and_groups_are_managed_by_admins,
    conversations::a_non_member_gets_404_for_reading_sending_and_listing_members,
    conversations::members_are_added_promoted_and_removed_over_rest,
    conversations::the_conversation_list_is_paged_with_a_cursor,
    flash::flash_groups_are_created_listed_read_and_carry_messages_over_rest,
    messages::sending_replaying_paging_reading_editing_deleting_and_searching_work_over_rest,
    messages::fifty_concurrent_senders_get_seqs_one_to_fifty_and_ten_replays_store_one,
    limits::usernames_and_passwords_are_checked_at_their_edges,
    limits::message_content_and_page_size_are_checked_at_their_edges,
    limits::names_refuse_invisible_and_control_characters_and_are_stored_normalised,
    limits::malformed_requests_get_a_clear_error_and_never_a_500,
    limits::bodies_over_the_limit_get_413 with limits::small_body_limit,
    limits::operations_routes_and_the_api_documentation_are_served,
    uploads::a_png_and_a_jpeg_become_dimensions_and_a_thumbnail,
    uploads::html_renamed_png_is_refused_with_415_and_text_is_accepted_as_text,
    uploads::uploads_are_limited_at_the_edge_and_refused_before_the_body_is_read with uploads::one_mib_uploads,
    uploads::an_image_claiming_50000_by_50000_pixels_fails_its_job_cleanly,
    uploads::an_attachment_reaches_the_other_member_and_no_one_else_can_read_it,
    web::the_web_client_is_served_with_a_spa_fallback_and_api_paths_stay_json with web::with_web_client,
    web::without_a_built_web_client_the_root_explains_how_to_build_it with web::without_web_client,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_key_is_picked_up_without_a_restart_and_made_up_keys_fetch_at_most_once_a_second() {
    jwks::a_rotated_key_is_picked_up_without_a_restart_and_made_up_keys_fetch_at_most_once_a_second().await;
}

#[test]
fn the_committed_openapi_document_equals_the_generated_one() {
    let generated = chat_server::http::openapi().to_pretty_json().unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    if std::env::var("UPDATE_OPENAPI").is_ok() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p chat-server --test api openapi` and commit it"
    );
}

#[test]
fn the_committed_asyncapi_document_and_its_rendered_page_equal_the_generated_ones() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let document = chat_server::asyncapi::asyncapi();
    let files = [
        (root.join("openapi/asyncapi.json"), serde_json::to_string_pretty(&document).unwrap() + "\n"),
        (root.join("docs/realtime-api.md"), chat_server::asyncapi::markdown(&document)),
    ];
    for (path, generated) in files {
        if std::env::var("UPDATE_OPENAPI").is_ok() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `UPDATE_OPENAPI=1 cargo test -p chat-server --test api asyncapi` and commit it",
            path.display()
        );
    }
}

#[test]
fn the_readme_shows_the_node_quickstart_exactly_as_tested() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/node/quickstart.mjs")).unwrap();
    assert!(
        readme.contains(&format!("```js\n{example}```")),
        "README.md must quote examples/node/quickstart.mjs verbatim in a ```js block"
    );
}
