//! Validated means loadable: on wild random plans (any years, long horizons, deep or cyclic
//! segment trees, every recurrence frequency, many exdates), whatever passes validation
//! builds an engine whose touches and violations stay within the plan's work bound, which
//! validation keeps under `MAX_WORK`. Nothing panics on the way, valid or not.

use std::collections::BTreeMap;

use cadence_engine::Engine;
use cadence_model::limits::{plan_work, MAX_WORK};
use cadence_model::{
    default_checklist, validate, Campaign, Channel, Client, Horizon, Message, MessageStatus, Plan,
    Rule, Segment,
};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;

const RRULES: [&str; 14] = [
    "FREQ=SECONDLY",
    "FREQ=MINUTELY;INTERVAL=7",
    "FREQ=HOURLY",
    "FREQ=HOURLY;BYMINUTE=0,15,30,45",
    "FREQ=DAILY",
    "FREQ=DAILY;BYHOUR=8,12,18;BYMINUTE=0,30",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    "FREQ=MONTHLY;BYDAY=1MO,-1FR",
    "FREQ=MONTHLY;BYMONTHDAY=1,10,20",
    "FREQ=YEARLY;BYMONTH=3,9;BYDAY=MO",
    "FREQ=YEARLY;BYWEEKNO=1,20;BYDAY=TU",
    "FREQ=DAILY;COUNT=40",
    "FREQ=WEEKLY;UNTIL=20300101",
    "FREQ=SECONDLY;UNTIL=20260102T000000Z",
];

fn date(days_from_1800: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1800, 1, 1).unwrap() + Duration::days(days_from_1800)
}

/// A plan with one or two clients, anything from a flat list to a deep chain or a cycle of
/// segments, and messages with every frequency, anywhere from 1800 to 2300.
fn wild_plan() -> impl Strategy<Value = Plan> {
    // Mostly plausible, sometimes wild: years outside 1900–2200, horizons over ten years,
    // parents that point forward (cycles, deep chains).
    let horizon = (
        prop_oneof![4 => 55_000i64..127_000, 1 => 0i64..183_000],
        prop_oneof![4 => 1i64..3_650, 1 => 3_650i64..8_000],
    );
    let segments = prop::collection::vec(
        (
            prop::option::of((0usize..400, prop::bool::weighted(0.5))),
            0usize..3,
        ),
        1..400,
    );
    let wild_parents = prop::bool::weighted(0.15);
    let messages = prop::collection::vec(
        (
            0i64..9_000,
            prop::option::of(select(RRULES.to_vec())),
            prop::collection::vec(0usize..400, 1..4),
            0usize..200,
        ),
        1..40,
    );
    (horizon, segments, messages, 0usize..8, wild_parents).prop_map(
        |((start, length), segments, messages, client_rules, wild_parents)| {
            let start = date(start);
            let segments: Vec<Segment> = segments
                .iter()
                .enumerate()
                .map(|(i, (parent, rules))| Segment {
                    id: format!("s{i}"),
                    name: format!("Segment {i}"),
                    parent: parent
                        .map(|(p, wild)| {
                            if wild && wild_parents {
                                p % segments.len()
                            } else {
                                p % i.max(1)
                            }
                        })
                        .filter(|p| *p != i)
                        .map(|p| format!("s{p}")),
                    timezone: (i % 3 == 0).then(|| "Australia/Lord_Howe".to_string()),
                    size: 100,
                    opt_in: vec!["email".into()],
                    interests: Vec::new(),
                    values: Vec::new(),
                    rules: (0..*rules)
                        .map(|w| Rule::Cap {
                            max: 1,
                            window_days: w as u32 + 1,
                            channels: None,
                        })
                        .collect(),
                })
                .collect();
            let n = segments.len();
            let messages: Vec<Message> = messages
                .into_iter()
                .enumerate()
                .map(|(i, (offset, rrule, targets, exdates))| {
                    let at = (start + Duration::days(offset % (length + 30)))
                        .and_hms_opt(9, 30, 0)
                        .unwrap();
                    let mut targets: Vec<String> =
                        targets.iter().map(|t| format!("s{}", t % n)).collect();
                    targets.sort();
                    targets.dedup();
                    Message {
                        id: format!("m{i}"),
                        title: format!("Message {i}"),
                        channel: "email".into(),
                        segments: targets,
                        at,
                        timezone: None,
                        local_delivery: i % 2 == 0,
                        transactional: false,
                        exdates: if rrule.is_some() {
                            (0..exdates as i64)
                                .map(|h| at + Duration::hours(h))
                                .collect()
                        } else {
                            Vec::new()
                        },
                        rrule: rrule.map(str::to_string),
                        checklist: BTreeMap::new(),
                        brief: String::new(),
                        status: MessageStatus::Planned,
                    }
                })
                .collect();
            Plan {
                format: cadence_model::PLAN_FORMAT.into(),
                version: cadence_model::PLAN_VERSION,
                horizon: Horizon {
                    start,
                    end: start + Duration::days(length),
                },
                channels: vec![Channel {
                    id: "email".into(),
                    name: "Email".into(),
                    requires_consent: true,
                }],
                clients: vec![Client {
                    id: "c".into(),
                    name: "Client".into(),
                    timezone: "America/New_York".into(),
                    checklist: default_checklist(),
                    rules: (0..client_rules)
                        .map(|w| Rule::Cap {
                            max: 20,
                            window_days: w as u32 + 1,
                            channels: None,
                        })
                        .collect(),
                    segments,
                    campaigns: vec![Campaign {
                        id: "k".into(),
                        name: "Campaign".into(),
                        objective: String::new(),
                        start: None,
                        end: None,
                        messages,
                    }],
                }
                .into()],
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn whatever_validates_loads_within_its_work_bound(plan in wild_plan()) {
        let valid = validate(&plan).is_ok();
        if valid {
            let work = plan_work(&plan).expect("a valid plan has no cycle");
            prop_assert!(work <= MAX_WORK);
            let engine = Engine::from_plan(&plan).expect("a valid plan builds");
            prop_assert!(engine.touch_count() as u64 <= work,
                "{} touches over a bound of {work}", engine.touch_count());
            prop_assert!(engine.violation_count() as u64 <= work,
                "{} violations over a bound of {work}", engine.violation_count());
        } else {
            prop_assert!(Engine::from_plan(&plan).is_err());
        }
    }
}

#[test]
fn records_come_in_the_spec_order_and_stream_as_the_same_json() {
    use cadence_engine::synthetic::{plan, Shape};
    let plan = plan(Shape::year(0.1));
    let engine = Engine::from_plan(&plan).unwrap();
    let records = engine.violations();
    assert!(records.len() > 1_000, "{} violations", records.len());
    assert!(records
        .windows(2)
        .all(|w| w[0].spec_order(&w[1]) != std::cmp::Ordering::Greater));
    let mut streamed = Vec::new();
    let written = engine.write_spec_json(None, &mut streamed).unwrap();
    assert_eq!(written, records.len());
    assert_eq!(
        String::from_utf8(streamed).unwrap(),
        cadence_engine::spec_json(&records)
    );
    let mut empty = Vec::new();
    let clean = Engine::from_plan(&cadence_model::sample::empty_plan(
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    ))
    .unwrap();
    clean.write_spec_json(None, &mut empty).unwrap();
    assert_eq!(
        String::from_utf8(empty).unwrap(),
        cadence_engine::spec_json([])
    );
}
