//! The calendar and the drag probe in the wall time of the zone on screen: zones far from UTC,
//! DST edges (a spring-forward gap moves forward, an ambiguous autumn time takes the earlier
//! instant, as the move does), the filters, dense days and the bounds.

use cadence_desk::commands::{dispatch_desk, Clock};
use cadence_desk::*;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::json;

const NEW_YORK: &str = "America/New_York";

/// A client in UTC. Segments: All (quiet 07:00-08:00 UTC) > Kids > Tots, All > Seniors, and
/// Night (quiet 05:00-06:00 UTC). Messages at noon UTC on 8-12 March, one at 23:30 UTC on
/// 8 March, and `burst` (June) as given.
fn desk(dir: &tempfile::TempDir, burst: &[&str]) -> Desk {
    let message = |id: &str, channel: &str, segment: &str, at: &str| json!({ "id": id, "title": id, "channel": channel, "segments": [segment], "at": at });
    let burst: Vec<_> = burst
        .iter()
        .enumerate()
        .map(|(i, at)| message(&format!("b{i}"), "email", "all", at))
        .collect();
    let plan = json!({
        "format": "cadence-plan", "version": 1,
        "horizon": { "start": "2026-01-01", "end": "2027-01-01" },
        "channels": [
            { "id": "email", "name": "Email", "requires_consent": false },
            { "id": "sms", "name": "SMS", "requires_consent": false }
        ],
        "clients": [{
            "id": "zt", "name": "Zone Test", "timezone": "UTC",
            "segments": [
                { "id": "all", "name": "All",
                  "rules": [{ "kind": "quiet_hours", "start": "07:00", "end": "08:00" }] },
                { "id": "kids", "name": "Kids", "parent": "all" },
                { "id": "tots", "name": "Tots", "parent": "kids" },
                { "id": "seniors", "name": "Seniors", "parent": "all" },
                { "id": "night", "name": "Night",
                  "rules": [{ "kind": "quiet_hours", "start": "05:00", "end": "06:00" }] }
            ],
            "campaigns": [
                { "id": "spring", "name": "Spring", "messages": [
                    message("m-all", "email", "all", "2026-03-08T12:00:00"),
                    message("m-kids", "sms", "kids", "2026-03-09T12:00:00"),
                    message("m-tots", "email", "tots", "2026-03-10T12:00:00"),
                    message("m-seniors", "email", "seniors", "2026-03-11T12:00:00"),
                    message("m-late", "email", "all", "2026-03-08T23:30:00")
                ]},
                { "id": "autumn", "name": "Autumn", "messages": [
                    message("m-night", "email", "night", "2026-03-12T12:00:00")
                ]},
                { "id": "burst", "name": "Burst", "messages": burst }
            ]
        }]
    });
    let file = dir.path().join("plan.json");
    std::fs::write(&file, plan.to_string()).unwrap();
    let today = day(2026, 3, 1);
    let mut desk = Desk::open(&dir.path().join("cadence.db"), today).unwrap();
    let now = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
    desk.import_plan_file(plan.to_string().as_bytes(), &file, ImportMode::Replace, now)
        .unwrap();
    desk
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn wall(text: &str) -> NaiveDateTime {
    text.parse().unwrap()
}

fn march(zone: &str, filter: CalendarFilter) -> CalendarPage {
    let dir = tempfile::tempdir().unwrap();
    desk(&dir, &[])
        .calendar(&CalendarRequest {
            filter,
            ..CalendarRequest::every("zt", day(2026, 3, 1), day(2026, 4, 1), zone)
        })
        .unwrap()
}

fn local_of<'a>(page: &'a CalendarPage, message: &str) -> &'a CalendarEntry {
    page.entries
        .iter()
        .find(|e| e.message == message)
        .unwrap_or_else(|| panic!("{message} not in {:?}", page.entries))
}

