//! Nothing a user does loses data: concurrent writers, missing or damaged files, backups.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use cadence_model::sample::{empty_plan, sample_plan};
use cadence_model::{Client, Plan};
use cadence_store::{list_backups, Store, StoreError, BACKUPS_KEPT};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 18, minute, 0).unwrap()
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("cadence.db")
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A client with a unique id and nothing else.
fn bare_client(id: &str) -> Client {
    let mut client = Client::clone(&sample_plan(today()).clients[0]);
    client.id = id.to_string();
    client.name = id.to_string();
    client.segments.clear();
    client.campaigns.clear();
    client.rules.clear();
    client
}

#[test]
fn a_missing_database_is_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo/x.db");
    let err = Store::open_existing(&path).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err}");
    assert!(err.to_string().contains("typo/x.db"), "{err}");
    assert!(!path.exists());
    assert!(!path.parent().unwrap().exists());
}

#[test]
fn a_negative_schema_version_is_damage_and_the_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    Store::open(&path)
        .unwrap()
        .replace_plan(&sample_plan(today()))
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", -1)
        .unwrap();
    let before = bytes(&path);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("-1"), "{err}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn many_programs_opening_a_new_database_at_once_all_succeed() {
    // SQLite's switch to write-ahead logging returned "locked" about once in 300 races
    // before `use_write_ahead_log` retried it; 40 rounds made CI red now and then.
    for _ in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(db(&dir));
        let start = Arc::new(Barrier::new(6));
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path).map(|s| s.schema_version().unwrap())
                })
            })
            .collect();
        for opener in openers {
            let version = opener.join().unwrap().expect("every opener succeeds");
            assert_eq!(version, cadence_store::schema::latest_version());
        }
    }
}

#[test]
fn concurrent_read_merge_writes_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = Arc::new(db(&dir));
    Store::open(&path)
        .unwrap()
        .replace_plan(&empty_plan(today()))
        .unwrap();
    let start = Arc::new(Barrier::new(4));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (path, start) = (path.clone(), start.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                start.wait();
                let mut refused = 0;
                for round in 0..10 {
                    loop {
                        let written = store.update_plan(
                            |current: Option<Plan>| -> Result<Plan, StoreError> {
                                let mut plan = current.expect("a workspace");
                                plan.clients
                                    .push(bare_client(&format!("w{w}-{round}")).into());
                                Ok(plan)
                            },
                        );
                        match written {
                            Ok(_) => break,
                            // Another writer wrote since this store last read: nothing was
                            // written; read again and retry, as the desk reloads.
                            Err(StoreError::Stale { .. }) => {
                                refused += 1;
                                store.load_plan().unwrap();
                            }
                            Err(other) => panic!("writer {w}, round {round}: {other}"),
                        }
                    }
                }
                refused
            })
        })
        .collect();
    let refused: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    let plan = Store::open(&path).unwrap().load_plan().unwrap();
    assert_eq!(
        plan.clients.len(),
        40,
        "every writer's clients are there, once ({refused} stale writes refused and retried)"
    );
}

#[test]
fn an_update_that_refuses_or_is_invalid_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut store = Store::open(&path).unwrap();
    store.replace_plan(&sample_plan(today())).unwrap();
    let before = store.load_plan().unwrap();
    let refused = store.update_plan(|_| -> Result<Plan, StoreError> {
        Err(StoreError::NotFound {
            kind: "test",
            id: "x".into(),
        })
    });
    assert!(refused.is_err());
    let invalid = store.update_plan(|current| -> Result<Plan, StoreError> {
        let mut plan = current.unwrap();
        plan.horizon.end = NaiveDate::from_ymd_opt(2200, 1, 1).unwrap();
        Ok(plan)
    });
    assert!(matches!(invalid, Err(StoreError::Invalid(_))));
    assert_eq!(store.load_plan().unwrap(), before);
}

#[test]
fn backups_are_listed_newest_first_pruned_and_restorable() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut store = Store::open(&path).unwrap();
    let sample = sample_plan(today());
    store.replace_plan(&sample).unwrap();
    let first = store.backup(at(0), "before-import").unwrap();
    assert!(first.path.starts_with(dir.path().join("backups")));
    assert_eq!(first.reason, "before-import");

    store.replace_plan(&empty_plan(today())).unwrap();
    for minute in 1..=BACKUPS_KEPT as u32 + 2 {
        store.backup(at(minute), "before-reset").unwrap();
    }
    let listed = list_backups(&path).unwrap();
    assert_eq!(listed.len(), BACKUPS_KEPT);
    assert_eq!(listed[0].taken_at, at(BACKUPS_KEPT as u32 + 2));
    assert!(listed.windows(2).all(|w| w[0].taken_at > w[1].taken_at));
    assert!(!first.path.exists(), "the oldest ones are pruned");

    // Restore a backup of the sample taken now, then check the workspace is the sample again.
    store.replace_plan(&sample).unwrap();
    let keep = store.backup(at(30), "before-import").unwrap();
    store.replace_plan(&empty_plan(today())).unwrap();
    let before_restore = store.restore(&keep.path, at(31)).unwrap();
    assert_eq!(before_restore.reason, "before-restore");
    assert_eq!(store.load_plan().unwrap(), sample);
    // Another program sees the restored workspace too.
    assert_eq!(Store::open(&path).unwrap().load_plan().unwrap(), sample);
}

#[test]
fn restoring_something_that_is_not_a_cadence_backup_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut store = Store::open(&path).unwrap();
    store.replace_plan(&sample_plan(today())).unwrap();
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "hello").unwrap();
    for bad in [other, text, dir.path().join("missing.db")] {
        let err = store.restore(&bad, at(0)).unwrap_err();
        assert!(matches!(err, StoreError::Backup { .. }), "{err}");
    }
    assert_eq!(store.load_plan().unwrap(), sample_plan(today()));
    assert!(list_backups(&path).unwrap().is_empty());
}
