//! Database schema of the chat server, one schema for SQLite and PostgreSQL.
//!
//! Run with `cargo run -p migration -- up` (`DATABASE_URL` names the database), or from code with
//! [`Migrator::up`](sea_orm_migration::MigratorTrait::up).

pub use sea_orm_migration;
use sea_orm_migration::prelude::*;

mod m20260101_000001_init;
mod m20260102_000002_uploads;
mod m20261130_000003_privacy;
mod m20261201_000004_job_attempts;
mod m20261201_000005_login_devices;
mod m20261201_000006_password_resets;
mod m20261202_000007_messages_by_sender;
mod m20261202_000008_email_verification;
mod m20261203_000009_outbox;
mod m20261203_000010_notifications;
mod m20261204_000011_reactions;

/// Every migration of the chat schema, oldest first.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_init::Migration),
            Box::new(m20260102_000002_uploads::Migration),
            Box::new(m20261130_000003_privacy::Migration),
            Box::new(m20261201_000004_job_attempts::Migration),
            Box::new(m20261201_000005_login_devices::Migration),
            Box::new(m20261201_000006_password_resets::Migration),
            Box::new(m20261202_000007_messages_by_sender::Migration),
            Box::new(m20261202_000008_email_verification::Migration),
            Box::new(m20261203_000009_outbox::Migration),
            Box::new(m20261203_000010_notifications::Migration),
            Box::new(m20261204_000011_reactions::Migration),
        ]
    }
}
