//! The hostile user's probes (issue "nothing a user does can brick a workspace"), each run
//! against the real `cadence` binary and real database files: every one gets a clear
//! refusal that names what and where, or a workspace that still loads, exports and checks.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

fn cadence(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cadence").unwrap();
    cmd.env_remove("CADENCE_DB").arg("--db").arg(db);
    cmd
}

/// The spec's example plan as JSON, to be bent into each probe.
fn example() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/spec-example.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, plan: &Value) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, serde_json::to_string(plan).unwrap()).unwrap();
    path
}

/// A database holding the spec example, and the bytes of its file.
fn example_db(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("cadence.db");
    let file = write(dir, "example.json", &example());
    cadence(&db)
        .args(["plan", "import"])
        .arg(&file)
        .assert()
        .success();
    db
}

/// The workspace as `plan export` prints it.
fn exported(db: &Path) -> String {
    let out = cadence(db).args(["plan", "export"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `plan validate` and `plan import` both refuse `plan` with exit 2 and a message containing
/// every one of `words`, and the database stays exactly as it was.
fn refused(plan: &Value, words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let db = example_db(&dir);
    let before = exported(&db);
    let file = write(&dir, "probe.json", plan);
    for args in [vec!["plan", "validate"], vec!["plan", "import"]] {
        let out = cadence(&db).args(&args).arg(&file).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        for word in words {
            assert!(
                stderr(&out).contains(word),
                "{args:?}: {word:?} in {}",
                stderr(&out)
            );
        }
    }
    assert_eq!(exported(&db), before);
}

#[test]
fn a_horizon_in_year_262142_is_refused() {
    let mut plan = example();
    plan["horizon"]["end"] = json!("+262142-12-31");
    refused(&plan, &["horizon.end", "1900", "2200"]);
}

#[test]
fn a_thousand_year_horizon_is_refused_and_so_is_merging_one_in() {
    let mut plan = example();
    plan["horizon"]["end"] = json!("2200-01-01");
    refused(&plan, &["horizon.end", "10 years"]);

    // Merging a file whose own horizon is fine but would stretch the workspace too far.
    let dir = tempfile::tempdir().unwrap();
    let db = example_db(&dir);
    let before = exported(&db);
    let mut other = example();
    other["horizon"] = json!({"start": "2036-01-01", "end": "2036-12-31"});
    other["clients"][0]["id"] = json!("other");
    other["clients"][0]["segments"][0]["id"] = json!("other-all");
    other["clients"][0]["campaigns"][0]["id"] = json!("other-spring");
    let message = &mut other["clients"][0]["campaigns"][0]["messages"][0];
    message["id"] = json!("other-m1");
    message["segments"] = json!(["other-all"]);
    message["at"] = json!("2036-03-04T09:00:00");
    let file = write(&dir, "far.json", &other);
    cadence(&db)
        .args(["plan", "import"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("horizon.end"))
        .stderr(predicate::str::contains("replace"));
    assert_eq!(exported(&db), before);

    // Within the limit, the merge grows the horizon and says so.
    other["horizon"] = json!({"start": "2027-01-01", "end": "2028-01-01"});
    other["clients"][0]["campaigns"][0]["messages"][0]["at"] = json!("2027-03-02T09:00:00");
    let file = write(&dir, "near.json", &other);
    cadence(&db)
        .args(["plan", "import"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "horizon grew from 2026-01-01 – 2027-01-01 to 2026-01-01 – 2028-01-01",
        ));
}

#[test]
fn dates_outside_the_supported_years_are_refused_everywhere() {
    let mut plan = example();
    plan["clients"][0]["campaigns"][0]["messages"][0]["at"] = json!("1850-03-03T09:00:00");
    refused(&plan, &["messages[0].at", "1850"]);
    let mut plan = example();
    plan["clients"][0]["campaigns"][0]["messages"][0]["rrule"] =
        json!("FREQ=WEEKLY;UNTIL=99991231");
    refused(&plan, &["messages[0].rrule", "9999"]);
    let mut plan = example();
    plan["clients"][0]["campaigns"][0]["messages"][0]["exdates"] = json!(["2401-01-01T09:00:00"]);
    refused(&plan, &["exdates[0]", "2401"]);
    // And for the period a check asks about.
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "example.json", &example());
    Command::cargo_bin("cadence")
        .unwrap()
        .args(["check", "--to", "+20000-01-01"])
        .arg(&file)
        .assert()
        .code(2);
    Command::cargo_bin("cadence")
        .unwrap()
        .args(["check", "--from", "1800-01-01"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1800-01-01"));
}

#[test]
fn ten_thousand_children_with_an_hourly_message_are_refused_by_the_work_budget() {
    let mut plan = example();
    let client = &mut plan["clients"][0];
    let mut segments = vec![client["segments"][0].clone()];
    for i in 0..10_000 {
        segments.push(json!({
            "id": format!("child-{i}"), "name": format!("Child {i}"), "parent": "all",
            "size": 10, "opt_in": ["email"], "interests": [], "values": [], "rules": []
        }));
    }
    client["segments"] = Value::Array(segments);
    client["campaigns"][0]["messages"][0]["rrule"] = json!("FREQ=HOURLY");
    refused(&plan, &["messages[0]", "more checking than Cadence allows"]);
}

#[test]
fn two_thousand_secondly_messages_are_refused_by_the_work_budget() {
    let mut plan = example();
    let first = plan["clients"][0]["campaigns"][0]["messages"][0].clone();
    let messages: Vec<Value> = (0..2_000)
        .map(|i| {
            let mut m = first.clone();
            m["id"] = json!(format!("s{i}"));
            m["rrule"] = json!("FREQ=SECONDLY");
            m
        })
        .collect();
    plan["clients"][0]["campaigns"][0]["messages"] = Value::Array(messages);
    refused(&plan, &["more checking than Cadence allows"]);
}

#[test]
fn a_ten_thousand_deep_segment_chain_is_refused_quickly() {
    let mut plan = example();
    let mut segments = vec![plan["clients"][0]["segments"][0].clone()];
    for i in 0..10_000 {
        let parent = if i == 0 {
            "all".to_string()
        } else {
            format!("d{}", i - 1)
        };
        segments.push(json!({
            "id": format!("d{i}"), "name": format!("Depth {i}"), "parent": parent,
            "size": 10, "opt_in": [], "interests": [], "values": [], "rules": []
        }));
    }
    plan["clients"][0]["segments"] = Value::Array(segments);
    refused(&plan, &["segments[32].parent", "at most 32 levels"]);
}

#[test]
fn a_long_parent_cycle_is_reported_without_listing_it_whole() {
    let mut plan = example();
    let mut segments = vec![plan["clients"][0]["segments"][0].clone()];
    for i in 0..5_000 {
        segments.push(json!({
            "id": format!("c{i}"), "name": format!("Cycle {i}"),
            "parent": format!("c{}", (i + 1) % 5_000),
            "size": 10, "opt_in": [], "interests": [], "values": [], "rules": []
        }));
    }
    plan["clients"][0]["segments"] = Value::Array(segments);
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "cycle.json", &plan);
    let out = Command::cargo_bin("cadence")
        .unwrap()
        .args(["plan", "validate"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert_eq!(text.matches("form a cycle").count(), 5_000);
    assert!(text.contains("c0 -> c1 -> c2"), "{}", &text[..300]);
    assert!(text.len() < 2_000_000, "each cycle line is short");
}

#[test]
fn a_hundred_thousand_exdates_are_refused_and_ten_thousand_load() {
    let mut plan = example();
    let message = &mut plan["clients"][0]["campaigns"][0]["messages"][0];
    message["rrule"] = json!("FREQ=HOURLY");
    let hours = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|h| {
                let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 3)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap()
                    + chrono::Duration::hours(h as i64 + 1);
                json!(at.format("%Y-%m-%dT%H:%M:%S").to_string())
            })
            .collect()
    };
    message["exdates"] = Value::Array(hours(100_000));
    refused(&plan, &["exdates", "at most 10000"]);

    plan["clients"][0]["campaigns"][0]["messages"][0]["exdates"] = Value::Array(hours(10_000));
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "exdates.json", &plan);
    let out = Command::cargo_bin("cadence")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
}

#[test]
fn two_merge_imports_at_once_both_land() {
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let db = example_db(&dir);
        let files: Vec<PathBuf> = ["north", "south"]
            .iter()
            .map(|name| {
                let mut plan = example();
                let client = &mut plan["clients"][0];
                client["id"] = json!(name);
                client["segments"][0]["id"] = json!(format!("{name}-all"));
                client["campaigns"][0]["id"] = json!(format!("{name}-spring"));
                let message = &mut client["campaigns"][0]["messages"][0];
                message["id"] = json!(format!("{name}-m1"));
                message["segments"] = json!([format!("{name}-all")]);
                write(&dir, &format!("{name}.json"), &plan)
            })
            .collect();
        let children: Vec<std::process::Child> = files
            .iter()
            .map(|file| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin("cadence"))
                    .env_remove("CADENCE_DB")
                    .arg("--db")
                    .arg(&db)
                    .args(["plan", "import"])
                    .arg(file)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", stderr(&out));
        }
        let plan: Value = serde_json::from_str(&exported(&db)).unwrap();
        let ids: Vec<&str> = plan["clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 3, "round {round}: {ids:?}");
        assert!(ids.contains(&"north") && ids.contains(&"south") && ids.contains(&"acme"));
    }
}

#[test]
fn two_programs_creating_a_database_at_once_both_succeed() {
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.db");
        let file = write(&dir, "example.json", &example());
        let children: Vec<std::process::Child> = (0..2)
            .map(|_| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin("cadence"))
                    .env_remove("CADENCE_DB")
                    .arg("--db")
                    .arg(&db)
                    .args(["plan", "import", "--replace"])
                    .arg(&file)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
        }
    }
}

