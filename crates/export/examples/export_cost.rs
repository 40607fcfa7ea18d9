//! Where an export's time goes, phase by phase, on a plan file:
//! `cargo run --release -p cadence-export --example export_cost -- PLAN.json [CLIENT]`.

use std::time::Instant;

use cadence_export::{Resolved, Rows, Scope, Table};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: export_cost PLAN.json [CLIENT]");
    let client = args.next();
    let t = Instant::now();
    let bytes = std::fs::read(&path).expect("readable plan file");
    let plan = cadence_model::parse_plan_bytes(&bytes).expect("valid plan");
    println!("read + parse + validate   {:>7.1} ms", ms(t));
    let scope = Scope {
        client,
        ..Scope::default()
    };
    if scope.client.is_some() || plan.clients.len() == 1 {
        pdf(&plan, &scope);
    }
    let t = Instant::now();
    let resolved = Resolved::new(&plan, &scope).expect("valid scope");
    println!("validate + engine         {:>7.1} ms", ms(t));
    let t = Instant::now();
    let all = cadence_export::all_tables(&resolved, false).expect("tables");
    let size: usize = all.iter().flatten().map(Vec::len).sum();
    println!(
        "all four, every core      {:>7.1} ms  {} KiB",
        ms(t),
        size / 1024
    );
    for explain in [false, true] {
        let t = Instant::now();
        let rows = Rows::new(&resolved, explain);
        println!(
            "rows (explain: {explain:<5})     {:>7.1} ms  {} touches, {} sends, {} violations",
            ms(t),
            rows.touches.len(),
            rows.schedule.len(),
            rows.violations.len()
        );
        if explain {
            for table in [
                Table::Touches,
                Table::Schedule,
                Table::Violations,
                Table::Messages,
            ] {
                let t = Instant::now();
                let bytes = cadence_export::table(&rows, table, false).expect("table");
                println!("{table:?} {:>18.1} ms  {} KiB", ms(t), bytes.len() / 1024);
            }
        }
    }
}

/// The whole PDF of one client (gather, typeset, write PDF), when the plan has one client or
/// one was given.
fn pdf(plan: &cadence_model::Plan, scope: &Scope) {
    let t = Instant::now();
    let options = cadence_export::Options::new(chrono::DateTime::UNIX_EPOCH);
    match cadence_export::render(plan, cadence_export::Format::Pdf, scope, &options) {
        Ok(bytes) => println!("pdf {:>22.1} ms  {} KiB", ms(t), bytes.len() / 1024),
        Err(err) => println!("pdf: {err}"),
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
