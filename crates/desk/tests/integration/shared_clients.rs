//! A change copies only the client it changes: the next state shares every other client with
//! the state before (`Arc::ptr_eq`), so an edit of one client costs that client, not the
//! workspace, and the store recognises the others without comparing them.

use std::sync::Arc;

use cadence_desk::{Desk, MessageInput};
use cadence_model::Plan;
use chrono::NaiveDate;

/// Which clients of `after` are the very ones of `before`, by position.
fn shared(before: &Plan, after: &Plan) -> Vec<bool> {
    before
        .clients
        .iter()
        .zip(&after.clients)
        .map(|(a, b)| Arc::ptr_eq(a, b))
        .collect()
}

#[test]
fn an_edit_and_its_undo_share_the_clients_they_leave_alone() {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut desk = Desk::open(&dir.path().join("cadence.db"), today).unwrap();
    assert_eq!(desk.plan().clients.len(), 3, "the sample agency");
    let edited = 1;
    let client = Arc::clone(&desk.plan().clients[edited]);
    let campaign = client.campaigns[0].id.clone();
    let message = client.campaigns[0].messages[0].clone();

    let before = desk.plan().clone();
    let input = MessageInput {
        at: message.at + chrono::Duration::hours(1),
        ..MessageInput::from(&message)
    };
    desk.save_message(&campaign, input).unwrap();
    assert_eq!(shared(&before, desk.plan()), [true, false, true]);
    assert_eq!(
        desk.plan().clients[edited].campaigns[0].messages[0].at,
        message.at + chrono::Duration::hours(1)
    );
    assert_eq!(
        before.clients[edited].campaigns[0].messages[0].at,
        message.at
    );

    // Undo puts the very client of before back, and again shares the others.
    let moved = desk.plan().clone();
    desk.undo().unwrap();
    assert_eq!(shared(&moved, desk.plan()), [true, false, true]);
    assert_eq!(shared(&before, desk.plan()), [true, true, true]);

    // An edit of the client's own fields (a new engine) shares the others too.
    let first = Arc::clone(&desk.plan().clients[0]);
    let input = cadence_desk::ClientInput {
        id: Some(first.id.clone()),
        name: "Renamed".into(),
        timezone: first.timezone.clone(),
        checklist: None,
        rules: None,
    };
    let before = desk.plan().clone();
    desk.save_client(input).unwrap();
    assert_eq!(shared(&before, desk.plan()), [false, true, true]);
    assert_eq!(desk.plan().clients[0].name, "Renamed");
}
