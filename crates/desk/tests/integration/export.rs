//! File → Export… on a real database file: the files written are read back.

use std::path::Path;

use cadence_desk::*;
use chrono::{Days, NaiveDate};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    today().and_hms_opt(9, 0, 0).unwrap().and_utc()
}

fn open(dir: &Path) -> Desk {
    Desk::open(&dir.join("cadence.db"), today()).unwrap()
}

/// File → Export… as the shell runs it: prepare, then render and write the file.
fn export(
    desk: &mut Desk,
    request: ExportRequest,
    path: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ExportDone, AppError> {
    desk.prepare_export(request, now)?
        .run(path, files::write_atomically, |_| {})
}

fn request(format: ExportFormat, client: Option<&str>) -> ExportRequest {
    ExportRequest {
        format,
        client: client.map(Into::into),
        segment: None,
        from: None,
        to: None,
        paper: PaperSize::A4,
        plain: true,
    }
}

#[test]
fn pdf_report_is_written_with_the_clients_titles() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(dir.path());
    let path = dir.path().join("harvest.pdf");
    let mut stages = Vec::new();
    let job = desk
        .prepare_export(request(ExportFormat::Pdf, Some("harvest-lane")), now())
        .unwrap();
    assert_eq!(job.default_file_name(), "harvest-lane-plan-2026.pdf");
    let done = job
        .run(&path, files::write_atomically, |p| stages.push(p.stage))
        .unwrap();
    assert_eq!(stages, ["Reading the plan", "Typesetting", "Writing"]);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(done.bytes, bytes.len() as u64);
    assert_eq!(done.path, path.display().to_string());
    assert!(
        done.summary.starts_with("PDF report, ") && done.summary.ends_with(" pages"),
        "{}",
        done.summary
    );
    // The text is real text: pdftotext finds the client's message titles.
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output();
    match text {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            for title in ["This week's offers", "Three dinners under $15"] {
                assert!(text.contains(title), "{title} missing from the report");
            }
        }
        _ => eprintln!("pdftotext not available: the report's text was not checked"),
    }
}

#[test]
fn csv_tables_of_every_client_parse_and_count_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(dir.path());
    for format in [
        ExportFormat::Touches,
        ExportFormat::Schedule,
        ExportFormat::Violations,
        ExportFormat::Messages,
    ] {
        let path = dir.path().join("table.csv");
        let done = export(&mut desk, request(format, None), &path, now()).unwrap();
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "client", "{format:?}");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(!rows.is_empty(), "{format:?}");
        assert_eq!(done.summary, format!("{} rows", rows.len()));
        let clients: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
        assert!(
            clients.len() > 1,
            "{format:?}: every client, got {clients:?}"
        );
    }
}

#[test]
fn excel_safe_csv_starts_with_a_bom_and_plain_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(dir.path());
    let path = dir.path().join("m.csv");
    let safe = ExportRequest {
        plain: false,
        ..request(ExportFormat::Messages, Some("tidewater"))
    };
    export(&mut desk, safe, &path, now()).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"\xEF\xBB\xBF"));
    export(
        &mut desk,
        request(ExportFormat::Messages, Some("tidewater")),
        &path,
        now(),
    )
    .unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"client,"));
}

#[test]
fn calendar_counts_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(dir.path());
    let path = dir.path().join("n.ics");
    let done = export(
        &mut desk,
        request(ExportFormat::Ics, Some("northbridge")),
        &path,
        now(),
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let events = text.matches("BEGIN:VEVENT").count();
    assert!(events > 0);
    assert_eq!(done.summary, format!("ICS calendar, {events} events"));
}

