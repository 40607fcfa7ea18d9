//! The calendar in the wall time of the zone on screen: a client's occurrences as the planner
//! filters them (by campaign, channel, the segments that reach a segment, or a list of
//! messages), dense days as hour blocks, and the drag probe's shaded stretches. The UI draws
//! these wall times as they come; it converts no zone itself.

use std::collections::{BTreeMap, HashMap, HashSet};

use cadence_engine::Period;
use cadence_model::time::local_to_utc;
use cadence_model::{Client, Message, RuleKind};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::desk::{engine_error, Current};
use crate::ipc::{AppError, ErrorCode};
use crate::walls::{wall_of, zone};

/// More occurrences than this on one wall day, and the calendar gets the day's hours as one
/// block each (unless it asks for every occurrence, as the day agenda does).
pub const DENSE_DAY: usize = 40;

/// Most days one calendar request may span (a year and a day: the agenda of a year).
pub const MAX_CALENDAR_DAYS: i64 = 366;

/// Minutes between two slots the week view probes.
pub const SLOT_MINUTES: i64 = 30;

/// Most days one probe may span: the month grid's six weeks (2,016 slots of the week grid).
pub const MAX_PROBE_DAYS: i64 = 42;

/// Which occurrences the calendar shows; each filter given narrows, none given shows all.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarFilter {
    /// Only this campaign's messages.
    pub campaign: Option<String>,
    /// Only messages that reach this segment or part of it: those targeting it, one of its
    /// ancestors (their touches are inherited by it) or one of its sub-segments.
    pub segment: Option<String>,
    /// Only this channel's messages.
    pub channel: Option<String>,
    /// Only these messages (picked in the cadence view).
    pub messages: Option<Vec<String>>,
}

/// What the calendar asks for: a client's occurrences on the wall dates `[from, to)` of the
/// zone on screen.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarRequest {
    /// Client id.
    pub client: String,
    /// First wall date shown.
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// The wall date after the last one shown.
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// The zone on screen (the client's or a segment's, an IANA name).
    pub zone: String,
    /// Which occurrences to show.
    pub filter: CalendarFilter,
    /// Days with more than [`DENSE_DAY`] occurrences as hour blocks; false for every
    /// occurrence (the day agenda).
    pub cluster: bool,
}

impl CalendarRequest {
    /// Every occurrence of `client` on the wall dates `[from, to)` of `zone`, one by one.
    pub fn every(client: &str, from: NaiveDate, to: NaiveDate, zone: &str) -> Self {
        CalendarRequest {
            client: client.to_string(),
            from,
            to,
            zone: zone.to_string(),
            filter: CalendarFilter::default(),
            cluster: false,
        }
    }
}

/// One occurrence of a message on the calendar, as the engine expands it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CalendarEntry {
    /// Message id.
    pub message: String,
    /// Campaign id.
    pub campaign: String,
    /// 0-based occurrence index (as in violation records).
    pub occurrence: u32,
    /// The instant (for a local-delivery message: in the message's own zone).
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Its wall time in the zone asked for ("2026-11-05T07:30:00").
    #[ts(type = "string")]
    pub local: NaiveDateTime,
    /// Its wall date in that zone.
    #[ts(type = "string")]
    pub day: NaiveDate,
    /// Violation records on this occurrence, over all the segments it touches.
    pub violations: u32,
    /// The rule kinds broken, without repeats.
    pub rules: Vec<RuleKind>,
}

/// The occurrences of one hour of a dense day, drawn as one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CalendarCluster {
    /// The hour's wall time in the zone asked for ("2026-01-14T09:00:00").
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    /// Occurrences in the hour.
    pub count: u32,
    /// Their violations, summed.
    pub violations: u32,
    /// The rules they break, sorted, without repeats.
    pub rules: Vec<RuleKind>,
}

/// The calendar's answer: occurrences and hour blocks in the wall time of one zone.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CalendarPage {
    /// The zone the wall times are in.
    pub zone: String,
    /// The occurrences drawn one by one, in time order.
    pub entries: Vec<CalendarEntry>,
    /// The hours of dense days, in time order (empty unless asked to cluster).
    pub clusters: Vec<CalendarCluster>,
}

/// Where the drag probe asks: the grid of the calendar view the message is dragged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ProbeGrid {
    /// The week view: every 30 minutes of each day.
    Slots,
    /// The month view: each day once, at `time` (the dragged occurrence's time of day).
    Days {
        /// The wall time of day ("07:30:00").
        #[ts(type = "string")]
        time: NaiveTime,
    },
}

