//! Time slot suggestions on the synthetic year plan: one request per message for the first
//! violation of each of up to 300 messages (as the violations panel asks for a finding in
//! view), with the flagged rule and a week to look back, and the same with one slot and no
//! look-back (as the PDF export asks).
//!
//! `cargo run --release -p cadence-engine --example suggest_cost -- [scale]`

use std::collections::HashSet;
use std::time::{Duration, Instant};

use cadence_engine::synthetic::{plan, Shape};
use cadence_engine::{Engine, SuggestRequest};

fn stats(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = times.iter().map(|d| ms(*d)).sum::<f64>() / times.len() as f64;
    println!(
        "{name}: {} requests, mean {:.2} ms, median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        times.len(),
        mean,
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(*times.last().unwrap())
    );
}

fn main() {
    let factor: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1.0);
    let plan = plan(Shape::year(factor));
    let engine = Engine::from_plan(&plan).expect("valid plan");
    let mut seen = HashSet::new();
    let mut flagged = Vec::new();
    for client in &plan.clients {
        for v in engine.client_violations(&client.id).expect("client") {
            if seen.insert(v.message.clone()) {
                flagged.push(v);
            }
            if flagged.len() >= 300 {
                break;
            }
        }
        if flagged.len() >= 300 {
            break;
        }
    }
    let mut panel = Vec::new();
    let mut export = Vec::new();
    let mut offers = 0;
    for v in &flagged {
        let mut request = SuggestRequest::new(v.message.clone(), v.at);
        request.fix = vec![v.rule];
        request.not_before = Some(v.at - chrono::Duration::days(7));
        let t = Instant::now();
        let s = engine.suggest(&request).expect("suggest");
        panel.push(t.elapsed());
        offers += s.offers.len();

        let mut request = SuggestRequest::new(v.message.clone(), v.at);
        request.count = 1;
        let t = Instant::now();
        engine.suggest(&request).expect("suggest");
        export.push(t.elapsed());
    }
    println!(
        "{} flagged messages, {:.1} offers each",
        flagged.len(),
        offers as f64 / flagged.len() as f64
    );
    stats("panel (offers, fix + a week back)", panel);
    stats("export (one slot)", export);
}