#[test]
fn a_mistyped_db_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo/x.db");
    let backup = dir.path().join("backup.json");
    for args in [
        vec!["plan", "export", "-o"],
        vec!["client", "list"],
        vec!["check"],
        vec!["backup", "list"],
    ] {
        let mut cmd = cadence(&db);
        cmd.args(&args);
        if args.contains(&"-o") {
            cmd.arg(&backup);
        }
        cmd.assert()
            .code(1)
            .stderr(predicate::str::contains("no Cadence database at"))
            .stderr(predicate::str::contains("typo/x.db"));
    }
    assert!(!dir.path().join("typo").exists());
    assert!(!backup.exists());
}

#[test]
fn a_negative_schema_version_is_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_db(&dir);
    sql(&db, "PRAGMA user_version = -1;");
    let before = std::fs::read(&db).unwrap();
    cadence(&db)
        .args(["client", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("schema version is -1"))
        .stderr(predicate::str::contains("panicked").not());
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Run SQL on the database behind Cadence's back, as another tool (or an older Cadence) would.
fn sql(db: &Path, statement: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(statement)
        .unwrap();
}

#[test]
fn imports_take_backups_that_list_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_db(&dir);
    let original = exported(&db);
    let mut other = example();
    other["clients"][0]["name"] = json!("Acme Grocers, renamed");
    let file = write(&dir, "renamed.json", &other);
    cadence(&db)
        .args(["plan", "import", "--replace"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("saved as backup cadence-"));
    assert!(exported(&db).contains("renamed"));

    let out = cadence(&db)
        .args(["backup", "list", "--format", "json"])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["reason"], "before-replace");
    let name = rows[0]["name"].as_str().unwrap().to_string();
    cadence(&db)
        .args(["backup", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&name));

    cadence(&db)
        .args(["backup", "restore", &name])
        .assert()
        .success()
        .stderr(predicate::str::contains("before-restore"));
    assert_eq!(exported(&db), original);
    cadence(&db)
        .args(["backup", "restore", "no-such-backup.db"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no backup named"));
}

#[test]
fn a_workspace_the_engine_rejects_still_exports_and_can_be_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_db(&dir);
    // A workspace stored by an older Cadence, before the horizon limit existed.
    sql(&db, "UPDATE workspace SET horizon_end = '2190-01-01';");
    cadence(&db)
        .args(["check"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot open"))
        .stderr(predicate::str::contains("plan import plan.json --replace"));
    let saved = dir.path().join("rescued.json");
    cadence(&db)
        .args(["plan", "export", "-o"])
        .arg(&saved)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&saved)
        .unwrap()
        .contains("2190-01-01"));
    let good = write(&dir, "good.json", &example());
    cadence(&db)
        .args(["plan", "import", "--replace"])
        .arg(&good)
        .assert()
        .success();
    cadence(&db).args(["check"]).assert().code(0);
}

#[test]
fn a_panic_is_a_clear_message_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_db(&dir);
    cadence(&db)
        .env("CADENCE_TEST_PANIC", "1")
        .args(["client", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("internal error"))
        .stderr(predicate::str::contains("Please report"))
        .stderr(predicate::str::contains("RUST_BACKTRACE").not());
}
