//! Property tests: the engine against a brute-force oracle on random plans, invariants of
//! cap and min_gap, incremental re-checks against full checks, suggested slots and offers, and
//! problems (violations grouped by message occurrence).

mod common;

use std::collections::BTreeSet;

use cadence_engine::{
    group_by_occurrence, Bucket, Engine, MessageChange, OfferKind, SuggestRequest, SummaryRequest,
    Violation,
};
use cadence_model::{validate, Message, Plan};
use chrono::{Duration, TimeZone, Utc};
use common::{arb, oracle};
use proptest::prelude::*;
use proptest::sample::Index;

/// The cascade key of the rule a violation comes from (same format as `Rule::key`).
fn key(v: &Violation) -> String {
    let channels = v.channels.as_ref().map_or("*".to_string(), |c| c.join(","));
    match v.rule.as_str() {
        "cap" => format!("cap/{}/{channels}", v.window_days.unwrap()),
        "min_gap" => format!("min_gap/{channels}"),
        other => other.to_string(),
    }
}

fn found(engine: &Engine) -> Vec<oracle::Found> {
    let mut out: Vec<oracle::Found> = engine
        .violations()
        .iter()
        .map(|v| {
            (
                v.at.timestamp(),
                v.message.clone(),
                v.segment.clone(),
                v.rule.as_str().to_string(),
                key(v),
                v.occurrence,
                v.count,
            )
        })
        .collect();
    out.sort();
    out
}

/// Cap and min_gap violations as (segment, message, occurrence, key, count).
fn spacing(engine: &Engine) -> BTreeSet<(String, String, u32, String, Option<u32>)> {
    engine
        .violations()
        .iter()
        .filter(|v| matches!(v.rule.as_str(), "cap" | "min_gap"))
        .map(|v| {
            (
                v.segment.clone(),
                v.message.clone(),
                v.occurrence,
                key(v),
                v.count,
            )
        })
        .collect()
}

fn messages_mut(plan: &mut Plan) -> &mut Vec<Message> {
    &mut plan.client_at_mut(0).campaigns[0].messages
}

/// A random change to one message of `plan`, applied to the plan and returned.
#[derive(Debug, Clone)]
enum Edit {
    Move(Index, i64),
    Retarget(Index, Index),
    Remove(Index),
    Add(Index, i64),
    Flip(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), -4000i64..4000).prop_map(|(i, m)| Edit::Move(i, m)),
        (any::<Index>(), any::<Index>()).prop_map(|(i, s)| Edit::Retarget(i, s)),
        any::<Index>().prop_map(Edit::Remove),
        (any::<Index>(), -4000i64..4000).prop_map(|(i, m)| Edit::Add(i, m)),
        any::<Index>().prop_map(Edit::Flip),
    ]
}

