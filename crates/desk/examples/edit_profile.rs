//! One edit on the benchmark plan, repeated, for a profiler:
//! `cargo build --release -p cadence-desk --example edit_profile` then
//! `perf record -g target/release/examples/edit_profile`. Prints the mean per edit, with the
//! client's findings and a month of calendar (the Calendar tab's refresh).

use std::time::Instant;

use cadence_desk::{CalendarRequest, FindingsQuery, MessageInput};

#[path = "common/mod.rs"]
mod common;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::benchmark_desk(&dir);
    let client = &desk.plan().clients[0];
    let client_id = client.id.clone();
    let zone = client.timezone.clone();
    let campaign = client.campaigns[0].id.clone();
    let message = client.campaigns[0].messages[0].clone();
    let month = message.at.date();
    let rounds: u32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let (mut edit, mut views) = (0.0, 0.0);
    for round in 0..rounds {
        let input = MessageInput {
            at: message.at + chrono::Duration::hours(i64::from(round % 2)),
            ..MessageInput::from(&message)
        };
        let start = Instant::now();
        let saved = desk.save_message(&campaign, input).unwrap();
        let reply = serde_json::to_string(&saved).unwrap();
        let middle = Instant::now();
        let query = FindingsQuery {
            per_segment: 20,
            more: Default::default(),
        };
        let findings = serde_json::to_string(&desk.findings_page(&client_id, &query).unwrap());
        let request = CalendarRequest {
            cluster: true,
            ..CalendarRequest::every(&client_id, month, month + chrono::Duration::days(35), &zone)
        };
        let calendar = desk.calendar(&request).unwrap();
        let calendar = serde_json::to_string(&calendar).unwrap();
        let end = Instant::now();
        std::hint::black_box((reply.len(), findings.unwrap().len(), calendar.len()));
        edit += (middle - start).as_secs_f64();
        views += (end - middle).as_secs_f64();
    }
    let n = f64::from(rounds);
    println!(
        "edit {:.1} ms + views {:.1} ms = {:.1} ms per edit ({rounds} edits)",
        edit * 1000.0 / n,
        views * 1000.0 / n,
        (edit + views) * 1000.0 / n
    );
}
