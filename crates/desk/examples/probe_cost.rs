//! What the drag probe costs on the benchmark plan (for BENCHMARKS.md): `probe_slots` for a
//! week of 30-minute slots (336) and a month grid of days (42), each slot converted from the
//! wall time of the zone on screen, probed by the engine and merged into shaded stretches,
//! serialized as it crosses IPC; and the calendar's month in a zone other than the client's.
//! `cargo run --release -p cadence-desk --example probe_cost -- [rounds]` (default 20).

use std::time::Instant;

use cadence_desk::{CalendarRequest, ProbeGrid, ProbeRequest};
use chrono::{Duration, NaiveTime};

#[path = "common/mod.rs"]
mod common;

fn main() {
    let rounds: u32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let desk = common::benchmark_desk(&dir);
    let client = &desk.plan().clients[0];
    let client_id = client.id.clone();
    let message = client.campaigns[0].messages[0].clone();
    let monday = message.at.date()
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&message.at.date()).num_days_from_monday(),
        ));
    let far = "Pacific/Kiritimati".to_string();
    println!(
        "benchmark plan: {} messages; probing {} ({} rounds each)",
        desk.plan()
            .clients
            .iter()
            .map(|c| c.messages().count())
            .sum::<usize>(),
        message.id,
        rounds
    );
    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let mut bytes = 0;
        let mut times: Vec<f64> = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                bytes = f();
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{label:44} median {:>7.2} ms  max {:>7.2} ms  {:>6} B",
            times[times.len() / 2],
            times[times.len() - 1],
            bytes
        );
    };
    let week = ProbeRequest {
        message: message.id.clone(),
        from: monday,
        to: monday + Duration::days(7),
        zone: far.clone(),
        grid: ProbeGrid::Slots,
    };
    time("probe_slots: week, 336 slots (Kiritimati)", &mut || {
        serde_json::to_string(&desk.probe(&week).unwrap())
            .unwrap()
            .len()
    });
    let month = ProbeRequest {
        to: monday + Duration::days(42),
        grid: ProbeGrid::Days {
            time: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
        },
        ..week.clone()
    };
    time("probe_slots: month grid, 42 days", &mut || {
        serde_json::to_string(&desk.probe(&month).unwrap())
            .unwrap()
            .len()
    });
    let calendar = CalendarRequest {
        cluster: true,
        ..CalendarRequest::every(&client_id, monday, monday + Duration::days(42), &far)
    };
    time("calendar: month grid in Kiritimati, clustered", &mut || {
        serde_json::to_string(&desk.calendar(&calendar).unwrap())
            .unwrap()
            .len()
    });
}
