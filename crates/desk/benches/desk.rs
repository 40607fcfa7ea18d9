//! What one edit costs end to end in the app, minus the web view: validate the next plan,
//! write the client in one SQLite transaction, re-check incrementally, and serialize the
//! reply the UI receives. Issue 4's targets: 100 ms (sample agency), 250 ms (benchmark plan).

use std::time::Duration;

use cadence_desk::{CalendarRequest, Desk, FindingsQuery, ImportMode, MessageInput};
use cadence_engine::synthetic::{plan, Shape};
use cadence_engine::Bucket;
use cadence_model::{plan_to_json, Message};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn input(message: &Message, hours: i64) -> MessageInput {
    MessageInput {
        at: message.at + chrono::Duration::hours(hours),
        ..MessageInput::from(message)
    }
}

/// What the UI fetches after an edit, for the client on screen.
#[derive(Clone, Copy)]
enum Refresh {
    /// Nothing: the edit's own reply.
    None,
    /// The calendar tab: the client's findings and a month of calendar.
    Calendar,
    /// The cadence tab at month zoom: the findings, the month by day and the quarter by week
    /// (the quantity-vs-quality chart), each touch listed with its message.
    Cadence,
}

/// Move one message back and forth by an hour; each iteration is one full edit and what the
/// UI then fetches, all serialized as it crosses the IPC boundary.
fn bench_moves(c: &mut Criterion, name: &str, desk: &mut Desk, refresh: Refresh) {
    let client = &desk.plan().clients[0];
    let client_id = client.id.clone();
    let zone = client.timezone.clone();
    let campaign = client.campaigns[0].id.clone();
    let message = client.campaigns[0].messages[0].clone();
    let month = message.at.date();
    let mut flip = false;
    c.bench_function(name, |b| {
        b.iter(|| {
            flip = !flip;
            let saved = desk
                .save_message(&campaign, input(&message, if flip { 1 } else { 0 }))
                .unwrap();
            let mut bytes = serde_json::to_string(&saved).unwrap().len();
            if !matches!(refresh, Refresh::None) {
                let query = FindingsQuery {
                    per_segment: 20,
                    more: Default::default(),
                };
                let findings = desk.findings_page(&client_id, &query).unwrap();
                bytes += serde_json::to_string(&findings).unwrap().len();
            }
            if matches!(refresh, Refresh::Calendar) {
                let request = CalendarRequest {
                    cluster: true,
                    ..CalendarRequest::every(
                        &client_id,
                        month,
                        month + chrono::Duration::days(35),
                        &zone,
                    )
                };
                let calendar = desk.calendar(&request).unwrap();
                bytes += serde_json::to_string(&calendar).unwrap().len();
            }
            if matches!(refresh, Refresh::Cadence) {
                for (days, bucket) in [(30, Bucket::Day), (91, Bucket::Week)] {
                    let to = month + chrono::Duration::days(days);
                    let summary = desk.summary(&client_id, month, to, bucket).unwrap();
                    bytes += serde_json::to_string(&summary).unwrap().len();
                }
            }
            bytes
        })
    });
}

fn edits(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut sample = Desk::open(&dir.path().join("sample.db"), today()).unwrap();
    bench_moves(c, "desk/move_message/sample", &mut sample, Refresh::None);
    bench_moves(
        c,
        "desk/edit_and_refresh/sample",
        &mut sample,
        Refresh::Calendar,
    );
    bench_moves(
        c,
        "desk/edit_and_refresh_cadence/sample",
        &mut sample,
        Refresh::Cadence,
    );

    let file = dir.path().join("year.json");
    std::fs::write(&file, plan_to_json(&plan(Shape::year(1.0)))).unwrap();
    let mut year = Desk::open(&dir.path().join("year.db"), today()).unwrap();
    year.import_plan_file(
        &std::fs::read(&file).unwrap(),
        &file,
        ImportMode::Replace,
        chrono::DateTime::UNIX_EPOCH,
    )
    .unwrap();
    bench_moves(c, "desk/move_message/year", &mut year, Refresh::None);
    bench_moves(
        c,
        "desk/edit_and_refresh/year",
        &mut year,
        Refresh::Calendar,
    );
    bench_moves(
        c,
        "desk/edit_and_refresh_cadence/year",
        &mut year,
        Refresh::Cadence,
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = edits
}
criterion_main!(benches);