/// Where would a dragged message break a guideline? Wall dates `[from, to)` of the zone on
/// screen, on the grid of the view.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProbeRequest {
    /// Message id.
    pub message: String,
    /// First wall date shown.
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// The wall date after the last one shown (at most [`MAX_PROBE_DAYS`] after `from`).
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// The zone on screen.
    pub zone: String,
    /// Slots (week) or days (month).
    pub grid: ProbeGrid,
}

/// A shaded stretch of the calendar: dropping the message there would break `rules`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Shade {
    /// Its first wall time in the zone on screen.
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    /// The wall time it ends at (exclusive).
    #[ts(type = "string")]
    pub end: NaiveDateTime,
    /// A whole day (the month grid) rather than slots.
    pub all_day: bool,
    /// The rules broken there, sorted, without repeats.
    pub rules: Vec<RuleKind>,
}

impl Current {
    /// The occurrences of a client's messages on the wall dates `[from, to)` of the zone on
    /// screen, filtered, each with its wall time there and the violations the engine found
    /// on it; dense days as hour blocks when asked.
    pub fn calendar(&self, request: &CalendarRequest) -> Result<CalendarPage, AppError> {
        let ci = self.client_index(&request.client)?;
        Period::new(request.from, request.to).map_err(engine_error)?;
        if (request.to - request.from).num_days() > MAX_CALENDAR_DAYS {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("a calendar shows at most {MAX_CALENDAR_DAYS} days at a time"),
            ));
        }
        let tz = zone(&request.zone)?;
        let client = &self.plan.clients[ci];
        let shown = Shown::new(client, &request.filter);
        let start = local_to_utc(midnight(request.from), tz);
        let end = local_to_utc(midnight(request.to), tz);
        let mut marks = self
            .engine
            .occurrence_marks(&request.client)
            .map_err(engine_error)?;
        let mut entries: Vec<CalendarEntry> = self
            .engine
            .occurrences(&request.client, start, end)
            .map_err(engine_error)?
            .into_iter()
            .filter(|o| shown.includes(&o.message))
            .map(|o| {
                let marks = marks
                    .remove(&(o.message.clone(), o.index))
                    .unwrap_or_default();
                let local = wall_of(o.at, tz);
                CalendarEntry {
                    message: o.message,
                    campaign: o.campaign,
                    occurrence: o.index,
                    at: o.at,
                    local,
                    day: local.date(),
                    violations: marks.violations,
                    rules: marks.rules,
                }
            })
            .collect();
        entries.sort_by(|a, b| {
            (a.at, &a.message, a.occurrence).cmp(&(b.at, &b.message, b.occurrence))
        });
        let (entries, clusters) = if request.cluster {
            cluster_dense(entries)
        } else {
            (entries, Vec::new())
        };
        Ok(CalendarPage {
            zone: request.zone.clone(),
            entries,
            clusters,
        })
    }

    /// Where dropping `request.message` on the grid of the view would break a guideline, as
    /// shaded stretches in the wall time of the zone on screen. Each slot or day is checked
    /// at the instant a drop there moves the message to (a wall time in a spring-forward gap
    /// moves forward, an ambiguous one takes the earlier instant, as the move does); slots
    /// next to each other that break the same rules make one stretch.
    pub fn probe(&self, request: &ProbeRequest) -> Result<Vec<Shade>, AppError> {
        Period::new(request.from, request.to).map_err(engine_error)?;
        let days = (request.to - request.from).num_days();
        if days > MAX_PROBE_DAYS {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "a probe covers at most {MAX_PROBE_DAYS} days; {} to {} is {days}",
                    request.from, request.to
                ),
            ));
        }
        let tz = zone(&request.zone)?;
        let walls = grid_walls(request.from, days, request.grid);
        let instants: Vec<DateTime<Utc>> = walls.iter().map(|w| local_to_utc(*w, tz)).collect();
        let rules = self
            .engine
            .probe(&request.message, &instants)
            .map_err(engine_error)?;
        Ok(shades(&walls, rules, request.grid))
    }
}

/// Midnight at the start of `day`.
fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

