//! `cadence-bridge [--today YYYY-MM-DD]`: serve the app's commands from the real desk on
//! loopback for the browser tests; prints `{"port": N}` on stdout once it listens, and runs
//! until stdin closes (so it never outlives the test run that started it).

use std::io::{Read, Write};
use std::sync::Arc;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut today = cadence_desk::today_or(chrono::Local::now().date_naive());
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--today", Some(date)) => {
                today = date.parse().unwrap_or_else(|err| {
                    eprintln!("--today {date}: {err}");
                    std::process::exit(2)
                })
            }
            _ => {
                eprintln!("usage: cadence-bridge [--today YYYY-MM-DD]");
                std::process::exit(2)
            }
        }
    }
    let running = cadence_bridge::Bridge::new(today)
        .map(Arc::new)
        .and_then(cadence_bridge::serve)
        .unwrap_or_else(|err| {
            eprintln!("cadence-bridge: {}", err.message);
            std::process::exit(1)
        });
    println!("{{\"port\": {}}}", running.port);
    let _ = std::io::stdout().flush();
    // Until the runner closes stdin (or dies).
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}
