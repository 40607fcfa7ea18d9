//! Criterion benchmarks of the engine on the synthetic year plan (40 clients, 400 segments,
//! 20,000 messages, about 500,000 touches) and on plans 10x smaller and 10x larger.
//!
//! cargo bench -p cadence-engine --bench engine -- --warm-up-time 1 --measurement-time 3

use std::hint::black_box;

use cadence_engine::synthetic::{plan, Shape};
use cadence_engine::{Engine, MessageChange};
use cadence_model::Plan;
use chrono::Duration;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// The heaviest message to move: a recurring one aimed at a client's root segment, so it
/// reaches all ten segments of its tree.
fn heavy_message(plan: &Plan) -> (String, String, cadence_model::Message) {
    for client in &plan.clients {
        for campaign in &client.campaigns {
            for m in &campaign.messages {
                if m.rrule.is_some() && m.segments.iter().any(|s| s.ends_with("-s0")) {
                    return (client.id.clone(), campaign.id.clone(), m.clone());
                }
            }
        }
    }
    panic!("the synthetic plan has recurring root messages");
}

fn year(c: &mut Criterion) {
    let plan = plan(Shape::year(1.0));
    let mut engine = Engine::from_plan(&plan).expect("valid plan");
    let mut group = c.benchmark_group("year");
    group.sample_size(10);
    group.throughput(Throughput::Elements(engine.touch_count() as u64));
    group.bench_function("full_check", |b| b.iter(|| black_box(engine.check())));
    group.bench_function("validate_expand_check", |b| {
        b.iter(|| black_box(Engine::from_plan(&plan).expect("valid plan")))
    });
    group.throughput(Throughput::Elements(1));
    let (client, campaign, mut message) = heavy_message(&plan);
    let mut forward = true;
    group.bench_function("move_one_message", |b| {
        b.iter(|| {
            message.at += if forward {
                Duration::days(1)
            } else {
                Duration::days(-1)
            };
            forward = !forward;
            let recheck = engine
                .apply(MessageChange::Upsert {
                    client: client.clone(),
                    campaign: campaign.clone(),
                    message: Box::new(message.clone()),
                })
                .expect("valid change");
            black_box(recheck)
        })
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for factor in [0.1, 1.0, 2.0] {
        let plan = plan(Shape::year(factor));
        let mut engine = Engine::from_plan(&plan).expect("valid plan");
        group.throughput(Throughput::Elements(engine.touch_count() as u64));
        group.bench_with_input(BenchmarkId::new("full_check", factor), &factor, |b, _| {
            b.iter(|| black_box(engine.check()))
        });
        group.bench_with_input(
            BenchmarkId::new("validate_expand_check", factor),
            &factor,
            |b, _| b.iter(|| black_box(Engine::from_plan(&plan).expect("valid plan"))),
        );
    }
    group.finish();
}

criterion_group!(benches, year, scaling);
criterion_main!(benches);
