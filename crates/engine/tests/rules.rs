//! Every rule of plan-format.md section 3 and its edges, on small plans.

mod common;

use cadence_engine::{check_plan, check_violations, spec_json, CheckOptions, Engine};
use chrono::NaiveDate;
use common::*;
use serde_json::json;

fn cap(max: u32, days: u32) -> serde_json::Value {
    json!({ "kind": "cap", "max": max, "window_days": days })
}

#[test]
fn cap_window_exactly_window_days_apart_does_not_count() {
    let segs = vec![seg("s", None, json!([]))];
    let two = plan_json(
        "UTC",
        json!([cap(1, 7)]),
        segs.clone(),
        vec![
            msg("a", &["s"], "2026-03-02T09:00:00"),
            msg("b", &["s"], "2026-03-09T09:00:00"),
        ],
    );
    assert!(of(&check(&two), "cap").is_empty());

    // One second less than 7 x 24 h apart: the window holds both.
    let close = plan_json(
        "UTC",
        json!([cap(1, 7)]),
        segs,
        vec![
            msg("a", &["s"], "2026-03-02T09:00:00"),
            msg("b", &["s"], "2026-03-09T08:59:59"),
        ],
    );
    let v = check(&close);
    assert_eq!(of(&v, "cap"), vec![t("s", "b", 0)]);
    assert_eq!(v[0].count, Some(2));
    assert_eq!(v[0].limit, Some(1.0));
    assert_eq!(v[0].window_days, Some(7));
}

#[test]
fn cap_counts_touches_in_order_and_flags_each_one_over() {
    let p = plan_json(
        "UTC",
        json!([cap(2, 7)]),
        vec![seg("s", None, json!([]))],
        vec![
            msg("a", &["s"], "2026-03-02T09:00:00"),
            msg("b", &["s"], "2026-03-03T09:00:00"),
            msg("c", &["s"], "2026-03-04T09:00:00"),
            msg("d", &["s"], "2026-03-05T09:00:00"),
            msg("e", &["s"], "2026-03-20T09:00:00"),
        ],
    );
    let v = check(&p);
    assert_eq!(of(&v, "cap"), vec![t("s", "c", 0), t("s", "d", 0)]);
    assert_eq!(
        v.iter().map(|v| v.count).collect::<Vec<_>>(),
        vec![Some(3), Some(4)]
    );
    assert_eq!(v[0].detail, "3rd touch in 7 days for Seg s (max 2)");
}

#[test]
fn ties_at_the_same_instant_are_ordered_by_message_id() {
    let p = plan_json(
        "UTC",
        json!([cap(1, 1), { "kind": "min_gap", "hours": 1 }]),
        vec![seg("s", None, json!([]))],
        // Written in the other order: the id decides, not the file order.
        vec![
            msg("zeta", &["s"], "2026-03-02T09:00:00"),
            msg("alpha", &["s"], "2026-03-02T09:00:00"),
        ],
    );
    let v = check(&p);
    assert_eq!(of(&v, "cap"), vec![t("s", "zeta", 0)]);
    assert_eq!(of(&v, "min_gap"), vec![t("s", "zeta", 0)]);
}

#[test]
fn min_gap_is_strictly_less_than_hours() {
    let rules = json!([{ "kind": "min_gap", "hours": 16 }]);
    let p = plan_json(
        "UTC",
        rules,
        vec![seg("s", None, json!([]))],
        vec![
            msg("a", &["s"], "2026-03-02T00:00:00"),
            msg("b", &["s"], "2026-03-02T16:00:00"), // exactly 16 h: fine
            msg("c", &["s"], "2026-03-03T07:59:00"), // 15 h 59 after b
        ],
    );
    let v = check(&p);
    assert_eq!(of(&v, "min_gap"), vec![t("s", "c", 0)]);
    assert_eq!(v[0].limit, Some(16.0));
    assert_eq!(v[0].count, None);
    assert_eq!(v[0].window_days, None);
}

