//! `cadence check` and `cadence suggest` on plan files and on the database.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

fn cadence() -> Command {
    let mut cmd = Command::cargo_bin("cadence").unwrap();
    cmd.env_remove("CADENCE_DB");
    cmd
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// A plan with two clients: "a" breaks a cap (m2) and quiet hours (m3); "b" is clean.
fn plan() -> Value {
    let client = |id: &str, messages: Value| {
        json!({
            "id": id, "name": id.to_uppercase(), "timezone": "America/New_York",
            "rules": [
                { "kind": "cap", "max": 1, "window_days": 7 },
                { "kind": "quiet_hours", "start": "21:00", "end": "08:00" }
            ],
            "segments": [{ "id": format!("{id}-all"), "name": "All", "opt_in": ["email"] }],
            "campaigns": [{ "id": format!("{id}-k"), "name": "K", "messages": messages }]
        })
    };
    let message = |id: &str, seg: &str, at: &str| json!({ "id": id, "title": id, "channel": "email", "segments": [seg], "at": at });
    json!({
        "format": "cadence-plan", "version": 1,
        "horizon": { "start": "2026-03-01", "end": "2026-04-01" },
        "channels": [{ "id": "email", "name": "Email", "requires_consent": true }],
        "clients": [
            client("a", json!([
                message("m1", "a-all", "2026-03-03T09:00:00"),
                message("m2", "a-all", "2026-03-05T09:00:00"),
                message("m3", "a-all", "2026-03-20T22:00:00")
            ])),
            client("b", json!([message("n1", "b-all", "2026-03-03T09:00:00")]))
        ]
    })
}

fn write(dir: &tempfile::TempDir, value: &Value) -> std::path::PathBuf {
    let path = dir.path().join("plan.json");
    std::fs::write(&path, value.to_string()).unwrap();
    path
}

#[test]
fn a_clean_plan_exits_0() {
    cadence()
        .arg("check")
        .arg(fixture("spec-example.json"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No violations."));
}

#[test]
fn violations_exit_1_with_text_grouped_by_client_and_segment() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, &plan());
    cadence().arg("check").arg(&file).assert().code(1).stdout(
        predicate::str::contains("A (a)\n  All (a-all), America/New_York: 2 violations")
            .and(predicate::str::contains(
                "2026-03-05 09:00 EST  (2026-03-05 14:00 UTC)  cap",
            ))
            .and(predicate::str::contains(
                "2026-03-20 22:00 EDT  (2026-03-21 02:00 UTC)",
            ))
            .and(predicate::str::contains(
                "Summary: 2 violations (cap 1, quiet_hours 1) from 2 message occurrences in 1 of 2 segments",
            ))
            .and(predicate::str::contains("B (b)").not()),
    );
}

#[test]
fn json_output_is_the_spec_array() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, &plan());
    let out = cadence()
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let records: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        records[0],
        json!({
            "rule": "cap", "segment": "a-all", "message": "m2", "occurrence": 0,
            "at": "2026-03-05T14:00:00Z", "channel": "email", "direct": true,
            "window_days": 7, "channels": null, "limit": 1, "count": 2,
            "severity": "error", "detail": "2nd touch in 7 days for All (max 1)"
        })
    );
    assert_eq!(records[1]["rule"], "quiet_hours");
    assert_eq!(records[1]["at"], "2026-03-21T02:00:00Z");
    assert_eq!(records.as_array().unwrap().len(), 2);
}

#[test]
fn client_and_range_options_narrow_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, &plan());
    cadence()
        .args(["check", "--client", "b"])
        .arg(&file)
        .assert()
        .code(0);
    let out = cadence()
        .args([
            "check",
            "--format",
            "json",
            "--from",
            "2026-03-10",
            "--to",
            "2026-04-01",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let records: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(records.as_array().unwrap().len(), 1);
    assert_eq!(records[0]["message"], "m3");
    cadence()
        .args(["check", "--client", "nobody"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown client \"nobody\""));
    cadence()
        .args(["check", "--from", "2026-04-01", "--to", "2026-03-01"])
        .arg(&file)
        .assert()
        .code(2);
}

#[test]
fn invalid_plans_exit_2_with_the_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = plan();
    bad["clients"][0]["rules"][0]["window_days"] = json!(0);
    let file = write(&dir, &bad);
    cadence()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("clients[0].rules[0].window_days"));
    cadence()
        .arg("check")
        .arg(dir.path().join("missing.json"))
        .assert()
        .code(2);
}

