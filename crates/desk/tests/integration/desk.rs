//! The desk's actions on real database files: what the app does, without a window.

use std::path::PathBuf;

use cadence_desk::*;
use cadence_model::{parse_plan, sample::sample_plan, MessageStatus, Plan};
use chrono::{NaiveDate, NaiveDateTime};

/// File → Import Plan… as the shell runs it: read the file, then import its bytes.
fn import_file(
    desk: &mut Desk,
    path: &std::path::Path,
    mode: ImportMode,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportSummary, AppError> {
    let bytes = cadence_desk::files::read_file(path)?;
    desk.import_plan_file(&bytes, path, mode, now)
}

/// File → Export Plan File… as the shell runs it: the plan file's text, written atomically.
fn export_file(desk: &Desk, path: &std::path::Path, client: Option<&str>) -> Result<(), AppError> {
    cadence_desk::files::write_atomically(path, desk.plan_file(client)?.as_bytes())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The instant actions that take a backup are told it is.
fn now() -> chrono::DateTime<chrono::Utc> {
    today().and_hms_opt(9, 0, 0).unwrap().and_utc()
}

fn open(dir: &tempfile::TempDir) -> Desk {
    Desk::open(&dir.path().join("cadence.db"), today()).unwrap()
}

fn segment(name: &str, parent: Option<&str>) -> SegmentInput {
    SegmentInput {
        id: None,
        name: name.into(),
        parent: parent.map(Into::into),
        timezone: None,
        size: 100,
        opt_in: vec!["email".into()],
        interests: vec![],
        values: vec![],
        rules: None,
    }
}

fn message(title: &str, segments: &[&str]) -> MessageInput {
    MessageInput {
        id: None,
        title: title.into(),
        channel: "email".into(),
        segments: segments.iter().map(|s| s.to_string()).collect(),
        at: "2026-12-01T09:00:00".parse::<NaiveDateTime>().unwrap(),
        timezone: None,
        local_delivery: false,
        transactional: false,
        rrule: Some("FREQ=WEEKLY;COUNT=3".into()),
        checklist: Default::default(),
        brief: "Why".into(),
        status: MessageStatus::Draft,
    }
}

fn paths(err: &AppError) -> Vec<&str> {
    err.issues.iter().map(|i| i.path.as_str()).collect()
}

#[test]
fn first_start_seeds_the_sample_agency() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    assert_eq!(desk.plan(), &sample_plan(today()));
    assert!(desk.view().db_path.ends_with("cadence.db"));
}

#[test]
fn created_clients_and_segments_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (client_id, segment_id) = {
        let mut desk = open(&dir);
        let saved = desk
            .save_client(ClientInput {
                id: None,
                name: "Riverside Dental".into(),
                timezone: "America/Chicago".into(),
                checklist: None,
                rules: None,
            })
            .unwrap();
        let id = saved.id.unwrap();
        assert_eq!(id, "riverside-dental");
        let seg = desk.save_segment(&id, segment("Patients", None)).unwrap();
        (id, seg.id.unwrap())
    };
    let desk = open(&dir);
    let client = desk.plan().client(&client_id).unwrap();
    assert_eq!(client.name, "Riverside Dental");
    assert_eq!(client.checklist, cadence_model::default_checklist());
    assert_eq!(client.segments[0].id, segment_id);
    assert_eq!(client.segments[0].name, "Patients");
}

