//! The AsyncAPI 3 document of the realtime API, generated from the types and event tables of
//! [`crate::socket::contract`]: served at `/api/asyncapi.json`, committed as
//! `openapi/asyncapi.json` and rendered as `docs/realtime-api.md` (both checked for staleness by
//! the test suite).
//!
//! Socket.IO in AsyncAPI terms: one channel, the namespace `/`; a client event is an operation the
//! server `receive`s, answered in its `reply` (the acknowledgement); a server event is one it `send`s.

mod markdown;

pub use markdown::markdown;

use crate::socket::contract::{AckError, CLIENT_EVENTS, SERVER_EVENTS, Schemas, register};
use serde_json::{Map, Value, json};

const CHANNEL: &str = "namespace";

/// The document.
pub fn asyncapi() -> Value {
    let mut schemas = Schemas::new();
    let mut messages = Map::new();
    let mut operations = Map::new();
    let channel_ref = json!({ "$ref": format!("#/channels/{CHANNEL}") });
    let message_ref = |key: &str| json!({ "$ref": format!("#/channels/{CHANNEL}/messages/{key}") });

    let failure = schema_ref(&register::<AckError>(&mut schemas));
    for event in &CLIENT_EVENTS {
        let (key, ack_key) = (format!("client.{}", event.name), format!("client.{}.ack", event.name));
        let payload = schema_ref(&(event.payload)(&mut schemas));
        messages.insert(key.clone(), message(event.name, event.summary, payload));
        let success = match event.answer {
            Some(answer) => {
                json!({ "allOf": [ { "$ref": "#/components/schemas/AckOk" }, schema_ref(&answer(&mut schemas)) ] })
            }
            None => json!({ "$ref": "#/components/schemas/AckOk" }),
        };
        let ack = json!({ "oneOf": [ success, { "$ref": "#/components/schemas/AckFailure" } ] });
        let summary = format!("The acknowledgement of {}: `{{ ok: true, … }}` or `{{ ok: false, error }}`", event.name);
        messages.insert(ack_key.clone(), message(&format!("{}.ack", event.name), &summary, ack));
        operations.insert(
            key.clone(),
            json!({
                "action": "receive",
                "channel": channel_ref,
                "summary": event.summary,
                "messages": [message_ref(&key)],
                "reply": { "channel": channel_ref, "messages": [message_ref(&ack_key)] },
            }),
        );
    }
    for event in &SERVER_EVENTS {
        let key = format!("server.{}", event.name);
        let payload = schema_ref(&(event.payload)(&mut schemas));
        messages.insert(key.clone(), message(event.name, event.summary, payload));
        operations.insert(
            key.clone(),
            json!({ "action": "send", "channel": channel_ref, "summary": event.summary, "messages": [message_ref(&key)] }),
        );
    }

    let mut schemas = serde_json::to_value(&schemas).unwrap_or_default();
    if let Some(schemas) = schemas.as_object_mut() {
        schemas.insert(
            "AckOk".into(),
            json!({ "type": "object", "required": ["ok"], "properties": { "ok": { "const": true } }, "description": "A successful acknowledgement; the event's answer fields sit beside `ok`" }),
        );
        schemas.insert(
            "AckFailure".into(),
            json!({ "type": "object", "required": ["ok", "error"], "properties": { "ok": { "const": false }, "error": failure }, "description": "A failed acknowledgement" }),
        );
    }
    let channel_messages: Map<String, Value> =
        messages.keys().map(|key| (key.clone(), json!({ "$ref": format!("#/components/messages/{key}") }))).collect();
    json!({
        "asyncapi": "3.0.0",
        "info": {
            "title": "chat-server realtime API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": DESCRIPTION,
            "license": { "name": "MIT OR Apache-2.0" },
        },
        "defaultContentType": "application/json",
        "servers": {
            "chat-server": {
                "host": "localhost:3000",
                "protocol": "ws",
                "pathname": "/socket.io/",
                "description": "Socket.IO v4 (Engine.IO 4) on the server's HTTP port, over WebSocket or HTTP long-polling",
                "security": [{ "$ref": "#/components/securitySchemes/accessToken" }],
            }
        },
        "channels": {
            CHANNEL: {
                "address": "/",
                "title": "The Socket.IO namespace /",
                "description": "Every event of the API. The server puts each socket in the rooms of its user, its login and its conversations; server events reach the sockets named in their summary.",
                "messages": channel_messages,
            }
        },
        "operations": operations,
        "components": {
            "securitySchemes": {
                "accessToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "An access token from POST /api/auth/login, as `auth: { token }` in the Socket.IO handshake (or an `Authorization: Bearer` header). Without a valid one the connection fails with `connect_error` and `message: \"unauthorized\"`."
                }
            },
            "messages": messages,
            "schemas": schemas,
        },
    })
}

const DESCRIPTION: &str = "The realtime half of the chat-server API (the REST half is `/api/openapi.json`). \
Clients connect with the official socket.io-client v4. Every client event may ask for an acknowledgement, and \
the server answers each one: `{ ok: true, …answer }` or `{ ok: false, error: { code, message, details? } }`. \
Messages carry a per-conversation `seq`: a client that sees a gap, or reconnects, catches up with `syncConversation`. \
The prose guide, with delivery rules, presence and limits, is docs/realtime.md.";

fn message(name: &str, summary: &str, payload: Value) -> Value {
    json!({ "name": name, "summary": summary, "contentType": "application/json", "payload": payload })
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

#[cfg(test)]
mod tests;
