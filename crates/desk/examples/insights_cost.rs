//! What the Insights view costs (for BENCHMARKS.md): the app's `client_insights` path — the
//! caps in force from the desk's engine, then the history read on its own connection and the
//! insights computed — and the view serialized as it crosses IPC, over a database made by
//! `scripts/bench-history.sh` (1,000,000 activity rows for harvest-lane).
//! `cargo run -p cadence-desk --example insights_cost -- DB [RUNS]`

use std::time::Instant;

use cadence_desk::insights_view::{client_insights, history_hints};
use cadence_desk::Desk;
use cadence_store::Store;
use chrono::NaiveDate;

fn main() {
    let mut args = std::env::args().skip(1);
    let db = std::path::PathBuf::from(args.next().expect("usage: insights_cost DB [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(3, |n| n.parse().expect("a number of runs"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let desk = Desk::open_existing(&db, today).expect("open the database");
    for run in 1..=runs {
        let t0 = Instant::now();
        let caps = desk.caps_in_force("harvest-lane").unwrap();
        let t1 = Instant::now();
        let store = Store::open_for_history_reading(&db).unwrap();
        let view = client_insights(&store, desk.plan(), &caps, "harvest-lane").unwrap();
        let t2 = Instant::now();
        let json = serde_json::to_string(&view).unwrap();
        let t3 = Instant::now();
        let hints = history_hints(&view);
        println!(
            "run {run}: {} records, {} curves | caps {:.1} ms, read + insights {:.0} ms, json {:.1} ms ({} KB) | total {:.0} ms | {} hints",
            view.records,
            view.curves.len(),
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            (t3 - t2).as_secs_f64() * 1e3,
            json.len() / 1024,
            (t3 - t0).as_secs_f64() * 1e3,
            hints.len(),
        );
    }
}
