//! `cadence history import|list|remove` and `cadence insights` end to end on the fixtures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn cadence(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cadence").unwrap();
    cmd.env_remove("CADENCE_DB").arg("--db").arg(db);
    cmd
}

/// A database as the app leaves it on first start (the sample agency); the CLI never
/// creates one except through `plan import`.
fn sample_db(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("c.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    cadence_desk::Desk::open(&db, today).unwrap();
    db
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/history")
        .join(name)
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

/// Import and return (exit code, JSON).
fn import(db: &Path, file: &str, extra: &[&str]) -> (i32, Value) {
    let out = cadence(db)
        .args(["history", "import"])
        .arg(fixture(file))
        .args(["--client", "harvest-lane", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    (out.status.code().unwrap(), json_of(&out.stdout))
}

#[test]
fn every_fixture_imports_with_the_right_counts_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(&dir);
    // (file, extra arguments, exit code, preset, rows, imported, rejected)
    type Case<'a> = (&'a str, &'a [&'a str], i32, &'a str, u64, u64, usize);
    let cases: &[Case] = &[
        (
            "mailchimp-campaigns.csv",
            &[],
            0,
            "mailchimp-campaigns",
            12,
            12,
            0,
        ),
        (
            "klaviyo-campaigns.csv",
            &[],
            0,
            "klaviyo-campaigns",
            8,
            8,
            0,
        ),
        ("meta-posts.csv", &[], 0, "meta-posts", 10, 10, 0),
        ("meta-daily-follows.csv", &[], 0, "meta-daily", 14, 14, 0),
        ("meta-daily-unfollows.csv", &[], 0, "meta-daily", 14, 14, 0),
        (
            "linkedin-content.xlsx",
            &[],
            0,
            "linkedin-content",
            14,
            54,
            0,
        ),
        ("bad-sends.csv", &[], 1, "sends", 12, 3, 9),
        ("activity.csv", &[], 1, "activity", 26, 24, 2),
        ("inbox.tsv", &[], 0, "inbox", 10, 10, 0),
        (
            "ambiguous-dates.csv",
            &["--date-order", "dmy"],
            0,
            "activity",
            2,
            2,
            0,
        ),
    ];
    for (file, extra, code, preset, rows, imported, rejected) in cases {
        let (got, j) = import(&db, file, extra);
        assert_eq!(got, *code, "{file}: {j}");
        assert_eq!(j["preset"], *preset, "{file}");
        assert_eq!(
            (j["rows"].as_u64().unwrap(), j["imported"].as_u64().unwrap()),
            (*rows, *imported),
            "{file}"
        );
        assert_eq!(j["rejected"].as_array().unwrap().len(), *rejected, "{file}");
        assert!(j["import"].as_i64().is_some());
    }
    let (_, bad) = import(&db, "bad-sends.csv", &[]);
    assert_eq!(
        bad["rejected"][0],
        serde_json::json!({"line": 3, "column": "Delivered", "reason": "delivered is missing"})
    );
    assert_eq!(bad["imported"], 0);
    assert_eq!(bad["duplicates"], 3);
    // The same file again adds nothing and exits 0.
    let (code, again) = import(&db, "mailchimp-campaigns.csv", &[]);
    assert_eq!(
        (
            code,
            again["imported"].as_u64(),
            again["duplicates"].as_u64()
        ),
        (0, Some(0), Some(12))
    );
    let list = cadence(&db)
        .args([
            "history",
            "list",
            "--client",
            "harvest-lane",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let list = json_of(&list.stdout);
    assert_eq!(list.as_array().unwrap().len(), 12);
    assert_eq!(list[0]["file"], "mailchimp-campaigns.csv");
    assert_eq!(list[0]["sha256"].as_str().unwrap().len(), 64);
    // Nothing anywhere shows a person as written.
    let out = cadence(&db)
        .args(["insights", "--client", "harvest-lane", "--format", "json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("example.com"));
}

#[test]
fn files_that_cannot_be_read_import_nothing_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(&dir);
    let (code, j) = import(&db, "ambiguous-dates.csv", &[]);
    assert_eq!(code, 2);
    assert!(j["import"].is_null());
    assert!(j["error"]
        .as_str()
        .unwrap()
        .contains("--date-order dmy|mdy"));
    let (code, j) = import(&db, "unterminated-quote.csv", &[]);
    assert_eq!(code, 2);
    assert!(j["error"].as_str().unwrap().contains("line 3"));
    let (code, _) = import(&db, "german-sends.csv", &[]);
    assert_eq!(code, 2);
    let bad_map = dir.path().join("map.json");
    std::fs::write(
        &bad_map,
        r#"{"kind":"sends","columns":{"at":"Datum"},"colour":"red"}"#,
    )
    .unwrap();
    cadence(&db)
        .args(["history", "import"])
        .arg(fixture("german-sends.csv"))
        .args(["--client", "harvest-lane", "--mapping"])
        .arg(&bad_map)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mapping: colour: unknown field"));
    cadence(&db)
        .args(["history", "import"])
        .arg(fixture("activity.csv"))
        .args(["--client", "nobody"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no client with id \"nobody\""));
    // A file whose every row is bad: nothing imported, exit 2.
    let all_bad = dir.path().join("all-bad.csv");
    std::fs::write(
        &all_bad,
        "Date,Channel,List,Delivered\n2025-02-30,email,News,1\n",
    )
    .unwrap();
    let out = cadence(&db)
        .args(["history", "import"])
        .arg(&all_bad)
        .args(["--client", "harvest-lane", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(json_of(&out.stdout)["import"].is_null());
    let list = cadence(&db)
        .args([
            "history",
            "list",
            "--client",
            "harvest-lane",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(json_of(&list.stdout), serde_json::json!([]));
}

#[test]
fn mapping_dry_run_list_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(&dir);
    let map = fixture("german-sends.mapping.json");
    let map = map.to_str().unwrap();
    let (code, dry) = import(&db, "german-sends.csv", &["--mapping", map, "--dry-run"]);
    assert_eq!(
        (code, dry["import"].is_null(), dry["imported"].as_u64()),
        (0, true, Some(6))
    );
    assert!(dry["preset"].is_null());
    let (code, real) = import(&db, "german-sends.csv", &["--mapping", map]);
    assert_eq!((code, real["imported"].as_u64()), (0, Some(6)));
    let id = real["import"].as_i64().unwrap().to_string();
    cadence(&db)
        .args(["history", "list", "--client", "harvest-lane"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("german-sends.csv").and(predicate::str::contains("(mapping)")),
        );
    cadence(&db)
        .args(["history", "remove", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("6 rows deleted"));
    cadence(&db)
        .args(["history", "remove", &id])
        .assert()
        .code(2);
    let (_, again) = import(&db, "german-sends.csv", &["--mapping", map]);
    assert_eq!(again["imported"].as_u64(), Some(6));
}

#[test]
fn insights_json_has_the_spec_shape() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(&dir);
    for f in [
        "klaviyo-campaigns.csv",
        "inbox.tsv",
        "meta-posts.csv",
        "meta-daily-follows.csv",
    ] {
        assert_eq!(import(&db, f, &[]).0, 0);
    }
    let out = cadence(&db)
        .args(["insights", "--client", "harvest-lane", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let j = json_of(&out.stdout);
    for key in ["fatigue", "complaints", "engagement", "response"] {
        assert!(j[key].is_array(), "{key}");
    }
    let f = &j["fatigue"][0];
    for key in [
        "audience",
        "segment",
        "channel",
        "source",
        "bins",
        "baseline",
        "recommended_cap",
        "reason",
    ] {
        assert!(f.get(key).is_some(), "{key}");
    }
    for key in [
        "k",
        "touches",
        "unsubscribes",
        "complaints",
        "rate",
        "low",
        "high",
    ] {
        assert!(f["bins"][0].get(key).is_some(), "{key}");
    }
    let r = &j["response"][0];
    assert_eq!(r["channel"], "instagram");
    assert_eq!(r["messages"], 10);
    assert_eq!(r["answered"], 0.9);
    // Replies after 1..9 hours: median rank 5 → 5 h, p90 rank 9 → 9 h.
    assert_eq!(
        (r["median_hours"].as_f64(), r["p90_hours"].as_f64()),
        (Some(5.0), Some(9.0))
    );
    assert_eq!(r["unanswered_after_target"], 0.1);
    let e = j["engagement"].as_array().unwrap();
    assert!(e
        .iter()
        .any(|x| x["audience"] == "Acme Coffee" && x["bins"][0]["comments"].as_u64().is_some()));
    // Filters.
    let out = cadence(&db)
        .args([
            "insights",
            "--client",
            "harvest-lane",
            "--channel",
            "sms",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let j = json_of(&out.stdout);
    assert!(j["fatigue"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["channel"] == "sms"));
    assert!(j["response"].as_array().unwrap().is_empty());
    cadence(&db)
        .args(["insights", "--client", "harvest-lane"])
        .assert()
        .success()
        .stdout(predicate::str::contains("replies on instagram"));
}

fn snapshot(db: &Path) -> (Vec<(String, i64)>, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let counts = [
        "history_imports",
        "history_activity",
        "history_sends",
        "history_claims",
        "history_activity_claims",
        "history_names",
        "history_secret",
    ]
    .iter()
    .map(|t| {
        (
            t.to_string(),
            conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .unwrap(),
        )
    })
    .collect();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (counts, check)
}

#[test]
fn kill_9_in_the_middle_of_an_import_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(&dir);
    assert_eq!(import(&db, "activity.csv", &[]).0, 1);
    let before = snapshot(&db);
    assert_eq!(before.1, "ok");
    // A big export: 400,000 events.
    let big = dir.path().join("big.csv");
    let mut text = String::from("Email,Event,Timestamp,Campaign,List,Channel\n");
    for i in 0..400_000u32 {
        text.push_str(&format!(
            "person{}@example.com,Received Email,2025-{:02}-{:02}T{:02}:{:02}:00Z,Weekly,News,email\n",
            i % 50_000, 1 + (i / 40_000) % 12, 1 + (i / 1_500) % 28, i % 24, i % 60
        ));
    }
    std::fs::write(&big, text).unwrap();
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let wal_before = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cadence"))
        .env_remove("CADENCE_DB")
        .arg("--db")
        .arg(&db)
        .args(["history", "import"])
        .arg(&big)
        .args(["--client", "harvest-lane"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import is writing (its transaction spills pages into the WAL).
    let started = Instant::now();
    loop {
        let grown = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > wal_before + 2_000_000;
        if grown || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(snapshot(&db), before);
    // And the file still works.
    assert_eq!(import(&db, "inbox.tsv", &[]).0, 0);
}

#[test]
fn the_pdf_report_says_what_the_history_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(&dir);
    let pdf = dir.path().join("report.pdf");
    let text_of = |path: &Path| -> Option<String> {
        let out = std::process::Command::new("pdftotext")
            .arg(path)
            .arg("-")
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // Without history: no section.
    cadence(&db)
        .args(["export", "pdf", "--client", "harvest-lane", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let Some(before) = text_of(&pdf) else {
        eprintln!("pdftotext not available: the report's text was not checked");
        return;
    };
    assert!(!before.contains("What the history says"));

    for f in [
        "klaviyo-campaigns.csv",
        "mailchimp-campaigns.csv",
        "inbox.tsv",
    ] {
        assert_eq!(import(&db, f, &[]).0, 0, "{f}");
    }
    // One audience mapped to the segment whose caps it is compared with.
    cadence_store::Store::open(&db)
        .unwrap()
        .set_audience_segment("harvest-lane", "Newsletter", Some("hl-all"))
        .unwrap();
    cadence(&db)
        .args(["export", "pdf", "--client", "harvest-lane", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let text = text_of(&pdf).unwrap();
    for expected in [
        "What the history says",
        "Newsletter on Email",
        "Segment All shoppers",
        "Recommended:",
        "In force:",
        "Response times",
    ] {
        assert!(text.contains(expected), "{expected} missing");
    }
    // A plan file carries no history.
    let plan = dir.path().join("plan.json");
    cadence(&db)
        .args(["plan", "export", "-o"])
        .arg(&plan)
        .assert()
        .success();
    cadence(&db)
        .args(["export", "pdf"])
        .arg(&plan)
        .args(["--client", "harvest-lane", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    assert!(!text_of(&pdf).unwrap().contains("What the history says"));
}