#[test]
fn channel_filters_limit_what_is_counted_and_flagged() {
    let rules = json!([
        { "kind": "cap", "max": 1, "window_days": 7, "channels": ["email"] },
        { "kind": "min_gap", "hours": 24, "channels": ["sms", "email"] }
    ]);
    let p = plan_json(
        "UTC",
        rules,
        vec![seg("s", None, json!([]))],
        vec![
            msg("a", &["s"], "2026-03-02T09:00:00"),
            msg_with(
                "b",
                &["s"],
                "2026-03-02T10:00:00",
                json!({ "channel": "facebook" }),
            ),
            msg_with(
                "c",
                &["s"],
                "2026-03-02T11:00:00",
                json!({ "channel": "facebook" }),
            ),
            msg_with(
                "d",
                &["s"],
                "2026-03-03T10:00:00",
                json!({ "channel": "sms" }),
            ),
            msg("e", &["s"], "2026-03-05T09:00:00"),
        ],
    );
    let v = check(&p);
    // Facebook touches neither count nor get flagged.
    assert_eq!(of(&v, "cap"), vec![t("s", "e", 0)]);
    // d is 25 h after a (b, c do not count); e is 47 h after d.
    assert!(of(&v, "min_gap").is_empty());
    let cap_v = v.iter().find(|v| v.rule.as_str() == "cap").unwrap();
    assert_eq!(cap_v.channels, Some(vec!["email".to_string()]));
    assert_eq!(
        cap_v.detail,
        "2nd touch on email in 7 days for Seg s (max 1)"
    );
}

#[test]
fn transactional_messages_are_exempt_from_cap_and_min_gap_only() {
    let rules = json!([cap(1, 7), { "kind": "min_gap", "hours": 24 },
        { "kind": "quiet_hours", "start": "21:00", "end": "08:00" }]);
    let p = plan_json(
        "UTC",
        rules,
        vec![seg("s", None, json!([]))],
        vec![
            msg("a", &["s"], "2026-03-02T09:00:00"),
            msg_with(
                "r",
                &["s"],
                "2026-03-02T22:00:00",
                json!({ "transactional": true }),
            ),
            msg("b", &["s"], "2026-03-04T09:00:00"),
        ],
    );
    let v = check(&p);
    assert_eq!(of(&v, "cap"), vec![t("s", "b", 0)]); // r is not counted
    assert!(of(&v, "min_gap").is_empty()); // b is 48 h after a; r not counted
    assert_eq!(of(&v, "quiet_hours"), vec![t("s", "r", 0)]);
}

#[test]
fn quiet_hours_wrap_past_midnight() {
    let rules = json!([{ "kind": "quiet_hours", "start": "21:00", "end": "08:00" }]);
    let times = [
        ("a", "2026-03-02T07:59:00", true),
        ("b", "2026-03-02T08:00:00", false),
        ("c", "2026-03-02T20:59:00", false),
        ("d", "2026-03-02T21:00:00", true),
        ("e", "2026-03-02T23:30:00", true),
        ("f", "2026-03-03T00:00:00", true),
    ];
    let p = plan_json(
        "UTC",
        rules,
        vec![seg("s", None, json!([]))],
        times
            .iter()
            .map(|(id, at, _)| msg(id, &["s"], at))
            .collect(),
    );
    let flagged: Vec<String> = of(&check(&p), "quiet_hours")
        .into_iter()
        .map(|(_, m, _)| m)
        .collect();
    let expected: Vec<String> = times
        .iter()
        .filter(|(_, _, quiet)| *quiet)
        .map(|(id, _, _)| id.to_string())
        .collect();
    assert_eq!(flagged, expected);
}