#[test]
fn entries_carry_their_wall_time_and_day_in_the_zone_on_screen() {
    // 23:30 UTC on 8 March: already the 9th at UTC+14, still the 8th at St John's (which
    // moved to UTC-2:30 at 02:00 that morning).
    let kiritimati = march("Pacific/Kiritimati", CalendarFilter::default());
    assert_eq!(kiritimati.zone, "Pacific/Kiritimati");
    let late = local_of(&kiritimati, "m-late");
    assert_eq!(late.at.to_rfc3339(), "2026-03-08T23:30:00+00:00");
    assert_eq!(late.local, wall("2026-03-09T13:30:00"));
    assert_eq!(late.day, day(2026, 3, 9));
    let st_johns = march("America/St_Johns", CalendarFilter::default());
    assert_eq!(
        local_of(&st_johns, "m-late").local,
        wall("2026-03-08T21:00:00")
    );
    // Noon UTC that day is 09:30 there; a week earlier (UTC-3:30) a probe shows 03:30 for
    // 07:00 UTC (below).
    assert_eq!(
        local_of(&st_johns, "m-all").local,
        wall("2026-03-08T09:30:00")
    );
    // Entries come in time order.
    let ats: Vec<_> = kiritimati.entries.iter().map(|e| e.at).collect();
    assert!(ats.windows(2).all(|w| w[0] <= w[1]), "{ats:?}");
}

#[test]
fn the_range_is_of_wall_dates_in_the_zone_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(&dir, &[]);
    let ninth = |zone: &str| -> Vec<String> {
        desk.calendar(&CalendarRequest::every(
            "zt",
            day(2026, 3, 9),
            day(2026, 3, 10),
            zone,
        ))
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.message)
        .collect()
    };
    // 9 March in Kiritimati is 8 March 10:00 UTC to 9 March 10:00 UTC.
    assert_eq!(ninth("Pacific/Kiritimati"), ["m-all", "m-late"]);
    assert_eq!(ninth("UTC"), ["m-kids"]);
}

#[test]
fn filters_narrow_by_campaign_channel_messages_and_the_segments_that_reach_one() {
    let ids = |filter: CalendarFilter| -> Vec<String> {
        let mut ids: Vec<String> = march("UTC", filter)
            .entries
            .into_iter()
            .map(|e| e.message)
            .collect();
        ids.sort();
        ids
    };
    // Kids: its own, its ancestor's (All) and its sub-segment's (Tots); not its sibling's.
    let kids = CalendarFilter {
        segment: Some("kids".into()),
        ..Default::default()
    };
    assert_eq!(ids(kids), ["m-all", "m-kids", "m-late", "m-tots"]);
    let tots = CalendarFilter {
        segment: Some("tots".into()),
        ..Default::default()
    };
    assert_eq!(ids(tots), ["m-all", "m-kids", "m-late", "m-tots"]);
    let seniors = CalendarFilter {
        segment: Some("seniors".into()),
        ..Default::default()
    };
    assert_eq!(ids(seniors), ["m-all", "m-late", "m-seniors"]);
    let autumn = CalendarFilter {
        campaign: Some("autumn".into()),
        ..Default::default()
    };
    assert_eq!(ids(autumn), ["m-night"]);
    let sms = CalendarFilter {
        channel: Some("sms".into()),
        ..Default::default()
    };
    assert_eq!(ids(sms), ["m-kids"]);
    let picked = CalendarFilter {
        messages: Some(vec!["m-tots".into(), "m-night".into()]),
        campaign: Some("spring".into()),
        ..Default::default()
    };
    assert_eq!(ids(picked), ["m-tots"], "every filter given narrows");
    let gone = CalendarFilter {
        segment: Some("no-such-segment".into()),
        ..Default::default()
    };
    assert!(
        ids(gone).is_empty(),
        "a segment that is not there reaches nothing"
    );
}

#[test]
fn dense_wall_days_of_the_zone_on_screen_come_as_hour_blocks() {
    // 41 messages from 09:00 UTC on 10 June, two more at 10:15: 43 on one UTC day.
    let mut burst: Vec<String> = (0..41)
        .map(|i| format!("2026-06-10T09:{i:02}:00"))
        .collect();
    burst.extend(["2026-06-10T10:15:00".into(), "2026-06-10T10:15:00".into()]);
    let burst: Vec<&str> = burst.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(&dir, &burst);
    let june = |zone: &str, cluster: bool| {
        desk.calendar(&CalendarRequest {
            cluster,
            ..CalendarRequest::every("zt", day(2026, 6, 1), day(2026, 7, 1), zone)
        })
        .unwrap()
    };
    let utc = june("UTC", true);
    assert!(utc.entries.is_empty(), "{:?}", utc.entries);
    let blocks: Vec<_> = utc.clusters.iter().map(|c| (c.start, c.count)).collect();
    assert_eq!(
        blocks,
        [
            (wall("2026-06-10T09:00:00"), 41),
            (wall("2026-06-10T10:00:00"), 2)
        ]
    );
    // 41 of them fall before midnight Kiritimati time (23:00-23:40 on the 10th), two after
    // (00:15 on the 11th): only the 10th is dense there.
    let far = june("Pacific/Kiritimati", true);
    assert_eq!(far.clusters.len(), 1);
    assert_eq!(far.clusters[0].start, wall("2026-06-10T23:00:00"));
    assert_eq!(far.clusters[0].count, 41);
    assert_eq!(far.entries.len(), 2);
    assert!(far.entries.iter().all(|e| e.day == day(2026, 6, 11)));
    // The day agenda asks for every occurrence.
    let all = june("UTC", false);
    assert_eq!(all.entries.len(), 43);
    assert!(all.clusters.is_empty());
}

