//! The rows every format shares, read from the engine: touches of the segments in scope,
//! the schedule (one row per message occurrence and delivery zone) and the violation
//! records on each touch. Nothing here decides a domain question; it only groups and looks
//! up what the engine answered.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use cadence_engine::Violation;
use cadence_model::time::parse_timezone;
use cadence_model::{Campaign, Client, Message, Segment};

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
    pub messages: HashMap<&'p str, MessageRef<'p>>,
    /// The same messages in plan order.
    pub ordered: Vec<MessageRef<'p>>,
    /// The engine's value score of each message.
    pub values: HashMap<&'p str, f64>,
    /// Touches, per segment in plan order, each segment's in the spec's touch order.
    pub touches: Vec<TouchRow<'p>>,
    /// Schedule rows by (instant, message, occurrence, zone).
    pub schedule: Vec<ScheduleRow<'p>>,
    /// Violation records in scope, in the spec's order.
    pub violations: Vec<Violation>,
    /// The texts of their explanations in the same order; empty unless asked for (they cost
    /// more than the records on large plans).
    pub explanations: Vec<String>,
}

/// Key of the violations on one touch.
type TouchKey<'a> = (&'a str, &'a str, u32);

impl<'p> Rows<'p> {
    /// Gather the rows of a resolved scope, with the violations' explanations when
    /// `explain`.
    pub fn new(scope: &Resolved<'p>, explain: bool) -> Self {
        let mut ordered = Vec::new();
        for client in &scope.clients {
            for campaign in &client.campaigns {
                for message in &campaign.messages {
                    ordered.push(MessageRef {
                        client,
                        campaign,
                        message,
                        index: ordered.len() as u32,
                        zone: message_zone(client, message),
                    });
                }
            }
        }
        let messages: HashMap<&'p str, MessageRef<'p>> = ordered
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
        let (violations, explanations, touches) = std::thread::scope(|s| {
            let records = s.spawn(|| violations(scope, explain));
            let touches = touches(scope, &messages);
            let (violations, explanations) = records
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (violations, explanations, touches)
        });
        let schedule = schedule(&touches, &violations_by_touch(&violations));
        Rows {
            messages,
            ordered,
            values,
            touches,
            schedule,
            violations,
            explanations,
        }
    }

    /// Rule kinds of the violations on each touch (segment, message, occurrence).
    pub fn rules_by_touch(&self) -> HashMap<TouchKey<'_>, Vec<&'static str>> {
        let mut map: HashMap<TouchKey<'_>, Vec<&'static str>> = HashMap::new();
        for v in &self.violations {
            map.entry((v.segment.as_str(), v.message.as_str(), v.occurrence))
                .or_default()
                .push(v.rule.as_str());
        }
        map
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
fn violations(scope: &Resolved<'_>, explain: bool) -> (Vec<Violation>, Vec<String>) {
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

/// Number of violation records per touch.
fn violations_by_touch(violations: &[Violation]) -> HashMap<TouchKey<'_>, u32> {
    let mut map = HashMap::new();
    for v in violations {
        *map.entry((v.segment.as_str(), v.message.as_str(), v.occurrence))
            .or_insert(0) += 1;
    }
    map
}

/// Every touch of the segments in scope.
fn touches<'p>(
    scope: &Resolved<'p>,
    messages: &HashMap<&'p str, MessageRef<'p>>,
) -> Vec<TouchRow<'p>> {
    let mut out = Vec::new();
    for (client, segment) in scope.segments() {
        let tz = scope
            .engine
            .segment_zone(&segment.id)
            .unwrap_or_else(|| segment_zone(client, segment));
        let Some(touches) = scope.engine.segment_touches(&segment.id) else {
            continue;
        };
        // Local-delivery zones of the messages reaching this segment, found once each.
        let mut local: HashMap<u32, Tz> = HashMap::new();
        for t in touches {
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
            });
        }
    }
    out
}

/// Touches grouped by (message, occurrence, delivery zone).
fn schedule<'p>(
    touches: &[TouchRow<'p>],
    violations: &HashMap<TouchKey<'_>, u32>,
) -> Vec<ScheduleRow<'p>> {
    let mut index: HashMap<(u32, u32, Tz), usize> = HashMap::new();
    let mut rows: Vec<ScheduleRow<'p>> = Vec::new();
    for t in touches {
        let tz = t.delivery;
        let key = (t.msg.index, t.occurrence, tz);
        let found = if violations.is_empty() {
            0
        } else {
            violations
                .get(&(
                    t.segment.id.as_str(),
                    t.msg.message.id.as_str(),
                    t.occurrence,
                ))
                .copied()
                .unwrap_or(0)
        };
        match index.get(&key) {
            Some(&i) => {
                rows[i].segments.push(t.segment);
                rows[i].violations += found;
            }
            None => {
                index.insert(key, rows.len());
                rows.push(ScheduleRow {
                    msg: t.msg,
                    occurrence: t.occurrence,
                    at: t.at,
                    tz,
                    segments: vec![t.segment],
                    violations: found,
                    value: t.value,
                });
            }
        }
    }
    rows.sort_by(|a, b| {
        (a.at, &a.msg.message.id, a.occurrence, a.tz.name()).cmp(&(
            b.at,
            &b.msg.message.id,
            b.occurrence,
            b.tz.name(),
        ))
    });
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

/// Displays an instant (seconds since the epoch) as RFC 3339 UTC with `Z`.
#[derive(Debug, Clone, Copy)]
pub struct UtcText(pub i64);

impl std::fmt::Display for UtcText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match DateTime::<Utc>::from_timestamp(self.0, 0) {
            Some(t) => write!(
                f,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            None => Ok(()),
        }
    }
}

/// An instant's local wall time in a zone.
pub fn local_wall(at: i64, tz: Tz) -> Option<NaiveDateTime> {
    tz.timestamp_opt(at, 0).single().map(|t| t.naive_local())
}

/// Displays a wall time's date, `2026-03-26`.
#[derive(Debug, Clone, Copy)]
pub struct DateText(pub Option<NaiveDateTime>);

impl std::fmt::Display for DateText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(t) => write!(f, "{:04}-{:02}-{:02}", t.year(), t.month(), t.day()),
            None => Ok(()),
        }
    }
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
