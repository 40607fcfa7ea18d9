//! `cadence export`: exit codes, files written atomically, nothing written on bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

fn cadence() -> Command {
    let mut cmd = Command::cargo_bin("cadence").unwrap();
    cmd.env_remove("CADENCE_DB")
        .env("CADENCE_TODAY", "2026-02-20");
    cmd
}

/// Two clients; "a" breaks a cap (m2) and quiet hours (m3), "b" is clean.
fn plan() -> Value {
    let client = |id: &str, messages: Value| {
        json!({
            "id": id, "name": id.to_uppercase(), "timezone": "America/New_York",
            "rules": [
                { "kind": "cap", "max": 1, "window_days": 7 },
                { "kind": "quiet_hours", "start": "21:00", "end": "08:00" }
            ],
            "segments": [
                { "id": format!("{id}-all"), "name": "All", "opt_in": ["email"] },
                { "id": format!("{id}-eu"), "name": "Europe", "parent": format!("{id}-all"),
                  "timezone": "Europe/Paris", "opt_in": ["email"] }
            ],
            "campaigns": [{ "id": format!("{id}-k"), "name": "K", "messages": messages }]
        })
    };
    let message = |id: &str, seg: &str, at: &str| json!({ "id": id, "title": format!("=Title {id}"), "channel": "email", "segments": [seg], "at": at });
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

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, plan().to_string()).unwrap();
    (dir, path)
}

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn tables_go_to_a_file_or_standard_output() {
    let (dir, plan) = setup();
    let out = dir.path().join("touches.csv");
    cadence()
        .args(["export", "touches"])
        .arg(&plan)
        .args(["--client", "all", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFclient,segment,segment_name"));
    let text = String::from_utf8(bytes).unwrap();
    // Three messages of a reach two segments each; n1 reaches two of b.
    assert_eq!(text.lines().count(), 1 + 6 + 2, "{text}");
    assert!(
        text.contains(",'=Title m1,"),
        "formula-like titles are defused: {text}"
    );
    cadence()
        .args(["export", "violations"])
        .arg(&plan)
        .args(["--client", "a", "--plain"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("client,rule,segment"))
        .stdout(predicate::str::contains("=Title").not())
        .stdout(predicate::str::contains("quiet_hours"));
}

#[test]
fn violations_equal_cadence_check() {
    let (_dir, plan) = setup();
    let check = cadence()
        .arg("check")
        .arg(&plan)
        .args(["--client", "a", "--format", "json"])
        .output()
        .unwrap();
    let records: Vec<Value> = serde_json::from_slice(&check.stdout).unwrap();
    let out = cadence()
        .args(["export", "violations"])
        .arg(&plan)
        .args(["--client", "a", "--plain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), records.len());
    for (row, record) in rows.iter().zip(&records) {
        assert_eq!(&row[1], record["rule"].as_str().unwrap());
        assert_eq!(&row[3], record["message"].as_str().unwrap());
        assert_eq!(&row[5], record["at"].as_str().unwrap());
    }
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let (dir, plan) = setup();
    let out = dir.path().join("out.ics");
    let cases: Vec<Vec<&str>> = vec![
        vec!["touches", "--client", "nobody"],
        vec!["touches", "--client", "a", "--segment", "b-all"],
        vec!["schedule", "--from", "2026-02-01"],
        vec!["messages", "--to", "2026-05-01"],
        vec!["messages", "--from", "2026-03-10", "--to", "2026-03-10"],
        // A calendar is for one client, and the plan has two.
        vec!["ics"],
        vec!["pdf", "--client", "all"],
    ];
    for args in cases {
        cadence()
            .arg("export")
            .args(&args[..1])
            .arg(&plan)
            .args(&args[1..])
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("cadence: "));
        assert_eq!(
            files(dir.path()),
            vec!["plan.json"],
            "{args:?} wrote something"
        );
    }
    // A bad plan file.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": \"cadence-plan\"").unwrap();
    cadence()
        .args(["export", "touches"])
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists());
}

#[test]
fn an_unwritable_folder_exits_1_and_keeps_the_old_file() {
    let (dir, plan) = setup();
    let missing = dir.path().join("no/such/folder/out.csv");
    cadence()
        .args(["export", "touches"])
        .arg(&plan)
        .arg("-o")
        .arg(&missing)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot write")
                .and(predicate::str::contains("no/such/folder")),
        );
    // A target whose folder is a file.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    cadence()
        .args(["export", "touches"])
        .arg(&plan)
        .arg("-o")
        .arg(blocker.join("out.csv"))
        .assert()
        .code(1);
    // An existing file is replaced only by a complete export.
    let target = dir.path().join("keep.csv");
    std::fs::write(&target, "old").unwrap();
    cadence()
        .args(["export", "touches"])
        .arg(&plan)
        .args(["--client", "x", "-o"])
        .arg(&target)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    assert_eq!(files(dir.path()), vec!["file", "keep.csv", "plan.json"]);
}

#[test]
fn a_calendar_for_one_client() {
    let (dir, plan) = setup();
    let out = dir.path().join("a.ics");
    cadence()
        .args(["export", "ics"])
        .arg(&plan)
        .args(["--client", "a", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3);
    assert!(text.contains("DTSTART;TZID=America/New_York:20260303T090000\r\n"));
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"));
    assert!(text.contains("DTSTAMP:20260220T000000Z"));
}

#[cfg(feature = "pdf")]
#[test]
fn a_report_for_one_client() {
    let (dir, plan) = setup();
    let out = dir.path().join("a.pdf");
    cadence()
        .args(["export", "pdf"])
        .arg(&plan)
        .args(["--client", "a", "--paper", "letter", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    assert_eq!(files(dir.path()), vec!["a.pdf", "plan.json"]);
}

#[test]
fn all_four_tables_into_a_folder() {
    let (dir, plan) = setup();
    let out = dir.path().join("tables");
    std::fs::create_dir(&out).unwrap();
    cadence()
        .args(["export", "tables"])
        .arg(&plan)
        .args(["--plain", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    assert_eq!(
        files(&out),
        vec![
            "messages.csv",
            "schedule.csv",
            "touches.csv",
            "violations.csv"
        ]
    );
    // The same bytes as one table at a time.
    for table in ["touches", "schedule", "violations", "messages"] {
        let alone = cadence()
            .args(["export", table])
            .arg(&plan)
            .arg("--plain")
            .output()
            .unwrap();
        assert_eq!(
            std::fs::read(out.join(format!("{table}.csv"))).unwrap(),
            alone.stdout,
            "{table}"
        );
    }
    // Without a folder nothing is written.
    cadence()
        .args(["export", "tables"])
        .arg(&plan)
        .assert()
        .code(2);
}
