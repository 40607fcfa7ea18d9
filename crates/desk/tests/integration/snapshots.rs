//! Reads answer from an immutable snapshot of the current state while a write runs: a read
//! taken while the store's write waits for another program's lock sees the state before the
//! change, whole; after the commit the published state is the new one. Problem counts kept
//! per client stay those of a full count.

use std::time::Duration;

use cadence_desk::{Desk, FindingsQuery, MessageInput};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn a_read_during_a_blocked_write_sees_the_old_state_then_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut desk = Desk::open(&path, today()).unwrap();
    let snapshots = desk.snapshots();
    let client = desk.plan().clients[0].clone();
    let campaign = client.campaigns[0].id.clone();
    let message = client.campaigns[0].messages[0].clone();
    let old_at = message.at;
    let new_at = old_at + chrono::Duration::hours(1);

    let month = old_at.date();
    let days = (month, month + chrono::Duration::days(35));
    let calendar = |current: &cadence_desk::Current| {
        let request =
            cadence_desk::CalendarRequest::every(&client.id, days.0, days.1, &client.timezone);
        serde_json::to_string(&current.calendar(&request).unwrap()).unwrap()
    };
    let calendar_before = calendar(&desk);

    // Another program holds the database's write lock.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();

    let writer = std::thread::spawn(move || {
        let input = MessageInput {
            at: new_at,
            ..MessageInput::from(&message)
        };
        let saved = desk.save_message(&campaign, input);
        (desk, saved.map(|_| ()))
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(!writer.is_finished(), "the write waits for the other lock");

    // The read does not wait: it answers from the state before the change.
    let before = snapshots
        .current()
        .expect("published while the write waits");
    let at =
        |current: &cadence_desk::Current| current.plan().clients[0].campaigns[0].messages[0].at;
    assert_eq!(at(&before), old_at);
    assert_eq!(calendar(&before), calendar_before);
    let query = FindingsQuery {
        per_segment: 20,
        more: Default::default(),
    };
    before.findings_page(&client.id, &query).unwrap();
    assert!(
        !writer.is_finished(),
        "the read completed while the write waited"
    );

    other.execute_batch("ROLLBACK").unwrap();
    let (desk, saved) = writer.join().unwrap();
    saved.unwrap();
    let after = snapshots.current().expect("published after the commit");
    assert_eq!(at(&after), new_at);
    assert_eq!(at(&before), old_at, "a snapshot taken before stays whole");
    assert_eq!(after.plan(), desk.plan());
    assert_ne!(calendar(&after), calendar_before);
}

#[test]
fn problem_counts_kept_per_client_equal_a_full_count_after_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("cadence.db"), today()).unwrap();
    for round in 0..3 {
        for ci in 0..desk.plan().clients.len() {
            let client = &desk.plan().clients[ci];
            let Some(campaign) = client.campaigns.first() else {
                continue;
            };
            let Some(message) = campaign.messages.first().cloned() else {
                continue;
            };
            let campaign = campaign.id.clone();
            let input = MessageInput {
                at: message.at + chrono::Duration::hours(i64::from(round) * 5 + 1),
                ..MessageInput::from(&message)
            };
            desk.save_message(&campaign, input).unwrap();
            let full = desk.engine().client_problem_counts();
            assert_eq!(desk.checks().problems_by_client, full);
        }
        desk.undo().unwrap();
        assert_eq!(
            desk.checks().problems_by_client,
            desk.engine().client_problem_counts()
        );
    }
}