/// The wall times a probe checks: every [`SLOT_MINUTES`] of each day, or each day at a time.
fn grid_walls(from: NaiveDate, days: i64, grid: ProbeGrid) -> Vec<NaiveDateTime> {
    let dates = (0..days).map(move |d| from + Duration::days(d));
    match grid {
        ProbeGrid::Slots => dates
            .flat_map(|day| {
                (0..24 * 60 / SLOT_MINUTES)
                    .map(move |i| midnight(day) + Duration::minutes(i * SLOT_MINUTES))
            })
            .collect(),
        ProbeGrid::Days { time } => dates.map(|day| day.and_time(time)).collect(),
    }
}

/// The probed wall times that break a rule, as shaded stretches (in wall order).
fn shades(walls: &[NaiveDateTime], rules: Vec<Vec<RuleKind>>, grid: ProbeGrid) -> Vec<Shade> {
    let mut out: Vec<Shade> = Vec::new();
    for (wall, rules) in walls.iter().zip(rules) {
        if rules.is_empty() {
            continue;
        }
        let (start, end, all_day) = match grid {
            ProbeGrid::Slots => (*wall, *wall + Duration::minutes(SLOT_MINUTES), false),
            ProbeGrid::Days { .. } => {
                let start = midnight(wall.date());
                (start, start + Duration::days(1), true)
            }
        };
        match out.last_mut() {
            Some(last) if !all_day && last.end == start && last.rules == rules => last.end = end,
            _ => out.push(Shade {
                start,
                end,
                all_day,
                rules,
            }),
        }
    }
    out
}

/// The days with more than [`DENSE_DAY`] entries become one block per hour; the other days
/// keep their entries. Entries come and stay in time order.
fn cluster_dense(entries: Vec<CalendarEntry>) -> (Vec<CalendarEntry>, Vec<CalendarCluster>) {
    let mut per_day: HashMap<NaiveDate, usize> = HashMap::new();
    for entry in &entries {
        *per_day.entry(entry.day).or_default() += 1;
    }
    let mut single = Vec::new();
    let mut hours: BTreeMap<NaiveDateTime, CalendarCluster> = BTreeMap::new();
    for entry in entries {
        if per_day[&entry.day] <= DENSE_DAY {
            single.push(entry);
            continue;
        }
        let start = entry
            .day
            .and_hms_opt(entry.local.hour(), 0, 0)
            .expect("a whole hour");
        let block = hours.entry(start).or_insert_with(|| CalendarCluster {
            start,
            count: 0,
            violations: 0,
            rules: Vec::new(),
        });
        block.count += 1;
        block.violations += entry.violations;
        block.rules.extend(entry.rules);
    }
    let clusters = hours
        .into_values()
        .map(|mut block| {
            block.rules.sort();
            block.rules.dedup();
            block
        })
        .collect();
    (single, clusters)
}

/// Which of a client's messages a filter shows.
struct Shown<'a> {
    /// Message id -> the message and its campaign's id.
    messages: HashMap<&'a str, (&'a Message, &'a str)>,
    filter: &'a CalendarFilter,
    /// The segments whose messages reach the filter's segment.
    reach: Option<HashSet<String>>,
}

impl<'a> Shown<'a> {
    fn new(client: &'a Client, filter: &'a CalendarFilter) -> Self {
        Shown {
            messages: client
                .campaigns
                .iter()
                .flat_map(|k| {
                    k.messages
                        .iter()
                        .map(move |m| (m.id.as_str(), (m, k.id.as_str())))
                })
                .collect(),
            filter,
            reach: filter
                .segment
                .as_deref()
                .map(|s| reaching_segments(client, s)),
        }
    }

    /// Whether the occurrences of message `id` are shown.
    fn includes(&self, id: &str) -> bool {
        let Some((message, campaign)) = self.messages.get(id) else {
            return false;
        };
        let f = self.filter;
        f.messages
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|m| m == id))
            && f.campaign.as_ref().is_none_or(|c| c == campaign)
            && f.channel.as_ref().is_none_or(|c| &message.channel == c)
            && self
                .reach
                .as_ref()
                .is_none_or(|reach| message.segments.iter().any(|s| reach.contains(s)))
    }
}

/// Segments whose messages reach `segment` or part of it: the segment itself, its ancestors
/// (their touches are inherited by it) and its sub-segments.
pub fn reaching_segments(client: &Client, segment: &str) -> HashSet<String> {
    let mut reach = crate::impact::subtree(client, segment);
    let parent_of = |id: &str| {
        client
            .segments
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.parent.clone())
    };
    let mut at = parent_of(segment);
    while let Some(parent) = at {
        if !reach.insert(parent.clone()) {
            break;
        }
        at = parent_of(&parent);
    }
    reach
}

