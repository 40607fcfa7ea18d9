//! A failed action changes neither the file nor the screen; queries are bounded; backups list
//! and restore through the desk, and a workspace the engine rejects is refused with the way
//! out named.

use cadence_desk::{Bucket, CalendarRequest, Desk, ErrorCode, MessageInput, ResetMode};
use chrono::{DateTime, Duration, NaiveDate, Utc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now(minute: i64) -> DateTime<Utc> {
    today().and_hms_opt(9, 0, 0).unwrap().and_utc() + Duration::minutes(minute)
}

fn open(dir: &tempfile::TempDir) -> Desk {
    Desk::open(&dir.path().join("cadence.db"), today()).unwrap()
}

/// The input that would save `id` unchanged but at another time.
fn moved(desk: &Desk, id: &str, by: Duration) -> (String, MessageInput) {
    let (campaign, m) = desk
        .plan()
        .clients
        .iter()
        .flat_map(|c| &c.campaigns)
        .find_map(|k| {
            k.messages
                .iter()
                .find(|m| m.id == id)
                .map(|m| (k.id.clone(), m))
        })
        .unwrap();
    let input = MessageInput {
        id: Some(m.id.clone()),
        title: m.title.clone(),
        channel: m.channel.clone(),
        segments: m.segments.clone(),
        at: m.at + by,
        timezone: m.timezone.clone(),
        local_delivery: m.local_delivery,
        transactional: m.transactional,
        rrule: m.rrule.clone(),
        checklist: m.checklist.clone(),
        brief: m.brief.clone(),
        status: m.status,
    };
    (campaign, input)
}

#[test]
fn a_message_edit_that_cannot_be_written_leaves_the_engine_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let client = desk.plan().clients[0].id.clone();
    let first = desk.plan().clients[0].campaigns[0].messages[0].id.clone();
    let before_checks = desk.checks();
    let before_report = desk.engine().report(Some(&client));
    let (campaign, input) = moved(&desk, &first, Duration::hours(13));

    let other = rusqlite::Connection::open(dir.path().join("cadence.db")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let err = desk.save_message(&campaign, input.clone()).unwrap_err();
    assert_eq!(err.code, ErrorCode::DatabaseLocked);
    other.execute_batch("ROLLBACK;").unwrap();

    assert_eq!(desk.checks(), before_checks);
    assert_eq!(desk.engine().report(Some(&client)), before_report);
    // And the same edit goes through once the lock is gone.
    desk.save_message(&campaign, input).unwrap();
}

#[test]
fn queries_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let client = desk.plan().clients[0].id.clone();
    let segment = desk.plan().clients[0].segments[0].id.clone();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();

    let zone = desk.plan().clients[0].timezone.clone();
    let calendar = |from, to| desk.calendar(&CalendarRequest::every(&client, from, to, &zone));
    let two_years = calendar(day(2026, 1, 1), day(2028, 1, 1));
    assert_eq!(two_years.unwrap_err().code, ErrorCode::InvalidInput);
    let far = calendar(day(2026, 1, 1), day(9999, 1, 1));
    assert_eq!(far.unwrap_err().code, ErrorCode::InvalidInput);
    assert!(calendar(day(2026, 11, 1), day(2026, 12, 1)).is_ok());

    let decade_by_day = desk.summary(&client, day(2026, 1, 1), day(2035, 1, 1), Bucket::Day);
    assert_eq!(decade_by_day.unwrap_err().code, ErrorCode::InvalidInput);
    assert!(desk
        .summary(&client, day(2026, 1, 1), day(2027, 1, 1), Bucket::Week)
        .is_ok());

    let cell = desk.bucket_messages(&client, &segment, day(1800, 1, 1), day(1800, 1, 8));
    assert_eq!(cell.unwrap_err().code, ErrorCode::InvalidInput);
}

#[test]
fn a_reset_is_backed_up_and_the_backup_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let sample = desk.plan().clone();
    assert!(desk.backups().unwrap().is_empty());

    desk.reset(ResetMode::Empty, today(), now(0)).unwrap();
    assert!(desk.plan().clients.is_empty());
    let backups = desk.backups().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, "Before resetting the workspace");

    let saved = desk.restore_backup(&backups[0].name, now(1)).unwrap();
    assert_eq!(
        saved.change,
        cadence_desk::PlanChange::Whole {
            plan: sample.clone()
        }
    );
    assert_eq!(desk.plan(), &sample);
    assert_eq!(desk.history().undo, None, "a restore starts a new history");
    // The restore backed up the empty workspace first.
    let backups = desk.backups().unwrap();
    assert_eq!(backups.len(), 2);
    assert_eq!(backups[0].reason, "Before restoring a backup");
    // Another program opening the database sees the restored workspace.
    assert_eq!(open(&dir).plan(), &sample);

    let err = desk.restore_backup("no-such.db", now(2)).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn a_workspace_the_engine_rejects_names_the_problem_and_the_ways_out() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(&dir));
    let path = dir.path().join("cadence.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("UPDATE workspace SET horizon_end = '2190-01-01';")
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Desk::open(&path, today()).unwrap_err();
    assert_eq!(err.code, ErrorCode::WorkspaceRejected);
    assert!(err.message.contains("horizon.end"), "{}", err.message);
    assert!(
        err.message.contains("cadence backup restore"),
        "{}",
        err.message
    );
    assert!(err.issues.iter().any(|i| i.path == "horizon.end"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_missing_database_is_not_created_by_open_existing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.db");
    let err = Desk::open_existing(&path, today()).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(!path.exists());
}
