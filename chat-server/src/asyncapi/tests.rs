use super::*;
use crate::error::{ack_code, ack_error};
use chat_core::CoreError;

/// Every `$ref` in `value`.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[test]
fn every_reference_in_the_document_resolves() {
    let doc = asyncapi();
    let mut found = Vec::new();
    references(&doc, &mut found);
    assert!(found.len() > 50, "the document refers to its parts");
    for reference in found {
        let pointer = reference.strip_prefix('#').expect("local references only");
        assert!(doc.pointer(pointer).is_some(), "{reference} does not resolve");
    }
}

#[test]
fn every_client_event_has_an_operation_with_a_reply_and_every_server_event_one_without() {
    let doc = asyncapi();
    let operations = doc["operations"].as_object().unwrap();
    assert_eq!(operations.len(), CLIENT_EVENTS.len() + SERVER_EVENTS.len());
    for event in &CLIENT_EVENTS {
        let operation = &operations[&format!("client.{}", event.name)];
        assert_eq!(operation["action"], "receive");
        assert!(operation["reply"]["messages"].is_array(), "{} is acknowledged", event.name);
    }
    for event in &SERVER_EVENTS {
        let operation = &operations[&format!("server.{}", event.name)];
        assert_eq!(operation["action"], "send");
        assert!(operation.get("reply").is_none());
    }
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["SendMessagePayload"]["additionalProperties"], false, "unknown fields are refused");
    assert_eq!(schemas["SyncPayload"]["properties"]["limit"]["maximum"], 100);
}

#[test]
fn every_error_code_an_ack_can_carry_is_in_the_document() {
    let errors = [
        CoreError::bad_request("x"),
        CoreError::Unauthorized("x".into()),
        CoreError::Forbidden("x".into()),
        CoreError::NotFound("x"),
        CoreError::NotConfigured("x"),
        CoreError::Conflict("x".into()),
        CoreError::RateLimited { retry_after_secs: 1 },
        CoreError::PayloadTooLarge("x".into()),
        CoreError::UnsupportedMediaType("x".into()),
        CoreError::Gone("x"),
        CoreError::Unavailable("x".into()),
        CoreError::internal("x"),
    ];
    let documented = &asyncapi()["components"]["schemas"]["AckErrorCode"]["enum"];
    for error in &errors {
        let code = ack_code(error);
        assert!(documented.as_array().unwrap().iter().any(|c| c == code), "{code} is documented");
        let answer = serde_json::to_value(ack_error(error, "test")).unwrap();
        assert_eq!(answer["code"], code);
        assert!(answer["message"].is_string());
    }
    assert_eq!(ack_code(&CoreError::UnsupportedMediaType("x".into())), "bad_request", "no 415 over the socket");
}

#[test]
fn the_rendered_page_lists_every_event_and_links_to_schemas_that_exist() {
    let doc = asyncapi();
    let page = markdown(&doc);
    for event in CLIENT_EVENTS.iter().map(|e| e.name).chain(SERVER_EVENTS.iter().map(|e| e.name)) {
        assert!(page.contains(&format!("### `{event}`")), "{event} has a section");
    }
    for (start, _) in page.match_indices("](#") {
        let anchor: String = page[start + 3..].chars().take_while(|c| *c != ')').collect();
        assert!(page.contains(&format!("\n### {}\n", doc_name(&doc, &anchor))), "#{anchor} has a heading");
    }
}

/// The schema name whose lowercase is `anchor`.
fn doc_name(doc: &Value, anchor: &str) -> String {
    doc["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .find(|k| k.to_lowercase() == anchor)
        .cloned()
        .unwrap_or_default()
}
