//! Where one edit's time goes on the benchmark plan (for BENCHMARKS.md):
//! `cargo run --release -p cadence-desk --example edit_cost`.

use std::time::Instant;

use cadence_engine::synthetic::{plan, Shape};
use cadence_engine::Engine;
use cadence_model::validate;

fn main() {
    let plan = plan(Shape::year(1.0));
    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let start = Instant::now();
        let mut n = 0;
        for _ in 0..5 {
            n = f();
        }
        println!(
            "{label:28} {:>8.1} ms  ({n})",
            start.elapsed().as_secs_f64() * 200.0
        );
    };
    time("validate whole plan", &mut || {
        validate(&plan).map(|_| 1).unwrap_or(0)
    });
    let engine = Engine::from_plan(&plan).unwrap();
    time("engine.violations()", &mut || engine.violations().len());
    let violations = engine.violations();
    time("serialize plan", &mut || {
        serde_json::to_string(&plan).unwrap().len()
    });
    time("serialize violations", &mut || {
        serde_json::to_string(&violations).unwrap().len()
    });
    time("clone plan", &mut || plan.clone().clients.len());
}
