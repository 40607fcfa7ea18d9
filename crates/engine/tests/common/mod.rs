//! Plan builders for the engine's tests: small plans written as JSON, parsed and validated
//! through the model like a real plan file.
#![allow(dead_code)]

pub mod arb;
pub mod oracle;

use cadence_engine::{check_plan, CheckOptions, Violation};
use cadence_model::{parse_plan, Plan};
use serde_json::{json, Value};

/// A segment: `{"id", "name", "parent", "opt_in": [email, sms, push], "rules"}`.
pub fn seg(id: &str, parent: Option<&str>, rules: Value) -> Value {
    json!({
        "id": id, "name": format!("Seg {id}"), "parent": parent,
        "opt_in": ["email", "sms", "push"], "rules": rules
    })
}

/// A one-off email message to `segments` at a local wall time "YYYY-MM-DDTHH:MM:SS".
pub fn msg(id: &str, segments: &[&str], at: &str) -> Value {
    json!({
        "id": id, "title": format!("Message {id}"), "channel": "email",
        "segments": segments, "at": at, "checklist": { "glad": true, "useful": true }
    })
}

/// `msg` with extra fields merged in.
pub fn msg_with(id: &str, segments: &[&str], at: &str, extra: Value) -> Value {
    let mut m = msg(id, segments, at);
    for (k, v) in extra.as_object().expect("object").clone() {
        m[k] = v;
    }
    m
}

/// A plan over 2026 with channels email, sms, push (consent) and facebook (no consent),
/// one client "c" in `tz` with `rules`, `segments` and one campaign holding `messages`.
pub fn plan_json(tz: &str, rules: Value, segments: Vec<Value>, messages: Vec<Value>) -> Value {
    json!({
        "format": "cadence-plan", "version": 1,
        "horizon": { "start": "2026-01-01", "end": "2027-01-01" },
        "channels": [
            { "id": "email", "name": "Email", "requires_consent": true },
            { "id": "sms", "name": "SMS", "requires_consent": true },
            { "id": "push", "name": "Push", "requires_consent": true },
            { "id": "facebook", "name": "Facebook", "requires_consent": false }
        ],
        "clients": [{
            "id": "c", "name": "Client", "timezone": tz,
            "checklist": [
                { "id": "glad", "label": "Glad", "weight": 3, "required": true },
                { "id": "useful", "label": "Useful", "weight": 1 }
            ],
            "rules": rules,
            "segments": segments,
            "campaigns": [{ "id": "k", "name": "Campaign", "messages": messages }]
        }]
    })
}

/// Parse and validate a plan written as JSON.
pub fn plan(value: &Value) -> Plan {
    parse_plan(&value.to_string()).unwrap_or_else(|e| panic!("test plan is invalid: {e}"))
}

/// Every violation of a plan over its horizon.
pub fn check(value: &Value) -> Vec<Violation> {
    check_plan(&plan(value), &CheckOptions::default())
        .expect("valid plan")
        .violations()
        .cloned()
        .collect()
}

/// The violations of one rule kind, as (segment, message, occurrence) triples.
pub fn of(violations: &[Violation], rule: &str) -> Vec<(String, String, u32)> {
    violations
        .iter()
        .filter(|v| v.rule.as_str() == rule)
        .map(|v| (v.segment.clone(), v.message.clone(), v.occurrence))
        .collect()
}

/// Shorthand for an expected (segment, message, occurrence) triple.
pub fn t(segment: &str, message: &str, occurrence: u32) -> (String, String, u32) {
    (segment.to_string(), message.to_string(), occurrence)
}
