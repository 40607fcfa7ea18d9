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

/// Issue 12's case: Berlin, quiet hours 22:00-07:00 for the client, "Young parents" (a child
/// of "Parents") capped at 2 emails in 7 days and already sent to on Monday and Wednesday;
/// a message to "Parents" moved to Saturday 22:30.
fn saturday_night() -> Engine {
    let mut young = seg(
        "young",
        Some("parents"),
        json!([
            { "kind": "cap", "max": 2, "window_days": 7 }
        ]),
    );
    young["name"] = json!("Young parents");
    let mut parents = seg("parents", None, json!([]));
    parents["name"] = json!("Parents");
    let p = plan_json(
        "Europe/Berlin",
        json!([{ "kind": "quiet_hours", "start": "22:00", "end": "07:00" }]),
        vec![parents, young],
        vec![
            msg("mon", &["young"], "2026-03-09T10:00:00"),
            msg("wed", &["young"], "2026-03-11T10:00:00"),
            msg("x", &["parents"], "2026-03-14T22:30:00"),
        ],
    );
    Engine::from_plan(&plan(&p)).unwrap()
}

fn offers(s: &cadence_engine::Suggestion) -> Vec<(String, String, String)> {
    s.offers
        .iter()
        .map(|o| {
            (
                o.label.clone(),
                o.local.format("%a %d %H:%M").to_string(),
                o.text.clone(),
            )
        })
        .collect()
}

#[test]
fn a_message_moved_into_quiet_hours_gets_near_clean_and_spread_offers() {
    let engine = saturday_night();
    // Saturday 22:30 in Berlin (UTC+1 in March), flagged for quiet hours.
    let mut request = SuggestRequest::new("x", utc("2026-03-14T21:30:00Z"));
    request.fix = vec![cadence_model::RuleKind::QuietHours];
    request.not_before = Some(utc("2026-03-13T23:00:00Z"));
    let s = engine.suggest(&request).unwrap();
    assert_eq!(s.flagged, [cadence_model::RuleKind::QuietHours]);
    let still = "fixes quiet hours; still the 3rd message in 7 days (max 2) for Young parents";
    assert_eq!(
        offers(&s),
        [
            (
                "Nearest earlier".into(),
                "Sat 14 21:45".into(),
                still.into()
            ),
            ("Nearest later".into(), "Sun 15 07:00".into(), still.into()),
            (
                "Earliest that breaks nothing".into(),
                "Mon 16 10:00".into(),
                "fixes quiet hours; breaks nothing else".into()
            ),
            // Other days: the clean time nearest 22:30, a day, then two and four days on.
            (
                "Another day".into(),
                "Tue 17 21:45".into(),
                "fixes quiet hours; breaks nothing else".into()
            ),
            (
                "Another day".into(),
                "Thu 19 21:45".into(),
                "fixes quiet hours; breaks nothing else".into()
            ),
            (
                "Another day".into(),
                "Mon 23 21:45".into(),
                "fixes quiet hours; breaks nothing else".into()
            ),
        ]
    );
    let cap = &s.offers[0].leaves;
    assert_eq!(cap.len(), 1);
    assert_eq!(cap[0].segment, "young");
    assert!(cap[0].still);
    // The slots are still the earliest clean ones.
    assert_eq!(s.slots[0].local.format("%d %H:%M").to_string(), "16 10:00");

    // Without `not_before` no earlier time is offered.
    request.not_before = None;
    let s = engine.suggest(&request).unwrap();
    assert_eq!(s.offers[0].label, "Nearest later");
}

#[test]
fn without_named_rules_the_nearest_offer_fixes_everything_the_time_breaks() {
    let engine = saturday_night();
    let mut request = SuggestRequest::new("x", utc("2026-03-14T21:30:00Z"));
    request.not_before = Some(utc("2026-03-13T23:00:00Z"));
    let s = engine.suggest(&request).unwrap();
    use cadence_model::RuleKind::{Cap, QuietHours};
    assert_eq!(s.flagged, [Cap, QuietHours]);
    // Before Saturday no time fixes the cap (Monday's and Wednesday's emails are in every
    // window), so the nearest time is also the earliest clean one, named once.
    let got = offers(&s);
    assert_eq!(
        got[0],
        (
            "Nearest later, breaks nothing".to_string(),
            "Mon 16 10:00".to_string(),
            "fixes the cap and quiet hours; breaks nothing else".to_string()
        )
    );
    assert!(got[1..].iter().all(|o| o.0 == "Another day"));
}

#[test]
fn offers_are_distinct_and_never_three_in_one_hour() {
    // A message with nothing to fix at 10:00 on a quiet day: everything is clean, so the
    // earliest clean time is 10:00 and the other days follow; no nearest offers.
    let engine = saturday_night();
    let mut request = SuggestRequest::new("x", utc("2026-03-02T09:00:00Z"));
    request.not_before = Some(utc("2026-03-01T00:00:00Z"));
    request.step_minutes = 1;
    let s = engine.suggest(&request).unwrap();
    assert!(s.flagged.is_empty());
    assert!(s
        .offers
        .iter()
        .all(|o| o.kind != cadence_engine::OfferKind::Nearest));
    let mut seen = std::collections::HashMap::new();
    for o in &s.offers {
        *seen.entry(o.local.format("%F %H").to_string()).or_insert(0) += 1;
    }
    assert!(seen.values().all(|&n| n < 3), "{seen:?}");
    let mut instants: Vec<_> = s.offers.iter().map(|o| o.at).collect();
    instants.dedup();
    assert_eq!(instants.len(), s.offers.len());
    assert_eq!(s.offers[0].text, "breaks nothing");
    // Each other-day offer is on its own day, at least a day after the one before.
    let days: Vec<_> = s.offers.iter().map(|o| o.local.date()).collect();
    assert!(days.windows(2).all(|w| w[1] > w[0]), "{days:?}");
}

#[test]
fn the_nearest_offers_never_go_before_not_before_or_the_search_window() {
    let engine = saturday_night();
    let mut request = SuggestRequest::new("x", utc("2026-03-14T21:30:00Z"));
    request.fix = vec![cadence_model::RuleKind::QuietHours];
    // Not before 21:50: 21:45 is too early, so there is no earlier offer.
    request.not_before = Some(utc("2026-03-14T20:50:00Z"));
    let s = engine.suggest(&request).unwrap();
    assert_eq!(s.offers[0].label, "Nearest later");
}
