//! The Socket.IO namespace `/`: handshake authentication, rooms, presence, and one module per
//! group of client events. Server-to-client events come from the services' domain events
//! ([`events`]), so REST and socket changes reach clients the same way.
//!
//! Rooms: `user:<userId>` (every socket of a user), `session:<sessionId>` (every socket of one
//! login), `conv:<conversationId>` (every member's sockets).

mod adapter;
mod admission;
pub mod contract;
mod events;
mod expiry;
mod handshake;
mod messages;
mod presence;
mod revocations;
mod uploads;

pub use adapter::{Io, attach};

use crate::{
    error::{ack_code, ack_error, past_deadline},
    http::bearer_token,
    metrics::Connections,
    quota::Action,
    state::AppState,
};
use chat_core::{ConversationId, CoreError, CoreResult, SessionId, UserId, auth::Principal};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};
use socketioxide::{
    ParserConfig, SocketIoBuilder,
    adapter::Adapter,
    extract::{AckSender, Event, Extension, SocketRef, State, TryData},
};
use std::{sync::Arc, time::Duration};
use tracing::Instrument as _;

/// What every socket handler reaches.
#[derive(Clone, Debug)]
pub struct Realtime {
    /// The services.
    pub app: Arc<AppState>,
    connections: Arc<Connections>,
    in_flight: Arc<admission::InFlight>,
    deadlines: Arc<expiry::Deadlines>,
}

/// The user and login behind a socket, set by the handshake.
#[derive(Clone, Copy, Debug)]
struct Caller(Principal);

/// Applies the configured limits and the handler state to a Socket.IO builder.
fn configure<A: Adapter>(
    builder: SocketIoBuilder<A>,
    app: &AppState,
    deadlines: Arc<expiry::Deadlines>,
) -> SocketIoBuilder<A> {
    let settings = &app.settings;
    let max_message = settings.socket_max_message_bytes;
    let handshake = Duration::from_secs(settings.socket_handshake_timeout_secs);
    let realtime = Realtime {
        connections: Arc::default(),
        in_flight: Arc::new(admission::InFlight::new(settings.socket_events_in_flight)),
        app: Arc::new(app.clone()),
        deadlines,
    };
    track_sizes(&realtime);
    for reason in ["draining", "overloaded"] {
        metrics::counter!("chat_socket_events_refused_total", "reason" => reason).increment(0);
    }
    builder
        .with_state(realtime)
        .max_payload(u64::try_from(max_message).unwrap_or(u64::MAX))
        .ws_max_message_size(max_message)
        .ws_max_frame_size(max_message)
        .max_buffer_size(settings.socket_buffer_size)
        .ws_read_buffer_size(settings.socket_read_buffer_bytes)
        .ping_interval(Duration::from_secs(settings.socket_ping_interval_secs))
        .ping_timeout(Duration::from_secs(settings.socket_ping_timeout_secs))
        .connect_timeout(handshake)
        // Binary attachments are buffered until the packet is complete, before any handler (and,
        // for a CONNECT packet, before authentication): bounded like a text message.
        .with_parser(
            ParserConfig::common()
                .max_incoming_binaries(settings.socket_max_attachments)
                .max_incoming_binary_buf_size(max_message)
                .packet_completion_timeout(handshake),
        )
}

/// Shows in `/metrics` the sizes of the maps that grow with sockets, users or logins, so that an
/// entry left behind by a closed socket shows (`chat_state_entries{map}`).
fn track_sizes(rt: &Realtime) {
    let sizes = &rt.app.sizes;
    let deadlines = rt.deadlines.clone();
    sizes.track("token_deadlines", move || deadlines.len());
    let quotas = rt.app.quotas.clone();
    sizes.track("rate_limit_keys", move || quotas.len());
    let connections = rt.connections.clone();
    sizes.track("sockets", move || connections.current());
    let chat = rt.app.chat.clone();
    sizes.track("typing_states", move || chat.presence.typing_states());
    let chat = rt.app.chat.clone();
    sizes.track("session_cache", move || chat.auth.cached_sessions());
}

pub fn user_room(id: UserId) -> String {
    format!("user:{id}")
}

pub fn session_room(id: SessionId) -> String {
    format!("session:{id}")
}

pub fn conversation_room(id: ConversationId) -> String {
    format!("conv:{id}")
}

