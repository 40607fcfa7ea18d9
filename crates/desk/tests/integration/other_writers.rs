//! The app and another writer (the CLI, a second window) on one database: neither loses the
//! other's work. A stale edit is refused with `StaleWorkspace` and the desk reloads.

use std::path::{Path, PathBuf};

use cadence_desk::{import_plan, ClientInput, Desk, ErrorCode, ImportMode, PlanChange, ResetMode};
use cadence_model::{Channel, Client, Plan};
use cadence_store::Store;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// File → Import Plan… as the shell runs it: read the file, then import its bytes.
fn import_file(
    desk: &mut Desk,
    path: &std::path::Path,
    mode: ImportMode,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<cadence_desk::ImportSummary, cadence_desk::AppError> {
    let bytes = cadence_desk::files::read_file(path)?;
    desk.import_plan_file(&bytes, path, mode, now)
}

/// File → Export Plan File… as the shell runs it: the plan file's text, written atomically.
fn export_file(
    desk: &Desk,
    path: &std::path::Path,
    client: Option<&str>,
) -> Result<(), cadence_desk::AppError> {
    cadence_desk::files::write_atomically(path, desk.plan_file(client)?.as_bytes())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap()
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("cadence.db")
}

/// The stored workspace, read by a fresh connection.
fn stored(path: &Path) -> Plan {
    Store::open(path).unwrap().load_plan().unwrap()
}

/// A copy of `client` with every id prefixed, whose messages go out on `channel`.
fn copy_of(client: &Client, prefix: &str, channel: &str) -> Client {
    let id = |s: &str| format!("{prefix}{s}");
    let mut c = client.clone();
    c.id = id(&c.id);
    c.name = format!("{} (from the CLI)", c.name);
    for s in &mut c.segments {
        s.id = id(&s.id);
        s.parent = s.parent.as_deref().map(id);
    }
    for k in &mut c.campaigns {
        k.id = id(&k.id);
        for m in &mut k.messages {
            m.id = id(&m.id);
            m.channel = channel.to_string();
            m.segments = m.segments.iter().map(|s| id(s)).collect();
        }
    }
    c
}

/// What `cadence plan import --merge` does: a new channel and a client that uses it.
fn cli_import(path: &Path, base: &Plan) -> String {
    let mut incoming = base.clone();
    incoming.channels = vec![Channel {
        id: "fax".into(),
        name: "Fax".into(),
        requires_consent: false,
    }];
    incoming.clients = vec![copy_of(&base.clients[0], "cli-", "fax").into()];
    let id = incoming.clients[0].id.clone();
    let mut store = Store::open_existing(path).unwrap();
    import_plan(
        &mut store,
        incoming,
        ImportMode::Merge,
        Path::new("cli.json"),
        now(),
    )
    .unwrap();
    id
}

fn rename(desk: &Desk, index: usize, name: &str) -> ClientInput {
    let c = &desk.plan().clients[index];
    ClientInput {
        id: Some(c.id.clone()),
        name: name.into(),
        timezone: c.timezone.clone(),
        checklist: None,
        rules: None,
    }
}

#[test]
fn an_edit_after_a_cli_import_is_refused_then_made_again_and_both_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Desk::open(&db(&dir), today()).unwrap();
    app.save_client(rename(&app, 0, "Before")).unwrap();
    let cli_client = cli_import(&db(&dir), app.plan());
    let before = stored(&db(&dir));

    let err = app.save_client(rename(&app, 0, "Renamed")).unwrap_err();
    assert_eq!(err.code, ErrorCode::StaleWorkspace, "{}", err.message);
    assert!(err.message.contains("not saved"), "{}", err.message);
    assert_eq!(stored(&db(&dir)), before, "nothing was written");
    // The desk reloaded: it shows the CLI's client and starts undo afresh.
    assert_eq!(app.plan(), &before);
    assert!(app.history().undo.is_none());

    app.save_client(rename(&app, 0, "Renamed")).unwrap();
    let after = stored(&db(&dir));
    assert_eq!(after.clients[0].name, "Renamed");
    assert!(after.client(&cli_client).is_some());
    assert!(after.channels.iter().any(|c| c.id == "fax"));
}

