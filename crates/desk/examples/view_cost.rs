//! What the app's views cost on a dense client (for BENCHMARKS.md): every call the calendar,
//! the violations panel and the cadence view make, serialized as it crosses IPC.
//! `cargo run --release -p cadence-desk --example view_cost -- [messages]` (default 5,000
//! messages of one client starting in January 2026).

use std::time::Instant;

use cadence_desk::{CalendarRequest, Desk, FindingsQuery, ImportMode, MoveRequest, MoveScope};
use cadence_engine::synthetic::{plan, Shape};
use cadence_engine::Bucket;
use cadence_model::plan_to_json;
use chrono::NaiveDate;

fn main() {
    let messages: usize = std::env::args()
        .nth(1)
        .map_or(5000, |n| n.parse().expect("a number of messages"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("load.json");
    let load = plan(Shape {
        clients: 1,
        messages_per_client: messages,
        days: 31,
        branches: 20,
        seed: 7,
    });
    std::fs::write(&file, plan_to_json(&load)).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 1, 14).unwrap();
    let mut desk = Desk::open(&dir.path().join("cadence.db"), today).unwrap();
    desk.import_plan_file(
        &std::fs::read(&file).unwrap(),
        &file,
        ImportMode::Replace,
        chrono::DateTime::UNIX_EPOCH,
    )
    .unwrap();
    let client = "c0";
    let zone = desk.plan().clients[0].timezone.clone();
    let jan = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let feb = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    let apr = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    println!(
        "{messages} messages, {} violations of the client",
        desk.checks().total
    );
    let time = |label: &str, f: &mut dyn FnMut() -> String| {
        let start = Instant::now();
        let mut bytes = 0;
        for _ in 0..3 {
            bytes = f().len();
        }
        println!(
            "{label:36} {:>9.1} ms  {:>8} kB",
            start.elapsed().as_secs_f64() * 1000.0 / 3.0,
            bytes / 1000
        );
    };
    time("workspace", &mut || {
        serde_json::to_string(&desk.view()).unwrap()
    });
    time("calendar (January)", &mut || {
        let request = CalendarRequest {
            cluster: true,
            ..CalendarRequest::every(client, jan, feb, &zone)
        };
        serde_json::to_string(&desk.calendar(&request).unwrap()).unwrap()
    });
    let query = FindingsQuery {
        per_segment: 20,
        more: Default::default(),
    };
    time("findings_page (20 per segment)", &mut || {
        serde_json::to_string(&desk.findings_page(client, &query).unwrap()).unwrap()
    });
    time("summary (January by day)", &mut || {
        serde_json::to_string(&desk.summary(client, jan, feb, Bucket::Day).unwrap()).unwrap()
    });
    let series = desk.plan().clients[0]
        .messages()
        .find(|m| m.rrule.is_some())
        .expect("a recurring message")
        .clone();
    let request = MoveRequest {
        message: series.id.clone(),
        occurrence: 0,
        to: series.at + chrono::Duration::hours(1),
        timezone: desk.plan().clients[0].timezone.clone(),
        scope: MoveScope::Series,
    };
    time("preview_move (both scopes)", &mut || {
        serde_json::to_string(&desk.preview_move(&request).unwrap()).unwrap()
    });
    time("summary (quarter by week)", &mut || {
        serde_json::to_string(&desk.summary(client, jan, apr, Bucket::Week).unwrap()).unwrap()
    });
}