#[test]
fn invalid_edits_name_the_field_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let before = desk.plan().clone();

    let err = desk
        .save_client(ClientInput {
            id: Some("harvest-lane".into()),
            name: "".into(),
            timezone: "Mars/Olympus".into(),
            checklist: None,
            rules: None,
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(paths(&err), vec!["name", "timezone"]);

    // A parent cycle: make "All shoppers" a child of its own grandchild.
    let mut all = segment("All shoppers", Some("hl-loyal"));
    all.id = Some("hl-all".into());
    let err = desk.save_segment("harvest-lane", all).unwrap_err();
    assert!(
        err.issues
            .iter()
            .any(|i| i.path == "parent" && i.message.contains("cycle")),
        "{err:?}"
    );

    // A message of one client targeting another client's segment.
    let err = desk
        .save_message("hl-offers", message("Cross", &["nb-all"]))
        .unwrap_err();
    assert_eq!(paths(&err), vec!["segments[0]"]);

    let mut bad_rule = message("Bad rule", &["hl-all"]);
    bad_rule.rrule = Some("FREQ=FORTNIGHTLY".into());
    let err = desk.save_message("hl-offers", bad_rule).unwrap_err();
    assert_eq!(paths(&err), vec!["rrule"]);

    assert_eq!(desk.plan(), &before);
    assert_eq!(open_again(&dir), before);
}

fn open_again(dir: &tempfile::TempDir) -> Plan {
    open(dir).plan().clone()
}

#[test]
fn messages_are_created_and_edited_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let saved = desk
        .save_message("hl-kitchen", message("Soup season", &["hl-families"]))
        .unwrap();
    let saved_id = saved.id.unwrap();
    let mut edit = message("Soup season, part two", &["hl-families", "hl-coupon"]);
    edit.id = Some(saved_id.clone());
    desk.save_message("hl-kitchen", edit).unwrap();
    let plan = open_again(&dir);
    let found = plan.clients[0]
        .messages()
        .find(|m| m.id == saved_id)
        .unwrap();
    assert_eq!(found.title, "Soup season, part two");
    assert_eq!(found.segments.len(), 2);
    assert_eq!(found.status, MessageStatus::Draft);
    assert_eq!(found.rrule.as_deref(), Some("FREQ=WEEKLY;COUNT=3"));

    // Editing through the wrong campaign is refused.
    let mut wrong = message("x", &["hl-all"]);
    wrong.id = Some(saved_id);
    assert_eq!(
        desk.save_message("hl-offers", wrong).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn deleting_a_segment_says_what_goes_with_it_and_does_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let target = EntityRef {
        kind: EntityKind::Segment,
        id: "hl-coupon".into(),
    };
    let impact = desk.delete_impact(&target).unwrap();
    assert_eq!(impact.name, "Coupon fans");
    assert_eq!(impact.segments, vec!["Loyalty members"]);
    assert_eq!(
        impact.messages,
        vec![
            "This week's offers",
            "Offers end tonight",
            "Order ready for pick-up"
        ]
    );
    assert!(impact.retargeted.is_empty());

    desk.delete(&target).unwrap();
    let plan = open_again(&dir);
    let client = plan.client("harvest-lane").unwrap();
    assert!(client.segment("hl-coupon").is_none());
    assert!(client.segment("hl-loyal").is_none());
    assert_eq!(client.messages().count(), 3);

    let lone = EntityRef {
        kind: EntityKind::Message,
        id: "hl-flash".into(),
    };
    assert!(desk.delete_impact(&lone).unwrap().is_alone());
    desk.delete(&EntityRef {
        kind: EntityKind::Client,
        id: "northbridge".into(),
    })
    .unwrap();
    assert!(open_again(&dir).client("northbridge").is_none());
}

#[test]
fn export_then_import_replace_gives_the_same_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out/plan.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let mut desk = open(&dir);
    let original = desk.plan().clone();
    export_file(&desk, &file, None).unwrap();
    assert_eq!(
        parse_plan(&std::fs::read_to_string(&file).unwrap()).unwrap(),
        original
    );

    desk.reset(ResetMode::Empty, today(), now()).unwrap();
    assert!(desk.plan().clients.is_empty());
    let summary = import_file(&mut desk, &file, ImportMode::Replace, now()).unwrap();
    assert_eq!(summary.added.len(), 3);
    assert_eq!(open_again(&dir), original);
}

#[test]
fn importing_one_client_merges_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bank.json");
    let mut desk = open(&dir);
    export_file(&desk, &file, Some("northbridge")).unwrap();
    desk.delete(&EntityRef {
        kind: EntityKind::Client,
        id: "northbridge".into(),
    })
    .unwrap();
    let summary = import_file(&mut desk, &file, ImportMode::Merge, now()).unwrap();
    assert_eq!(summary.added, vec!["Northbridge Bank"]);
    let summary = import_file(&mut desk, &file, ImportMode::Merge, now()).unwrap();
    assert_eq!(summary.replaced, vec!["Northbridge Bank"]);
    assert_eq!(desk.plan().clients.len(), 3);
}

