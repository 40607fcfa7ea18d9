//! The editors' draft commands through the command list, as the UI sends them (JSON in, JSON
//! out) to a real desk: a checklist draft's ids and problems, a new rule's defaults, recurrence
//! presets read and written, and the guidelines of huge drafts in bounded time.

use std::time::{Duration, Instant};

use cadence_desk::commands::{dispatch_desk, Clock};
use cadence_desk::*;
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};

fn open(dir: &tempfile::TempDir) -> Desk {
    Desk::open(
        &dir.path().join("cadence.db"),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap()
}

fn clock() -> Clock {
    Clock {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        now: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
    }
}

/// Run `name` with `args`; the reply, or the error as JSON.
fn call(desk: &mut Desk, name: &str, args: Value) -> Result<Value, AppError> {
    dispatch_desk(desk, clock(), name, args).expect("a desk command")
}

fn row(id: Option<&str>, label: &str, weight: Value) -> Value {
    json!({ "id": id, "label": label, "weight": weight, "required": false, "guidance": "" })
}

#[test]
fn a_checklist_draft_gets_ids_problems_by_field_and_its_effect_on_the_messages() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let stored = desk
        .plan()
        .client("harvest-lane")
        .unwrap()
        .checklist
        .clone();
    let mut items: Vec<Value> = stored
        .iter()
        .map(|i| row(Some(&i.id), &i.label, json!(i.weight)))
        .collect();
    items.push(row(None, "Seasonal & local!", json!(5)));
    let reply = call(
        &mut desk,
        "check_checklist",
        json!({ "clientId": "harvest-lane", "items": items }),
    )
    .unwrap();
    assert_eq!(reply["items"][stored.len()]["id"], "seasonal-local");
    assert!(reply["items"][0]["worth"]
        .as_str()
        .unwrap()
        .starts_with("worth "));
    assert!(reply["checklist"].is_array());
    assert!(
        !reply["changes"].as_array().unwrap().is_empty(),
        "a new weighted item changes the scores of messages that do not answer it"
    );

    // Problems by row and field; no effect while a row has one.
    let bad = json!([
        row(Some("a"), " ", json!(1)),
        row(Some("a"), "Twice", json!(-2)),
        row(None, "No weight", Value::Null),
    ]);
    let reply = call(
        &mut desk,
        "check_checklist",
        json!({ "clientId": "harvest-lane", "items": bad }),
    )
    .unwrap();
    assert_eq!(
        reply["items"][0]["problems"]["label"][0],
        "must not be empty"
    );
    assert!(reply["items"][1]["problems"]["id"][0]
        .as_str()
        .unwrap()
        .contains("duplicate"));
    assert!(reply["items"][1]["problems"]["weight"].is_array());
    assert!(reply["items"][2]["problems"]["weight"].is_array());
    assert_eq!(reply["checklist"], Value::Null);
    assert_eq!(reply["changes"], json!([]));

    // What the editor flags, a save refuses.
    let err = desk
        .save_client(ClientInput {
            id: Some("harvest-lane".into()),
            name: "Harvest Lane Grocers".into(),
            timezone: "America/New_York".into(),
            checklist: Some(vec![cadence_model::ChecklistItem {
                id: "a".into(),
                label: " ".into(),
                weight: 1,
                required: false,
                guidance: String::new(),
            }]),
            rules: None,
        })
        .unwrap_err();
    assert!(err
        .issues
        .iter()
        .any(|i| i.path.ends_with("checklist[0].label") && i.message == "must not be empty"));

    let err = call(
        &mut desk,
        "check_checklist",
        json!({ "clientId": "nobody", "items": [] }),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn five_thousand_checklist_rows_answer_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let items: Vec<Value> = (0..5_000)
        .map(|i| row(None, &format!("Question {}", i % 7), json!(i % 4)))
        .collect();
    let started = Instant::now();
    let reply = call(
        &mut desk,
        "check_checklist",
        json!({ "clientId": "harvest-lane", "items": items }),
    )
    .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(reply["items"].as_array().unwrap().len(), 5_000);
    assert_eq!(reply["items"][7]["id"], "question-0-2");
}

#[test]
fn rule_defaults_give_one_valid_rule_per_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let reply = call(&mut desk, "rule_defaults", json!({})).unwrap();
    let kinds: Vec<&str> = reply
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "cap",
            "min_gap",
            "quiet_hours",
            "blackout",
            "weekdays",
            "min_value"
        ]
    );
    // Each default is what a draft check accepts.
    let client = desk.plan().clients[0].id.clone();
    let view = desk
        .guidelines(
            &client,
            None,
            Some(&serde_json::from_value::<Vec<cadence_model::Rule>>(reply).unwrap()),
        )
        .unwrap();
    assert_eq!(view.issues, vec![]);
}