#[test]
fn bad_requests_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(dir.path());
    let path = dir.path().join("out.pdf");
    let horizon = desk.plan().horizon;

    let err = export(
        &mut desk,
        request(ExportFormat::Pdf, Some("nobody")),
        &path,
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("nobody"), "{}", err.message);

    let err = export(
        &mut desk,
        ExportRequest {
            segment: Some("tw-europe".into()),
            ..request(ExportFormat::Pdf, Some("harvest-lane"))
        },
        &path,
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("tw-europe"), "{}", err.message);

    let err = export(
        &mut desk,
        ExportRequest {
            to: Some(horizon.end.checked_add_days(Days::new(1)).unwrap()),
            ..request(ExportFormat::Touches, None)
        },
        &path,
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("horizon"), "{}", err.message);

    let err = export(&mut desk, request(ExportFormat::Pdf, None), &path, now()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("one client"), "{}", err.message);

    let missing = dir.path().join("no-such-folder").join("out.csv");
    let err = export(
        &mut desk,
        request(ExportFormat::Messages, None),
        &missing,
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert_eq!(
        err.file.as_deref(),
        Some(missing.display().to_string().as_str())
    );

    assert!(!path.exists() && !missing.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("cadence.db"))
        .collect();
    assert!(left.is_empty(), "nothing but the database: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_an_io_error_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(dir.path());
    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("out.csv");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let result = export(
        &mut desk,
        request(ExportFormat::Messages, None),
        &path,
        now(),
    );
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    if std::fs::write(folder.join("probe"), "").is_ok() && result.is_ok() {
        return; // running as root: permissions do not stop writes
    }
    let err = result.unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
}

#[test]
fn the_last_choices_are_remembered_per_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = ExportRequest {
        segment: Some("hl-families".into()),
        from: Some(open(dir.path()).plan().horizon.start),
        paper: PaperSize::Letter,
        ..request(ExportFormat::Pdf, Some("harvest-lane"))
    };
    {
        let mut desk = open(dir.path());
        assert_eq!(desk.last_export_choices().unwrap(), None);
        desk.prepare_export(chosen.clone(), now()).unwrap();
        assert_eq!(desk.last_export_choices().unwrap(), Some(chosen.clone()));
    }
    // Another database has its own.
    let other = tempfile::tempdir().unwrap();
    assert_eq!(open(other.path()).last_export_choices().unwrap(), None);
    // Reopened, the same database still knows; a refused request does not replace it.
    let mut desk = open(dir.path());
    desk.prepare_export(request(ExportFormat::Pdf, Some("nobody")), now())
        .unwrap_err();
    assert_eq!(desk.last_export_choices().unwrap(), Some(chosen));
}

#[test]
fn the_pdf_report_draws_the_clients_imported_history() {
    use std::sync::atomic::AtomicBool;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cadence.db");
    drop(open(dir.path()));
    // Activity history of one audience, imported as the history import does.
    let key = cadence_history::PersonKey::from_bytes([7; 32]);
    let mut csv = String::from("Email,Event,Timestamp,List,Channel\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "p{}@x.com,Received Email,2026-0{}-0{}T09:00:00Z,Weekly deals,email\n",
            i % 10,
            1 + i / 20,
            1 + (i % 20) / 3
        ));
    }
    let context = cadence_history::ClientContext {
        timezone: chrono_tz::UTC,
        channels: vec![cadence_history::ChannelRef {
            id: "email".into(),
            name: "Email".into(),
        }],
    };
    let read = cadence_history::read(
        csv.as_bytes(),
        "deals.csv",
        &context,
        &cadence_history::ReadOptions::default(),
        &key,
    )
    .unwrap();
    let mut store = cadence_store::Store::open(&db).unwrap();
    store
        .import_history(
            &cadence_store::NewImport {
                client_id: "harvest-lane",
                file_name: "deals.csv",
                size: csv.len() as u64,
                sha256: "00",
                kind: cadence_history::Kind::Activity,
                preset: Some("activity"),
                mapping: None,
                imported_at: now(),
                rows_read: 40,
                rejected: 0,
                key: &key,
                dry_run: false,
            },
            &read.rows,
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    store
        .set_audience_segment("harvest-lane", "Weekly deals", Some("hl-coupon"))
        .unwrap();
    drop(store);

    let mut desk = open(dir.path());
    let path = dir.path().join("with-history.pdf");
    export(
        &mut desk,
        request(ExportFormat::Pdf, Some("harvest-lane")),
        &path,
        now(),
    )
    .unwrap();
    let other = dir.path().join("no-history.pdf");
    export(
        &mut desk,
        request(ExportFormat::Pdf, Some("tidewater")),
        &other,
        now(),
    )
    .unwrap();
    let text = |p: &Path| {
        std::process::Command::new("pdftotext")
            .arg(p)
            .arg("-")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let (Some(with), Some(without)) = (text(&path), text(&other)) else {
        eprintln!("pdftotext not available: the report's text was not checked");
        return;
    };
    assert!(with.contains("What the history says"));
    assert!(with.contains("Weekly deals on Email"), "{with}");
    assert!(with.contains("Segment Coupon fans"));
    assert!(!without.contains("What the history says"));
}