#[test]
fn a_bad_plan_file_names_the_json_path_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let before = desk.plan().clone();
    let cases: Vec<(&str, String, &str)> = vec![
        ("typo.json", r#"{"format":"cadence-plan","version":1,"horizon":{"start":"2026-01-01","end":"2027-01-01"},"clients":[{"id":"a","name":"A","timezone":"UTC","rulez":[]}]}"#.into(), "clients[0].rulez"),
        ("parent.json", r#"{"format":"cadence-plan","version":1,"horizon":{"start":"2026-01-01","end":"2027-01-01"},"clients":[{"id":"a","name":"A","timezone":"UTC","segments":[{"id":"s","name":"S"},{"id":"t","name":"T"},{"id":"u","name":"U","parent":"vip"}]}]}"#.into(), "clients[0].segments[2].parent"),
        ("broken.json", "{\"format\": \"cadence-plan\", ".into(), ""),
    ];
    for (name, text, path) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let err = import_file(&mut desk, &file, ImportMode::Replace, now()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{name}");
        assert_eq!(err.issues[0].path, path, "{name}: {err:?}");
        assert_eq!(
            err.file.as_deref(),
            Some(file.display().to_string().as_str())
        );
    }
    let latin1 = dir.path().join("latin1.json");
    std::fs::write(&latin1, b"{\"format\": \"caf\xe9\"}").unwrap();
    let err = import_file(&mut desk, &latin1, ImportMode::Replace, now()).unwrap_err();
    assert!(err.message.contains("not UTF-8"), "{}", err.message);
    assert_eq!(open_again(&dir), before);
}

#[test]
fn a_locked_database_is_reported_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let path: PathBuf = dir.path().join("cadence.db");
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let err = desk
        .save_segment("harvest-lane", segment("Late", None))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::DatabaseLocked);
    assert_eq!(
        err.file.as_deref(),
        Some(path.display().to_string().as_str())
    );
    assert!(err.message.contains("locked"), "{}", err.message);
    other.execute_batch("ROLLBACK;").unwrap();
    assert!(desk
        .plan()
        .client("harvest-lane")
        .unwrap()
        .segment("late")
        .is_none());
    desk.save_segment("harvest-lane", segment("Late", None))
        .unwrap();
    assert!(open_again(&dir)
        .client("harvest-lane")
        .unwrap()
        .segment("late")
        .is_some());
}

#[test]
fn undo_and_redo_walk_every_kind_of_edit_back_and_forth_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let mut states = vec![desk.plan().clone()];
    assert_eq!(desk.history().undo, None);

    desk.save_segment("harvest-lane", segment("Weekend shoppers", Some("hl-all")))
        .unwrap();
    states.push(desk.plan().clone());
    desk.save_message("hl-kitchen", message("Soup season", &["hl-families"]))
        .unwrap();
    states.push(desk.plan().clone());
    desk.delete(&EntityRef {
        kind: EntityKind::Client,
        id: "northbridge".into(),
    })
    .unwrap();
    states.push(desk.plan().clone());
    desk.reset(ResetMode::Empty, today(), now()).unwrap();
    states.push(desk.plan().clone());
    assert_eq!(desk.history().undo.as_deref(), Some("Reset the workspace"));

    // Undo all the way back, checking memory and the file at every step.
    for expected in states.iter().rev().skip(1) {
        assert!(desk.undo().unwrap().is_some());
        assert_eq!(desk.plan(), expected);
        assert_eq!(&open_again(&dir), expected);
    }
    assert_eq!(desk.undo().unwrap(), None);
    assert_eq!(
        desk.history().redo.as_deref(),
        Some("New segment “Weekend shoppers”")
    );

    // Redo all the way forward.
    for expected in states.iter().skip(1) {
        assert!(desk.redo().unwrap().is_some());
        assert_eq!(desk.plan(), expected);
        assert_eq!(&open_again(&dir), expected);
    }
    assert_eq!(desk.redo().unwrap(), None);

    // A new action after an undo clears the redo stack.
    desk.undo().unwrap();
    desk.save_client(ClientInput {
        id: None,
        name: "Fresh".into(),
        timezone: "UTC".into(),
        checklist: None,
        rules: None,
    })
    .unwrap();
    assert_eq!(desk.history().redo, None);
}

