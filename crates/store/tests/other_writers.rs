//! Two connections on one file (the app and the CLI): neither overwrites the other's work.

use std::path::PathBuf;

use cadence_model::sample::sample_plan;
use cadence_model::{Client, Plan};
use cadence_store::{Store, StoreError};
use chrono::{NaiveDate, TimeZone, Utc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("cadence.db")
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

/// The app's store, holding the sample, and the CLI's store on the same file.
fn two_writers(dir: &tempfile::TempDir) -> (Store, Store, Plan) {
    let mut app = Store::open(&db(dir)).unwrap();
    app.replace_plan(&sample_plan(today())).unwrap();
    let plan = app.load_plan().unwrap();
    let cli = Store::open(&db(dir)).unwrap();
    (app, cli, plan)
}

/// The CLI adds a client through a read-merge-write, as `cadence plan import` does.
fn cli_adds(cli: &mut Store, id: &str) {
    cli.update_plan(|current| -> Result<Plan, StoreError> {
        let mut plan = current.unwrap();
        plan.clients.push(bare_client(id).into());
        Ok(plan)
    })
    .unwrap();
}

#[test]
fn every_plan_write_bumps_the_revision() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _cli, plan) = two_writers(&dir);
    let start = app.revision().unwrap();
    assert_eq!(app.seen_revision(), Some(start));
    let id = plan.clients[0].id.clone();
    app.save_client(&plan, &id).unwrap();
    app.replace_plan(&plan).unwrap();
    app.delete_client(&id).unwrap();
    app.update_plan(|p| -> Result<Plan, StoreError> { Ok(p.unwrap()) })
        .unwrap();
    assert_eq!(app.revision().unwrap(), start + 4);
    assert_eq!(app.seen_revision(), Some(start + 4));
}

#[test]
fn another_connections_commit_is_noticed_and_its_own_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut cli, plan) = two_writers(&dir);
    assert!(!app.changed_by_others().unwrap());
    app.replace_plan(&plan).unwrap();
    assert!(!app.changed_by_others().unwrap(), "its own write");
    assert!(!app.is_stale().unwrap());
    cli_adds(&mut cli, "from-cli");
    assert!(app.changed_by_others().unwrap());
    assert!(!app.changed_by_others().unwrap(), "noticed once");
    assert!(app.is_stale().unwrap());
}

#[test]
fn a_write_from_a_stale_read_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut cli, plan) = two_writers(&dir);
    cli_adds(&mut cli, "from-cli");
    let after_cli = cli.load_plan().unwrap();

    let mut edited = plan.clone();
    edited.client_at_mut(0).name = "Renamed in the app".into();
    let id = edited.clients[0].id.clone();
    let refusals = [
        app.save_client(&edited, &id).unwrap_err(),
        app.replace_plan(&edited).unwrap_err(),
        app.delete_client(&id).unwrap_err(),
        app.update_plan(|p| -> Result<Plan, StoreError> { Ok(p.unwrap()) })
            .unwrap_err(),
    ];
    for err in refusals {
        assert!(matches!(err, StoreError::Stale { .. }), "{err}");
    }
    assert_eq!(cli.load_plan().unwrap(), after_cli, "nothing was written");

    // After reading again, the app writes, and the CLI's client is kept.
    let mut current = app.load_plan().unwrap();
    assert!(current.client("from-cli").is_some());
    current.client_at_mut(0).name = "Renamed in the app".into();
    app.save_client(&current, &id).unwrap();
    let stored = cli.load_plan().unwrap();
    assert!(stored.client("from-cli").is_some());
    assert_eq!(stored.clients[0].name, "Renamed in the app");
}

#[test]
fn a_restore_moves_the_revision_past_every_earlier_read() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut cli, plan) = two_writers(&dir);
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap();
    let backup = app.backup(at, "test").unwrap();
    app.replace_plan(&plan).unwrap();
    cli.load_plan().unwrap();
    app.restore(&backup.path, at).unwrap();
    assert!(cli.is_stale().unwrap());
    let err = cli.replace_plan(&plan).unwrap_err();
    assert!(matches!(err, StoreError::Stale { .. }));
    assert!(!app.is_stale().unwrap());
}
