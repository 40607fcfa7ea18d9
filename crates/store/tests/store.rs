//! Store tests on real database files in temporary folders.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cadence_model::sample::sample_plan;
use cadence_model::{parse_plan, plan_to_json, MessageStatus};
use cadence_store::{schema, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::Connection;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("nested/folder/cadence.db")
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn new_file_has_no_workspace_and_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    assert!(!store.has_workspace().unwrap());
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    assert!(db(&dir).is_file());
}

#[test]
fn sample_plan_round_trips_through_the_file_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_plan(today());
    {
        let mut store = Store::open(&db(&dir)).unwrap();
        store.replace_plan(&plan).unwrap();
        assert_eq!(store.load_plan().unwrap(), plan);
    }
    let store = Store::open(&db(&dir)).unwrap();
    assert!(store.has_workspace().unwrap());
    assert_eq!(store.load_plan().unwrap(), plan);
}

#[test]
fn plan_file_to_store_to_file_gives_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("spec-example.json");
    let plan = parse_plan(&text).unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    store.replace_plan(&plan).unwrap();
    let exported = plan_to_json(&store.load_plan().unwrap());
    let original: serde_json::Value = serde_json::from_str(&text).unwrap();
    let back: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(back, original);
}

#[test]
fn an_invalid_plan_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let plan = sample_plan(today());
    store.replace_plan(&plan).unwrap();

    let mut bad = plan.clone();
    bad.client_at_mut(0).segments[1].parent = Some("nowhere".into());
    bad.client_at_mut(1).name = "Renamed".into();
    let err = store.replace_plan(&bad).unwrap_err();
    match err {
        StoreError::Invalid(issues) => {
            assert_eq!(issues.len(), 1);
            assert_eq!(issues[0].path, "clients[0].segments[1].parent");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(store.load_plan().unwrap(), plan);
}

#[test]
fn save_client_rewrites_one_client_and_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let mut plan = sample_plan(today());
    store.replace_plan(&plan).unwrap();

    let client = plan.client_at_mut(1);
    client.name = "Northbridge Building Society".into();
    client.segments.retain(|s| s.id != "nb-savers");
    for campaign in &mut client.campaigns {
        campaign
            .messages
            .retain(|m| !m.segments.contains(&"nb-savers".to_string()));
    }
    client.campaigns[0].messages[0].status = MessageStatus::Draft;
    store.save_client(&plan, "northbridge").unwrap();
    assert_eq!(store.load_plan().unwrap(), plan);

    store.delete_client("northbridge").unwrap();
    plan.clients.remove(1);
    assert_eq!(store.load_plan().unwrap(), plan);
    assert!(matches!(
        store.delete_client("northbridge"),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn upgrades_a_database_created_by_schema_version_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        schema::migrate(&conn, 0, 1).unwrap();
        conn.execute_batch(
            r#"
            INSERT INTO workspace VALUES (1, '2026-01-01', '2027-01-01');
            INSERT INTO channels VALUES ('email', 0, 'Email', 1);
            INSERT INTO clients VALUES ('acme', 0, 'Acme', 'America/New_York', '[]', '[{"kind":"cap","max":2,"window_days":7}]');
            INSERT INTO segments VALUES ('all', 'acme', 0, 'All', NULL, NULL, 10, '["email"]', '[]', '[]', '[]');
            INSERT INTO campaigns VALUES ('spring', 'acme', 0, 'Spring', '', NULL, NULL);
            INSERT INTO messages VALUES ('m1', 'spring', 0, 'Hello', 'email', '2026-03-03T09:00:00', NULL, 0, 0, NULL, '{}');
            INSERT INTO message_targets VALUES ('m1', 'all', 0);
            "#,
        )
        .unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let plan = store.load_plan().unwrap();
    let message = &plan.clients[0].campaigns[0].messages[0];
    assert_eq!(message.title, "Hello");
    assert_eq!(message.segments, vec!["all".to_string()]);
    assert_eq!(message.status, MessageStatus::Planned);
    assert_eq!(message.brief, "");
    assert_eq!(cadence_model::validate(&plan), Ok(()));
}

#[test]
fn a_newer_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    {
        let mut store = Store::open(&path).unwrap();
        store.replace_plan(&sample_plan(today())).unwrap();
    }
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    match Store::open(&path).unwrap_err() {
        StoreError::TooNew {
            found, supported, ..
        } => {
            assert_eq!(found, 99);
            assert_eq!(supported, schema::latest_version());
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn a_file_that_is_not_a_database_is_reported_damaged_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let junk = b"this is a spreadsheet, not a database".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains("cadence.db"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

#[test]
fn another_programs_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);")
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    match &err {
        StoreError::Damaged { detail, .. } => assert!(detail.contains("another program")),
        other => panic!("expected Damaged, got {other:?}"),
    }
}

#[test]
fn a_truncated_database_is_reported_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    {
        let mut store = Store::open(&path).unwrap();
        store.replace_plan(&sample_plan(today())).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.len() > 8192,
        "sample database is {} bytes",
        bytes.len()
    );
    // Keep the header page, destroy the pages after it.
    let mut damaged = bytes[..4096].to_vec();
    damaged.extend(std::iter::repeat_n(0xA5u8, bytes.len() - 4096));
    std::fs::write(&path, &damaged).unwrap();
    let result = Store::open(&path).and_then(|s| s.load_plan());
    assert!(
        matches!(result, Err(StoreError::Damaged { .. })),
        "{result:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), damaged);
}

#[test]
fn a_locked_database_gives_a_clear_error_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let plan = sample_plan(today());
    let mut store = Store::open_with_timeout(&path, Duration::from_millis(100)).unwrap();
    store.replace_plan(&plan).unwrap();

    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let mut renamed = plan.clone();
    renamed.client_at_mut(0).name = "Renamed".into();
    let err = store.save_client(&renamed, "harvest-lane").unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("locked"), "{err}");
    other.execute_batch("ROLLBACK;").unwrap();

    assert_eq!(store.load_plan().unwrap(), plan);
    store.save_client(&renamed, "harvest-lane").unwrap();
    assert_eq!(store.load_plan().unwrap(), renamed);
}

#[test]
fn a_folder_in_place_of_the_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
}
