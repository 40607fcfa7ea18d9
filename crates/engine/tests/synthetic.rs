//! The engine on generated plans large enough to run on several threads: it still agrees
//! with the brute-force oracle, and incremental re-checks still equal full checks.

mod common;

use cadence_engine::synthetic::{plan, Shape};
use cadence_engine::{Engine, MessageChange};
use chrono::Duration;
use common::oracle;

fn small() -> cadence_model::Plan {
    plan(Shape {
        clients: 12,
        messages_per_client: 60,
        days: 365,
        branches: 3,
        seed: 11,
    })
}

#[test]
fn generated_plans_are_valid_and_deterministic() {
    let a = small();
    assert!(cadence_model::validate(&a).is_ok());
    assert_eq!(a, small());
    assert_ne!(
        a,
        plan(Shape {
            clients: 12,
            messages_per_client: 60,
            days: 365,
            branches: 3,
            seed: 12,
        })
    );
}

#[test]
fn a_large_plan_agrees_with_the_oracle() {
    let p = small();
    let engine = Engine::from_plan(&p).unwrap();
    // Large enough for the parallel path.
    assert!(engine.touch_count() > 20_000, "{}", engine.touch_count());
    let mut got: Vec<oracle::Found> = engine
        .violations()
        .into_iter()
        .map(|v| {
            let channels = v.channels.as_ref().map_or("*".to_string(), |c| c.join(","));
            let key = match v.rule.as_str() {
                "cap" => format!("cap/{}/{channels}", v.window_days.unwrap()),
                "min_gap" => format!("min_gap/{channels}"),
                other => other.to_string(),
            };
            (
                v.at.timestamp(),
                v.message,
                v.segment,
                v.rule.as_str().to_string(),
                key,
                v.occurrence,
                v.count,
            )
        })
        .collect();
    got.sort();
    let expected = oracle::check(&p, p.horizon.start, p.horizon.end);
    assert!(!expected.is_empty());
    assert_eq!(got.len(), expected.len());
    assert_eq!(got, expected);
}

#[test]
fn incremental_moves_on_a_large_plan_equal_full_checks() {
    let p = small();
    let mut engine = Engine::from_plan(&p).unwrap();
    let mut expected = p.clone();
    for (ci, mi, days) in [(0usize, 0usize, 3i64), (5, 17, -2), (11, 40, 9)] {
        let client = expected.client_at_mut(ci);
        let campaign = &mut client.campaigns[mi / 50];
        let m = &mut campaign.messages[mi % 50];
        m.at += Duration::days(days);
        let change = MessageChange::Upsert {
            client: client.id.clone(),
            campaign: campaign.id.clone(),
            message: Box::new(m.clone()),
        };
        engine.apply(change).unwrap();
        let full = Engine::from_plan(&expected).unwrap();
        assert_eq!(engine.violation_count(), full.violation_count());
        assert_eq!(engine.violations(), full.violations());
    }
    // A full re-check of the updated engine gives the same again.
    let before = engine.violations();
    engine.check();
    assert_eq!(engine.violations(), before);
}

#[test]
fn messages_start_within_the_shapes_days() {
    let p = plan(Shape {
        clients: 1,
        messages_per_client: 400,
        days: 31,
        branches: 3,
        seed: 3,
    });
    assert!(cadence_model::validate(&p).is_ok());
    let starts: Vec<chrono::NaiveDate> = p.clients[0].messages().map(|m| m.at.date()).collect();
    assert_eq!(starts.len(), 400);
    let first = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    assert!(starts
        .iter()
        .all(|d| *d >= first && *d < first + Duration::days(31)));
    // Spread over the month, not piled on its first day.
    assert!(
        starts
            .iter()
            .filter(|d| **d >= first + Duration::days(15))
            .count()
            > 100
    );
}

#[test]
fn branches_widen_the_segment_tree() {
    let p = plan(Shape {
        clients: 1,
        messages_per_client: 200,
        days: 365,
        branches: 20,
        seed: 5,
    });
    assert!(cadence_model::validate(&p).is_ok());
    let client = &p.clients[0];
    assert_eq!(client.segments.len(), 61);
    let roots = client
        .segments
        .iter()
        .filter(|s| s.parent.is_none())
        .count();
    assert_eq!(roots, 1);
    // Messages reach the new branches too.
    let targeted: std::collections::BTreeSet<&str> = client
        .messages()
        .flat_map(|m| m.segments.iter().map(String::as_str))
        .collect();
    assert!(targeted.len() > 40, "{}", targeted.len());
}

#[test]
fn texts_only_are_the_explanations_words() {
    // The sample agency (every rule kind) and a generated plan with thousands of records.
    let sample =
        cadence_model::sample::sample_plan(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    for plan in [sample, small()] {
        let engine = Engine::from_plan(&plan).unwrap();
        let mut clients: Vec<Option<&str>> = vec![None];
        clients.extend(plan.clients.iter().map(|c| Some(c.id.as_str())));
        for client in clients {
            let full: Vec<_> = engine
                .report(client)
                .findings
                .into_iter()
                .map(|f| (f.violation, f.explanation.text))
                .collect();
            assert!(!full.is_empty());
            assert_eq!(engine.violations_with_text(client), full, "{client:?}");
        }
    }
}