/// Handshake: `auth.token` or `Authorization: Bearer`; anything else fails with "unauthorized".
///
/// The event handlers and rooms are set up here rather than in [`on_connect`]: socketioxide sends
/// the client its CONNECT packet right after this middleware and runs the connect handler in a
/// task of its own, so a client that emits (or is sent a broadcast) the instant it is connected
/// would otherwise race that task.
async fn authenticate<A: Adapter>(
    socket: SocketRef<A>,
    State(rt): State<Realtime>,
    TryData(auth): TryData<Value>,
) -> Result<(), Unauthorized> {
    let from_auth = auth.ok().and_then(|a| a.get("token").and_then(Value::as_str).map(str::to_owned));
    let token =
        from_auth.or_else(|| bearer_token(&socket.req_parts().headers).map(str::to_owned)).ok_or(Unauthorized)?;
    let principal = rt.app.chat.auth.authenticate(&token).await.map_err(|_| Unauthorized)?;
    let rooms = initial_rooms(&rt, principal.user_id).await.map_err(|e| {
        tracing::error!(error = %e, "loading conversations at handshake");
        Unauthorized
    })?;
    socket.extensions.insert(Caller(principal));
    rt.deadlines.set(socket.id, principal.expires_at);
    // One handler for every event (rather than one per event name): each registered handler is
    // an allocation every socket carries for its whole life.
    socket.on_fallback(dispatch::<A>);
    let mut joined = vec![user_room(principal.user_id)];
    joined.extend(principal.session_id.map(session_room));
    joined.extend(rooms.into_iter().map(conversation_room));
    socket.join(joined);
    Ok(())
}

/// The conversations a new socket joins: all of them, or the most recently active ones past the limit.
async fn initial_rooms(rt: &Realtime, user: UserId) -> CoreResult<Vec<ConversationId>> {
    let chat = &rt.app.chat;
    let max = rt.app.settings.max_rooms_per_socket;
    let ids = chat.conversations.ids_for(user).await?;
    if ids.len() <= max {
        return Ok(ids);
    }
    tracing::warn!(%user, conversations = ids.len(), max, "user has more conversations than a socket joins");
    chat.conversations.recent_ids(user, max).await
}

/// The handshake failure every client sees as `connect_error` with `message === "unauthorized"`.
#[derive(Debug)]
struct Unauthorized;

impl std::fmt::Display for Unauthorized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unauthorized")
    }
}

async fn on_connect<A: Adapter>(
    socket: SocketRef<A>,
    State(rt): State<Realtime>,
    Extension(Caller(me)): Extension<Caller>,
) {
    socket.on_disconnect(on_disconnect::<A>);
    rt.connections.opened();
    let presence = &rt.app.chat.presence;
    let connection = socket.id.to_string();
    if let Err(e) = presence.connect(me.user_id, &connection).await {
        tracing::error!(error = %e, user = %me.user_id, "recording presence");
    }
    // A socket that closed while it was being recorded must not stay online (disconnecting is
    // idempotent, so it does not matter whether its disconnect handler ran as well).
    if !socket.connected()
        && let Err(e) = presence.disconnect(me.user_id, &connection).await
    {
        tracing::error!(error = %e, user = %me.user_id, "recording presence");
    }
}

async fn on_disconnect<A: Adapter>(
    socket: SocketRef<A>,
    State(rt): State<Realtime>,
    Extension(Caller(me)): Extension<Caller>,
) {
    rt.connections.closed();
    rt.deadlines.remove(socket.id);
    if let Err(e) = rt.app.chat.presence.disconnect(me.user_id, &socket.id.to_string()).await {
        tracing::error!(error = %e, user = %me.user_id, "recording presence");
    }
}