#[test]
fn recurrence_presets_are_read_and_written_as_the_editor_sends_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let read = call(
        &mut desk,
        "read_recurrence",
        json!({ "rrule": "FREQ=WEEKLY;BYDAY=TH,SU;COUNT=6", "first": "2026-11-05" }),
    )
    .unwrap();
    assert_eq!(read["kind"], "weekly");
    assert_eq!(read["days"], json!(["Thu", "Sun"]));
    assert_eq!(read["count"], 6);
    let none = call(
        &mut desk,
        "read_recurrence",
        json!({ "rrule": null, "first": "2026-11-05" }),
    )
    .unwrap();
    assert_eq!(none["kind"], "none");
    assert_eq!(none["days"], json!(["Thu"]));
    assert_eq!(none["month_day"], 5);

    // Picking weekly: it ends with the campaign; the RRULE comes back with it.
    let mut weekly = none.clone();
    weekly["kind"] = json!("weekly");
    let written = call(
        &mut desk,
        "write_recurrence",
        json!({ "preset": weekly, "picked": true, "first": "2026-11-05", "campaignEnd": "2026-12-31" }),
    )
    .unwrap();
    assert_eq!(written["rrule"], "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231");
    assert_eq!(written["preset"]["until"], "2026-12-31");
    assert_eq!(written["problem"], Value::Null);

    // The last day as typed is read in the locale; a blank one is no end date.
    let mut typed = |text: &str, locale: &str| {
        call(
            &mut desk,
            "write_recurrence",
            json!({ "preset": written["preset"], "picked": false, "first": "2026-11-05", "campaignEnd": null, "untilText": text, "locale": locale }),
        )
        .unwrap()
    };
    let us = typed("12/10/2026", "en-US");
    assert_eq!(us["rrule"], "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261210");
    assert_eq!(us["preset"]["until"], "2026-12-10");
    let de = typed("12/10/2026", "de-DE");
    assert_eq!(de["rrule"], "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261012");
    let open = typed(" ", "en-US");
    assert_eq!(open["rrule"], "FREQ=WEEKLY;BYDAY=TH");
    assert_eq!(open["preset"]["until"], Value::Null);
    let wrong = typed("31/12/2026", "en-US");
    assert_eq!(wrong["rrule"], Value::Null);
    assert_eq!(
        wrong["problem"],
        "Last day: 31/12/2026 is not a day of the calendar (read as month/day/year)."
    );

    // A preset that cannot be an RRULE says why.
    let mut no_day = written["preset"].clone();
    no_day["days"] = json!([]);
    let written = call(
        &mut desk,
        "write_recurrence",
        json!({ "preset": no_day, "picked": false, "first": "2026-11-05", "campaignEnd": null }),
    )
    .unwrap();
    assert_eq!(written["rrule"], Value::Null);
    assert_eq!(written["problem"], "Choose at least one day.");

    // A malformed request is refused as bad arguments, not a panic.
    let err = call(
        &mut desk,
        "read_recurrence",
        json!({ "rrule": "FREQ=DAILY", "first": "not a date" }),
    )
    .unwrap_err();
    assert!(err.message.contains("read_recurrence"), "{}", err.message);

    // A huge custom rule reads back as custom, quickly.
    let huge = format!("FREQ=WEEKLY;BYDAY={}", vec!["MO"; 50_000].join(","));
    let started = Instant::now();
    let read = call(
        &mut desk,
        "read_recurrence",
        json!({ "rrule": huge, "first": "2026-11-05" }),
    )
    .unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(read["kind"], "weekly");
    assert_eq!(read["days"], json!(["Mon"]));
}

#[test]
fn guidelines_and_preset_previews_of_five_thousand_rules_answer_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let client = desk.plan().client("harvest-lane").unwrap().clone();
    let segment = client.segments[0].id.clone();
    let rules: Vec<Value> = (0..5_000)
        .map(|i| json!({ "kind": "cap", "max": i % 3, "window_days": 1 + i % 5000 }))
        .collect();
    let started = Instant::now();
    let view = call(
        &mut desk,
        "guidelines",
        json!({ "clientId": "harvest-lane", "segmentId": segment, "draft": rules }),
    )
    .unwrap();
    let issues = view["issues"].as_array().unwrap();
    assert!(
        issues.iter().any(|i| i["path"] == "rules"),
        "too many rules"
    );
    assert!(issues.iter().any(|i| i["path"] == "rules[0].max"));
    assert!(issues
        .iter()
        .any(|i| i["path"] == "rules[3660].window_days"));
    let preview = call(
        &mut desk,
        "preset_preview",
        json!({ "clientId": "harvest-lane", "segmentId": segment, "presetId": "engaged-community", "rules": rules }),
    )
    .unwrap();
    assert!(preview["rules"].as_array().unwrap().len() >= 5_000);
    assert!(started.elapsed() < Duration::from_secs(5));
}
