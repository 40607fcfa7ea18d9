//! Build the synthetic year plan at a scale, time the engine's phases and report peak memory.
//!
//! `cargo run --release -p cadence-engine --example scale -- 1.0 [--report] [--by-rule] [--write FILE]`

use std::time::Instant;

use cadence_engine::synthetic::{plan, Shape};
use cadence_engine::{Engine, MessageChange};

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let factor: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1.0);
    let t = Instant::now();
    let plan = plan(Shape::year(factor));
    let generated = t.elapsed();
    let messages: usize = plan.clients.iter().map(|c| c.messages().count()).sum();
    // `--write FILE`: also save the plan file (for timing the CLI on it).
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let path = args.get(i + 1).expect("--write needs a file name");
        std::fs::write(path, cadence_model::plan_to_json(&plan)).expect("write the plan file");
    }

    println!(
        "work {} (limit {})",
        cadence_model::limits::plan_work(&plan).unwrap_or(u64::MAX),
        cadence_model::limits::MAX_WORK
    );
    let t = Instant::now();
    cadence_model::validate(&plan).expect("valid plan");
    let validated = t.elapsed();
    let t = Instant::now();
    let mut engine = Engine::from_plan(&plan).expect("valid plan");
    let built = t.elapsed();

    let t = Instant::now();
    let violations = engine.check();
    let checked = t.elapsed();

    // Move one message of the first client by a day.
    let client = &plan.clients[0];
    let campaign = &client.campaigns[0];
    let mut moved = campaign.messages[1].clone();
    moved.at += chrono::Duration::days(1);
    let t = Instant::now();
    let recheck = engine
        .apply(MessageChange::Upsert {
            client: client.id.clone(),
            campaign: campaign.id.clone(),
            message: Box::new(moved),
        })
        .expect("valid change");
    let incremental = t.elapsed();

    println!(
        "factor {factor}: {} clients, {messages} messages, {} touches, {violations} violations",
        plan.clients.len(),
        engine.touch_count()
    );
    println!(
        "generate {:.1} ms, validate alone {:.1} ms, build (validate + expand + sort + check) {:.1} ms, full check {:.1} ms, move one message {:.3} ms ({} segments), peak RSS {:.0} MB",
        generated.as_secs_f64() * 1e3,
        validated.as_secs_f64() * 1e3,
        built.as_secs_f64() * 1e3,
        checked.as_secs_f64() * 1e3,
        incremental.as_secs_f64() * 1e3,
        recheck.segments.len(),
        peak_rss_mb()
    );
    if std::env::args().any(|a| a == "--report") {
        let t = Instant::now();
        let records = engine.violations();
        let records_time = t.elapsed();
        let t = Instant::now();
        let report = engine.report(None);
        let report_time = t.elapsed();
        assert_eq!(report.findings.len(), records.len());
        println!(
            "{} violation records {:.1} ms, report with explanations {:.1} ms",
            records.len(),
            records_time.as_secs_f64() * 1e3,
            report_time.as_secs_f64() * 1e3
        );
    }
    if std::env::args().any(|a| a == "--by-rule") {
        let mut by_rule = std::collections::BTreeMap::new();
        for v in engine.violations() {
            *by_rule.entry(v.rule.as_str()).or_insert(0) += 1;
        }
        println!("by rule: {by_rule:?}");
    }
}
