//! What the app's views read from the engine without building every violation record:
//! calendar marks per occurrence, a page of a segment's findings, per-bucket violations and
//! notes of the cadence summary, and a bucket's messages. Each agrees with the full records.

use std::collections::{BTreeMap, HashMap};

use cadence_engine::synthetic::{plan, Shape};
use cadence_engine::{Bucket, Engine, SummaryRequest, NOTES_LISTED, REACH_LISTED};
use cadence_model::sample::sample_plan;
use chrono::{NaiveDate, TimeZone, Utc};

fn engines() -> Vec<(Engine, String, NaiveDate)> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dense = plan(Shape {
        clients: 2,
        messages_per_client: 400,
        days: 31,
        branches: 4,
        seed: 9,
    });
    vec![
        (
            Engine::from_plan(&sample_plan(today)).unwrap(),
            "harvest-lane".into(),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        ),
        (
            Engine::from_plan(&dense).unwrap(),
            "c1".into(),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        ),
    ]
}

#[test]
fn occurrence_marks_group_the_clients_violations() {
    for (engine, client, _) in engines() {
        let mut expected: HashMap<(String, u32), (u32, Vec<cadence_model::RuleKind>)> =
            HashMap::new();
        for v in engine.client_violations(&client).unwrap() {
            let e = expected.entry((v.message, v.occurrence)).or_default();
            e.0 += 1;
            if !e.1.contains(&v.rule) {
                e.1.push(v.rule);
            }
        }
        let marks = engine.occurrence_marks(&client).unwrap();
        assert!(!marks.is_empty());
        assert_eq!(marks.len(), expected.len());
        for (key, (count, mut rules)) in expected {
            rules.sort();
            let got = &marks[&key];
            assert_eq!((got.violations, &got.rules), (count, &rules), "{key:?}");
        }
    }
    assert!(engines()[0].0.occurrence_marks("nobody").is_err());
}

#[test]
fn a_segment_page_is_the_start_of_its_findings() {
    for (engine, client, _) in engines() {
        let report = engine.report(Some(&client));
        let mut by_segment: BTreeMap<String, Vec<_>> = BTreeMap::new();
        for f in report.findings {
            by_segment
                .entry(f.violation.segment.clone())
                .or_default()
                .push(f);
        }
        for (segment, all) in by_segment {
            for limit in [0, 1, 3, all.len(), all.len() + 5] {
                let (total, page) = engine.segment_findings(&segment, limit).unwrap();
                assert_eq!(total, all.len());
                assert_eq!(
                    page,
                    all[..limit.min(all.len())].to_vec(),
                    "{segment} {limit}"
                );
            }
        }
    }
    assert!(engines()[0].0.segment_findings("nobody", 5).is_none());
}

#[test]
fn buckets_count_their_violations_and_carry_the_first_explanations() {
    for (engine, client, from) in engines() {
        let to = from + chrono::Duration::days(30);
        let summary = engine
            .summarize(&SummaryRequest {
                from,
                to,
                bucket: Bucket::Day,
                client: Some(client.clone()),
            })
            .unwrap();
        let findings = engine.report(Some(&client)).findings;
        let mut listed_any = false;
        for seg in &summary.segments {
            let tz: chrono_tz::Tz = seg.timezone.parse().unwrap();
            for b in &seg.buckets {
                let here: Vec<_> = findings
                    .iter()
                    .filter(|f| {
                        f.violation.segment == seg.segment
                            && f.violation.at.with_timezone(&tz).date_naive() == b.start
                    })
                    .collect();
                assert_eq!(
                    b.violations as usize,
                    here.len(),
                    "{} {}",
                    seg.segment,
                    b.start
                );
                let texts: Vec<&str> = here
                    .iter()
                    .take(NOTES_LISTED)
                    .map(|f| f.explanation.text.as_str())
                    .collect();
                assert_eq!(b.notes, texts);
                assert_eq!(b.reach.len(), (b.touches as usize).min(REACH_LISTED));
                listed_any |= b.violations > 0;
            }
        }
        assert!(listed_any, "{client} has violations in the month");
    }
}

#[test]
fn a_buckets_messages_are_the_distinct_messages_touching_it() {
    for (engine, _, from) in engines() {
        let start = Utc.from_utc_datetime(&from.and_hms_opt(0, 0, 0).unwrap());
        let end = start + chrono::Duration::days(7);
        let segment = engine.plan().clients.last().unwrap().segments[0].id.clone();
        let mut expected: Vec<String> = Vec::new();
        for t in engine.touches_of(&segment).unwrap() {
            if t.at >= start && t.at < end && !expected.contains(&t.message) {
                expected.push(t.message);
            }
        }
        assert!(!expected.is_empty());
        assert_eq!(
            engine.segment_messages(&segment, start, end).unwrap(),
            expected
        );
    }
}

#[test]
fn rule_counts_are_the_clients_violations_by_rule() {
    for (engine, client, _) in engines() {
        let mut expected = std::collections::BTreeMap::new();
        for v in engine.client_violations(&client).unwrap() {
            *expected.entry(v.rule).or_insert(0u32) += 1;
        }
        assert!(!expected.is_empty());
        assert_eq!(engine.rule_counts(&client).unwrap(), expected);
    }
    assert!(engines()[0].0.rule_counts("nobody").is_err());
}
