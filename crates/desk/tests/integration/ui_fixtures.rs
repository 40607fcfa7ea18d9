//! The UI's test fixtures are the backend's own answers: the sample plan as the desk seeds it
//! and the cadence summaries the desk returns for it. This test fails when they are stale;
//! `CADENCE_UPDATE_BINDINGS=1 cargo test bindings` rewrites them with the TypeScript bindings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use cadence_desk::Desk;
use cadence_engine::{Bucket, CadenceSummary};
use cadence_model::sample::sample_plan;
use chrono::NaiveDate;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ui_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src")
}

/// The summaries the UI's cadence tests read: a month by day, two months by day and a
/// quarter by week for each client, keyed `client|from|to|bucket`.
fn summaries(desk: &Desk) -> BTreeMap<String, CadenceSummary> {
    let ranges = [
        ("2026-10-01", "2027-01-01", Bucket::Week),
        ("2026-11-01", "2026-12-01", Bucket::Day),
        ("2026-12-01", "2027-01-01", Bucket::Day),
    ];
    let mut out = BTreeMap::new();
    for client in &desk.plan().clients {
        for (from, to, bucket) in ranges {
            let summary = desk
                .summary(&client.id, date(from), date(to), bucket)
                .unwrap();
            let name = if bucket == Bucket::Day { "day" } else { "week" };
            out.insert(format!("{}|{from}|{to}|{name}", client.id), summary);
        }
    }
    out
}

/// Compare `fresh` with the JSON file at `path`, or write it when updating (as the backend
/// sends it: struct field order, not sorted keys).
fn check(path: PathBuf, fresh: &impl serde::Serialize) -> Option<String> {
    let text = serde_json::to_string_pretty(fresh).unwrap() + "\n";
    if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
        return None;
    }
    if std::env::var("CADENCE_UPDATE_BINDINGS").as_deref() == Ok("1") {
        std::fs::write(&path, text).unwrap();
        return None;
    }
    Some(path.display().to_string())
}

#[test]
fn bindings_ui_fixtures_are_the_backends_answers() {
    let today = date("2026-11-23");
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(&dir.path().join("cadence.db"), today).unwrap();
    assert_eq!(
        desk.plan(),
        &sample_plan(today),
        "the desk seeds the sample plan"
    );
    let stale: Vec<String> = [
        check(ui_dir().join("test/sample-plan.json"), desk.plan()),
        check(
            ui_dir().join("test/engine-summaries.json"),
            &summaries(&desk),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(
        stale.is_empty(),
        "UI fixtures out of date: {stale:?}; run `CADENCE_UPDATE_BINDINGS=1 cargo test bindings` and commit them"
    );
}
