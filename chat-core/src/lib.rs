//! Domain services of the chat server, usable without any transport.
//!
//! Layout:
//! - [`error`]: [`CoreError`], the one error type every service and store returns.
//! - [`ids`]: newtype identifiers ([`UserId`], [`ConversationId`], [`MessageId`], …).
//! - [`limits`]: every configurable input limit ([`Limits`]).
//! - [`events`]: [`DomainEvent`] and the [`EventSink`] trait transports subscribe through.
//! - [`time`]: the clock, to the microsecond.
//! - [`ratelimit`]: a keyed token-bucket limiter shared by transports.
//! - [`breaker`]: a circuit breaker for a path whose dependency keeps failing.
//! - [`user`]: accounts, profiles and user search.
//! - [`auth`]: registration, login, access and refresh tokens, external identities.
//! - [`contact`]: a user's contact list.
//! - [`conversation`]: direct and group conversations, members and roles, read positions.
//! - [`message`]: ordered, idempotent messages; edit, delete, search.
//! - [`flash_group`]: group conversations that expire by themselves.
//! - [`notification`]: what members missed while away, and mentions; muted conversations.
//! - [`outbox`]: integration events for other systems, recorded with their change and relayed.
//! - [`presence`]: online/away/busy/offline and typing indicators.
//! - [`upload`]: validated file uploads, their storage, processing jobs and signed URLs.
//! - [`backend`]: storage implementations (memory always; SQL behind the `sql` feature).
//! - [`Chat`]: all services built over one backend.

pub mod account;
pub mod auth;
pub mod backend;
pub mod breaker;
pub mod contact;
pub mod conversation;
pub mod error;
pub mod events;
pub mod flash_group;
pub mod ids;
pub mod limits;
pub mod message;
pub mod notification;
pub mod outbox;
pub mod presence;
pub mod ratelimit;
pub mod text;
pub mod time;
pub mod upload;
pub mod user;

mod chat;

pub use chat::{Chat, Stores};
pub use error::{Cause, CoreError, CoreResult, Taken};
pub use events::{DomainEvent, EventSink};
pub use ids::{ConversationId, JobId, MessageId, SessionId, UploadId, UserId};
pub use limits::Limits;
