//! `docs/realtime-api.md`: the AsyncAPI document rendered for people, event by event and schema by
//! schema, with links between them.

use serde_json::Value;
use std::fmt::Write as _;

/// Renders `doc` (an AsyncAPI document from [`super::asyncapi`]) as Markdown.
pub fn markdown(doc: &Value) -> String {
    let mut out = String::new();
    let title = doc["info"]["title"].as_str().unwrap_or_default();
    let _ = writeln!(out, "# {title}\n");
    out.push_str(
        "<!-- Generated from openapi/asyncapi.json: run `UPDATE_OPENAPI=1 cargo test -p chat-server --test api asyncapi` \
         after changing chat-server/src/socket/contract.rs. Do not edit by hand. -->\n\n",
    );
    let _ = writeln!(out, "{}\n", doc["info"]["description"].as_str().unwrap_or_default());
    for server in doc["servers"].as_object().into_iter().flat_map(|s| s.values()) {
        let _ = writeln!(
            out,
            "**Server:** `{}://{}{}`: {}.\n",
            text(&server["protocol"]),
            text(&server["host"]),
            text(&server["pathname"]),
            text(&server["description"])
        );
    }
    for scheme in doc["components"]["securitySchemes"].as_object().into_iter().flat_map(|s| s.values()) {
        let _ = writeln!(out, "**Authentication:** {}\n", text(&scheme["description"]));
    }
    let messages = &doc["components"]["messages"];
    let operations = doc["operations"].as_object().into_iter().flat_map(|o| o.values());
    for (heading, action) in [("Client → server events", "receive"), ("Server → client events", "send")] {
        let _ = writeln!(out, "## {heading}\n");
        for operation in operations.clone().filter(|o| o["action"] == action) {
            let message = &messages[key_of(&operation["messages"][0])];
            let _ = writeln!(out, "### `{}`\n\n{}\n", text(&message["name"]), text(&operation["summary"]));
            let _ = writeln!(out, "- Payload: {}", type_of(&message["payload"]));
            if let Some(reply) = operation["reply"]["messages"].get(0) {
                let _ = writeln!(out, "- Acknowledgement: {}", ack_of(&messages[key_of(reply)]["payload"]));
            }
            out.push('\n');
        }
    }
    out.push_str("## Schemas\n");
    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        let _ = writeln!(out, "\n### {name}\n");
        if let Some(description) = schema["description"].as_str() {
            let _ = writeln!(out, "{description}\n");
        }
        match schema["properties"].as_object() {
            Some(properties) if !properties.is_empty() => {
                let required =
                    |field: &str| schema["required"].as_array().is_some_and(|r| r.iter().any(|f| f == field));
                out.push_str("| field | type | required | description |\n|---|---|---|---|\n");
                for (field, property) in properties {
                    let yes = if required(field) { "yes" } else { "" };
                    let description = property["description"].as_str().unwrap_or_default().replace('\n', " ");
                    let _ = writeln!(out, "| `{field}` | {} | {yes} | {description} |", type_of(property));
                }
            }
            Some(_) => out.push_str("No fields.\n"),
            None => {
                let _ = writeln!(out, "{}", type_of(schema));
            }
        }
    }
    out
}

/// `{ ok: true } + Answer`, or a failure.
fn ack_of(payload: &Value) -> String {
    let success = &payload["oneOf"][0];
    let answer = success["allOf"].as_array().and_then(|all| all.get(1)).map(type_of);
    match answer {
        Some(answer) => format!("`{{ ok: true }}` with the fields of {answer}, or {}", type_of(&payload["oneOf"][1])),
        None => format!("`{{ ok: true }}`, or {}", type_of(&payload["oneOf"][1])),
    }
}

/// The last part of a `$ref`.
fn key_of(reference: &Value) -> &str {
    reference["$ref"].as_str().and_then(|r| r.rsplit('/').next()).unwrap_or_default()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// A schema in a few words, with links to named schemas.
fn type_of(schema: &Value) -> String {
    if schema.get("$ref").is_some() {
        let name = key_of(schema);
        return format!("[{name}](#{})", name.to_lowercase());
    }
    if let Some(value) = schema.get("const") {
        return format!("`{value}`");
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| format!("`{}`", v.as_str().unwrap_or_default())).collect();
        return values.join(" / ");
    }
    for (combinator, joiner) in [("oneOf", " or "), ("anyOf", " or "), ("allOf", " and ")] {
        if let Some(parts) = schema[combinator].as_array() {
            return parts.iter().map(type_of).collect::<Vec<_>>().join(joiner);
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let shown: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "array" => format!("array of {}", type_of(&schema["items"])),
            "string" | "integer" | "number" => match schema["format"].as_str() {
                Some(format) => format!("{t} ({format})"),
                None => (*t).to_owned(),
            },
            other => other.to_owned(),
        })
        .collect();
    if shown.is_empty() { "any".into() } else { shown.join(" or ") }
}
