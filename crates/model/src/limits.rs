//! The limits that make every valid plan loadable: whatever passes [`crate::validate`]
//! loads, checks and exports within bounded time and memory (ARCHITECTURE.md, "Limits").
//!
//! Each limit is generous for real agency work and tight enough that the engine's work has
//! a ceiling. The work of a plan is bounded by [`touch_budget`], an upper bound computed
//! without expanding any recurrence, so validation stays linear in the size of the plan.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::types::{Client, Message, Plan};

/// Earliest year of any date or time in a plan (horizon, `at`, `until`, exdates, periods).
pub const MIN_YEAR: i32 = 1900;
/// Latest year of any date or time in a plan.
pub const MAX_YEAR: i32 = 2200;
/// Longest horizon, in years: a plan is a calendar, not an archive.
pub const MAX_HORIZON_YEARS: u32 = 10;
/// Deepest segment tree: a root segment is at depth 1.
pub const MAX_SEGMENT_DEPTH: usize = 32;
/// Most segments in a workspace.
pub const MAX_SEGMENTS: usize = 20_000;
/// Most messages in a workspace.
pub const MAX_MESSAGES: usize = 200_000;
/// Most clients in a workspace.
pub const MAX_CLIENTS: usize = 2_000;
/// Most rules on one scope (a client or a segment).
pub const MAX_RULES_PER_SCOPE: usize = 64;
/// Most skipped occurrences (exdates) of one message.
pub const MAX_EXDATES: usize = 10_000;
/// Most occurrences expanded per message (the recurrence library's own limit); later ones
/// are dropped and the message is reported as truncated.
pub const MAX_OCCURRENCES: u16 = u16::MAX;
/// Most checking work a plan may ask for: the sum, over messages, of an upper bound on
/// their occurrences in the horizon times the segments they reach, each weighted by one
/// plus the number of rules on the segment's chain (a touch and the rules it is checked
/// against): it bounds both the touches and the violations a plan can have. 10 million
/// units hold a year of 40,000 messages to nested segments (the engine's synthetic
/// workspace at twice the benchmark size) and keep loading within a few seconds and about a
/// gigabyte at worst (ARCHITECTURE.md, BENCHMARKS.md).
pub const MAX_WORK: u64 = 10_000_000;

/// Longest name or title, in characters: client, segment, campaign and channel names,
/// message titles, interests and values. A name is read at a glance in a header, a list or
/// a calendar chip; 120 characters hold any real one ("Spring menu launch: five recipes for
/// the long weekend, loyalty members only" is 80) and keep every view readable.
pub const MAX_NAME_CHARS: usize = 120;
/// Longest checklist item label, in characters: a question, so a little longer than a name.
pub const MAX_LABEL_CHARS: usize = 200;
/// Longest note, in characters: message briefs, campaign objectives, checklist guidance.
/// A few pages of text; a plan is not a document store.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// The text limits, for the UI (generated as a TypeScript type; the values come with the
/// workspace, so the UI never copies a number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct TextLimits {
    /// [`MAX_NAME_CHARS`].
    #[ts(type = "number")]
    pub name: usize,
    /// [`MAX_LABEL_CHARS`].
    #[ts(type = "number")]
    pub label: usize,
    /// [`MAX_NOTE_CHARS`].
    #[ts(type = "number")]
    pub note: usize,
}

/// The limits in force.
pub const TEXT_LIMITS: TextLimits = TextLimits {
    name: MAX_NAME_CHARS,
    label: MAX_LABEL_CHARS,
    note: MAX_NOTE_CHARS,
};

/// Whether `date` lies within [`MIN_YEAR`]..=[`MAX_YEAR`].
pub fn year_in_range(date: NaiveDate) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&date.year())
}

/// "must be between 1900 and 2200", for messages about dates.
pub fn year_range_text() -> String {
    format!("must be in the years {MIN_YEAR} to {MAX_YEAR}")
}

/// The last day a horizon starting on `start` may end on.
pub fn latest_horizon_end(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(chrono::Months::new(12 * MAX_HORIZON_YEARS))
        .unwrap_or(NaiveDate::MAX)
}

