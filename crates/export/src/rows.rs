//! The rows every format shares, read from the engine: touches of the segments in scope,
//! the schedule (one row per message occurrence and delivery zone) and the violation
//! records on each touch. Nothing here decides a domain question; it only groups and looks
//! up what the engine answered.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;

use cadence_engine::Violation;
use cadence_model::time::parse_timezone;
use cadence_model::{Campaign, Client, Message, Segment};
use rustc_hash::FxHashMap;

use crate::scope::Resolved;

/// A message with its client and campaign.
#[derive(Debug, Clone, Copy)]
pub struct MessageRef<'p> {
    /// Its client.
    pub client: &'p Client,
    /// Its campaign.
    pub campaign: &'p Campaign,
    /// The message.
    pub message: &'p Message,
    /// Its position among the messages in scope (plan order).
    pub index: u32,
    /// Its position among the messages in scope sorted by id (the spec's order of ids).
    pub id_rank: u32,
    /// The zone of its `at` (its own, else its client's).
    pub zone: Tz,
}

impl MessageRef<'_> {
    /// The zone of the message's `at` (its own, else its client's).
    pub fn zone(&self) -> Tz {
        self.zone
    }
}

/// One engine touch in scope.
#[derive(Debug, Clone)]
pub struct TouchRow<'p> {
    /// Client, campaign and message.
    pub msg: MessageRef<'p>,
    /// The touched segment.
    pub segment: &'p Segment,
    /// Occurrence index.
    pub occurrence: u32,
    /// Instant, seconds since the epoch.
    pub at: i64,
    /// The segment's zone.
    pub tz: Tz,
    /// The zone the message's wall time is delivered in for this touch.
    pub delivery: Tz,
    /// Targeted directly.
    pub direct: bool,
    /// Transactional.
    pub transactional: bool,
    /// The engine's value score.
    pub value: f64,
    /// The rule kinds of the violation records on this touch, in the spec's order: a range
    /// of [`Rows::touch_rules`].
    pub rules: Range<u32>,
}

/// One message occurrence at one instant in one delivery zone.
#[derive(Debug, Clone)]
pub struct ScheduleRow<'p> {
    /// Client, campaign and message.
    pub msg: MessageRef<'p>,
    /// Occurrence index.
    pub occurrence: u32,
    /// Instant, seconds since the epoch.
    pub at: i64,
    /// The zone the wall time is delivered in.
    pub tz: Tz,
    /// Segments touched at this instant (in scope), in plan order.
    pub segments: Vec<&'p Segment>,
    /// Violations on those touches.
    pub violations: u32,
    /// The engine's value score.
    pub value: f64,
}

/// Everything an export reads, gathered once.
#[derive(Debug)]
pub struct Rows<'p> {
    /// Messages of the clients in scope by id.
    pub messages: FxHashMap<&'p str, MessageRef<'p>>,
    /// The same messages in plan order.
    pub ordered: Vec<MessageRef<'p>>,
    /// The engine's value score of each message.
    pub values: HashMap<&'p str, f64>,
    /// Touches, per segment in plan order, each segment's in the spec's touch order.
    pub touches: Vec<TouchRow<'p>>,
    /// The rule kinds of the violations on every touch, each touch's a range
    /// ([`TouchRow::rules`]).
    pub touch_rules: Vec<&'static str>,
    /// Schedule rows by (instant, message, occurrence, zone).
    pub schedule: Vec<ScheduleRow<'p>>,
    /// Violation records in scope, in the spec's order.
    pub violations: Vec<Violation>,
    /// The texts of their explanations in the same order; empty unless asked for (they cost
    /// more than the records on large plans).
    pub explanations: Vec<String>,
}

impl<'p> Rows<'p> {
    /// Gather the rows of a resolved scope, with the violations' explanations when
    /// `explain`.
    pub fn new(scope: &Resolved<'p>, explain: bool) -> Self {
        Rows::gather(scope, Some(explain))
    }

    /// The rows without the violation records (each touch still names its violations'
    /// rules): for the tables that do not list the records.
    pub fn without_violations(scope: &Resolved<'p>) -> Self {
        Rows::gather(scope, None)
    }