#[test]
fn check_reads_the_database_without_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    // No database yet: a refusal that names the path, and nothing is created.
    cadence()
        .arg("--db")
        .arg(&db)
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no Cadence database"))
        .stderr(predicate::str::contains("c.db"));
    assert!(!db.exists());
    // The plan breaks its cap; once imported, check reads it from the database.
    let file = write(&dir, &plan());
    cadence()
        .arg("--db")
        .arg(&db)
        .args(["plan", "import"])
        .arg(&file)
        .assert()
        .success();
    let from_db = cadence()
        .arg("--db")
        .arg(&db)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(from_db.status.code(), Some(1));
    let from_file = cadence()
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(from_db.stdout.starts_with(b"["));
    assert_eq!(from_db.stdout, from_file.stdout);
}

#[test]
fn suggest_finds_the_earliest_free_slots() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, &plan());
    // m2 breaks the 1-per-7-days cap after m1 (2026-03-03 14:00Z); the first free time is
    // exactly 7 days after m1: 10:00 EDT, outside quiet hours (DST began on 03-08).
    let out = cadence()
        .args([
            "suggest",
            "--message",
            "m2",
            "--after",
            "2026-03-04T00:00:00Z",
            "--count",
            "2",
            "--format",
            "json",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["slots"][0]["at"], "2026-03-10T14:00:00Z");
    assert_eq!(s["slots"][0]["local"], "2026-03-10T10:00:00");
    assert_eq!(s["slots"][1]["at"], "2026-03-10T14:15:00Z");
    cadence()
        .args(["suggest", "--message", "m2", "--after", "2026-03-04"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "2026-03-10 10:00 EDT  (2026-03-10 14:00 UTC)",
        ));
}

#[test]
fn suggest_offers_the_nearest_times_and_other_days_with_what_they_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, &plan());
    // m3 goes out on Friday 2026-03-20 at 22:00 EDT, in quiet hours (21:00-08:00).
    let args = [
        "suggest",
        "--message",
        "m3",
        "--after",
        "2026-03-21T02:00:00Z",
        "--not-before",
        "2026-03-20",
        "--fix",
        "quiet_hours",
    ];
    let out = cadence()
        .args(args)
        .args(["--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    let offers: Vec<(&str, &str, &str)> = s["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["kind"].as_str().unwrap(),
                o["local"].as_str().unwrap(),
                o["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        offers,
        [
            ("nearest", "2026-03-20T20:45:00", "Nearest earlier"),
            (
                "clean",
                "2026-03-21T08:00:00",
                "Nearest later, breaks nothing"
            ),
            ("spread", "2026-03-22T20:45:00", "Another day"),
            ("spread", "2026-03-24T20:45:00", "Another day"),
            ("spread", "2026-03-28T20:45:00", "Another day"),
        ]
    );
    assert_eq!(
        s["offers"][0]["text"],
        "fixes quiet hours; breaks nothing else"
    );
    assert_eq!(s["flagged"], json!(["quiet_hours"]));
    // The clean slots are still there, unchanged.
    assert_eq!(s["slots"][0]["local"], "2026-03-21T08:00:00");
    cadence()
        .args(args)
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Choices for m3:"))
        .stdout(predicate::str::contains(
            "Nearest earlier                Fri 2026-03-20 20:45 EDT  fixes quiet hours; breaks nothing else",
        ))
        .stdout(predicate::str::contains(
            "Nearest later, breaks nothing  Sat 2026-03-21 08:00 EDT",
        ));
    // A rule that is not a rule is refused.
    cadence()
        .args(["suggest", "--message", "m3", "--fix", "loud_hours"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"loud_hours\" is not a rule"));
}

#[test]
fn suggest_rejects_unknown_messages_and_reports_empty_searches() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, &plan());
    cadence()
        .args(["suggest", "--message", "nope", "--after", "2026-03-04"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown message \"nope\""));
    // After the horizon there is nothing to search.
    cadence()
        .args(["suggest", "--message", "m2", "--after", "2026-05-01"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("none found"));
}