#[test]
fn quiet_hours_without_wrap_and_in_the_segments_own_zone() {
    let rules = json!([{ "kind": "quiet_hours", "start": "12:00", "end": "13:00" }]);
    let mut tokyo = seg("tokyo", None, json!([]));
    tokyo["timezone"] = json!("Asia/Tokyo");
    let p = plan_json(
        "UTC",
        rules,
        vec![seg("utc", None, json!([])), tokyo],
        vec![
            // 12:30 UTC: quiet in UTC; 21:30 in Tokyo.
            msg("a", &["utc", "tokyo"], "2026-03-02T12:30:00"),
            // 03:15 UTC = 12:15 in Tokyo.
            msg("b", &["utc", "tokyo"], "2026-03-03T03:15:00"),
            msg("c", &["utc"], "2026-03-03T13:00:00"),
        ],
    );
    assert_eq!(
        of(&check(&p), "quiet_hours"),
        vec![t("utc", "a", 0), t("tokyo", "b", 0)]
    );
}

#[test]
fn blackout_and_weekdays_use_the_segments_local_date() {
    let mut syd = seg(
        "syd",
        None,
        json!([
            { "kind": "blackout", "dates": ["2026-12-25"] },
            { "kind": "weekdays", "allowed": ["Mon", "Tue", "Wed", "Thu", "Fri"] }
        ]),
    );
    syd["timezone"] = json!("Australia/Sydney");
    let p = plan_json(
        "UTC",
        json!([]),
        vec![syd],
        vec![
            // 2026-12-24 20:00 UTC is Friday 25 December 07:00 in Sydney.
            msg("xmas", &["syd"], "2026-12-24T20:00:00"),
            // Friday 2026-03-06 20:00 UTC is Saturday 07:00 in Sydney.
            msg("sat", &["syd"], "2026-03-06T20:00:00"),
            // Sunday 2026-03-08 22:00 UTC is Monday 09:00 in Sydney.
            msg("mon", &["syd"], "2026-03-08T22:00:00"),
        ],
    );
    let v = check(&p);
    assert_eq!(of(&v, "blackout"), vec![t("syd", "xmas", 0)]);
    assert_eq!(of(&v, "weekdays"), vec![t("syd", "sat", 0)]);
}

#[test]
fn min_value_flags_direct_touches_only() {
    let p = plan_json(
        "UTC",
        json!([{ "kind": "min_value", "score": 80 }]),
        vec![seg("p", None, json!([])), seg("k", Some("p"), json!([]))],
        vec![
            // glad (3) true, useful (1) false: 75 < 80.
            msg_with(
                "low",
                &["p"],
                "2026-03-02T09:00:00",
                json!({ "checklist": { "glad": true } }),
            ),
            // useful only: score 25 and the required "glad" missing.
            msg_with(
                "noglad",
                &["k"],
                "2026-03-03T09:00:00",
                json!({ "checklist": { "useful": true } }),
            ),
            msg("good", &["p"], "2026-03-04T09:00:00"),
        ],
    );
    let v = check(&p);
    assert_eq!(
        of(&v, "min_value"),
        vec![t("p", "low", 0), t("k", "noglad", 0)]
    );
    assert_eq!(v[0].limit, Some(80.0));
    assert!(v[1].detail.contains("glad"), "{}", v[1].detail);
}

#[test]
fn consent_is_always_on_for_direct_touches() {
    let mut no_sms = seg("p", None, json!([]));
    no_sms["opt_in"] = json!(["email"]);
    let mut child = seg("k", Some("p"), json!([]));
    child["opt_in"] = json!([]);
    let p = plan_json(
        "UTC",
        json!([]),
        vec![no_sms, child],
        vec![
            msg_with(
                "text",
                &["p"],
                "2026-03-02T09:00:00",
                json!({ "channel": "sms" }),
            ),
            msg_with(
                "post",
                &["k"],
                "2026-03-03T09:00:00",
                json!({ "channel": "facebook" }),
            ),
            msg("mail", &["p"], "2026-03-04T09:00:00"),
        ],
    );
    // text reaches k only by inheritance: not flagged there; facebook needs no consent.
    assert_eq!(of(&check(&p), "consent"), vec![t("p", "text", 0)]);
}