/// An upper bound on the occurrences of a message starting at `at` with `rrule` before
/// `end` (exclusive), from the RRULE's parts alone: never fewer than the real count, capped
/// at [`MAX_OCCURRENCES`]. An RRULE that does not parse counts 0 (validation reports it).
pub fn occurrence_bound(at: NaiveDateTime, rrule: Option<&str>, end: NaiveDateTime) -> u64 {
    let Some(rrule) = rrule else {
        return u64::from(at < end);
    };
    let upper = rrule.trim().to_ascii_uppercase();
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    let parts: HashMap<&str, &str> = body
        .split(';')
        .filter_map(|part| part.split_once('='))
        .collect();
    let count_of = |key: &str| -> u64 {
        parts
            .get(key)
            .map_or(0, |v| v.split(',').filter(|s| !s.is_empty()).count() as u64)
    };
    let mut end = end;
    if let Some(until) = parts.get("UNTIL").and_then(|u| parse_until(u)) {
        end = end.min(until + chrono::Duration::days(1));
    }
    if at >= end {
        return 0;
    }
    let interval: u64 = parts
        .get("INTERVAL")
        .and_then(|v| v.parse().ok())
        .filter(|&v: &u64| v >= 1)
        .unwrap_or(1);
    let (unit_secs, rank) = match parts.get("FREQ").copied() {
        Some("SECONDLY") => (1, 0),
        Some("MINUTELY") => (60, 1),
        Some("HOURLY") => (3_600, 2),
        Some("DAILY") => (86_400, 3),
        Some("WEEKLY") => (7 * 86_400, 4),
        Some("MONTHLY") => (28 * 86_400, 5),
        Some("YEARLY") => (365 * 86_400, 6),
        _ => return 0,
    };
    let span = (end - at).num_seconds().max(0) as u64;
    let periods = span / (unit_secs * interval) + 1;
    let has_days = ["BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"]
        .iter()
        .any(|k| parts.contains_key(k));
    let days = match rank {
        6 if has_days => 366,
        6 => count_of("BYMONTH").max(1),
        5 if has_days => 31,
        4 => count_of("BYDAY").clamp(1, 7),
        _ => 1,
    };
    let expand = |key: &str, coarser_than: u8| {
        if rank > coarser_than {
            count_of(key).max(1)
        } else {
            1
        }
    };
    let per_period = days
        .saturating_mul(expand("BYHOUR", 2))
        .saturating_mul(expand("BYMINUTE", 1))
        .saturating_mul(expand("BYSECOND", 0));
    let mut bound = periods.saturating_mul(per_period);
    if let Some(count) = parts.get("COUNT").and_then(|c| c.parse::<u64>().ok()) {
        bound = bound.min(count);
    }
    bound.min(u64::from(MAX_OCCURRENCES))
}

/// `UNTIL` as a local wall time: `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]`.
pub fn parse_until(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim_end_matches('Z');
    if value.len() == 8 {
        NaiveDate::parse_from_str(value, "%Y%m%d")
            .ok()?
            .and_hms_opt(23, 59, 59)
    } else {
        NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()
    }
}

/// The checking work of one client's messages (see [`MAX_WORK`]), message by message, given
/// the weight of each segment's subtree. Segments must form a forest (no cycles).
pub struct WorkMeter {
    /// Per segment: its subtree's weight (each segment counts one plus its chain's rules).
    subtree: HashMap<String, u64>,
}

impl WorkMeter {
    /// Weigh `client`'s segments: `chain_rules[s]` = the client's rules plus the rules of `s`
    /// and its ancestors; a subtree weighs the sum of `1 + chain_rules` over its members.
    /// `order` lists segment indexes with every parent before its children.
    pub fn new(client: &Client, parents: &[Option<usize>], order: &[usize]) -> WorkMeter {
        let n = client.segments.len();
        let mut chain = vec![client.rules.len() as u64; n];
        for &s in order {
            let own = client.segments[s].rules.len() as u64;
            chain[s] = match parents[s] {
                Some(p) => chain[p] + own,
                None => client.rules.len() as u64 + own,
            };
        }
        let mut weight: Vec<u64> = chain.iter().map(|c| 1 + c).collect();
        for &s in order.iter().rev() {
            if let Some(p) = parents[s] {
                weight[p] = weight[p].saturating_add(weight[s]);
            }
        }
        let subtree = client
            .segments
            .iter()
            .zip(weight)
            .map(|(s, w)| (s.id.clone(), w))
            .collect();
        WorkMeter { subtree }
    }

    /// An upper bound on the work of `message` within a horizon ending at `end`.
    pub fn message_work(&self, message: &Message, end: NaiveDateTime) -> u64 {
        let occurrences = occurrence_bound(message.at, message.rrule.as_deref(), end);
        let reach: u64 = message
            .segments
            .iter()
            .filter_map(|s| self.subtree.get(s))
            .fold(0u64, |sum, w| sum.saturating_add(*w));
        occurrences.saturating_mul(reach)
    }
}

/// A client's segments as a forest: parent indexes, an order with every parent before its
/// children, each segment's depth (a root is 1), and the segments on parent cycles.
pub(crate) struct Forest {
    pub(crate) parents: Vec<Option<usize>>,
    pub(crate) order: Vec<usize>,
    pub(crate) depth: Vec<usize>,
    pub(crate) cycles: Vec<Vec<usize>>,
}

