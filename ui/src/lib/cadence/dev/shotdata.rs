use cadence_engine::{Bucket, Engine, SummaryRequest};
use chrono::NaiveDate;
use serde_json::{json, Map, Value};

fn d(s: &str) -> NaiveDate { NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap() }

fn main() {
    let path = std::env::args().nth(1);
    let plan = match path {
        Some(p) => cadence_model::parse_plan(&std::fs::read_to_string(p).unwrap()).unwrap(),
        None => cadence_model::sample::sample_plan(d("2026-11-23")),
    };
    let engine = Engine::from_plan(&plan).unwrap();
    let mut summaries = Map::new();
    let mut findings = Map::new();
    let ranges = [
        ("2026-11-23", "2026-11-30", Bucket::Day),
        ("2026-11-01", "2026-12-01", Bucket::Day),
        ("2026-11-01", "2026-12-01", Bucket::Week),
        ("2026-12-01", "2027-01-01", Bucket::Day),
        ("2026-12-01", "2027-01-01", Bucket::Week),
        ("2026-10-01", "2027-01-01", Bucket::Week),
        ("2026-01-01", "2027-01-01", Bucket::Week),
    ];
    for c in &plan.clients {
        for (from, to, bucket) in ranges {
            let s = engine.summarize(&SummaryRequest { from: d(from), to: d(to), bucket, client: Some(c.id.clone()) }).unwrap();
            let key = format!("{}|{}|{}|{}", c.id, from, to, if bucket == Bucket::Day { "day" } else { "week" });
            summaries.insert(key, serde_json::to_value(&s).unwrap());
        }
        findings.insert(c.id.clone(), serde_json::to_value(&engine.report(Some(&c.id)).findings).unwrap());
    }
    let out = json!({
        "plan": serde_json::to_value(&plan).unwrap(),
        "presets": serde_json::to_value(cadence_model::presets::guideline_presets()).unwrap(),
        "summaries": Value::Object(summaries),
        "findings": Value::Object(findings),
    });
    println!("{}", serde_json::to_string(&out).unwrap());
}
