//! What the desk tells the log (`tracing` events, written by the app's log file): backups,
//! plan imports and another program's changes, with counts and file names, never plan content.

use std::io::Write;
use std::sync::{Arc, Mutex};

use cadence_desk::{ClientInput, Desk, ImportMode, ResetMode};
use chrono::{NaiveDate, TimeZone, Utc};

/// Every line logged while `run` runs.
fn logged(run: impl FnOnce()) -> String {
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);
    impl Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::INFO)
        .finish();
    tracing::subscriber::with_default(subscriber, run);
    let bytes = lines.0.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn backups_imports_and_other_writers_are_logged_without_plan_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap();
    let mut desk = Desk::open(&path, today).unwrap();
    let plan_file = desk.plan_file(None).unwrap();
    let names: Vec<String> = desk.plan().clients.iter().map(|c| c.name.clone()).collect();
    let mut other = Desk::open(&path, today).unwrap();

    let log = logged(|| {
        desk.reset(ResetMode::Empty, today, now).unwrap();
        desk.import_plan_file(
            plan_file.as_bytes(),
            &dir.path().join("plan.json"),
            ImportMode::Merge,
            now,
        )
        .unwrap();
        other.refresh_if_changed().unwrap();
        other
            .save_client(ClientInput {
                id: None,
                name: "Lakeshore Florists".into(),
                timezone: "Europe/Dublin".into(),
                checklist: None,
                rules: None,
            })
            .unwrap();
        assert!(desk.refresh_if_changed().unwrap().is_some());
    });

    let lines: Vec<&str> = log.lines().collect();
    let line = |text: &str| {
        lines
            .iter()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("no line with {text:?} in\n{log}"))
            .to_string()
    };
    assert!(line("backup taken").contains("reason=before-reset"));
    assert!(line("reason=before-import").contains("file=cadence-"));
    let imported = line("plan imported");
    assert!(
        imported.contains("mode=Merge") && imported.contains("added=3"),
        "{imported}"
    );
    // The second desk reloaded the import (3 clients), then the first its new client (4).
    let reloads: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("another program changed the workspace"))
        .collect();
    assert_eq!(reloads.len(), 2, "{log}");
    assert!(reloads[0].contains("clients=3") && reloads[1].contains("clients=4"));
    for content in names.iter().map(String::as_str).chain([
        "Lakeshore Florists",
        "lakeshore",
        "Europe/Dublin",
        "plan.json",
    ]) {
        assert!(!log.contains(content), "{content:?} in the log:\n{log}");
    }
}
