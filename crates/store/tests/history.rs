//! History in the store: migration from v3, idempotent imports, exact removal with shared
//! rows, cancel and dry run leave nothing, the person key, per-client settings.

use std::sync::atomic::AtomicBool;

use cadence_history::{read, ChannelRef, ClientContext, Mapping, PersonKey, ReadOptions, Rows};
use cadence_model::sample::sample_plan;
use cadence_store::{schema, HistoryError, NewImport, Store};
use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::Connection;

fn key() -> PersonKey {
    PersonKey::from_bytes([9; 32])
}

fn rows(csv: &str) -> Rows {
    let ctx = ClientContext {
        timezone: chrono_tz::UTC,
        channels: vec![ChannelRef {
            id: "email".into(),
            name: "Email".into(),
        }],
    };
    let r = read(
        csv.as_bytes(),
        "t.csv",
        &ctx,
        &ReadOptions::default(),
        &key(),
    )
    .unwrap();
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    r.rows
}

fn activity(lines: std::ops::Range<u32>) -> Rows {
    let mut csv = String::from("Email,Event,Timestamp,List,Channel\n");
    for i in lines {
        csv.push_str(&format!(
            "p{i}@x.com,Received Email,2025-03-01T09:{:02}:00Z,News,email\n",
            i % 60
        ));
    }
    rows(&csv)
}

fn new_import<'a>(key: &'a PersonKey, name: &'a str, dry_run: bool) -> NewImport<'a> {
    NewImport {
        client_id: "acme",
        file_name: name,
        size: 10,
        sha256: "00",
        kind: cadence_history::Kind::Activity,
        preset: Some("activity"),
        mapping: None,
        imported_at: Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap(),
        rows_read: 0,
        rejected: 0,
        key,
        dry_run,
    }
}

fn import(store: &mut Store, rows: &Rows, name: &str) -> cadence_store::ImportOutcome {
    let k = key();
    store
        .import_history(
            &new_import(&k, name, false),
            rows,
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap()
}

fn count(store_path: &std::path::Path, table: &str) -> i64 {
    let conn = Connection::open(store_path).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn migrates_a_version_3_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    {
        let conn = Connection::open(&path).unwrap();
        schema::migrate(&conn, 0, 3).unwrap();
        conn.execute_batch(
            "INSERT INTO workspace VALUES (1, '2026-01-01', '2027-01-01');
             INSERT INTO channels VALUES ('email', 0, 'Email', 1);
             INSERT INTO clients VALUES ('acme', 0, 'Acme', 'UTC', '[]', '[]');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        cadence_store::schema::latest_version()
    );
    assert_eq!(store.load_plan().unwrap().clients[0].name, "Acme");
    assert!(store.history_imports(None).unwrap().is_empty());
    assert!(store.history_key().unwrap().is_none());
    let out = import(&mut store, &activity(0..5), "a.csv");
    assert_eq!((out.imported, out.duplicates), (5, 0));
    assert!(store.history_key().unwrap().is_some());
}

#[test]
fn reimport_adds_nothing_and_remove_is_exact_with_shared_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    let mut store = Store::open(&path).unwrap();
    let a = import(&mut store, &activity(0..30), "a.csv");
    assert_eq!((a.imported, a.duplicates), (30, 0));
    let again = import(&mut store, &activity(0..30), "a-again.csv");
    assert_eq!((again.imported, again.duplicates), (0, 30));
    let b = import(&mut store, &activity(20..50), "b.csv");
    assert_eq!((b.imported, b.duplicates), (20, 10));
    assert_eq!(count(&path, "history_activity"), 50);
    let list = store.history_imports(Some("acme")).unwrap();
    assert_eq!(
        list.iter()
            .map(|i| (i.file.as_str(), i.imported, i.duplicates))
            .collect::<Vec<_>>(),
        vec![("a.csv", 30, 0), ("a-again.csv", 0, 30), ("b.csv", 20, 10)]
    );
    assert!(store.history_imports(Some("other")).unwrap().is_empty());

    // Removing A keeps every row that a-again or B also has: all 50.
    let removed = store.remove_history_import(a.import_id.unwrap()).unwrap();
    assert_eq!((removed.deleted, removed.kept), (0, 30));
    assert_eq!(count(&path, "history_activity"), 50);
    // Removing a-again: rows 0..20 were only its (now), 20..30 are also B's.
    let removed = store
        .remove_history_import(again.import_id.unwrap())
        .unwrap();
    assert_eq!((removed.deleted, removed.kept), (20, 10));
    assert_eq!(count(&path, "history_activity"), 30);
    // Re-importing A now adds exactly 0..20 back.
    let a2 = import(&mut store, &activity(0..30), "a.csv");
    assert_eq!((a2.imported, a2.duplicates), (20, 10));
    let removed = store.remove_history_import(b.import_id.unwrap()).unwrap();
    assert_eq!((removed.deleted, removed.kept), (20, 10));
    assert_eq!(count(&path, "history_activity"), 30);
    store.remove_history_import(a2.import_id.unwrap()).unwrap();
    assert_eq!(count(&path, "history_activity"), 0);
    assert_eq!(count(&path, "history_claims"), 0);
    assert_eq!(count(&path, "history_activity_claims"), 0);
    assert!(matches!(
        store.remove_history_import(999),
        Err(HistoryError::Store(
            cadence_store::StoreError::NotFound { .. }
        ))
    ));
}

#[test]
fn every_kind_round_trips_and_dedups() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let mut store = Store::open(&path).unwrap();
    let sends = rows("Date,Channel,List,Title,Delivered,Unsubscribes\n2025-03-01 09:00,email,News,Hi,100,2\n2025-03-02 09:00,email,News,Hi,90,1\n");
    let daily = rows("Date,Channel,Follows,Unfollows\n2025-03-01,email,5,1\n");
    let inbox = rows("Received At,Channel,From,Replied At\n2025-03-01T09:00:00Z,email,ann,2025-03-01T10:00:00Z\n2025-03-01T09:00:00Z,email,bob,\n");
    let mut imports = Vec::new();
    for r in [&sends, &daily, &inbox] {
        let first = import(&mut store, r, "x");
        let second = import(&mut store, r, "x");
        assert_eq!(first.imported, r.len() as u64);
        assert_eq!((second.imported, second.duplicates), (0, r.len() as u64));
        imports.push((
            first.import_id.unwrap(),
            second.import_id.unwrap(),
            r.len() as u64,
        ));
    }
    let all = store.history_rows("acme").unwrap();
    assert_eq!(
        all.sends,
        sends
            .sends
            .iter()
            .map(|s| cadence_history::SendRow { ..s.clone() })
            .collect::<Vec<_>>()
    );
    assert_eq!(all.daily.len(), 2);
    assert_eq!(
        all.daily[0].date,
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
    );
    assert_eq!(all.inbox.len(), 2);
    assert_eq!(all.inbox[0].from, key().hash("ann"));
    // Nothing in the database shows a person as written.
    let conn = Connection::open(&path).unwrap();
    let dump: Vec<u8> = std::fs::read(&path).unwrap();
    assert!(!dump.windows(3).any(|w| w == b"bob"));
    drop(conn);
    // Removing the first import of each kind keeps its rows (the second has them too);
    // removing the second then takes them.
    for (first, second, n) in imports {
        let r = store.remove_history_import(first).unwrap();
        assert_eq!((r.deleted, r.kept), (0, n));
        let r = store.remove_history_import(second).unwrap();
        assert_eq!((r.deleted, r.kept), (n, 0));
    }
    let left = store.history_rows("acme").unwrap();
    assert!(left.sends.is_empty() && left.daily.is_empty() && left.inbox.is_empty());
    assert_eq!(count(&path, "history_claims"), 0);
}

