//! Suggested slots on hand-checked cases: quiet hours, several zones, local delivery, one
//! target segment, and rules no time can fix.

mod common;

use cadence_engine::{Engine, EngineError, SuggestRequest};
use chrono::{DateTime, Utc};
use common::*;
use serde_json::json;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn slots(engine: &Engine, request: &SuggestRequest) -> Vec<String> {
    engine
        .suggest(request)
        .unwrap()
        .slots
        .iter()
        .map(|s| s.at.format("%m-%d %H:%M").to_string())
        .collect()
}

fn quiet() -> serde_json::Value {
    json!([{ "kind": "quiet_hours", "start": "21:00", "end": "08:00" }])
}

fn zoned(id: &str, tz: &str) -> serde_json::Value {
    let mut s = seg(id, None, json!([]));
    s["timezone"] = json!(tz);
    s
}

#[test]
fn quiet_hours_push_the_slot_to_the_morning() {
    let p = plan_json(
        "UTC",
        quiet(),
        vec![seg("s", None, json!([]))],
        vec![msg("m", &["s"], "2026-03-02T22:00:00")],
    );
    let engine = Engine::from_plan(&plan(&p)).unwrap();
    let mut request = SuggestRequest::new("m", utc("2026-03-02T20:30:00Z"));
    request.count = 4;
    // 20:30 and 20:45 are free; 21:00 to 08:00 is quiet.
    assert_eq!(
        slots(&engine, &request),
        ["03-02 20:30", "03-02 20:45", "03-03 08:00", "03-03 08:15"]
    );
    // A start between grid points rounds up to the next one.
    request.after = utc("2026-03-02T20:31:00Z");
    request.count = 1;
    assert_eq!(slots(&engine, &request), ["03-02 20:45"]);
}

/// Quiet hours 21:00-08:00 and one message (in UTC) to a New York and a Sydney segment.
fn new_york_and_sydney(local_delivery: bool) -> Engine {
    let mut m = msg("m", &["ny", "syd"], "2026-06-01T12:00:00");
    m["local_delivery"] = json!(local_delivery);
    let zones = vec![
        zoned("ny", "America/New_York"),
        zoned("syd", "Australia/Sydney"),
    ];
    Engine::from_plan(&plan(&plan_json("UTC", quiet(), zones, vec![m]))).unwrap()
}

#[test]
fn without_local_delivery_one_instant_must_suit_every_zone() {
    // June: New York is UTC-4, Sydney UTC+10. 08:00-21:00 in both is 22:00-01:00 UTC.
    let engine = new_york_and_sydney(false);
    let request = SuggestRequest::new("m", utc("2026-06-10T00:00:00Z"));
    assert_eq!(
        slots(&engine, &request),
        [
            "06-10 00:00",
            "06-10 00:15",
            "06-10 00:30",
            "06-10 00:45",
            "06-10 22:00"
        ]
    );
}

#[test]
fn with_local_delivery_the_wall_time_suits_every_zone() {
    let engine = new_york_and_sydney(true);
    let mut request = SuggestRequest::new("m", utc("2026-06-10T20:30:00Z"));
    request.count = 2;
    let s = engine.suggest(&request).unwrap();
    // Wall times 20:30 and 20:45 (UTC, the message's zone) are 20:30 in New York and in
    // Sydney alike.
    let locals: Vec<String> = s
        .slots
        .iter()
        .map(|s| s.local.format("%H:%M").to_string())
        .collect();
    assert_eq!(locals, ["20:30", "20:45"]);
}

#[test]
fn one_target_segment_ignores_the_others() {
    let blocked_all_day = seg(
        "b",
        None,
        json!([{ "kind": "quiet_hours", "start": "00:00", "end": "23:59" }]),
    );
    let p = plan_json(
        "UTC",
        json!([]),
        vec![
            seg("a", None, json!([])),
            seg("kid", Some("a"), json!([])),
            blocked_all_day,
        ],
        vec![msg("m", &["a", "b"], "2026-03-02T09:00:00")],
    );
    let engine = Engine::from_plan(&plan(&p)).unwrap();
    let mut request = SuggestRequest::new("m", utc("2026-03-05T10:00:00Z"));
    request.count = 1;
    request.search_days = 2;
    // Both targets: only 23:59-00:00 is outside b's quiet hours, which the grid never hits.
    assert!(slots(&engine, &request).is_empty());
    request.segment = Some("a".into());
    let s = engine.suggest(&request).unwrap();
    assert_eq!(s.segments, ["a", "kid"]);
    assert_eq!(s.slots.len(), 1);
    assert_eq!(s.slots[0].at, utc("2026-03-05T10:00:00Z"));
    request.segment = Some("kid".into());
    assert!(matches!(
        engine.suggest(&request),
        Err(EngineError::NotTargeted { .. })
    ));
}

#[test]
fn consent_and_value_failures_are_reported_as_blocked() {
    let mut no_sms = seg("s", None, json!([{ "kind": "min_value", "score": 90 }]));
    no_sms["opt_in"] = json!(["email"]);
    let mut m = msg("m", &["s"], "2026-03-02T09:00:00");
    m["channel"] = json!("sms");
    m["checklist"] = json!({ "glad": true });
    let p = plan_json("UTC", json!([]), vec![no_sms], vec![m]);
    let engine = Engine::from_plan(&plan(&p)).unwrap();
    let s = engine
        .suggest(&SuggestRequest::new("m", utc("2026-03-05T10:00:00Z")))
        .unwrap();
    let blocked: Vec<&str> = s.blocked.iter().map(|b| b.rule.as_str()).collect();
    assert_eq!(blocked, ["consent", "min_value"]);
    assert_eq!(s.slots.len(), 5);
    assert!(matches!(
        engine.suggest(&SuggestRequest::new("ghost", utc("2026-03-05T10:00:00Z"))),
        Err(EngineError::UnknownMessage(_))
    ));
}