    /// The rows, with the violation records (and their explanations when
    /// `Some(true)`) unless `records` is `None`.
    fn gather(scope: &Resolved<'p>, records: Option<bool>) -> Self {
        let mut ordered = Vec::new();
        for client in &scope.clients {
            for campaign in &client.campaigns {
                for message in &campaign.messages {
                    ordered.push(MessageRef {
                        client,
                        campaign,
                        message,
                        index: ordered.len() as u32,
                        id_rank: 0,
                        zone: message_zone(client, message),
                    });
                }
            }
        }
        let mut by_id: Vec<usize> = (0..ordered.len()).collect();
        by_id.sort_unstable_by_key(|&i| ordered[i].message.id.as_str());
        for (rank, i) in by_id.into_iter().enumerate() {
            ordered[i].id_rank = rank as u32;
        }
        let messages: FxHashMap<&'p str, MessageRef<'p>> = ordered
            .iter()
            .map(|m| (m.message.id.as_str(), *m))
            .collect();
        let values = ordered
            .iter()
            .filter_map(|m| {
                let id = m.message.id.as_str();
                scope.engine.message_score(id).map(|v| (id, v))
            })
            .collect();
        // The violation records (and explanations) on another thread while the touches are
        // gathered.
        let (violations, explanations, (touches, touch_rules), schedule) =
            std::thread::scope(|s| {
                let records = s.spawn(|| match records {
                    Some(explain) => violations(scope, explain),
                    None => (Vec::new(), Vec::new()),
                });
                let touches = touches(scope, &messages);
                let schedule = schedule(&touches.0);
                let (violations, explanations) = records
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (violations, explanations, touches, schedule)
            });
        Rows {
            messages,
            ordered,
            values,
            touches,
            touch_rules,
            schedule,
            violations,
            explanations,
        }
    }

    /// The rule kinds of the violations on a touch, in the spec's order.
    pub fn rules_of(&self, touch: &TouchRow<'_>) -> &[&'static str] {
        &self.touch_rules[touch.rules.start as usize..touch.rules.end as usize]
    }

    /// The text of violation `i`'s explanation, when explanations were gathered.
    pub fn explanation(&self, i: usize) -> Option<&str> {
        self.explanations.get(i).map(String::as_str)
    }

    /// Messages with at least one touch in scope, in plan order.
    pub fn messages_in_scope(&self) -> Vec<MessageRef<'p>> {
        let touched: std::collections::HashSet<&str> = self
            .touches
            .iter()
            .map(|t| t.msg.message.id.as_str())
            .collect();
        self.ordered
            .iter()
            .filter(|m| touched.contains(m.message.id.as_str()))
            .copied()
            .collect()
    }
}

/// The violation records in scope in the spec's order, and their explanations when
/// `explain` (else none).
pub(crate) fn violations(scope: &Resolved<'_>, explain: bool) -> (Vec<Violation>, Vec<String>) {
    let client = match scope.clients.as_slice() {
        [one] => Some(one.id.as_str()),
        _ => None,
    };
    let keep = |v: &Violation| scope.segment.is_none_or(|seg| v.segment == seg.id);
    if explain {
        // Only the words: the table shows no listed touches.
        scope
            .engine
            .violations_with_text(client)
            .into_iter()
            .filter(|(v, _)| keep(v))
            .unzip()
    } else {
        let mut records = match client {
            Some(id) => scope.engine.client_violations(id).unwrap_or_default(),
            None => scope.engine.violations(),
        };
        records.retain(keep);
        (records, Vec::new())
    }
}

/// Every touch of the segments in scope, and the rule kinds of their violations (each
/// touch's a range of the second vector).
fn touches<'p>(
    scope: &Resolved<'p>,
    messages: &FxHashMap<&'p str, MessageRef<'p>>,
) -> (Vec<TouchRow<'p>>, Vec<&'static str>) {
    let mut out = Vec::new();
    let mut kinds = Vec::new();
    for (client, segment) in scope.segments() {
        let tz = scope
            .engine
            .segment_zone(&segment.id)
            .unwrap_or_else(|| segment_zone(client, segment));
        let Some(touches) = scope.engine.segment_touches(&segment.id) else {
            continue;
        };
        let rules = scope
            .engine
            .segment_touch_rules(&segment.id)
            .unwrap_or_default();
        // Local-delivery zones of the messages reaching this segment, found once each.
        let mut local: HashMap<u32, Tz> = HashMap::new();
        for (i, t) in touches.enumerate() {
            let Some(msg) = messages.get(t.message) else {
                continue;
            };
            let delivery = if msg.message.local_delivery {
                *local
                    .entry(msg.index)
                    .or_insert_with(|| delivery_zone(scope, *msg, segment))
            } else {
                msg.zone
            };
            let start = kinds.len() as u32;
            kinds.extend_from_slice(rules.of(i));
            out.push(TouchRow {
                msg: *msg,
                segment,
                occurrence: t.occurrence,
                at: t.at,
                tz,
                delivery,
                direct: t.direct,
                transactional: t.transactional,
                value: t.value,
                rules: start..kinds.len() as u32,
            });
        }
    }
    (out, kinds)
}

