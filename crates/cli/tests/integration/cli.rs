//! Runs the real `cadence` binary against database files in temporary folders.

use assert_cmd::Command;
use predicates::prelude::*;

fn cadence(dir: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("cadence").unwrap();
    cmd.env_remove("CADENCE_DB")
        .arg("--db")
        .arg(dir.path().join("cadence.db"));
    cmd
}

/// Create the app's first-start database (the sample agency) in `dir`, as the app would.
fn sample_db(dir: &tempfile::TempDir) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    cadence_desk::Desk::open(&dir.path().join("cadence.db"), today).unwrap();
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["plan", "--help"],
        vec!["plan", "export", "--help"],
        vec!["plan", "import", "--help"],
        vec!["plan", "validate", "--help"],
        vec!["plan", "generate", "--help"],
        vec!["client", "--help"],
        vec!["client", "list", "--help"],
    ] {
        Command::cargo_bin("cadence")
            .unwrap()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage:"));
    }
}

#[test]
fn exported_plan_imports_back_identically() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let file = a.path().join("plan.json");
    sample_db(&a);
    cadence(&a)
        .args(["plan", "export", "-o"])
        .arg(&file)
        .assert()
        .success();
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(first.contains("\"format\": \"cadence-plan\""));

    cadence(&b)
        .args(["plan", "import", "--replace"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 client(s) added"));
    let second = cadence(&b).args(["plan", "export"]).output().unwrap();
    assert!(second.status.success());
    assert_eq!(String::from_utf8(second.stdout).unwrap(), first);
}

#[test]
fn the_spec_example_imports_and_exports_as_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    cadence(&dir)
        .args(["plan", "import", "--replace"])
        .arg(fixture("spec-example.json"))
        .assert()
        .success();
    let out = cadence(&dir).args(["plan", "export"]).output().unwrap();
    let exported: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("spec-example.json")).unwrap())
            .unwrap();
    assert_eq!(exported, original);
}

#[test]
fn an_invalid_plan_exits_2_names_the_path_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = cadence(&dir)
        .args(["plan", "export"])
        .output()
        .unwrap()
        .stdout;
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format":"cadence-plan","version":1,"horizon":{"start":"2026-01-01","end":"2027-01-01"},
            "clients":[{"id":"a","name":"A","timezone":"UTC","segments":[{"id":"s","name":"S"},{"id":"t","name":"T"},{"id":"u","name":"U","parent":"vip"}]}]}"#,
    )
    .unwrap();
    cadence(&dir)
        .args(["plan", "import"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "clients[0].segments[2].parent: unknown segment \"vip\"",
        ));
    cadence(&dir)
        .args(["plan", "validate"])
        .arg(&bad)
        .assert()
        .code(2);
    let after = cadence(&dir)
        .args(["plan", "export"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(before, after);
}

#[test]
fn client_list_prints_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    sample_db(&dir);
    cadence(&dir)
        .args(["client", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Northbridge Bank"));
    let out = cadence(&dir)
        .args(["client", "list", "--format", "json"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["harvest-lane", "northbridge", "tidewater"]);
    assert_eq!(rows[1]["segments"], 3);
}

#[test]
fn a_damaged_database_exits_1_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cadence.db"), vec![7u8; 10_000]).unwrap();
    cadence(&dir)
        .args(["client", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cadence.db").and(predicate::str::contains("damaged")));
}

#[test]
fn validate_accepts_the_spec_example() {
    let dir = tempfile::tempdir().unwrap();
    cadence(&dir)
        .args(["plan", "validate"])
        .arg(fixture("spec-example.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("valid (1 clients, 1 messages)"));
}

#[test]
fn bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    cadence(&dir).args(["plan", "frobnicate"]).assert().code(2);
}

#[test]
fn generated_plans_are_valid_deterministic_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("load.json");
    let args = [
        "plan",
        "generate",
        "--clients",
        "2",
        "--messages",
        "300",
        "--days",
        "31",
        "--branches",
        "5",
    ];
    cadence(&dir)
        .args(args)
        .arg("-o")
        .arg(&file)
        .assert()
        .success();
    let again = cadence(&dir).args(args).output().unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), again.stdout);
    cadence(&dir)
        .args(["plan", "validate"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("valid (2 clients, 600 messages)"));
    cadence(&dir)
        .args(["plan", "import", "--replace"])
        .arg(&file)
        .assert()
        .success();
    let listed = cadence(&dir)
        .args(["client", "list", "--format", "json"])
        .output()
        .unwrap();
    let clients: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    let counts: Vec<(u64, u64)> = clients
        .iter()
        .map(|c| {
            (
                c["segments"].as_u64().unwrap(),
                c["messages"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, vec![(16, 300), (16, 300)]);
    cadence(&dir)
        .args(["plan", "generate", "--days", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--days"));
}

#[test]
fn cadence_log_sends_what_the_desk_logs_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    sample_db(&dir);
    let file = dir.path().join("plan.json");
    cadence(&dir)
        .args(["plan", "export", "-o"])
        .arg(&file)
        .assert()
        .success();
    cadence(&dir)
        .env_remove("CADENCE_LOG")
        .args(["plan", "import", "--replace"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("plan imported").not());
    cadence(&dir)
        .env("CADENCE_LOG", "info")
        .args(["plan", "import", "--replace"])
        .arg(&file)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("backup taken reason=before-replace")
                .and(predicate::str::contains("plan imported mode=Replace"))
                .and(predicate::str::contains("Harvest Lane Grocers").not()),
        );
}