#[test]
fn overrides_replace_same_key_at_each_level_and_add_otherwise() {
    // Client: max 1 per 7 days. Parent p raises it to 2; grandchild g raises it to 3.
    // Child k adds a 1-day cap (another key) on top of the inherited one.
    let segs = vec![
        seg("p", None, json!([cap(2, 7)])),
        seg("k", Some("p"), json!([cap(1, 1)])),
        seg("g", Some("k"), json!([cap(3, 7)])),
        seg("other", None, json!([])),
    ];
    let msgs = vec![
        msg("a", &["p", "other"], "2026-03-02T09:00:00"),
        msg("b", &["p", "other"], "2026-03-02T10:00:00"),
        msg("c", &["p", "other"], "2026-03-04T09:00:00"),
    ];
    let p = plan_json("UTC", json!([cap(1, 7)]), segs, msgs);
    let v = check(&p);
    let caps = of(&v, "cap");
    // other: client cap 1/7 -> b and c. p: 2/7 -> c. k: 2/7 (from p) -> c, and 1/1 -> b.
    // g: 3/7 replaces p's, plus k's 1/1 -> b.
    let mut expected = vec![
        t("other", "b", 0),
        t("k", "b", 0),
        t("g", "b", 0),
        t("other", "c", 0),
        t("p", "c", 0),
        t("k", "c", 0),
    ];
    expected.sort();
    let mut got = caps.clone();
    got.sort();
    assert_eq!(got, expected);

    let plan = plan(&p);
    let engine = Engine::from_plan(&plan).unwrap();
    let sources = |s: &str| {
        engine
            .effective_rules(s)
            .unwrap()
            .iter()
            .map(|r| r.source.describe())
            .collect::<Vec<_>>()
    };
    assert_eq!(sources("other"), vec!["client \"Client\""]);
    assert_eq!(sources("p"), vec!["the segment itself"]);
    assert_eq!(
        sources("k"),
        vec!["parent segment \"Seg p\"", "the segment itself"]
    );
    assert_eq!(
        sources("g"),
        vec!["the segment itself", "parent segment \"Seg k\""]
    );
    let report = engine.report(None);
    let k_cap = report
        .findings
        .iter()
        .find(|f| f.violation.segment == "k" && f.violation.message == "c")
        .unwrap();
    assert!(k_cap.explanation.text.contains("parent segment \"Seg p\""));
    assert_eq!(k_cap.explanation.touches.len(), 3);
}

#[test]
fn inherited_touches_take_the_nearest_targeted_ancestor_once() {
    // root (New York) > mid (London) > leaf; the message targets root and mid with local
    // delivery, so leaf is touched once per occurrence, at mid's (London) instant.
    let mut root = seg("root", None, json!([]));
    root["timezone"] = json!("America/New_York");
    let mut mid = seg("mid", Some("root"), json!([]));
    mid["timezone"] = json!("Europe/London");
    let leaf = seg("leaf", Some("mid"), json!([]));
    let p = plan_json(
        "UTC",
        json!([]),
        vec![root, mid, leaf],
        vec![msg_with(
            "m",
            &["root", "mid"],
            "2026-03-02T09:00:00",
            json!({ "local_delivery": true, "rrule": "FREQ=DAILY;COUNT=2" }),
        )],
    );
    let engine = Engine::from_plan(&plan(&p)).unwrap();
    let at = |s: &str| {
        engine
            .touches_of(s)
            .unwrap()
            .iter()
            .map(|t| (t.at.to_rfc3339(), t.occurrence, t.direct))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        at("root"),
        vec![
            ("2026-03-02T14:00:00+00:00".into(), 0, true),
            ("2026-03-03T14:00:00+00:00".into(), 1, true)
        ]
    );
    assert_eq!(
        at("mid"),
        vec![
            ("2026-03-02T09:00:00+00:00".into(), 0, true),
            ("2026-03-03T09:00:00+00:00".into(), 1, true)
        ]
    );
    assert_eq!(
        at("leaf"),
        vec![
            ("2026-03-02T09:00:00+00:00".into(), 0, false),
            ("2026-03-03T09:00:00+00:00".into(), 1, false)
        ]
    );
}

