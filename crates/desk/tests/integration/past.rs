//! Past campaign data through the desk's calls, as the app's import dialog uses them: a real
//! SQLite file, the fixtures in their vendor layouts, progress, cancel and the saved choices.

use std::sync::atomic::AtomicBool;

use cadence_desk::past::{
    self, AudienceChoice, HistoryImportRequest, HistoryReadRequest, ImportRun, MappingSource,
};
use cadence_desk::{Desk, ErrorCode};
use cadence_history::{DateOrder, Kind, Mapping};
use cadence_store::Store;
use chrono::{DateTime, NaiveDate, Utc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> DateTime<Utc> {
    today().and_hms_opt(9, 0, 0).unwrap().and_utc()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/history/");
    std::fs::read(format!("{path}{name}")).unwrap()
}

/// The sample workspace in a new database, and the store the import dialog opens beside it.
fn workspace(dir: &tempfile::TempDir) -> (cadence_model::Plan, Store) {
    let path = dir.path().join("cadence.db");
    let plan = Desk::open(&path, today()).unwrap().plan().clone();
    (plan, Store::open_existing(&path).unwrap())
}

fn request(file: &str) -> HistoryReadRequest {
    HistoryReadRequest {
        client_id: "harvest-lane".into(),
        file_name: file.into(),
        kind: None,
        preset: None,
        mapping: None,
        sheet: None,
        date_order: None,
    }
}

/// Import `bytes` as `req` asks, with no progress listener and no cancel.
fn import(
    store: &mut Store,
    plan: &cadence_model::Plan,
    req: &HistoryImportRequest,
    bytes: &[u8],
) -> Result<past::HistoryImportDone, cadence_desk::AppError> {
    past::import_history(
        store,
        plan,
        req,
        bytes,
        run(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

fn run() -> ImportRun {
    ImportRun {
        now: now(),
        dry_run: false,
    }
}

#[test]
fn a_vendor_export_previews_with_its_preset_and_imports_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, mut store) = workspace(&dir);
    let bytes = fixture("mailchimp-campaigns.csv");
    let preview =
        past::preview_history(&store, &plan, &request("mailchimp-campaigns.csv"), &bytes).unwrap();
    let read = preview.read.as_ref().expect("the preset reads it");
    assert_eq!(preview.source, Some(MappingSource::Preset));
    assert_eq!(read.kind, Kind::Sends);
    assert_eq!(read.preset, Some("mailchimp-campaigns"));
    assert!(read.first_rows.len() > 1);
    assert!(preview.audiences.iter().any(|a| a.audience == "VIP"));
    assert!(preview.problem.is_none());

    let mut stages = Vec::new();
    let req = HistoryImportRequest {
        read: request("mailchimp-campaigns.csv"),
        audiences: vec![AudienceChoice {
            audience: "VIP".into(),
            segment_id: Some("hl-loyal".into()),
        }],
        remember_mapping: false,
    };
    let done = past::import_history(
        &mut store,
        &plan,
        &req,
        &bytes,
        run(),
        &mut |p| stages.push(p.stage),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(done.import_id.is_some());
    assert_eq!(done.imported, done.rows - done.rejected.len() as u64);
    assert_eq!(stages.first().map(String::as_str), Some("reading"));
    assert!(stages.iter().any(|s| s == "storing"));
    assert!(
        done.summary.contains("new records imported"),
        "{}",
        done.summary
    );

    // The audience map is remembered: the next preview proposes it.
    let again =
        past::preview_history(&store, &plan, &request("mailchimp-campaigns.csv"), &bytes).unwrap();
    let vip = again
        .audiences
        .iter()
        .find(|a| a.audience == "VIP")
        .unwrap();
    assert_eq!(vip.segment_id.as_deref(), Some("hl-loyal"));

    // The same file twice adds nothing; the import list shows both; removing one keeps the rows.
    let twice = import(&mut store, &plan, &req, &bytes).unwrap();
    assert_eq!(twice.imported, 0);
    assert_eq!(twice.duplicates, done.imported);
    let list = past::history_imports(&store, &plan, "harvest-lane").unwrap();
    assert_eq!(list.len(), 2);
    let removed = past::remove_history_import(&mut store, list[1].id).unwrap();
    assert_eq!(removed.deleted, 0);
    assert_eq!(
        store.history_rows("harvest-lane").unwrap().sends.len() as u64,
        done.imported
    );
}

#[test]
fn an_unknown_header_comes_back_as_a_sketch_and_a_mapping_is_remembered_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, mut store) = workspace(&dir);
    let bytes = fixture("german-sends.csv");
    let preview =
        past::preview_history(&store, &plan, &request("german-sends.csv"), &bytes).unwrap();
    assert!(preview.read.is_none());
    assert!(preview
        .problem
        .as_deref()
        .unwrap_or("")
        .contains("german-sends.csv"));
    assert_eq!(preview.sketch.header[0], "Datum");
    assert_eq!(preview.sketch.header[4], "Empfänger");
    assert!(!preview.sketch.rows.is_empty());
    assert!(preview
        .kinds
        .iter()
        .any(|k| k.kind == Kind::Sends && k.fields.iter().any(|f| f.name == "at" && f.required)));

    let mapping = Mapping::from_json(&fixture("german-sends.mapping.json")).unwrap();
    let mut with_mapping = request("german-sends.csv");
    with_mapping.mapping = Some(mapping.clone());
    let read = past::preview_history(&store, &plan, &with_mapping, &bytes).unwrap();
    assert_eq!(read.source, Some(MappingSource::Given));
    assert!(read.read.is_some(), "{:?}", read.problem);

    let req = HistoryImportRequest {
        read: with_mapping,
        audiences: Vec::new(),
        remember_mapping: true,
    };
    import(&mut store, &plan, &req, &bytes).unwrap();
    // Next time the same header finds the saved mapping by itself.
    let next = past::preview_history(&store, &plan, &request("another-name.csv"), &bytes).unwrap();
    assert_eq!(next.source, Some(MappingSource::Saved));
    assert_eq!(next.mapping.as_ref(), Some(&mapping));
    assert!(next.read.is_some());
}

#[test]
fn ambiguous_dates_ask_and_the_answer_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, store) = workspace(&dir);
    let bytes = fixture("ambiguous-dates.csv");
    let preview =
        past::preview_history(&store, &plan, &request("ambiguous-dates.csv"), &bytes).unwrap();
    let question = preview.read.as_ref().and_then(|r| r.date_question.clone());
    assert!(question.is_some(), "{preview:?}");
    let mut answered = request("ambiguous-dates.csv");
    answered.date_order = Some(DateOrder::Dmy);
    let preview = past::preview_history(&store, &plan, &answered, &bytes).unwrap();
    assert!(preview.read.unwrap().date_question.is_none());
}