/// The UI keeps a copy of the workspace and applies each reply's change to it: after every
/// kind of action, undo and redo the copy equals the desk's, and an edit of one client sends
/// that client only.
#[test]
fn each_reply_brings_the_uis_copy_to_the_desks_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let mut ui = desk.plan().clone();
    let mut follow = |desk: &Desk, saved: Saved, one_client: bool| {
        if one_client {
            assert!(
                !matches!(saved.change, PlanChange::Whole { .. }),
                "an edit of one client sends that client"
            );
        }
        ui = saved.change.apply_to(&ui);
        assert_eq!(&ui, desk.plan());
    };
    let saved = desk
        .save_segment("harvest-lane", segment("Weekend shoppers", Some("hl-all")))
        .unwrap();
    follow(&desk, saved, true);
    let saved = desk
        .save_message("hl-kitchen", message("Soup season", &["hl-families"]))
        .unwrap();
    follow(&desk, saved, true);
    let saved = desk
        .save_client(ClientInput {
            id: None,
            name: "Fresh".into(),
            timezone: "UTC".into(),
            checklist: None,
            rules: None,
        })
        .unwrap();
    follow(&desk, saved, true);
    let saved = desk
        .delete(&EntityRef {
            kind: EntityKind::Client,
            id: "northbridge".into(),
        })
        .unwrap();
    follow(&desk, saved, true);
    let saved = desk.undo_saved().unwrap();
    follow(&desk, saved, true);
    assert!(desk.plan().client("northbridge").is_some());
    let saved = desk.redo_saved().unwrap();
    follow(&desk, saved, true);
    let saved = desk.reset(ResetMode::Empty, today(), now()).unwrap();
    follow(&desk, saved, false);
    for _ in 0..6 {
        let saved = desk.undo_saved().unwrap();
        follow(&desk, saved, false);
    }
    for _ in 0..6 {
        let saved = desk.redo_saved().unwrap();
        follow(&desk, saved, false);
    }
}

#[test]
fn a_failed_undo_keeps_the_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    desk.save_segment("harvest-lane", segment("Weekend shoppers", None))
        .unwrap();
    let other = rusqlite::Connection::open(dir.path().join("cadence.db")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();
    assert_eq!(desk.undo().unwrap_err().code, ErrorCode::DatabaseLocked);
    other.execute_batch("ROLLBACK;").unwrap();
    assert!(desk
        .plan()
        .client("harvest-lane")
        .unwrap()
        .segment("weekend-shoppers")
        .is_some());
    assert_eq!(
        desk.undo().unwrap().as_deref(),
        Some("New segment “Weekend shoppers”")
    );
    assert!(desk
        .plan()
        .client("harvest-lane")
        .unwrap()
        .segment("weekend-shoppers")
        .is_none());
}

/// The desk's kept-up-to-date violations equal a fresh full check of its plan.
fn assert_agrees_with_full_check(desk: &Desk) {
    let fresh = cadence_engine::Engine::from_plan(desk.plan()).unwrap();
    let checks = desk.view().checks;
    assert_eq!(checks.total, fresh.violation_count());
    assert_eq!(checks.by_client.values().sum::<usize>(), checks.total);
    for client in &desk.plan().clients {
        let findings = desk.client_findings(&client.id).unwrap();
        assert_eq!(findings, fresh.report(Some(&client.id)).findings);
        assert_eq!(
            checks.by_client.get(&client.id).copied().unwrap_or(0),
            findings.len()
        );
    }
}

fn all_findings(desk: &Desk) -> Vec<cadence_engine::Finding> {
    desk.plan()
        .clients
        .iter()
        .flat_map(|c| desk.client_findings(&c.id).unwrap())
        .collect()
}

#[test]
fn the_sample_agency_breaks_some_guidelines_on_purpose() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let findings = all_findings(&desk);
    let rules: std::collections::BTreeSet<&str> =
        findings.iter().map(|f| f.violation.rule.as_str()).collect();
    for rule in ["cap", "quiet_hours", "min_value", "weekdays"] {
        assert!(
            rules.contains(rule),
            "sample has no {rule} violation: {rules:?}"
        );
    }
    assert_agrees_with_full_check(&desk);
}