#[test]
fn refresh_notices_another_writer_once_and_ignores_its_own_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Desk::open(&db(&dir), today()).unwrap();
    assert!(app.refresh_if_changed().unwrap().is_none());
    app.save_client(rename(&app, 0, "Mine")).unwrap();
    assert!(app.refresh_if_changed().unwrap().is_none(), "its own write");
    assert!(app.history().undo.is_some());

    let cli_client = cli_import(&db(&dir), app.plan());
    let saved = app.refresh_if_changed().unwrap().expect("a reload");
    let PlanChange::Whole { plan } = &saved.change else {
        panic!("a reload sends the whole workspace: {:?}", saved.change)
    };
    assert!(plan.client(&cli_client).is_some());
    assert_eq!(plan.clients[0].name, "Mine");
    assert!(saved.history.undo.is_none(), "undo starts afresh");
    assert!(app.refresh_if_changed().unwrap().is_none());
    app.save_client(rename(&app, 0, "Again")).unwrap();
    assert!(stored(&db(&dir)).client(&cli_client).is_some());
}

#[test]
fn a_second_window_deleting_a_client_is_not_undone_by_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Desk::open(&db(&dir), today()).unwrap();
    let mut second = Desk::open(&db(&dir), today()).unwrap();
    let victim = second.plan().clients[1].id.clone();
    second
        .delete(&cadence_desk::EntityRef {
            kind: cadence_desk::EntityKind::Client,
            id: victim.clone(),
        })
        .unwrap();
    // The first window still shows the client; editing it is refused, not resurrected.
    let err = first.save_client(rename(&first, 1, "Zombie")).unwrap_err();
    assert_eq!(err.code, ErrorCode::StaleWorkspace);
    assert!(first.plan().client(&victim).is_none());
    assert!(stored(&db(&dir)).client(&victim).is_none());
}

#[test]
fn undo_reset_and_import_never_drop_another_writers_client() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut app = Desk::open(&path, today()).unwrap();
    let plan_file = dir.path().join("plan.json");
    export_file(&app, &plan_file, None).unwrap();

    // Undo of a step taken before the other writer's change.
    app.save_client(rename(&app, 0, "Edited")).unwrap();
    let cli_client = cli_import(&path, app.plan());
    let err = app.undo().unwrap_err();
    assert_eq!(err.code, ErrorCode::StaleWorkspace);
    assert!(stored(&path).client(&cli_client).is_some());
    assert_eq!(stored(&path).clients[0].name, "Edited");
    assert!(app.history().undo.is_none());

    // Reset.
    let cli_client = cli_import(&path, app.plan());
    let err = app.reset(ResetMode::Empty, today(), now()).unwrap_err();
    assert_eq!(err.code, ErrorCode::StaleWorkspace);
    assert!(stored(&path).client(&cli_client).is_some());

    // Replace-import: the app had not seen the change, so it is refused too.
    let cli_client = cli_import(&path, app.plan());
    let err = import_file(&mut app, &plan_file, ImportMode::Replace, now()).unwrap_err();
    assert_eq!(err.code, ErrorCode::StaleWorkspace);
    assert!(stored(&path).client(&cli_client).is_some());

    // Having reloaded, the app's undo of its own import puts back the CLI's client.
    import_file(&mut app, &plan_file, ImportMode::Replace, now()).unwrap();
    assert!(stored(&path).client(&cli_client).is_none());
    app.undo().unwrap();
    assert!(stored(&path).client(&cli_client).is_some());
}

#[test]
fn a_plain_sql_change_is_noticed_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Desk::open(&db(&dir), today()).unwrap();
    let sql = rusqlite::Connection::open(db(&dir)).unwrap();
    sql.execute(
        "UPDATE clients SET name = 'Renamed by SQL' WHERE position = 0",
        [],
    )
    .unwrap();
    let saved = app.refresh_if_changed().unwrap().expect("a reload");
    let PlanChange::Whole { plan } = &saved.change else {
        panic!("a reload sends the whole workspace: {:?}", saved.change)
    };
    assert_eq!(plan.clients[0].name, "Renamed by SQL");
    // A foreign commit that leaves the workspace as it was is not a reload.
    sql.execute("UPDATE clients SET name = name", []).unwrap();
    assert!(app.refresh_if_changed().unwrap().is_none());
}