#[test]
fn local_delivery_places_the_wall_time_in_each_segments_zone() {
    let mut ny = seg("ny", None, json!([]));
    ny["timezone"] = json!("America/New_York");
    let mut syd = seg("syd", None, json!([]));
    syd["timezone"] = json!("Australia/Sydney");
    let local = plan_json(
        "Europe/London",
        json!([]),
        vec![ny.clone(), syd.clone()],
        vec![msg_with(
            "m",
            &["ny", "syd"],
            "2026-06-10T09:00:00",
            json!({ "local_delivery": true }),
        )],
    );
    let engine = Engine::from_plan(&plan(&local)).unwrap();
    assert_eq!(
        engine.touches_of("ny").unwrap()[0].at.to_rfc3339(),
        "2026-06-10T13:00:00+00:00"
    );
    assert_eq!(
        engine.touches_of("syd").unwrap()[0].at.to_rfc3339(),
        "2026-06-09T23:00:00+00:00"
    );
    assert_eq!(
        engine.touches_of("syd").unwrap()[0].local,
        "2026-06-10 09:00 AEST"
    );

    // Without local delivery: the message's zone (the client's, London) for everyone.
    let shared = plan_json(
        "Europe/London",
        json!([]),
        vec![ny, syd],
        vec![msg("m", &["ny", "syd"], "2026-06-10T09:00:00")],
    );
    let engine = Engine::from_plan(&plan(&shared)).unwrap();
    for s in ["ny", "syd"] {
        assert_eq!(
            engine.touches_of(s).unwrap()[0].at.to_rfc3339(),
            "2026-06-10T08:00:00+00:00"
        );
    }
}

#[test]
fn occurrence_index_counts_from_the_first_occurrence_and_horizon_filters() {
    let p = plan_json(
        "UTC",
        json!([{ "kind": "quiet_hours", "start": "00:00", "end": "23:59" }]),
        vec![seg("s", None, json!([]))],
        vec![msg_with(
            "m",
            &["s"],
            "2025-12-30T09:00:00",
            json!({ "rrule": "FREQ=DAILY;COUNT=4" }),
        )],
    );
    // 2025-12-30 and 31 are before the horizon: occurrences 2 and 3 are checked.
    let occ: Vec<u32> = check(&p).iter().map(|v| v.occurrence).collect();
    assert_eq!(occ, vec![2, 3]);

    // Overriding the range: only 2026-01-02 is in [01-02, 01-03).
    let report = check_plan(
        &plan(&p),
        &CheckOptions {
            client: None,
            from: NaiveDate::from_ymd_opt(2026, 1, 2),
            to: NaiveDate::from_ymd_opt(2026, 1, 3),
        },
    )
    .unwrap();
    assert_eq!(
        report
            .violations()
            .map(|v| v.occurrence)
            .collect::<Vec<_>>(),
        vec![3]
    );
}