#[test]
fn every_edit_keeps_violations_equal_to_a_full_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let before = desk.view().checks.total;

    // Move the late SMS to the afternoon: its quiet-hours violation goes away.
    let late = desk.plan().clients[0]
        .messages()
        .find(|m| m.id == "hl-sms-reminder")
        .unwrap()
        .clone();
    let quiet = |desk: &Desk| {
        desk.client_findings("harvest-lane")
            .unwrap()
            .iter()
            .filter(|f| {
                f.violation.message == "hl-sms-reminder"
                    && f.violation.rule.as_str() == "quiet_hours"
            })
            .count()
    };
    assert!(quiet(&desk) > 0);
    let mut input = message(&late.title, &["hl-coupon"]);
    input.id = Some(late.id.clone());
    input.channel = late.channel.clone();
    input.rrule = None;
    input.checklist = late.checklist.clone();
    input.at = late.at.date().and_hms_opt(15, 0, 0).unwrap();
    let saved = desk.save_message("hl-offers", input).unwrap();
    assert_eq!(quiet(&desk), 0);
    assert_eq!(saved.checks, desk.view().checks);
    assert_eq!(
        saved.history.undo.as_deref(),
        Some("Edit message “Offers end tonight”")
    );
    assert_agrees_with_full_check(&desk);

    desk.save_message("hl-kitchen", message("Soup season", &["hl-families"]))
        .unwrap();
    assert_agrees_with_full_check(&desk);
    desk.delete(&EntityRef {
        kind: EntityKind::Message,
        id: "hl-flash".into(),
    })
    .unwrap();
    assert_agrees_with_full_check(&desk);
    let mut stricter = segment("Coupon fans", Some("hl-all"));
    stricter.id = Some("hl-coupon".into());
    stricter.opt_in = vec!["email".into(), "sms".into(), "push".into()];
    stricter.rules = Some(vec![cadence_model::Rule::Cap {
        max: 1,
        window_days: 7,
        channels: None,
    }]);
    desk.save_segment("harvest-lane", stricter).unwrap();
    assert_agrees_with_full_check(&desk);

    while desk.undo().unwrap().is_some() {
        assert_agrees_with_full_check(&desk);
    }
    assert_eq!(desk.view().checks.total, before);
    assert!(quiet(&desk) > 0);
}

#[test]
fn suggestions_and_summaries_come_from_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let after: chrono::DateTime<chrono::Utc> = "2026-11-13T12:00:00Z".parse().unwrap();
    let suggestion = desk
        .suggest("hl-sms-reminder", None, after, Vec::new())
        .unwrap();
    assert!(!suggestion.slots.is_empty());
    assert!(suggestion.slots.windows(2).all(|w| w[0].at < w[1].at));
    assert!(suggestion.slots[0].at >= after);
    assert_eq!(
        desk.suggest("nope", None, after, Vec::new())
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );

    let from = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let summary = desk
        .summary("harvest-lane", from, to, cadence_engine::Bucket::Day)
        .unwrap();
    assert_eq!(summary.segments.len(), 4);
    assert_eq!(
        desk.summary("nobody", from, to, cadence_engine::Bucket::Day)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

fn move_to(message: &str, occurrence: u32, to: &str, tz: &str, scope: MoveScope) -> MoveRequest {
    MoveRequest {
        message: message.into(),
        occurrence,
        to: to.parse().unwrap(),
        timezone: tz.into(),
        scope,
    }
}

/// Every occurrence of Harvest Lane on the dates `[from, to)` of its zone.
fn harvest_calendar(desk: &Desk, from: NaiveDate, to: NaiveDate) -> Vec<CalendarEntry> {
    desk.calendar(&CalendarRequest::every(
        "harvest-lane",
        from,
        to,
        "America/New_York",
    ))
    .unwrap()
    .entries
}

#[test]
fn the_calendar_lists_occurrences_with_their_violations() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let from = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let entries = harvest_calendar(&desk, from, to);
    let weekly: Vec<_> = entries
        .iter()
        .filter(|e| e.message == "hl-weekly-offers")
        .collect();
    assert_eq!(weekly.len(), 4, "Thursdays of November 2026");
    assert_eq!(weekly[0].at.to_rfc3339(), "2026-11-05T12:30:00+00:00");
    let flagged: u32 = entries.iter().map(|e| e.violations).sum();
    let findings = desk.client_findings("harvest-lane").unwrap();
    let in_month = findings
        .iter()
        .filter(|f| {
            entries
                .iter()
                .any(|e| e.message == f.violation.message && e.occurrence == f.violation.occurrence)
        })
        .count();
    assert_eq!(flagged as usize, in_month);
    let late = entries
        .iter()
        .find(|e| e.message == "hl-sms-reminder")
        .unwrap();
    assert!(late.rules.contains(&cadence_model::RuleKind::QuietHours));
}