#[test]
fn check_and_suggest_have_help() {
    for sub in ["check", "suggest"] {
        cadence()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage:"));
    }
}

/// A weekly message that runs past its campaign's end, and a sub-segment bigger than its
/// parent with consent the parent lacks: plan warnings in the text, not violations.
fn plan_with_warnings() -> Value {
    json!({
        "format": "cadence-plan", "version": 1,
        "horizon": { "start": "2026-01-01", "end": "2026-04-01" },
        "channels": [
            { "id": "email", "name": "Email", "requires_consent": true },
            { "id": "sms", "name": "SMS", "requires_consent": true }
        ],
        "clients": [{
            "id": "berlin", "name": "Berlin Bakery", "timezone": "Europe/Berlin",
            "segments": [
                { "id": "all", "name": "All", "size": 20000, "opt_in": ["email"] },
                { "id": "fans", "name": "Fans", "parent": "all", "size": 30000, "opt_in": ["email", "sms"] }
            ],
            "campaigns": [{
                "id": "winter", "name": "Winter", "start": "2026-01-05", "end": "2026-01-31",
                "messages": [{
                    "id": "thu", "title": "Thursday bread", "channel": "email",
                    "segments": ["all"], "at": "2026-01-08T10:00:00", "rrule": "FREQ=WEEKLY;COUNT=8"
                }]
            }]
        }]
    })
}

#[test]
fn check_text_lists_plan_warnings_without_changing_the_exit_code_or_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, &plan_with_warnings());
    cadence().arg("check").arg(&file).assert().code(0).stdout(
        predicate::str::contains("No violations.")
            .and(predicate::str::contains("\nPlan warnings (not violations): 3\n"))
            .and(predicate::str::contains(
                "  Berlin Bakery (berlin): message “Thursday bread” (thu) has 4 occurrences outside its campaign “Winter” (2026-01-05 to 2026-01-31) (first: 2026-02-05 10:00)\n",
            ))
            .and(predicate::str::contains(
                "  Berlin Bakery (berlin): segment “Fans” (fans) has 30,000 people but its parent “All” (all) has only 20,000",
            ))
            .and(predicate::str::contains(
                "  Berlin Bakery (berlin): segment “Fans” (fans) has consent for SMS but its parent “All” (all) does not",
            )),
    );
    // The JSON output stays the spec's array of violation records.
    let out = cadence()
        .args(["check", "--format", "json"])
        .arg(&file)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let value: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value, json!([]));
    // A period inside the campaign has no occurrence outside it.
    cadence()
        .args(["check", "--from", "2026-01-01", "--to", "2026-02-01"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Plan warnings (not violations): 2\n")
                .and(predicate::str::contains("Thursday bread").not()),
        );
}

#[test]
fn a_plan_without_warnings_prints_no_warnings_heading() {
    cadence()
        .arg("check")
        .arg(fixture("spec-example.json"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Plan warnings").not());
}

#[test]
fn a_title_over_the_length_limit_is_an_invalid_plan_naming_field_and_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut value = plan_with_warnings();
    value["clients"][0]["campaigns"][0]["messages"][0]["title"] = json!("x".repeat(500));
    let file = write(&dir, &value);
    cadence()
        .args(["plan", "validate"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("clients[0].campaigns[0].messages[0].title").and(
                predicate::str::contains("the title is 500 characters long; the limit is 120"),
            ),
        );
}
