//! The cadence summary: touches and cap loads per segment and local day or week.

mod common;

use cadence_engine::{Bucket, Engine, SummaryRequest};
use chrono::NaiveDate;
use common::*;
use serde_json::json;

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn engine() -> Engine {
    let mut tokyo = seg(
        "tokyo",
        None,
        json!([{ "kind": "cap", "max": 4, "window_days": 7, "channels": ["sms"] }]),
    );
    tokyo["timezone"] = json!("Asia/Tokyo");
    let p = plan_json(
        "UTC",
        json!([{ "kind": "cap", "max": 2, "window_days": 3 }]),
        vec![seg("s", None, json!([])), tokyo],
        vec![
            msg("a", &["s", "tokyo"], "2026-03-02T09:00:00"),
            msg("b", &["s"], "2026-03-03T09:00:00"),
            msg("c", &["s"], "2026-03-04T08:00:00"),
            msg_with(
                "r",
                &["s"],
                "2026-03-04T10:00:00",
                json!({ "transactional": true }),
            ),
            // 16:00 UTC on the 5th is 01:00 on the 6th in Tokyo.
            msg_with(
                "t",
                &["tokyo"],
                "2026-03-05T16:00:00",
                json!({ "channel": "sms" }),
            ),
        ],
    );
    Engine::from_plan(&plan(&p)).unwrap()
}

/// 1 to 8 March by day, every client.
fn first_week_by_day() -> cadence_engine::CadenceSummary {
    engine()
        .summarize(&SummaryRequest {
            from: date(3, 1),
            to: date(3, 9),
            bucket: Bucket::Day,
            client: None,
        })
        .unwrap()
}

#[test]
fn daily_loads_are_the_fullest_window_ending_in_each_day() {
    let summary = first_week_by_day();
    let s = &summary.segments[0];
    assert_eq!(s.segment, "s");
    assert_eq!(s.caps.len(), 1);
    assert_eq!((s.caps[0].max, s.caps[0].window_days), (2, 3));
    let days: Vec<(u32, Vec<u32>)> = s
        .buckets
        .iter()
        .map(|b| (b.touches, b.loads.clone()))
        .collect();
    assert_eq!(
        days,
        vec![
            (0, vec![0]), // 03-01
            (1, vec![1]), // 03-02: a
            (1, vec![2]), // 03-03: a, b
            (2, vec![3]), // 03-04: a, b, c (r is transactional: shown, not counted)
            (0, vec![3]), // 03-05: the window ending at 00:00 still holds a, b and c
            (0, vec![2]), // 03-06: (03-03 00:00, 03-06 00:00] holds b and c
            (0, vec![1]), // 03-07: c until 08:00
            (0, vec![0]), // 03-08
        ]
    );
    assert_eq!(s.buckets[3].worst_ratio, 1.5);
    assert_eq!(s.buckets[7].worst_ratio, 0.0);
}

#[test]
fn buckets_are_local_dates_and_caps_keep_their_filters_and_sources() {
    let summary = engine()
        .summarize(&SummaryRequest {
            from: date(3, 1),
            to: date(3, 9),
            bucket: Bucket::Day,
            client: Some("c".into()),
        })
        .unwrap();
    let t = &summary.segments[1];
    assert_eq!(t.timezone, "Asia/Tokyo");
    assert_eq!(t.caps.len(), 2);
    assert_eq!(t.caps[1].channels, Some(vec!["sms".to_string()]));
    assert_eq!(t.caps[1].source.describe(), "the segment itself");
    assert_eq!(t.caps[0].source.describe(), "client \"Client\"");
    assert_eq!(t.caps[0].set_on, t.caps[0].source.describe());
    let touches: Vec<u32> = t.buckets.iter().map(|b| b.touches).collect();
    // a at 18:00 Tokyo on 03-02; t at 01:00 Tokyo on 03-06.
    assert_eq!(touches, vec![0, 1, 0, 0, 0, 1, 0, 0]);
    assert_eq!(t.buckets[5].loads, vec![1, 1]);
}