#[test]
fn moving_a_series_shifts_every_occurrence_and_one_occurrence_splits_off() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let from = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2027, 4, 1).unwrap();
    let times = |desk: &Desk, id: &str| -> Vec<String> {
        harvest_calendar(desk, from, to)
            .into_iter()
            .filter(|e| e.message == id)
            .map(|e| e.at.to_rfc3339())
            .collect()
    };
    let before = times(&desk, "hl-weekly-offers");
    assert_eq!(before.len(), 12);

    // Drag the second Thursday (2026-11-12 07:30 New York) to Wednesday 09:00 London time
    // (04:00 New York): the whole series moves 3.5 hours earlier and a day back.
    desk.move_message(move_to(
        "hl-weekly-offers",
        1,
        "2026-11-11T09:00:00",
        "Europe/London",
        MoveScope::Series,
    ))
    .unwrap();
    let series = desk.plan().clients[0]
        .messages()
        .find(|m| m.id == "hl-weekly-offers")
        .unwrap()
        .clone();
    assert_eq!(series.at.to_string(), "2026-11-04 04:00:00");
    assert_eq!(times(&desk, "hl-weekly-offers").len(), 12);
    desk.undo().unwrap();
    assert_eq!(times(&desk, "hl-weekly-offers"), before);

    // Now only the third occurrence, to Friday 10:00 New York.
    let saved = desk
        .move_message(move_to(
            "hl-weekly-offers",
            2,
            "2026-11-20T10:00:00",
            "America/New_York",
            MoveScope::Occurrence,
        ))
        .unwrap();
    let new_id = saved.id.unwrap();
    let after = times(&desk, "hl-weekly-offers");
    assert_eq!(after.len(), 11);
    assert!(!after.contains(&before[2]));
    assert_eq!(
        times(&desk, &new_id),
        vec!["2026-11-20T15:00:00+00:00".to_string()]
    );
    // Indexes of the later occurrences are unchanged.
    let entries = harvest_calendar(&desk, from, to);
    let indexes: Vec<u32> = entries
        .iter()
        .filter(|e| e.message == "hl-weekly-offers")
        .map(|e| e.occurrence)
        .collect();
    assert_eq!(indexes, vec![0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert_agrees_with_full_check(&desk);
    // Stored, and one undo brings back the single series.
    assert_eq!(open_again(&dir), desk.plan().clone());
    desk.undo().unwrap();
    assert_eq!(times(&desk, "hl-weekly-offers"), before);
    assert!(desk.plan().clients[0].messages().all(|m| m.id != new_id));
}

#[test]
fn a_move_into_a_busy_week_breaks_the_cap_and_a_suggested_slot_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    // The move can push a later touch of another message over a cap, so watch the client.
    let findings = |desk: &Desk| -> Vec<(String, String, u32)> {
        desk.client_findings("harvest-lane")
            .unwrap()
            .into_iter()
            .map(|f| {
                let v = f.violation;
                (v.rule.as_str().to_string(), v.message, v.occurrence)
            })
            .collect()
    };
    let before = findings(&desk);

    // Saturday 7 November, the week of the first offers and the flash sale: too many contacts.
    desk.move_message(move_to(
        "hl-holiday",
        0,
        "2026-11-07T10:00:00",
        "America/New_York",
        MoveScope::Series,
    ))
    .unwrap();
    let broken = findings(&desk);
    let new: Vec<_> = broken.iter().filter(|f| !before.contains(f)).collect();
    assert!(!new.is_empty(), "the move must break a guideline");
    assert!(new.iter().all(|(rule, _, _)| rule == "cap"), "{new:?}");
    assert_agrees_with_full_check(&desk);

    let after: chrono::DateTime<chrono::Utc> = "2026-11-07T15:00:00Z".parse().unwrap();
    let suggestion = desk.suggest("hl-holiday", None, after, Vec::new()).unwrap();
    assert!(suggestion.blocked.is_empty());
    let slot = suggestion.slots[0].clone();
    desk.move_message(move_to(
        "hl-holiday",
        0,
        &slot.local.format("%Y-%m-%dT%H:%M:%S").to_string(),
        &suggestion.timezone,
        MoveScope::Series,
    ))
    .unwrap();
    let fixed = findings(&desk);
    assert!(
        fixed.iter().all(|f| before.contains(f)),
        "the suggested slot adds no violation: {fixed:?}"
    );
    assert_agrees_with_full_check(&desk);

    desk.undo().unwrap();
    assert_eq!(findings(&desk), broken, "undo brings the violation back");
    assert_agrees_with_full_check(&desk);
}