fn probe(message: &str, zone: &str, from: NaiveDate, days: i64, grid: ProbeGrid) -> Vec<Shade> {
    let dir = tempfile::tempdir().unwrap();
    desk(&dir, &[])
        .probe(&ProbeRequest {
            message: message.into(),
            from,
            to: from + chrono::Duration::days(days),
            zone: zone.into(),
            grid,
        })
        .unwrap()
}

fn stretches(shades: &[Shade]) -> Vec<(String, String)> {
    shades
        .iter()
        .map(|s| (s.start.to_string(), s.end.to_string()))
        .collect()
}

#[test]
fn a_spring_forward_gap_moves_forward_as_the_move_does() {
    // Quiet hours 07:00-08:00 UTC, seen from New York around 8 March 2026 (02:00 EST jumps
    // to 03:00 EDT). 02:00 and 02:30 do not exist that day: a drop there lands at 03:00 and
    // 03:30 EDT, which is 07:00 and 07:30 UTC, so they are shaded with 03:00-04:00.
    let shades = probe("m-all", NEW_YORK, day(2026, 3, 7), 3, ProbeGrid::Slots);
    assert_eq!(
        stretches(&shades),
        [
            ("2026-03-07 02:00:00".into(), "2026-03-07 03:00:00".into()),
            ("2026-03-08 02:00:00".into(), "2026-03-08 04:00:00".into()),
            ("2026-03-09 03:00:00".into(), "2026-03-09 04:00:00".into()),
        ]
    );
    assert!(shades
        .iter()
        .all(|s| !s.all_day && s.rules == [cadence_model::RuleKind::QuietHours]));
}

#[test]
fn an_ambiguous_autumn_time_takes_the_earlier_instant_as_the_move_does() {
    // Quiet hours 05:00-06:00 UTC, seen from New York around 1 November 2026 (02:00 EDT
    // falls back to 01:00 EST). 01:00-02:00 happens twice; the earlier is EDT, 05:00-06:00
    // UTC: shaded. (The later, 06:00-07:00 UTC, would not be.)
    let shades = probe("m-night", NEW_YORK, day(2026, 10, 31), 3, ProbeGrid::Slots);
    assert_eq!(
        stretches(&shades),
        [
            ("2026-10-31 01:00:00".into(), "2026-10-31 02:00:00".into()),
            ("2026-11-01 01:00:00".into(), "2026-11-01 02:00:00".into()),
            ("2026-11-02 00:00:00".into(), "2026-11-02 01:00:00".into()),
        ]
    );
    // And the move to that wall time lands on the same instant.
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(&dir, &[]);
    desk.move_message(MoveRequest {
        message: "m-night".into(),
        occurrence: 0,
        to: wall("2026-11-01T01:30:00"),
        timezone: NEW_YORK.into(),
        scope: MoveScope::Series,
    })
    .unwrap();
    let moved = desk
        .calendar(&CalendarRequest::every(
            "zt",
            day(2026, 11, 1),
            day(2026, 11, 2),
            NEW_YORK,
        ))
        .unwrap();
    assert_eq!(
        moved.entries[0].at.to_rfc3339(),
        "2026-11-01T05:30:00+00:00"
    );
    assert_eq!(moved.entries[0].local, wall("2026-11-01T01:30:00"));
}

#[test]
fn zones_far_from_utc_shade_their_own_wall_times() {
    // 07:00-08:00 UTC is 21:00-22:00 at UTC+14 and 03:30-04:30 at UTC-3:30.
    let far = probe(
        "m-all",
        "Pacific/Kiritimati",
        day(2026, 3, 9),
        1,
        ProbeGrid::Slots,
    );
    assert_eq!(
        stretches(&far),
        [("2026-03-09 21:00:00".into(), "2026-03-09 22:00:00".into())]
    );
    let newfoundland = probe(
        "m-all",
        "America/St_Johns",
        day(2026, 3, 2),
        1,
        ProbeGrid::Slots,
    );
    assert_eq!(
        stretches(&newfoundland),
        [("2026-03-02 03:30:00".into(), "2026-03-02 04:30:00".into())]
    );
}