/// Touches grouped by (message, occurrence, delivery zone), in the spec's order: instant,
/// message id, occurrence, zone name. A stable sort by integer keys, so each row's segments
/// stay in plan order.
fn schedule<'p>(touches: &[TouchRow<'p>]) -> Vec<ScheduleRow<'p>> {
    // The delivery zones ranked by name, so the sort compares integers only.
    let mut zones: Vec<Tz> = touches.iter().map(|t| t.delivery).collect();
    zones.sort_unstable_by_key(|tz| tz.name());
    zones.dedup();
    let zone_rank: HashMap<Tz, u32> = zones
        .iter()
        .enumerate()
        .map(|(i, tz)| (*tz, i as u32))
        .collect();
    let mut order: Vec<(i64, u32, u32, u32, u32)> = touches
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                t.at,
                t.msg.id_rank,
                t.occurrence,
                zone_rank[&t.delivery],
                i as u32,
            )
        })
        .collect();
    // The touch index last keeps equal keys in plan order of segments.
    order.sort_unstable();
    let mut rows: Vec<ScheduleRow<'p>> = Vec::new();
    let mut last: Option<(u32, u32, Tz)> = None;
    for (_, _, _, _, i) in order {
        let t = &touches[i as usize];
        let key = (t.msg.index, t.occurrence, t.delivery);
        let found = t.rules.len() as u32;
        match rows.last_mut() {
            Some(row) if last == Some(key) => {
                row.segments.push(t.segment);
                row.violations += found;
            }
            _ => {
                last = Some(key);
                rows.push(ScheduleRow {
                    msg: t.msg,
                    occurrence: t.occurrence,
                    at: t.at,
                    tz: t.delivery,
                    segments: vec![t.segment],
                    violations: found,
                    value: t.value,
                });
            }
        }
    }
    rows
}

/// The zone a message's wall time is delivered in for a touched segment: the message's
/// zone, or with local delivery the zone of the targeted segment the touch comes through
/// (the segment itself or its nearest targeted ancestor, as in the engine's section 2).
pub fn delivery_zone(scope: &Resolved<'_>, msg: MessageRef<'_>, segment: &Segment) -> Tz {
    if !msg.message.local_delivery {
        return msg.zone();
    }
    let mut at = Some(segment);
    while let Some(seg) = at {
        if msg.message.segments.contains(&seg.id) {
            return scope
                .engine
                .segment_zone(&seg.id)
                .unwrap_or_else(|| segment_zone(msg.client, seg));
        }
        at = seg.parent.as_deref().and_then(|p| msg.client.segment(p));
    }
    msg.zone()
}

/// A segment's zone: its own, else its client's.
pub fn segment_zone(client: &Client, segment: &Segment) -> Tz {
    segment
        .timezone
        .as_deref()
        .and_then(parse_timezone)
        .unwrap_or_else(|| client_zone(client))
}

/// A client's zone.
pub fn client_zone(client: &Client) -> Tz {
    parse_timezone(&client.timezone).unwrap_or(Tz::UTC)
}

/// A message's zone: its own, else its client's.
pub fn message_zone(client: &Client, message: &Message) -> Tz {
    message
        .timezone
        .as_deref()
        .and_then(parse_timezone)
        .unwrap_or_else(|| client_zone(client))
}

/// An instant's local wall time in a zone.
pub fn local_wall(at: i64, tz: Tz) -> Option<NaiveDateTime> {
    tz.timestamp_opt(at, 0).single().map(|t| t.naive_local())
}

/// Displays a wall time's hour and minute, `10:15`.
#[derive(Debug, Clone, Copy)]
pub struct TimeText(pub Option<NaiveDateTime>);

impl std::fmt::Display for TimeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(t) => write!(f, "{:02}:{:02}", t.hour(), t.minute()),
            None => Ok(()),
        }
    }
}