#[test]
fn cancel_and_unreadable_files_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, mut store) = workspace(&dir);
    let bytes = fixture("activity.csv");
    let req = HistoryImportRequest {
        read: request("activity.csv"),
        audiences: Vec::new(),
        remember_mapping: false,
    };
    let cancelled = past::import_history(
        &mut store,
        &plan,
        &req,
        &bytes,
        run(),
        &mut |_| {},
        &AtomicBool::new(true),
    )
    .unwrap_err();
    assert_eq!(cancelled.code, ErrorCode::Cancelled);
    assert!(past::history_imports(&store, &plan, "harvest-lane")
        .unwrap()
        .is_empty());

    let broken = fixture("unterminated-quote.csv");
    let err = past::preview_history(&store, &plan, &request("unterminated-quote.csv"), &broken)
        .map(|p| p.problem)
        .unwrap_or_else(|e| Some(e.message));
    assert!(err.unwrap_or_default().contains("never closed"));
    let err = import(
        &mut store,
        &plan,
        &HistoryImportRequest {
            read: request("unterminated-quote.csv"),
            ..req.clone()
        },
        &broken,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.file.as_deref(), Some("unterminated-quote.csv"));
    assert!(past::history_imports(&store, &plan, "harvest-lane")
        .unwrap()
        .is_empty());

    let unknown = HistoryImportRequest {
        read: HistoryReadRequest {
            client_id: "nobody".into(),
            ..request("activity.csv")
        },
        ..req
    };
    let err = import(&mut store, &plan, &unknown, &bytes).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}
