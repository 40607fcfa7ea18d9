//! proptest strategies for small random plans that pass validation: one client, a few
//! nested segments in several zones, rules at every level, and messages (some recurring,
//! some with local delivery or transactional) around DST changes in March and April 2026.

use std::collections::BTreeMap;

use cadence_model::default_checklist;
use cadence_model::time::occurrences;
use cadence_model::{
    Campaign, Channel, ChecklistItem, Client, Horizon, Message, Plan, Rule, Segment, Weekday,
};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::sample::{select, subsequence, Index};

pub const ZONES: [&str; 4] = [
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
];
pub const CHANNELS: [&str; 4] = ["email", "sms", "facebook", "push"];
const RRULES: [&str; 5] = [
    "FREQ=DAILY;COUNT=3",
    "FREQ=WEEKLY;COUNT=3",
    "FREQ=HOURLY;INTERVAL=5;COUNT=6",
    "FREQ=DAILY;INTERVAL=2;COUNT=5",
    "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4",
];

pub fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 25).unwrap() + Duration::days(offset as i64)
}

fn channels() -> impl Strategy<Value = Option<Vec<String>>> {
    prop::option::of(
        subsequence(CHANNELS.to_vec(), 1..=3)
            .prop_map(|c| c.into_iter().map(String::from).collect()),
    )
}

fn hhmm(half_hours: u32) -> String {
    format!("{:02}:{:02}", half_hours / 2, (half_hours % 2) * 30)
}

pub fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        (1u32..4, 1u32..5, channels()).prop_map(|(max, window_days, channels)| Rule::Cap {
            max,
            window_days,
            channels
        }),
        (select(vec![0.5, 1.0, 6.0, 16.0, 24.0, 36.5]), channels())
            .prop_map(|(hours, channels)| Rule::MinGap { hours, channels }),
        (0u32..48, 1u32..48).prop_map(|(s, len)| Rule::QuietHours {
            start: hhmm(s),
            end: hhmm((s + len) % 48)
        }),
        prop::collection::vec(0u32..50, 1..4).prop_map(|d| Rule::Blackout {
            dates: d.into_iter().map(day).collect()
        }),
        subsequence(
            vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun
            ],
            0..=7
        )
        .prop_map(|allowed| Rule::Weekdays { allowed }),
        select(vec![0.0, 50.0, 75.0, 80.0, 100.0]).prop_map(|score| Rule::MinValue { score }),
    ]
}

/// Keep the first rule of each key (validation rejects repeats within one level).
fn unique(rules: Vec<Rule>) -> Vec<Rule> {
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        if !out.iter().any(|x| x.key() == r.key()) {
            out.push(r);
        }
    }
    out
}

type SegSpec = (Option<Index>, Option<&'static str>, Vec<bool>, Vec<Rule>);
type MsgSpec = (
    usize,
    Vec<Index>,
    u32,
    u32,
    u32,
    Option<&'static str>,
    bool,
    bool,
    bool,
    bool,
    Option<&'static str>,
    bool,
);

fn seg_spec() -> impl Strategy<Value = SegSpec> {
    (
        prop::option::of(any::<Index>()),
        prop::option::of(select(ZONES.to_vec())),
        prop::collection::vec(prop::bool::weighted(0.8), 4),
        prop::collection::vec(rule(), 0..2),
    )
}

fn msg_spec() -> impl Strategy<Value = MsgSpec> {
    (
        0usize..4,
        prop::collection::vec(any::<Index>(), 1..3),
        0u32..48,
        0u32..24,
        0u32..4,
        prop::option::of(select(RRULES.to_vec())),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.8),
        any::<bool>(),
        prop::option::of(select(ZONES.to_vec())),
        prop::bool::weighted(0.3),
    )
}

/// A small random valid plan.
pub fn plan() -> impl Strategy<Value = Plan> {
    (
        select(ZONES.to_vec()),
        prop::collection::vec(rule(), 0..3),
        prop::collection::vec(seg_spec(), 1..6),
        prop::collection::vec(msg_spec(), 1..12),
    )
        .prop_map(|(tz, client_rules, segs, msgs)| build(tz, client_rules, segs, msgs))
}

fn build(tz: &str, client_rules: Vec<Rule>, segs: Vec<SegSpec>, msgs: Vec<MsgSpec>) -> Plan {
    let mut plan = Plan::empty(Horizon {
        start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(2026, 4, 15).unwrap(),
    });
    plan.channels = CHANNELS
        .iter()
        .map(|c| Channel {
            id: c.to_string(),
            name: c.to_string(),
            requires_consent: *c != "facebook",
        })
        .collect();
    let segments: Vec<Segment> = segs
        .into_iter()
        .enumerate()
        .map(|(i, (parent, zone, opt_in, rules))| Segment {
            id: format!("s{i}"),
            name: format!("S{i}"),
            // Parents come earlier, so there is never a cycle.
            parent: parent.filter(|_| i > 0).map(|p| format!("s{}", p.index(i))),
            timezone: zone.map(String::from),
            size: 100,
            opt_in: CHANNELS
                .iter()
                .zip(opt_in)
                .filter(|(_, y)| *y)
                .map(|(c, _)| c.to_string())
                .collect(),
            interests: vec![],
            values: vec![],
            rules: unique(rules),
        })
        .collect();
    let checklist: Vec<ChecklistItem> = default_checklist().into_iter().take(3).collect();
    let messages = msgs
        .into_iter()
        .enumerate()
        .map(
            |(i, (ch, targets, d, h, q, rrule, local, trans, glad, rest, mtz, skip))| {
                let mut segs: Vec<String> = Vec::new();
                for t in targets {
                    let id = format!("s{}", t.index(segments.len()));
                    if !segs.contains(&id) {
                        segs.push(id);
                    }
                }
                let answers: BTreeMap<String, bool> = checklist
                    .iter()
                    .enumerate()
                    .map(|(k, item)| (item.id.clone(), if k == 0 { glad } else { rest }))
                    .collect();
                let at = day(d).and_hms_opt(h, q * 15, 0).unwrap();
                // Skip the second occurrence of some series (EXDATE).
                let exdates = match rrule {
                    Some(r) if skip => {
                        let far = day(400).and_hms_opt(0, 0, 0).unwrap();
                        occurrences(at, Some(r), far, 10)
                            .unwrap()
                            .into_iter()
                            .skip(1)
                            .take(1)
                            .collect()
                    }
                    _ => Vec::new(),
                };
                Message {
                    id: format!("m{i:02}"),
                    title: format!("M{i}"),
                    channel: CHANNELS[ch].to_string(),
                    segments: segs,
                    at,
                    timezone: mtz.map(String::from),
                    local_delivery: local,
                    transactional: trans,
                    rrule: rrule.map(String::from),
                    exdates,
                    checklist: answers,
                    brief: String::new(),
                    status: Default::default(),
                }
            },
        )
        .collect();
    plan.clients.push(
        Client {
            id: "c".into(),
            name: "C".into(),
            timezone: tz.to_string(),
            checklist,
            rules: unique(client_rules),
            segments,
            campaigns: vec![Campaign {
                id: "k".into(),
                name: "K".into(),
                objective: String::new(),
                start: None,
                end: None,
                messages,
            }],
        }
        .into(),
    );
    plan
}
