//! Integration events leaving real `chat-server` processes (SQLite always, PostgreSQL when
//! `CHAT_TEST_DATABASE_URL` is set) for a real RabbitMQ (`CHAT_TEST_AMQP_URL`, by default the
//! local broker) and for webhook receivers served by the test.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

#[path = "support/process.rs"]
mod process;

#[path = "integration/broker.rs"]
mod broker;
#[path = "integration/node.rs"]
mod node;
#[path = "integration/webhooks.rs"]
mod webhooks;

/// Runs each scenario on SQLite and on PostgreSQL.
macro_rules! on_both_backends {
    ($($module:ident :: $scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    crate::$module::$scenario(crate::node::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    if std::env::var("CHAT_TEST_DATABASE_URL").is_ok() {
                        crate::$module::$scenario(crate::node::Backend::Postgres).await;
                    }
                }
            )*
        }
    };
}

on_both_backends!(
    broker::a_consumer_bound_to_the_exchanges_receives_every_event_of_a_session_in_order_per_conversation,
    broker::events_committed_while_the_broker_is_away_arrive_after_the_server_is_killed_and_restarted,
    webhooks::webhooks_are_signed_retried_with_backoff_dead_lettered_and_retried_by_an_operator,
);