#[cfg(test)]
mod tests {
    use super::*;
    use RuleKind::{Cap, QuietHours};

    fn wall(text: &str) -> NaiveDateTime {
        text.parse().unwrap()
    }

    #[test]
    fn the_week_grid_is_every_half_hour_and_the_month_grid_one_time_a_day() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let slots = grid_walls(monday, 7, ProbeGrid::Slots);
        assert_eq!(slots.len(), 336);
        assert_eq!(slots[0], wall("2026-11-23T00:00:00"));
        assert_eq!(slots[335], wall("2026-11-29T23:30:00"));
        let time = NaiveTime::from_hms_opt(7, 30, 0).unwrap();
        let days = grid_walls(monday, 31, ProbeGrid::Days { time });
        assert_eq!(days.len(), 31);
        assert_eq!(days[30], wall("2026-12-23T07:30:00"));
    }

    #[test]
    fn neighbouring_slots_with_the_same_rules_make_one_stretch() {
        let walls: Vec<_> = [
            "2026-11-23T21:00:00",
            "2026-11-23T21:30:00",
            "2026-11-23T22:00:00",
            "2026-11-23T22:30:00",
            "2026-11-23T23:00:00",
        ]
        .map(wall)
        .to_vec();
        let rules = vec![
            vec![QuietHours],
            vec![QuietHours],
            vec![Cap, QuietHours],
            vec![],
            vec![QuietHours],
        ];
        let got: Vec<_> = shades(&walls, rules, ProbeGrid::Slots)
            .into_iter()
            .map(|s| (s.start.to_string(), s.end.to_string(), s.rules.len()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "2026-11-23 21:00:00".into(),
                    "2026-11-23 22:00:00".into(),
                    1
                ),
                (
                    "2026-11-23 22:00:00".into(),
                    "2026-11-23 22:30:00".into(),
                    2
                ),
                (
                    "2026-11-23 23:00:00".into(),
                    "2026-11-23 23:30:00".into(),
                    1
                ),
            ]
        );
    }

    #[test]
    fn whole_days_stay_one_shade_each() {
        let walls = vec![wall("2026-11-23T07:30:00"), wall("2026-11-24T07:30:00")];
        let time = NaiveTime::from_hms_opt(7, 30, 0).unwrap();
        let got = shades(&walls, vec![vec![Cap], vec![Cap]], ProbeGrid::Days { time });
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|s| s.all_day));
        assert_eq!(got[1].start, wall("2026-11-24T00:00:00"));
        assert_eq!(got[1].end, wall("2026-11-25T00:00:00"));
    }

    fn entry(local: &str, violations: u32, rules: Vec<RuleKind>) -> CalendarEntry {
        let local = wall(local);
        CalendarEntry {
            message: format!("m{local}"),
            campaign: "k".into(),
            occurrence: 0,
            at: local.and_utc(),
            local,
            day: local.date(),
            violations,
            rules,
        }
    }

    #[test]
    fn a_day_at_the_threshold_keeps_its_entries_and_one_above_it_becomes_hours() {
        let forty: Vec<_> = (0..DENSE_DAY)
            .map(|i| entry(&format!("2026-01-05T09:{:02}:00", i % 60), 0, vec![]))
            .collect();
        let (single, clusters) = cluster_dense(forty.clone());
        assert_eq!((single.len(), clusters.len()), (DENSE_DAY, 0));

        let mut more = forty;
        more.push(entry("2026-01-05T23:10:00", 2, vec![QuietHours, Cap]));
        more.push(entry("2026-01-05T09:59:00", 1, vec![Cap]));
        more.push(entry("2026-01-06T09:00:00", 0, vec![]));
        let (single, clusters) = cluster_dense(more);
        assert_eq!(single.len(), 1, "the next day keeps its entry");
        let got: Vec<_> = clusters
            .iter()
            .map(|c| (c.start.to_string(), c.count, c.violations, c.rules.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-01-05 09:00:00".into(), 41, 1, vec![Cap]),
                ("2026-01-05 23:00:00".into(), 1, 2, vec![Cap, QuietHours]),
            ]
        );
    }
}