#[test]
fn a_move_preview_agrees_with_each_scope_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let count = |desk: &Desk| desk.client_findings("harvest-lane").unwrap().len() as u32;
    let findings_before = desk.client_findings("harvest-lane").unwrap();
    // The weekly offers go out at 07:30, inside quiet hours (21:00 to 08:00). The third one
    // at noon instead: that occurrence stops breaking them; the whole series even more so.
    let request = move_to(
        "hl-weekly-offers",
        2,
        "2026-11-19T12:00:00",
        "America/New_York",
        MoveScope::Occurrence,
    );
    let preview = desk.preview_move(&request).unwrap();
    assert_eq!(preview.violations, count(&desk));
    assert_eq!(
        desk.client_findings("harvest-lane").unwrap(),
        findings_before
    );
    assert_agrees_with_full_check(&desk);
    let occurrence = preview.occurrence.clone().expect("the message repeats");
    assert!(occurrence
        .better
        .contains(&cadence_model::RuleKind::QuietHours));
    assert!(occurrence.violations < preview.violations, "{preview:?}");
    assert!(
        preview.series.violations < occurrence.violations,
        "{preview:?}"
    );

    desk.move_message(request.clone()).unwrap();
    assert_eq!(count(&desk), occurrence.violations);
    desk.undo().unwrap();
    desk.move_message(MoveRequest {
        scope: MoveScope::Series,
        ..request
    })
    .unwrap();
    assert_eq!(count(&desk), preview.series.violations);
    assert_agrees_with_full_check(&desk);

    // A one-off message has only the series outcome.
    let single = desk
        .preview_move(&move_to(
            "hl-holiday",
            0,
            "2026-11-07T10:00:00",
            "America/New_York",
            MoveScope::Occurrence,
        ))
        .unwrap();
    assert!(single.occurrence.is_none());
    assert!(single.series.worse.contains(&cadence_model::RuleKind::Cap));
}