#[test]
fn weeks_start_on_monday_and_take_the_worst_day() {
    let summary = engine()
        .summarize(&SummaryRequest {
            from: date(3, 4),
            to: date(3, 16),
            bucket: Bucket::Week,
            client: None,
        })
        .unwrap();
    let s = &summary.segments[0];
    let weeks: Vec<(NaiveDate, u32, Vec<u32>)> = s
        .buckets
        .iter()
        .map(|b| (b.start, b.touches, b.loads.clone()))
        .collect();
    assert_eq!(
        weeks,
        vec![(date(3, 2), 4, vec![3]), (date(3, 9), 0, vec![0])]
    );
}

#[test]
fn bad_requests_are_errors() {
    let e = engine();
    let bad = |from, to, client: Option<&str>| {
        e.summarize(&SummaryRequest {
            from,
            to,
            bucket: Bucket::Day,
            client: client.map(String::from),
        })
    };
    assert!(bad(date(3, 2), date(3, 2), None).is_err());
    assert!(bad(date(3, 1), date(3, 2), Some("nope")).is_err());
}

#[test]
fn buckets_name_their_touches_channels_and_average_value() {
    let summary = first_week_by_day();
    let s = &summary.segments[0];
    let day4 = &s.buckets[3];
    let listed: Vec<(String, u32, String, bool, bool)> = day4
        .reach
        .iter()
        .map(|t| {
            (
                t.message.clone(),
                t.occurrence,
                t.local.format("%Y-%m-%d %H:%M").to_string(),
                t.direct,
                t.transactional,
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            ("c".into(), 0, "2026-03-04 08:00".into(), true, false),
            ("r".into(), 0, "2026-03-04 10:00".into(), true, true),
        ]
    );
    assert_eq!(day4.reach.len() as u32, day4.touches);
    assert_eq!(day4.channels.len(), 1);
    assert_eq!(day4.channels[0].touches, 2);
    let mean = day4.reach.iter().map(|t| t.value).sum::<f64>() / 2.0;
    assert_eq!(day4.average_value, Some((mean * 10.0).round() / 10.0));
    assert_eq!(s.buckets[0].average_value, None);
    assert!(s.buckets[0].reach.is_empty() && s.buckets[0].channels.is_empty());

    // Tokyo: local wall times in the segment's zone, channel counts per channel.
    let t = &summary.segments[1];
    let day6 = &t.buckets[5];
    assert_eq!(day6.reach[0].message, "t");
    assert_eq!(
        day6.reach[0].local.format("%Y-%m-%d %H:%M").to_string(),
        "2026-03-06 01:00"
    );
    assert_eq!(day6.channels[0].channel, "sms");
}

#[test]
fn day_buckets_say_why_a_day_is_closed_and_segments_carry_their_minimum_value() {
    // The client allows Mon–Fri and blacks out Wednesday 4 March; the child adds a minimum
    // value score, which the parent does not have.
    let p = plan_json(
        "UTC",
        json!([
            { "kind": "weekdays", "allowed": ["Mon", "Tue", "Wed", "Thu", "Fri"] },
            { "kind": "blackout", "dates": ["2026-03-04"] },
            { "kind": "quiet_hours", "start": "21:00", "end": "08:00" }
        ]),
        vec![
            seg("parent", None, json!([])),
            seg(
                "child",
                Some("parent"),
                json!([{ "kind": "min_value", "score": 60 }]),
            ),
        ],
        vec![msg("a", &["parent"], "2026-03-02T09:00:00")],
    );
    let engine = Engine::from_plan(&plan(&p)).unwrap();
    let by_day = engine
        .summarize(&SummaryRequest {
            from: date(3, 2),
            to: date(3, 9),
            bucket: Bucket::Day,
            client: None,
        })
        .unwrap();
    let parent = by_day
        .segments
        .iter()
        .find(|s| s.segment == "parent")
        .unwrap();
    let closed: Vec<_> = parent.buckets.iter().map(|b| (b.start, b.closed)).collect();
    use cadence_engine::ClosedReason::{Blackout, Weekday};
    assert_eq!(
        closed,
        vec![
            (date(3, 2), None),
            (date(3, 3), None),
            (date(3, 4), Some(Blackout)),
            (date(3, 5), None),
            (date(3, 6), None),
            (date(3, 7), Some(Weekday)),
            (date(3, 8), Some(Weekday)),
        ]
    );
    assert_eq!(parent.min_value, None);
    assert_eq!(parent.quiet_hours.as_deref(), Some("21:00–08:00"));
    let blackout_days: Vec<u32> = parent.buckets.iter().map(|b| b.blackout_days).collect();
    assert_eq!(blackout_days, vec![0, 0, 1, 0, 0, 0, 0]);
    let child = by_day
        .segments
        .iter()
        .find(|s| s.segment == "child")
        .unwrap();
    assert_eq!(child.min_value, Some(60.0));
    assert_eq!(child.quiet_hours.as_deref(), Some("21:00–08:00"));
    assert_eq!(
        child.buckets[2].closed,
        Some(Blackout),
        "inherited from the client"
    );

    let by_week = engine
        .summarize(&SummaryRequest {
            from: date(3, 2),
            to: date(3, 9),
            bucket: Bucket::Week,
            client: None,
        })
        .unwrap();
    assert!(by_week
        .segments
        .iter()
        .all(|s| s.buckets.iter().all(|b| b.closed.is_none())));
}

#[test]
fn buckets_carry_their_heat_and_caps_their_words() {
    use cadence_engine::{Heat, NEAR_CAP};
    assert_eq!(NEAR_CAP, 0.8);
    assert_eq!(
        [0.0, 0.5, 0.8, 0.81, 1.0, 1.5].map(Heat::of),
        [
            Heat::None,
            Heat::Within,
            Heat::Within,
            Heat::Near,
            Heat::Near,
            Heat::Over
        ]
    );
    let summary = first_week_by_day();
    assert_eq!(summary.near_cap_percent, 80);
    let s = &summary.segments[0];
    let heats: Vec<Heat> = s.buckets.iter().map(|b| b.heat).collect();
    // Loads 0, 1, 2, 3, 3, 2, 1, 0 against a cap of 2.
    assert_eq!(
        heats,
        [
            Heat::None,
            Heat::Within,
            Heat::Near,
            Heat::Over,
            Heat::Over,
            Heat::Near,
            Heat::Within,
            Heat::None
        ]
    );
    let over: Vec<Vec<bool>> = s.buckets.iter().map(|b| b.over.clone()).collect();
    assert_eq!(
        over,
        [false, false, false, true, true, false, false, false].map(|o| vec![o])
    );
    assert_eq!(s.caps[0].text, "At most 2 touches in any 3 days");
    let tokyo = &summary.segments[1];
    let words: Vec<&str> = tokyo.caps.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        words,
        [
            "At most 2 touches in any 3 days",
            "At most 4 touches on SMS in any 7 days"
        ]
    );
    // No weekly cap on all channels: the quality chart draws none.
    assert_eq!((s.weekly_cap, tokyo.weekly_cap), (None, None));
    assert!(s.buckets.iter().all(|b| !b.over_weekly_cap));
}

