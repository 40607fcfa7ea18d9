//! Daylight-saving changes in New York, London and Sydney, for daily and weekly recurrences:
//! wall times that do not exist move forward by the gap, ambiguous ones take the earlier
//! instant, and caps measure windows in 24-hour days.

mod common;

use cadence_engine::Engine;
use common::*;
use serde_json::json;

/// The UTC instants (RFC 3339) of a recurring message's touches in a plan in `tz`.
fn instants(tz: &str, at: &str, rrule: &str) -> Vec<String> {
    let p = plan_json(
        tz,
        json!([]),
        vec![seg("s", None, json!([]))],
        vec![msg_with("m", &["s"], at, json!({ "rrule": rrule }))],
    );
    Engine::from_plan(&plan(&p))
        .unwrap()
        .touches_of("s")
        .unwrap()
        .iter()
        .map(|t| t.at.format("%Y-%m-%dT%H:%MZ").to_string())
        .collect()
}

#[test]
fn new_york_daily_spring_forward_moves_the_gap_time_forward() {
    // 2026-03-08 02:30 does not exist (02:00 EST -> 03:00 EDT): it becomes 03:30 EDT.
    assert_eq!(
        instants(
            "America/New_York",
            "2026-03-06T02:30:00",
            "FREQ=DAILY;COUNT=4"
        ),
        [
            "2026-03-06T07:30Z",
            "2026-03-07T07:30Z",
            "2026-03-08T07:30Z",
            "2026-03-09T06:30Z"
        ]
    );
}

#[test]
fn new_york_daily_fall_back_takes_the_earlier_instant() {
    // 2026-11-01 01:30 happens twice: EDT (05:30Z) first.
    assert_eq!(
        instants(
            "America/New_York",
            "2026-10-31T01:30:00",
            "FREQ=DAILY;COUNT=3"
        ),
        [
            "2026-10-31T05:30Z",
            "2026-11-01T05:30Z",
            "2026-11-02T06:30Z"
        ]
    );
}

#[test]
fn new_york_weekly_keeps_the_wall_time() {
    assert_eq!(
        instants(
            "America/New_York",
            "2026-03-01T09:00:00",
            "FREQ=WEEKLY;COUNT=2"
        ),
        ["2026-03-01T14:00Z", "2026-03-08T13:00Z"]
    );
    assert_eq!(
        instants(
            "America/New_York",
            "2026-10-25T09:00:00",
            "FREQ=WEEKLY;COUNT=2"
        ),
        ["2026-10-25T13:00Z", "2026-11-01T14:00Z"]
    );
}

#[test]
fn london_daily_across_both_changes() {
    // 2026-03-29 01:30 does not exist (01:00 GMT -> 02:00 BST): 02:30 BST = 01:30Z.
    assert_eq!(
        instants("Europe/London", "2026-03-28T01:30:00", "FREQ=DAILY;COUNT=3"),
        [
            "2026-03-28T01:30Z",
            "2026-03-29T01:30Z",
            "2026-03-30T00:30Z"
        ]
    );
    // 2026-10-25 01:30 happens twice: BST (00:30Z) first.
    assert_eq!(
        instants("Europe/London", "2026-10-24T01:30:00", "FREQ=DAILY;COUNT=3"),
        [
            "2026-10-24T00:30Z",
            "2026-10-25T00:30Z",
            "2026-10-26T01:30Z"
        ]
    );
}

#[test]
fn london_weekly_keeps_the_wall_time() {
    assert_eq!(
        instants(
            "Europe/London",
            "2026-03-22T09:00:00",
            "FREQ=WEEKLY;COUNT=2"
        ),
        ["2026-03-22T09:00Z", "2026-03-29T08:00Z"]
    );
    assert_eq!(
        instants(
            "Europe/London",
            "2026-10-18T09:00:00",
            "FREQ=WEEKLY;COUNT=2"
        ),
        ["2026-10-18T08:00Z", "2026-10-25T09:00Z"]
    );
}

#[test]
fn sydney_daily_across_both_changes() {
    // 2026-10-04 02:30 does not exist (02:00 AEST -> 03:00 AEDT): 03:30 AEDT = 16:30Z.
    assert_eq!(
        instants(
            "Australia/Sydney",
            "2026-10-03T02:30:00",
            "FREQ=DAILY;COUNT=3"
        ),
        [
            "2026-10-02T16:30Z",
            "2026-10-03T16:30Z",
            "2026-10-04T15:30Z"
        ]
    );
    // 2026-04-05 02:30 happens twice: AEDT (+11, 15:30Z the day before) first.
    assert_eq!(
        instants(
            "Australia/Sydney",
            "2026-04-04T02:30:00",
            "FREQ=DAILY;COUNT=3"
        ),
        [
            "2026-04-03T15:30Z",
            "2026-04-04T15:30Z",
            "2026-04-05T16:30Z"
        ]
    );
}

#[test]
fn sydney_weekly_keeps_the_wall_time() {
    assert_eq!(
        instants(
            "Australia/Sydney",
            "2026-03-29T09:00:00",
            "FREQ=WEEKLY;COUNT=2"
        ),
        ["2026-03-28T22:00Z", "2026-04-04T23:00Z"]
    );
    assert_eq!(
        instants(
            "Australia/Sydney",
            "2026-09-27T09:00:00",
            "FREQ=WEEKLY;COUNT=2"
        ),
        ["2026-09-26T23:00Z", "2026-10-03T22:00Z"]
    );
}

/// Cap violations of a weekly 09:00 message with a cap of 1 per 7 days.
fn weekly_cap(tz: &str, at: &str) -> Vec<u32> {
    let p = plan_json(
        tz,
        json!([{ "kind": "cap", "max": 1, "window_days": 7 }]),
        vec![seg("s", None, json!([]))],
        vec![msg_with(
            "m",
            &["s"],
            at,
            json!({ "rrule": "FREQ=WEEKLY;COUNT=2" }),
        )],
    );
    check(&p).iter().map(|v| v.occurrence).collect()
}

#[test]
fn cap_windows_are_24_hour_days_across_dst() {
    // Spring forward: the two 09:00s are 167 h apart, inside 7 x 24 h.
    assert_eq!(
        weekly_cap("America/New_York", "2026-03-01T09:00:00"),
        vec![1]
    );
    assert_eq!(weekly_cap("Europe/London", "2026-03-22T09:00:00"), vec![1]);
    assert_eq!(
        weekly_cap("Australia/Sydney", "2026-09-27T09:00:00"),
        vec![1]
    );
    // Fall back: 169 h apart, outside.
    assert!(weekly_cap("America/New_York", "2026-10-25T09:00:00").is_empty());
    assert!(weekly_cap("Europe/London", "2026-10-18T09:00:00").is_empty());
    assert!(weekly_cap("Australia/Sydney", "2026-03-29T09:00:00").is_empty());
}

#[test]
fn quiet_hours_follow_local_time_across_dst() {
    // Daily 07:30 New York wall time, quiet until 08:00 local: every touch is quiet, on
    // both sides of the change, although the UTC time of day moves.
    let p = plan_json(
        "America/New_York",
        json!([{ "kind": "quiet_hours", "start": "21:00", "end": "08:00" }]),
        vec![seg("s", None, json!([]))],
        vec![msg_with(
            "m",
            &["s"],
            "2026-03-06T07:30:00",
            json!({ "rrule": "FREQ=DAILY;COUNT=4" }),
        )],
    );
    assert_eq!(of(&check(&p), "quiet_hours").len(), 4);
}