/// Every client event: admitted (see [`admission`]), taken from the user's allowance for its class
/// of action ([`crate::quota`]), its payload parsed,
/// handled, and acknowledged as `{ ok: true, ...answer }` or `{ ok: false, error: { code, message } }`.
/// Malformed payloads, unknown events and events over the socket's rate get error acks; nothing
/// is dropped without an answer (when the client asked for one).
async fn dispatch<A: Adapter>(
    admitted: admission::Admitted,
    socket: SocketRef<A>,
    State(rt): State<Realtime>,
    Extension(Caller(me)): Extension<Caller>,
    Event(event): Event,
    TryData(data): TryData<Value>,
    ack: AckSender<A>,
) {
    // The place among the events in flight is held until the handler is done.
    let _admitted = admitted;
    let name = contract::client_event_name(&event);
    metrics::counter!("chat_socket_events_in_total", "event" => name).increment(1);
    let started = std::time::Instant::now();
    let result = match (rt.app.quotas.check(me.user_id, action_of(name)).await, data) {
        (Err(limited), _) => Err(limited),
        (Ok(()), Err(e)) if name != "unknown" => Err(CoreError::bad_request(format!("malformed {name} payload: {e}"))),
        (Ok(()), data) => {
            let data = data.unwrap_or_default();
            // Who and where, never what: no payload text or token goes into the span. The
            // conversation is read from the payload only when the span is recorded (at debug).
            let span = tracing::debug_span!("event", otel.name = name, otel.kind = "server", name, user = %me.user_id, socket = %socket.id, conversation = tracing::field::Empty);
            let conversation = |data: &Value| data.get("conversationId")?.as_str()?.parse::<ConversationId>().ok();
            if !span.is_disabled()
                && let Some(conversation) = conversation(&data)
            {
                span.record("conversation", tracing::field::display(conversation));
            }
            let deadline = Duration::from_millis(rt.app.settings.request_deadline_ms);
            let handled = route(&rt, &socket, me, name, &event, data).instrument(span);
            tokio::time::timeout(deadline, handled).await.unwrap_or_else(|_| Err(past_deadline()))
        }
    };
    metrics::histogram!("chat_socket_event_duration_seconds", "event" => name).record(started.elapsed().as_secs_f64());
    reply(name, ack, result);
}

/// The class of action of event `name` (an unknown event costs what a read does).
fn action_of(name: &str) -> Action {
    match name {
        "sendMessage" | "uploadFile" | "addReaction" | "removeReaction" => Action::Send,
        "markAsRead" | "markAsDelivered" => Action::Receipt,
        "userTyping" => Action::Typing,
        "setStatus" => Action::Status,
        _ => Action::Read,
    }
}

/// Runs the handler of event `name`.
async fn route<A: Adapter>(
    rt: &Realtime,
    socket: &SocketRef<A>,
    me: Principal,
    name: &'static str,
    event: &str,
    data: Value,
) -> CoreResult<Value> {
    match name {
        "refreshAuth" => expiry::refresh(rt, socket, me, payload(name, data)?).await,
        "sendMessage" => messages::send(rt, me, payload(name, data)?).await,
        "addReaction" => messages::react(rt, me, payload(name, data)?, true).await,
        "removeReaction" => messages::react(rt, me, payload(name, data)?, false).await,
        "syncConversation" => messages::sync(rt, me, payload(name, data)?).await,
        "markAsRead" => messages::mark_read(rt, me, payload(name, data)?).await,
        "markAsDelivered" => messages::mark_delivered(rt, me, payload(name, data)?).await,
        "userTyping" => presence::typing(rt, me, payload(name, data)?).await,
        "setStatus" => presence::set_status(rt, me, payload(name, data)?).await,
        "uploadFile" => uploads::upload(rt, me, payload(name, data)?).await,
        _ => {
            const SHOWN: usize = 64;
            Err(CoreError::bad_request(format!("unknown event {:?}", event.chars().take(SHOWN).collect::<String>())))
        }
    }
}

/// The payload of event `name`, or a `bad_request` saying what is wrong with it.
fn payload<P: DeserializeOwned>(name: &str, data: Value) -> CoreResult<P> {
    serde_json::from_value(data).map_err(|e| CoreError::bad_request(format!("malformed {name} payload: {e}")))
}

/// Sends the acknowledgement of one event (when the client asked for one).
fn reply<A: Adapter>(event: &'static str, ack: AckSender<A>, result: CoreResult<Value>) {
    let outcome = result.as_ref().map_or_else(ack_code, |_| "ok");
    metrics::counter!("chat_socket_acks_total", "event" => event, "outcome" => outcome).increment(1);
    let body = match result {
        Ok(Value::Object(mut fields)) => {
            fields.insert("ok".into(), Value::Bool(true));
            Value::Object(fields)
        }
        Ok(_) => json!({ "ok": true }),
        Err(error) => json!({ "ok": false, "error": ack_error(&error, event) }),
    };
    if let Err(e) = ack.send(&body) {
        metrics::counter!("chat_socket_emit_errors_total", "event" => "ack").increment(1);
        tracing::warn!(error = %e, event, "acknowledgement not sent");
    }
}

/// Serialises an answer field by field into the ack object.
fn answer(value: impl Serialize) -> CoreResult<Value> {
    serde_json::to_value(value).map_err(CoreError::internal)
}