impl Forest {
    /// Walk each parent chain once (linear time): a chain stops at a segment already placed,
    /// at a root, or where it meets itself (a cycle). Unknown parents count as roots; they
    /// are reported on their own.
    pub(crate) fn new(client: &Client, segments: &HashMap<&str, usize>) -> Forest {
        const NEW: u8 = 0;
        const WALKING: u8 = 1;
        const PLACED: u8 = 2;
        let n = client.segments.len();
        let parents: Vec<Option<usize>> = client
            .segments
            .iter()
            .map(|s| s.parent.as_deref().and_then(|p| segments.get(p).copied()))
            .collect();
        let mut state = vec![NEW; n];
        let mut depth = vec![0usize; n];
        let mut on_walk = vec![0usize; n];
        let mut order = Vec::with_capacity(n);
        let mut cycles = Vec::new();
        let mut walk = Vec::new();
        for start in 0..n {
            if state[start] != NEW {
                continue;
            }
            walk.clear();
            let mut current = start;
            let base = loop {
                match state[current] {
                    PLACED => break depth[current],
                    WALKING => {
                        let cycle: Vec<usize> = walk[on_walk[current]..].to_vec();
                        for &member in &cycle {
                            state[member] = PLACED;
                        }
                        walk.truncate(on_walk[current]);
                        cycles.push(cycle);
                        break 0;
                    }
                    _ => {}
                }
                state[current] = WALKING;
                on_walk[current] = walk.len();
                walk.push(current);
                match parents[current] {
                    Some(parent) => current = parent,
                    None => break 0,
                }
            };
            for (k, &segment) in walk.iter().rev().enumerate() {
                depth[segment] = base + k + 1;
                state[segment] = PLACED;
                order.push(segment);
            }
        }
        Forest {
            parents,
            order,
            depth,
            cycles,
        }
    }
}

/// The checking work of a whole plan (see [`MAX_WORK`]), or `None` when some client's
/// segments form a cycle. For benchmarks and reports; validation counts it as it goes.
pub fn plan_work(plan: &Plan) -> Option<u64> {
    let end = plan
        .horizon
        .end
        .checked_add_days(chrono::Days::new(2))?
        .and_hms_opt(0, 0, 0)?;
    let mut work = 0u64;
    for client in &plan.clients {
        let index: HashMap<&str, usize> = client
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let forest = Forest::new(client, &index);
        if !forest.cycles.is_empty() {
            return None;
        }
        let meter = WorkMeter::new(client, &forest.parents, &forest.order);
        for message in client.messages() {
            work = work.saturating_add(meter.message_work(message, end));
        }
    }
    Some(work)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn bound_is_never_below_the_real_count() {
        let start = at(2026, 1, 5, 9);
        let end = at(2027, 1, 1, 0);
        for rule in [
            "FREQ=WEEKLY;BYDAY=MO,TH",
            "FREQ=DAILY",
            "FREQ=MONTHLY;BYDAY=1MO,-1FR",
            "FREQ=MONTHLY;BYMONTHDAY=1,15",
            "FREQ=YEARLY;BYMONTH=3,9;BYDAY=MO",
            "FREQ=HOURLY;INTERVAL=5",
            "FREQ=DAILY;BYHOUR=9,12,18;BYMINUTE=0,30",
            "FREQ=WEEKLY;COUNT=3",
            "FREQ=DAILY;UNTIL=20260301",
            "FREQ=MINUTELY;INTERVAL=7;COUNT=60000",
        ] {
            let real = crate::time::occurrences(start, Some(rule), end, MAX_OCCURRENCES)
                .unwrap()
                .len();
            let bound = occurrence_bound(start, Some(rule), end);
            assert!(bound >= real as u64, "{rule}: bound {bound} < real {real}");
            assert!(bound <= u64::from(MAX_OCCURRENCES), "{rule}");
        }
    }

    #[test]
    fn bound_is_close_for_common_rules() {
        let start = at(2026, 1, 5, 9);
        let end = at(2027, 1, 1, 0);
        assert_eq!(occurrence_bound(start, None, end), 1);
        assert_eq!(occurrence_bound(end, None, end), 0);
        assert_eq!(occurrence_bound(start, Some("FREQ=WEEKLY;COUNT=3"), end), 3);
        assert!(occurrence_bound(start, Some("FREQ=WEEKLY"), end) <= 53);
        assert_eq!(
            occurrence_bound(start, Some("FREQ=SECONDLY"), end),
            u64::from(MAX_OCCURRENCES)
        );
        assert_eq!(occurrence_bound(start, Some("FREQ=SOMETIMES"), end), 0);
    }

    #[test]
    fn horizon_limit_is_ten_years() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(
            latest_horizon_end(start),
            NaiveDate::from_ymd_opt(2036, 1, 1).unwrap()
        );
        assert!(year_in_range(start));
        assert!(!year_in_range(NaiveDate::from_ymd_opt(2201, 1, 1).unwrap()));
        assert!(!year_in_range(
            NaiveDate::from_ymd_opt(1899, 12, 31).unwrap()
        ));
    }
}
