//! Time the import dialog's preview as the app runs it (`cadence_desk::past::preview_history`:
//! open the database read-only, read the file, sketch it, look up a saved mapping, let the
//! presets read the first rows and scan 20,000 for rejected rows):
//! `cargo run --release -p cadence-desk --example preview_history -- DB FILE CLIENT`.

use std::time::Instant;

use cadence_desk::past::{preview_history, HistoryReadRequest};
use cadence_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, file, client] = args.as_slice() else {
        eprintln!("usage: preview_history DB FILE CLIENT");
        std::process::exit(2);
    };
    let started = Instant::now();
    let store = Store::open_for_history_reading(db.as_ref()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let plan = store.load_plan().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let bytes = std::fs::read(file).unwrap_or_else(|e| {
        eprintln!("cannot read {file}: {e}");
        std::process::exit(2)
    });
    let request = HistoryReadRequest {
        client_id: client.clone(),
        file_name: file.clone(),
        kind: None,
        preset: None,
        mapping: None,
        sheet: None,
        date_order: None,
    };
    match preview_history(&store, &plan, &request, &bytes) {
        Ok(p) => {
            let read = p.read.as_ref();
            println!(
                "app preview: {:.0} ms end to end (database open, file read, sketch, presets, {} rows scanned, {} rejected); preset {:?}",
                started.elapsed().as_secs_f64() * 1000.0,
                read.map_or(0, |r| r.scanned_rows),
                read.map_or(0, |r| r.rejected.len()),
                read.and_then(|r| r.preset),
            );
        }
        Err(e) => {
            eprintln!("{}", e.message);
            std::process::exit(1);
        }
    }
}
