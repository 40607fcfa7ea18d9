//! Time the preview the app shows for a file: `cargo run --release -p cadence-history
//! --example preview -- FILE [SCAN_ROWS]`. Prints the detection and the elapsed time.
//! With `--full` instead of SCAN_ROWS it times the whole read (parse, validate, hash).

use std::time::Instant;

use cadence_history::{preview, ChannelRef, ClientContext, ReadOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: preview FILE [SCAN_ROWS]");
        std::process::exit(2);
    };
    let second = args.next();
    let full = second.as_deref() == Some("--full");
    let scan: u64 = second.and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let ctx = ClientContext {
        timezone: chrono_tz::America::New_York,
        channels: ["email", "sms"]
            .iter()
            .map(|c| ChannelRef {
                id: c.to_string(),
                name: c.to_string(),
            })
            .collect(),
    };
    let started = Instant::now();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let read_ms = started.elapsed().as_secs_f64() * 1000.0;
    if full {
        let key = cadence_history::PersonKey::from_bytes([1; 32]);
        let t = Instant::now();
        match cadence_history::read(&bytes, &path, &ctx, &ReadOptions::default(), &key) {
            Ok(r) => println!(
                "read: {} rows, {} rejected, {:.1} ms",
                r.rows.len(),
                r.rejected.len(),
                t.elapsed().as_secs_f64() * 1000.0
            ),
            Err(e) => eprintln!("{e}"),
        }
        return;
    }
    match preview(&bytes, &path, &ctx, &ReadOptions::default(), 20, scan) {
        Ok(p) => {
            let total_ms = started.elapsed().as_secs_f64() * 1000.0;
            println!(
                "preview: preset {:?}, kind {}, {} columns, {} first rows, {} rows scanned ({} rejected), file read {:.1} ms, total {:.1} ms",
                p.preset,
                p.kind,
                p.columns.len(),
                p.first_rows.len(),
                p.scanned_rows,
                p.rejected.len(),
                read_ms,
                total_ms
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