#[test]
fn a_findings_page_holds_the_first_of_each_segment_and_every_total() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let all = desk.client_findings("harvest-lane").unwrap();
    let page = desk
        .findings_page(
            "harvest-lane",
            &FindingsQuery {
                per_segment: 2,
                more: [("hl-loyal".to_string(), 5)].into(),
            },
        )
        .unwrap();
    assert_eq!(page.total as usize, all.len());
    assert!(page.segments.len() > 1);
    for seg in &page.segments {
        let mine: Vec<_> = all
            .iter()
            .filter(|f| f.violation.segment == seg.segment)
            .cloned()
            .collect();
        assert_eq!(seg.total as usize, mine.len());
        let limit = if seg.segment == "hl-loyal" { 5 } else { 2 };
        assert_eq!(seg.findings, mine[..limit.min(mine.len())].to_vec());
    }
    let too_many = FindingsQuery {
        per_segment: 5_001,
        more: Default::default(),
    };
    assert_eq!(
        desk.findings_page("harvest-lane", &too_many)
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        desk.findings_page("nobody", &FindingsQuery::default())
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_cadence_cell_opens_the_messages_touching_the_segment_on_its_local_days() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    // Thursday 12 November: the weekly offers (direct) and the flash sale (inherited) reach
    // the loyalty members (see the cadence fixtures of the UI).
    assert_eq!(
        desk.bucket_messages("harvest-lane", "hl-loyal", day(12), day(13))
            .unwrap(),
        vec!["hl-weekly-offers".to_string(), "hl-flash".to_string()]
    );
    assert!(desk
        .bucket_messages("harvest-lane", "hl-loyal", day(11), day(12))
        .unwrap()
        .is_empty());
    assert_eq!(
        desk.bucket_messages("harvest-lane", "nope", day(11), day(12))
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn the_sample_agency_has_the_plan_warnings_it_shows() {
    // Sub-audiences that opted in to more channels than their parent (coupon fans take SMS,
    // mortgage holders phone calls), and a monthly series that runs one month past its
    // campaign: what a planner sees on the sample. No segment outgrows its parent.
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let mut found = Vec::new();
    for client in &desk.plan().clients {
        for w in desk.plan_warnings(&client.id).unwrap() {
            found.push((w.code, w.ids.join("/"), w.count));
        }
    }
    use WarningCode::*;
    assert_eq!(
        found,
        vec![
            (ConsentNotInParent, "hl-coupon/hl-all/sms".to_string(), 0),
            (
                ConsentNotInParent,
                "nb-mortgage/nb-all/phone".to_string(),
                0
            ),
            (ConsentNotInParent, "nb-savers/nb-all/push".to_string(), 0),
            (
                ConsentNotInParent,
                "tw-advocates/tw-community/push".to_string(),
                0
            ),
            (
                OutsideCampaign,
                "tw-origin-story/tw-community-calendar".to_string(),
                1
            ),
        ]
    );
}

#[test]
fn plan_warnings_name_recurrences_past_the_campaign_and_segments_that_make_no_sense() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let client = desk
        .save_client(ClientInput {
            id: None,
            name: "Berlin Bakery".into(),
            timezone: "Europe/Berlin".into(),
            checklist: None,
            rules: None,
        })
        .unwrap()
        .id
        .unwrap();
    let mut all = segment("All", None);
    all.size = 20_000;
    let all = desk.save_segment(&client, all).unwrap().id.unwrap();
    let mut fans = segment("Fans", Some(&all));
    fans.size = 30_000;
    fans.opt_in = vec!["email".into(), "sms".into()];
    let fans = desk.save_segment(&client, fans).unwrap().id.unwrap();
    let campaign = desk
        .save_campaign(
            &client,
            CampaignInput {
                id: None,
                name: "December".into(),
                objective: String::new(),
                start: NaiveDate::from_ymd_opt(2026, 12, 1),
                end: NaiveDate::from_ymd_opt(2026, 12, 10),
            },
        )
        .unwrap()
        .id
        .unwrap();
    let mut weekly = message("Weekly bread", &[&all]);
    weekly.rrule = Some("FREQ=WEEKLY;COUNT=4".into());
    let weekly = desk.save_message(&campaign, weekly).unwrap().id.unwrap();

    let warnings = desk.plan_warnings(&client).unwrap();
    let summary: Vec<(WarningCode, Vec<String>)> =
        warnings.iter().map(|w| (w.code, w.ids.clone())).collect();
    assert_eq!(
        summary,
        vec![
            (
                WarningCode::LargerThanParent,
                vec![fans.clone(), all.clone()]
            ),
            (
                WarningCode::ConsentNotInParent,
                vec![fans.clone(), all.clone(), "sms".to_string()]
            ),
            (
                WarningCode::OutsideCampaign,
                vec![weekly.clone(), campaign.clone()]
            ),
        ]
    );
    // 1, 8, 15, 22 December: the last two are after the 10th.
    assert_eq!(warnings[2].count, 2);
    assert!(
        warnings[2].text.contains("(first: 2026-12-15 09:00)"),
        "{}",
        warnings[2].text
    );
    // Warnings are not violations.
    assert_eq!(desk.checks().by_client.get(&client), None);
    // Another client's warnings are its own; an unknown client is an error.
    assert!(desk
        .plan_warnings("harvest-lane")
        .unwrap()
        .iter()
        .all(|w| w.client == "harvest-lane"));
    assert_eq!(
        desk.plan_warnings("nobody").unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn names_and_titles_over_the_limit_are_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let before = desk.plan().clone();
    assert_eq!(desk.view().limits.name, 120);
    let err = desk
        .save_client(ClientInput {
            id: None,
            name: "n".repeat(500),
            timezone: "Europe/Berlin".into(),
            checklist: None,
            rules: None,
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(paths(&err), vec!["name"]);
    assert_eq!(
        err.issues[0].message,
        "the client name is 500 characters long; the limit is 120"
    );
    let err = desk
        .save_message("hl-offers", message(&"t".repeat(121), &["hl-all"]))
        .unwrap_err();
    assert_eq!(paths(&err), vec!["title"]);
    assert!(err.issues[0].message.contains("the limit is 120"));
    assert_eq!(desk.plan(), &before);
}