fn perform(plan: &mut Plan, edit: &Edit, serial: usize) -> Option<MessageChange> {
    let segments: Vec<String> = plan.clients[0]
        .segments
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let messages = messages_mut(plan);
    let n = messages.len();
    if n == 0 {
        return None;
    }
    let upsert = |m: Message| MessageChange::Upsert {
        client: "c".into(),
        campaign: "k".into(),
        message: Box::new(m),
    };
    Some(match edit {
        Edit::Move(i, minutes) => {
            let m = &mut messages[i.index(n)];
            m.at += Duration::minutes(*minutes);
            upsert(m.clone())
        }
        Edit::Retarget(i, s) => {
            let m = &mut messages[i.index(n)];
            m.segments = vec![segments[s.index(segments.len())].clone()];
            upsert(m.clone())
        }
        Edit::Remove(i) => {
            let m = messages.remove(i.index(n));
            MessageChange::Remove { message: m.id }
        }
        Edit::Add(i, minutes) => {
            let mut m = messages[i.index(n)].clone();
            m.id = format!("new{serial}");
            m.at += Duration::minutes(*minutes);
            messages.push(m.clone());
            upsert(m)
        }
        Edit::Flip(i) => {
            let m = &mut messages[i.index(n)];
            m.transactional = !m.transactional;
            m.channel = if m.channel == "email" {
                "sms".into()
            } else {
                "email".into()
            };
            upsert(m.clone())
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_the_brute_force_oracle(plan in arb::plan()) {
        prop_assert!(validate(&plan).is_ok(), "{:?}", validate(&plan));
        let engine = Engine::from_plan(&plan).unwrap();
        let expected = oracle::check(&plan, plan.horizon.start, plan.horizon.end);
        prop_assert_eq!(found(&engine), expected);
    }

    #[test]
    fn shifting_every_touch_keeps_cap_and_min_gap_results(plan in arb::plan(), minutes in -20_000i64..20_000) {
        // In UTC everywhere, shifting every wall time shifts every touch by the same amount.
        let mut plan = plan;
        plan.horizon.start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        plan.horizon.end = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let client = plan.client_at_mut(0);
        client.timezone = "UTC".into();
        for s in &mut client.segments {
            s.timezone = None;
        }
        for m in messages_mut(&mut plan) {
            m.timezone = None;
            // BYDAY recurrences are tied to weekdays, not to the first occurrence.
            if m.rrule.as_deref().is_some_and(|r| r.contains("BYDAY")) {
                m.rrule = Some("FREQ=DAILY;INTERVAL=3;COUNT=4".into());
                m.exdates.clear();
            }
        }
        let before = spacing(&Engine::from_plan(&plan).unwrap());
        for m in messages_mut(&mut plan) {
            m.at += Duration::minutes(minutes);
            for x in &mut m.exdates {
                *x += Duration::minutes(minutes);
            }
        }
        let after = spacing(&Engine::from_plan(&plan).unwrap());
        prop_assert_eq!(before, after);
    }

    #[test]
    fn removing_a_message_never_adds_a_cap_or_min_gap_violation(plan in arb::plan(), which in any::<Index>()) {
        let mut engine = Engine::from_plan(&plan).unwrap();
        let flagged = |e: &Engine| -> BTreeSet<(String, String, u32, String)> {
            spacing(e).into_iter().map(|(s, m, o, k, _)| (s, m, o, k)).collect()
        };
        let before = flagged(&engine);
        let messages = &plan.clients[0].campaigns[0].messages;
        let id = messages[which.index(messages.len())].id.clone();
        engine.apply(MessageChange::Remove { message: id }).unwrap();
        let after = flagged(&engine);
        prop_assert!(after.is_subset(&before), "new: {:?}", after.difference(&before).collect::<Vec<_>>());
    }

    #[test]
    fn incremental_rechecks_equal_full_checks(plan in arb::plan(), edits in prop::collection::vec(edit(), 1..6)) {
        let mut engine = Engine::from_plan(&plan).unwrap();
        let mut expected_plan = plan.clone();
        for (serial, e) in edits.iter().enumerate() {
            let Some(change) = perform(&mut expected_plan, e, serial) else { break };
            let before = engine.violations();
            let recheck = engine.apply(change).unwrap();
            let full = Engine::from_plan(&expected_plan).unwrap();
            prop_assert_eq!(engine.violations(), full.violations());
            // Patching the old list with the re-checked segments' records gives the new list.
            let mut patched: Vec<_> = before
                .into_iter()
                .filter(|v| !recheck.segments.contains(&v.segment))
                .chain(engine.segment_violations(&recheck.segments))
                .collect();
            patched.sort_by(|a, b| a.spec_order(b));
            prop_assert_eq!(patched, full.violations());
            prop_assert_eq!(recheck.total, full.violation_count());
            prop_assert_eq!(engine.touch_count(), full.touch_count());
        }
        prop_assert_eq!(engine.plan(), &expected_plan);
    }

    #[test]
    fn summary_loads_agree_with_brute_force(plan in arb::plan()) {
        let engine = Engine::from_plan(&plan).unwrap();
        let (from, to) = (arb::day(4), arb::day(40));
        let days: Vec<chrono::NaiveDate> = from.iter_days().take_while(|d| *d < to).collect();
        let summary = engine
            .summarize(&SummaryRequest { from, to, bucket: Bucket::Day, client: None })
            .unwrap();
        let expected = oracle::day_loads(&plan, plan.horizon.start, plan.horizon.end, &days);
        prop_assert_eq!(summary.segments.len(), expected.len());
        for (got, (id, touches, caps)) in summary.segments.iter().zip(expected) {
            prop_assert_eq!(&got.segment, &id);
            for b in &got.buckets {
                prop_assert_eq!(b.reach.len(), (b.touches as usize).min(cadence_engine::REACH_LISTED));
                prop_assert_eq!(b.channels.iter().map(|c| c.touches).sum::<u32>(), b.touches);
                prop_assert!(b.reach.iter().all(|t| t.local.date() >= b.start && t.local.date() < b.start + chrono::Duration::days(1)));
            }
            let got_touches: Vec<u32> = got.buckets.iter().map(|b| b.touches).collect();
            prop_assert_eq!(got_touches, touches);
            let mut got_caps: Vec<(String, Vec<u32>)> = got
                .caps
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let channels = c.channels.as_ref().map_or("*".to_string(), |c| c.join(","));
                    (
                        format!("cap/{}/{channels}", c.window_days),
                        got.buckets.iter().map(|b| b.loads[i]).collect(),
                    )
                })
                .collect();
            got_caps.sort();
            prop_assert_eq!(got_caps, caps);
        }
    }

    #[test]
    fn suggested_slots_break_nothing_and_are_the_earliest(plan in arb::plan(), which in any::<Index>(), start_day in 0u32..30) {
        let engine = Engine::from_plan(&plan).unwrap();
        let messages = &plan.clients[0].campaigns[0].messages;
        let message = messages[which.index(messages.len())].clone();
        let after = Utc.from_utc_datetime(&arb::day(4 + start_day).and_hms_opt(0, 0, 0).unwrap());
        let mut request = SuggestRequest::new(message.id.clone(), after);
        request.count = 3;
        request.search_days = 4;
        request.not_before = Some(after - Duration::days(2));
        let suggestion = engine.suggest(&request).unwrap();

        // The plan without the message: what a slot may not make worse.
        let mut base = engine.clone();
        base.apply(MessageChange::Remove { message: message.id.clone() }).unwrap();
        let keyed = |e: &Engine| -> BTreeSet<(String, String, String, u32, String)> {
            e.violations().iter().map(|v| (v.rule.as_str().to_string(), v.segment.clone(), v.message.clone(), v.occurrence, key(v))).collect()
        };
        let base_set = keyed(&base);
        // Violations a placement at `local` adds beyond the time-independent ones.
        let added = |local: chrono::NaiveDateTime| {
            let mut moved = message.clone();
            moved.at = local;
            moved.rrule = None;
            moved.exdates.clear();
            let mut e = base.clone();
            e.apply(MessageChange::Upsert { client: "c".into(), campaign: "k".into(), message: Box::new(moved) }).unwrap();
            keyed(&e)
                .difference(&base_set)
                .filter(|(rule, ..)| rule != "consent" && rule != "min_value")
                .cloned()
                .collect::<Vec<_>>()
        };
        for slot in &suggestion.slots {
            prop_assert!(slot.at >= after);
            let extra = added(slot.local);
            prop_assert!(extra.is_empty(), "slot {:?} adds {:?}", slot, extra);
        }
        // Clean offers add nothing; nearest ones add none of the flagged rules; an offer
        // leaves something exactly when its placement adds a violation.
        for offer in &suggestion.offers {
            let extra = added(offer.local);
            prop_assert_eq!(offer.leaves.is_empty(), extra.is_empty(), "{:?} adds {:?}", offer, extra);
            match offer.kind {
                OfferKind::Clean | OfferKind::Spread => {
                    prop_assert!(extra.is_empty(), "{:?} adds {:?}", offer, extra);
                    prop_assert!(offer.at >= after);
                }
                OfferKind::Nearest => {
                    prop_assert!(
                        extra.iter().all(|(rule, ..)| !suggestion.flagged.iter().any(|k| k.as_str() == rule)),
                        "{:?} adds {:?}", offer, extra
                    );
                    prop_assert!(offer.at >= after - Duration::days(2));
                }
            }
        }
        let instants: BTreeSet<_> = suggestion.offers.iter().map(|o| o.at).collect();
        prop_assert_eq!(instants.len(), suggestion.offers.len());
        // Every grid time before the first slot adds something (or cannot hold the message).
        let end = suggestion.slots.first().map_or(suggestion.searched_until, |s| s.at);
        let tz: chrono_tz::Tz = suggestion.timezone.parse().unwrap();
        let mut t = after;
        let mut probes = 0;
        while t < end && probes < 40 {
            let local = t.with_timezone(&tz).naive_local();
            let writable = cadence_model::time::local_to_utc(local, tz) == t;
            let inside = t.timestamp() >= plan.horizon.start.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
            if writable && inside && !message.local_delivery {
                prop_assert!(!added(local).is_empty(), "{} was free but not suggested", t);
            }
            t += Duration::minutes(15);
            probes += 1;
        }
    }

    #[test]
    fn problems_group_every_record_once_by_message_occurrence(plan in arb::plan()) {
        let engine = Engine::from_plan(&plan).unwrap();
        let records = engine.violations();
        let problems = group_by_occurrence(&records, |id| id.to_string());
        prop_assert_eq!(problems.iter().map(|p| p.findings as usize).sum::<usize>(), records.len());
        let occurrences: BTreeSet<(String, u32)> = records.iter().map(|v| (v.message.clone(), v.occurrence)).collect();
        prop_assert_eq!(problems.len(), occurrences.len());
        prop_assert_eq!(engine.client_problem_counts().values().sum::<usize>(), occurrences.len());
        for p in &problems {
            for r in &p.rules {
                for segment in &r.segments {
                    prop_assert!(records.iter().any(|v| v.message == p.message && v.occurrence == p.occurrence && v.rule == r.rule && &v.segment == segment));
                }
            }
        }
    }
}
