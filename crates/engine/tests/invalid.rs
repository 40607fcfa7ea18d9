//! Invalid plans are rejected with the JSON path of each problem before any check runs.

mod common;

use cadence_engine::{check_plan, CheckOptions, Engine, EngineError, MessageChange};
use cadence_model::Plan;
use common::*;
use serde_json::{json, Value};

fn valid() -> Value {
    plan_json(
        "UTC",
        json!([{ "kind": "cap", "max": 2, "window_days": 7 }]),
        vec![seg("p", None, json!([])), seg("k", Some("p"), json!([]))],
        vec![msg("m", &["k"], "2026-03-02T09:00:00")],
    )
}

/// The paths of the issues `check_plan` reports for a broken plan (built without
/// validation, as a store or the app could hand one over).
fn paths(value: &Value) -> Vec<String> {
    let plan: Plan = serde_json::from_value(value.clone()).expect("plan shape");
    match check_plan(&plan, &CheckOptions::default()) {
        Err(EngineError::Invalid(issues)) => {
            assert!(matches!(
                Engine::from_plan(&plan),
                Err(EngineError::Invalid(_))
            ));
            issues.into_iter().map(|i| i.path).collect()
        }
        other => panic!("expected an invalid plan, got {other:?}"),
    }
}

#[test]
fn the_valid_base_plan_checks() {
    let plan: Plan = serde_json::from_value(valid()).unwrap();
    assert!(check_plan(&plan, &CheckOptions::default()).is_ok());
}

#[test]
fn unknown_segment_is_rejected_with_its_path() {
    let mut p = valid();
    p["clients"][0]["campaigns"][0]["messages"][0]["segments"] = json!(["ghost"]);
    assert_eq!(
        paths(&p),
        ["clients[0].campaigns[0].messages[0].segments[0]"]
    );
}

#[test]
fn parent_cycle_is_rejected() {
    let mut p = valid();
    p["clients"][0]["segments"][0]["parent"] = json!("k");
    let found = paths(&p);
    assert!(
        found.contains(&"clients[0].segments[0].parent".to_string()),
        "{found:?}"
    );
}

#[test]
fn bad_rrule_is_rejected() {
    let mut p = valid();
    p["clients"][0]["campaigns"][0]["messages"][0]["rrule"] = json!("FREQ=SOMETIMES");
    assert_eq!(paths(&p), ["clients[0].campaigns[0].messages[0].rrule"]);
}

#[test]
fn unknown_time_zone_is_rejected() {
    let mut p = valid();
    p["clients"][0]["segments"][1]["timezone"] = json!("Mars/Olympus");
    assert_eq!(paths(&p), ["clients[0].segments[1].timezone"]);
}

#[test]
fn cap_limits_below_one_are_rejected() {
    let mut p = valid();
    p["clients"][0]["rules"] = json!([{ "kind": "cap", "max": 0, "window_days": 0 }]);
    assert_eq!(
        paths(&p),
        ["clients[0].rules[0].max", "clients[0].rules[0].window_days"]
    );
}

#[test]
fn bad_hhmm_is_rejected() {
    let mut p = valid();
    p["clients"][0]["segments"][0]["rules"] =
        json!([{ "kind": "quiet_hours", "start": "9:00", "end": "24:00" }]);
    assert_eq!(
        paths(&p),
        [
            "clients[0].segments[0].rules[0].start",
            "clients[0].segments[0].rules[0].end"
        ]
    );
}

#[test]
fn an_invalid_incremental_change_is_rejected_with_the_messages_path() {
    let plan: Plan = serde_json::from_value(valid()).unwrap();
    let mut engine = Engine::from_plan(&plan).unwrap();
    let mut bad = plan.clients[0].campaigns[0].messages[0].clone();
    bad.segments = vec!["ghost".into()];
    bad.rrule = Some("NOPE".into());
    let err = engine
        .apply(MessageChange::Upsert {
            client: "c".into(),
            campaign: "k".into(),
            message: Box::new(bad),
        })
        .unwrap_err();
    match err {
        EngineError::Invalid(issues) => {
            let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
            assert_eq!(
                paths,
                [
                    "clients[0].campaigns[0].messages[0].segments[0]",
                    "clients[0].campaigns[0].messages[0].rrule"
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // Nothing changed.
    assert_eq!(engine.plan(), &plan);
    assert!(matches!(
        engine.apply(MessageChange::Remove {
            message: "ghost".into()
        }),
        Err(EngineError::UnknownMessage(_))
    ));
}