#[test]
fn the_weekly_cap_is_the_tightest_seven_day_cap_on_all_channels() {
    let p = plan_json(
        "UTC",
        json!([
            { "kind": "cap", "max": 3, "window_days": 7 },
            { "kind": "cap", "max": 1, "window_days": 7, "channels": ["sms"] },
            { "kind": "cap", "max": 1, "window_days": 30 },
            { "kind": "min_value", "score": 80 }
        ]),
        vec![seg(
            "s",
            None,
            json!([{ "kind": "cap", "max": 2, "window_days": 7 }]),
        )],
        vec![
            msg("a", &["s"], "2026-03-02T09:00:00"),
            msg("b", &["s"], "2026-03-03T09:00:00"),
            msg_with(
                "c",
                &["s"],
                "2026-03-04T09:00:00",
                json!({ "checklist": { "glad": false, "useful": true } }),
            ),
        ],
    );
    let summary = Engine::from_plan(&plan(&p))
        .unwrap()
        .summarize(&SummaryRequest {
            from: date(3, 2),
            to: date(3, 16),
            bucket: Bucket::Week,
            client: None,
        })
        .unwrap();
    let s = &summary.segments[0];
    assert_eq!(s.weekly_cap, Some(2));
    let weeks: Vec<(u32, bool, Option<f64>, bool)> = s
        .buckets
        .iter()
        .map(|b| {
            (
                b.touches,
                b.over_weekly_cap,
                b.average_value,
                b.below_min_value,
            )
        })
        .collect();
    // Scores: a and b answer both items (100), c only "useful" (25): 75 on average.
    assert_eq!(
        weeks,
        [(3, true, Some(75.0), true), (0, false, None, false)]
    );
}