#[test]
fn cancel_and_dry_run_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = Store::open(&path).unwrap();
    let k = key();
    let big = activity(0..25_000);
    let cancel = AtomicBool::new(false);
    let mut calls = 0;
    let result = store.import_history(
        &new_import(&k, "big.csv", false),
        &big,
        &mut |done, total| {
            calls += 1;
            assert!(done <= total);
            if done >= 10_000 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    );
    assert!(matches!(result, Err(HistoryError::Cancelled)));
    assert!(calls >= 1);
    assert_eq!(count(&path, "history_activity"), 0);
    assert_eq!(count(&path, "history_imports"), 0);
    assert_eq!(count(&path, "history_secret"), 0);
    let dry = store
        .import_history(
            &new_import(&k, "big.csv", true),
            &big,
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!((dry.import_id, dry.imported), (None, 25_000));
    assert_eq!(count(&path, "history_activity"), 0);
    assert_eq!(count(&path, "history_secret"), 0);
}

#[test]
fn the_key_is_made_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    import(&mut store, &activity(0..2), "a");
    assert_eq!(store.history_key().unwrap().unwrap().bytes(), key().bytes());
    let other = PersonKey::from_bytes([1; 32]);
    let result = store.import_history(
        &new_import(&other, "b", false),
        &activity(0..2),
        &mut |_, _| {},
        &AtomicBool::new(false),
    );
    assert!(matches!(result, Err(HistoryError::KeyChanged)));
    assert_eq!(store.history_imports(None).unwrap().len(), 1);
}

#[test]
fn settings_mappings_and_plan_replacement() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    assert_eq!(store.reply_target_hours("acme").unwrap(), 24.0);
    store.set_reply_target_hours("acme", 4.5).unwrap();
    assert_eq!(store.reply_target_hours("acme").unwrap(), 4.5);
    assert!(store.set_reply_target_hours("acme", 0.0).is_err());
    store
        .set_audience_segment("acme", "Newsletter", Some("seg-1"))
        .unwrap();
    store
        .set_audience_segment("acme", "NEWSLETTER", Some("seg-2"))
        .unwrap();
    assert_eq!(
        store
            .audience_segments("acme")
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        vec![("Newsletter".to_string(), "seg-2".to_string())]
    );
    store
        .set_audience_segment("acme", "newsletter", None)
        .unwrap();
    assert!(store.audience_segments("acme").unwrap().is_empty());
    let m =
        Mapping::from_json(br#"{"kind":"daily","columns":{"date":"Tag"},"channel":"facebook"}"#)
            .unwrap();
    store.save_history_mapping("acme", "fb daily", &m).unwrap();
    assert_eq!(store.history_mappings("acme").unwrap()["fb daily"], m);
    // Replacing the plan (which rewrites clients) keeps the history.
    import(&mut store, &activity(0..3), "a");
    store
        .replace_plan(&sample_plan(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()))
        .unwrap();
    assert_eq!(store.history_rows("acme").unwrap().activity.len(), 3);
}