#[test]
fn spec_json_has_exactly_the_spec_fields_sorted() {
    let p = plan_json(
        "America/New_York",
        json!([cap(1, 7), { "kind": "quiet_hours", "start": "21:00", "end": "08:00" }]),
        vec![
            seg("all", None, json!([])),
            seg("loyal", Some("all"), json!([])),
        ],
        vec![
            msg("m1", &["all"], "2026-03-03T09:00:00"),
            msg("m7", &["all"], "2026-03-05T07:00:00"),
        ],
    );
    let report = check_plan(&plan(&p), &CheckOptions::default()).unwrap();
    // The records-only path gives the same records.
    let records = check_violations(&plan(&p), &CheckOptions::default()).unwrap();
    assert_eq!(records, report.violations().cloned().collect::<Vec<_>>());
    assert_eq!(spec_json(&records), report.to_spec_json());
    let json: serde_json::Value = serde_json::from_str(&report.to_spec_json()).unwrap();
    let records = json.as_array().unwrap();
    // m7 at 12:00Z: all (cap, quiet_hours), loyal (cap, quiet_hours): sorted by
    // (at, message, segment, rule).
    let keys: Vec<(String, String)> = records
        .iter()
        .map(|r| {
            (
                r["segment"].as_str().unwrap().into(),
                r["rule"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        vec![
            ("all".into(), "cap".into()),
            ("all".into(), "quiet_hours".into()),
            ("loyal".into(), "cap".into()),
            ("loyal".into(), "quiet_hours".into())
        ]
    );
    assert_eq!(
        records[2],
        json!({
            "rule": "cap", "segment": "loyal", "message": "m7", "occurrence": 0,
            "at": "2026-03-05T12:00:00Z", "channel": "email", "direct": false,
            "window_days": 7, "channels": null, "limit": 1, "count": 2,
            "severity": "error", "detail": "2nd touch in 7 days for Seg loyal (max 1)"
        })
    );
    let quiet = records[1].as_object().unwrap();
    for field in ["window_days", "channels", "limit", "count"] {
        assert!(quiet[field].is_null(), "{field}");
    }
    assert_eq!(quiet.len(), 13);
}

#[test]
fn client_option_limits_the_check() {
    let mut p = plan_json(
        "UTC",
        json!([cap(1, 7)]),
        vec![seg("s", None, json!([]))],
        vec![
            msg("a", &["s"], "2026-03-02T09:00:00"),
            msg("b", &["s"], "2026-03-03T09:00:00"),
        ],
    );
    let mut other = p["clients"][0].clone();
    other["id"] = json!("d");
    other["segments"][0]["id"] = json!("s2");
    other["campaigns"][0]["id"] = json!("k2");
    for (i, m) in other["campaigns"][0]["messages"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        m["id"] = json!(format!("d{i}"));
        m["segments"] = json!(["s2"]);
    }
    p["clients"].as_array_mut().unwrap().push(other);
    let plan = plan(&p);
    let all = check_plan(&plan, &CheckOptions::default()).unwrap();
    assert_eq!(all.summary.violations, 2);
    let engine = Engine::from_plan(&plan).unwrap();
    let d: Vec<String> = engine
        .client_violations("d")
        .unwrap()
        .into_iter()
        .map(|v| v.message)
        .collect();
    assert_eq!(d, vec!["d1"]);
    assert_eq!(engine.violations().len(), 2);
    let counts: Vec<(String, usize)> = engine.client_violation_counts().into_iter().collect();
    assert_eq!(counts, vec![("c".to_string(), 1), ("d".to_string(), 1)]);
    assert!(engine.client_violations("nope").is_err());
    let only = check_plan(
        &plan,
        &CheckOptions {
            client: Some("d".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let only_records = check_violations(
        &plan,
        &CheckOptions {
            client: Some("d".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(only_records, only.violations().cloned().collect::<Vec<_>>());
    assert_eq!(
        only.violations()
            .map(|v| v.message.as_str())
            .collect::<Vec<_>>(),
        vec!["d1"]
    );
    assert!(matches!(
        check_plan(
            &plan,
            &CheckOptions {
                client: Some("nope".into()),
                ..Default::default()
            }
        ),
        Err(cadence_engine::EngineError::UnknownClient(_))
    ));
}

#[test]
fn skipped_occurrences_leave_the_others_numbered_as_before() {
    let p = plan_json(
        "UTC",
        json!([{ "kind": "quiet_hours", "start": "00:00", "end": "23:59" }]),
        vec![seg("s", None, json!([]))],
        vec![msg_with(
            "m",
            &["s"],
            "2026-03-02T09:00:00",
            json!({ "rrule": "FREQ=DAILY;COUNT=4", "exdates": ["2026-03-03T09:00:00"] }),
        )],
    );
    let occ: Vec<u32> = check(&p).iter().map(|v| v.occurrence).collect();
    assert_eq!(occ, vec![0, 2, 3]);
}