#[test]
fn the_month_grid_shades_whole_days_at_the_dragged_time() {
    // 02:30 New York: 07:30 UTC on 7 March (EST) and on the 8th (in the gap, moved forward),
    // 06:30 UTC on the 9th (EDT).
    let time = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
    let shades = probe(
        "m-all",
        NEW_YORK,
        day(2026, 3, 7),
        3,
        ProbeGrid::Days { time },
    );
    assert_eq!(
        stretches(&shades),
        [
            ("2026-03-07 00:00:00".into(), "2026-03-08 00:00:00".into()),
            ("2026-03-08 00:00:00".into(), "2026-03-09 00:00:00".into()),
        ]
    );
    assert!(shades.iter().all(|s| s.all_day));
}

#[test]
fn unknown_zones_and_huge_ranges_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(&dir, &[]);
    let calendar = desk
        .calendar(&CalendarRequest::every(
            "zt",
            day(2026, 3, 1),
            day(2026, 4, 1),
            "Mars/Olympus",
        ))
        .unwrap_err();
    assert_eq!(calendar.code, ErrorCode::InvalidInput);
    assert_eq!(calendar.message, "unknown time zone \"Mars/Olympus\"");
    let request = |zone: &str, from: NaiveDate, to: NaiveDate| ProbeRequest {
        message: "m-all".into(),
        from,
        to,
        zone: zone.into(),
        grid: ProbeGrid::Slots,
    };
    let unknown = desk
        .probe(&request("Mars/Olympus", day(2026, 3, 2), day(2026, 3, 9)))
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::InvalidInput);
    assert!(unknown.message.contains("Mars/Olympus"));
    let too_long = desk
        .probe(&request("UTC", day(2026, 3, 2), day(2026, 4, 14)))
        .unwrap_err();
    assert_eq!(too_long.code, ErrorCode::InvalidInput);
    assert!(
        too_long.message.contains("at most 42 days"),
        "{}",
        too_long.message
    );
    for (from, to) in [
        (day(2026, 3, 2), day(2026, 3, 2)),
        (day(2026, 3, 9), day(2026, 3, 2)),
        (day(2026, 1, 1), day(9999, 1, 1)),
        (NaiveDate::MAX - chrono::Duration::days(2), NaiveDate::MAX),
    ] {
        let err = desk.probe(&request("UTC", from, to)).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{from}..{to}");
    }
    assert!(desk
        .probe(&request("UTC", day(2026, 3, 2), day(2026, 4, 13)))
        .is_ok());
    let huge = desk.calendar(&CalendarRequest::every(
        "zt",
        day(2026, 1, 1),
        day(2028, 1, 1),
        "UTC",
    ));
    assert_eq!(huge.unwrap_err().code, ErrorCode::InvalidInput);
}

#[test]
fn the_commands_take_the_uis_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(&dir, &[]);
    let clock = Clock {
        today: day(2026, 3, 1),
        now: "2026-03-01T09:00:00Z".parse().unwrap(),
    };
    let mut run = |name: &str, args: serde_json::Value| {
        dispatch_desk(&mut desk, clock, name, args)
            .expect("a desk command")
            .unwrap_or_else(|err| panic!("{name}: {}", err.message))
    };
    let page = run(
        "calendar",
        json!({ "request": {
            "client": "zt", "from": "2026-03-09", "to": "2026-03-10", "zone": "Pacific/Kiritimati",
            "filter": { "campaign": null, "segment": "kids", "channel": null, "messages": null },
            "cluster": true
        }}),
    );
    assert_eq!(page["entries"][0]["local"], "2026-03-09T02:00:00");
    assert_eq!(page["entries"][0]["day"], "2026-03-09");
    let shades = run(
        "probe_slots",
        json!({ "request": {
            "message": "m-all", "from": "2026-03-07", "to": "2026-03-08", "zone": NEW_YORK,
            "grid": { "kind": "days", "time": "02:30:00" }
        }}),
    );
    assert_eq!(
        shades,
        json!([{ "start": "2026-03-07T00:00:00", "end": "2026-03-08T00:00:00", "all_day": true, "rules": ["quiet_hours"] }])
    );
    let walls = run(
        "wall_times",
        json!({ "zone": "America/St_Johns", "instants": ["2026-11-23T12:00:00Z"] }),
    );
    assert_eq!(walls, json!(["2026-11-23T08:30:00"]));
}
