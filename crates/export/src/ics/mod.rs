//! ICS calendars (spec section 3): one `VCALENDAR` for a client (or one segment), one
//! `VEVENT` per message and delivery zone with `DTSTART;TZID`, `RRULE` and `EXDATE` as
//! planned, and a generated `VTIMEZONE` for every zone used.

mod text;
mod vtimezone;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use cadence_model::time::{local_to_utc, occurrences};

use crate::error::ExportError;
use crate::rows::{MessageRef, Rows, ScheduleRow};
use crate::scope::Resolved;
use crate::tables::status_text;
use text::{escape, push_line};

/// Most violations an event's description lists.
const LISTED_VIOLATIONS: usize = 20;

/// One event: a message in one delivery zone, with its schedule rows in the period.
struct Event<'r, 'p> {
    msg: MessageRef<'p>,
    tz: Tz,
    rows: Vec<&'r ScheduleRow<'p>>,
}

/// The calendar of a resolved scope (exactly one client), stamped `stamp`.
pub fn calendar(
    scope: &Resolved<'_>,
    rows: &Rows<'_>,
    stamp: DateTime<Utc>,
) -> Result<Vec<u8>, ExportError> {
    let client = scope.single_client("ics")?;
    let events = events(rows);
    let mut out = String::with_capacity(4096 + events.len() * 600);
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "PRODID:-//Cadence//Cadence plan export//EN");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    let name = match scope.segment {
        Some(seg) => format!("{} – {}", client.name, seg.name),
        None => client.name.clone(),
    };
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape(&name)));

    // Each zone's VTIMEZONE covers the period and every DTSTART that uses it.
    let mut zones: Vec<(Tz, i64)> = Vec::new();
    for e in &events {
        if e.tz == Tz::UTC {
            continue;
        }
        let start = local_to_utc(e.msg.message.at, e.tz).timestamp();
        match zones.iter_mut().find(|(z, _)| *z == e.tz) {
            Some((_, earliest)) => *earliest = (*earliest).min(start),
            None => zones.push((e.tz, start)),
        }
    }
    zones.sort_by_key(|(z, _)| z.name());
    for (tz, earliest) in zones {
        let from = earliest.min(scope.period.start_secs()) - 86_400;
        vtimezone::push_vtimezone(&mut out, tz, from, scope.period.end_secs() + 86_400);
    }

    let by_message = violations_by_message(rows);
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for e in &events {
        push_event(&mut out, scope, e, &stamp, rows, &by_message);
    }
    push_line(&mut out, "END:VCALENDAR");
    Ok(out.into_bytes())
}

/// Schedule rows grouped by (message, zone), in the order of their first row.
fn events<'r, 'p>(rows: &'r Rows<'p>) -> Vec<Event<'r, 'p>> {
    let mut index: HashMap<(&str, Tz), usize> = HashMap::new();
    let mut events: Vec<Event<'r, 'p>> = Vec::new();
    for row in &rows.schedule {
        let key = (row.msg.message.id.as_str(), row.tz);
        match index.get(&key) {
            Some(&i) => events[i].rows.push(row),
            None => {
                index.insert(key, events.len());
                events.push(Event {
                    msg: row.msg,
                    tz: row.tz,
                    rows: vec![row],
                });
            }
        }
    }
    events
}

/// Indexes of the violation records per message.
fn violations_by_message<'r>(rows: &'r Rows<'_>) -> HashMap<&'r str, Vec<usize>> {
    let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, v) in rows.violations.iter().enumerate() {
        map.entry(v.message.as_str()).or_default().push(i);
    }
    map
}

/// A wall time in a zone: `;TZID=Zone:YYYYMMDDTHHMMSS`, or `:…Z` for UTC.
fn zoned(tz: Tz, wall: NaiveDateTime) -> String {
    if tz == Tz::UTC {
        format!(":{}Z", wall.format("%Y%m%dT%H%M%S"))
    } else {
        format!(";TZID={}:{}", tz.name(), wall.format("%Y%m%dT%H%M%S"))
    }
}

/// The plan's RRULE for a zone: `UNTIL` (a local wall time in plan files, a bare date
/// meaning the end of that day) becomes the UTC instant RFC 5545 requires with a TZID.
pub fn rrule_for_zone(rrule: &str, tz: Tz) -> String {
    let upper = rrule.trim().to_ascii_uppercase();
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    body.split(';')
        .filter(|p| !p.is_empty())
        .map(|part| match part.strip_prefix("UNTIL=") {
            Some(value) => {
                let value = value.trim_end_matches('Z');
                let wall = if value.len() == 8 {
                    NaiveDateTime::parse_from_str(&format!("{value}T235959"), "%Y%m%dT%H%M%S")
                } else {
                    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
                };
                match wall {
                    Ok(wall) => {
                        format!("UNTIL={}", local_to_utc(wall, tz).format("%Y%m%dT%H%M%SZ"))
                    }
                    Err(_) => part.to_string(),
                }
            }
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Whether a message's `at` is itself an occurrence of its RRULE (as the engine expands it).
fn starts_series(at: NaiveDateTime, rrule: &str) -> bool {
    let until = at + chrono::Duration::days(1);
    occurrences(at, Some(rrule), until, 1)
        .map(|first| first.first() == Some(&at))
        .unwrap_or(true)
}

/// A stable UID: client, message and zone, with anything but letters, digits, `.`, `_`
/// and `-` percent-encoded.
pub fn uid(client: &str, message: &str, tz: Tz) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "{}.{}.{}@cadence",
        encode(message),
        encode(tz.name()),
        encode(client)
    )
}

fn push_event(
    out: &mut String,
    scope: &Resolved<'_>,
    e: &Event<'_, '_>,
    stamp: &str,
    rows: &Rows<'_>,
    by_message: &HashMap<&str, Vec<usize>>,
) {
    let m = e.msg.message;
    let channel = scope
        .plan
        .channel(&m.channel)
        .map_or(m.channel.as_str(), |c| c.name.as_str());
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", uid(&e.msg.client.id, &m.id, e.tz)));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(out, &format!("DTSTART{}", zoned(e.tz, m.at)));
    push_line(out, "DURATION:PT15M");
    if let Some(rrule) = m.rrule.as_deref() {
        push_line(out, &format!("RRULE:{}", rrule_for_zone(rrule, e.tz)));
        let mut skipped = m.exdates.clone();
        // RFC 5545 makes DTSTART an instance even when the rule does not match it; the plan
        // (like the engine) does not, so such a DTSTART is excluded.
        if !starts_series(m.at, rrule) && !skipped.contains(&m.at) {
            skipped.insert(0, m.at);
        }
        if !skipped.is_empty() {
            let walls: Vec<String> = skipped
                .iter()
                .map(|w| w.format("%Y%m%dT%H%M%S").to_string())
                .collect();
            let value = if e.tz == Tz::UTC {
                format!(
                    ":{}",
                    walls
                        .iter()
                        .map(|w| format!("{w}Z"))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            } else {
                format!(";TZID={}:{}", e.tz.name(), walls.join(","))
            };
            push_line(out, &format!("EXDATE{value}"));
        }
    }
    push_line(out, &format!("SUMMARY:{}", escape(&m.title)));
    push_line(
        out,
        &format!(
            "CATEGORIES:{},{}",
            escape(channel),
            escape(&e.msg.campaign.name)
        ),
    );
    push_line(
        out,
        &format!(
            "DESCRIPTION:{}",
            escape(&description(scope, e, channel, rows, by_message))
        ),
    );
    let status = match m.status {
        cadence_model::MessageStatus::Draft => "TENTATIVE",
        _ => "CONFIRMED",
    };
    push_line(out, &format!("STATUS:{status}"));
    push_line(out, "TRANSP:TRANSPARENT");
    push_line(out, "END:VEVENT");
}

/// The event's description: channel, segments, status, value score, brief and the
/// violations on its occurrences in words.
fn description(
    scope: &Resolved<'_>,
    e: &Event<'_, '_>,
    channel: &str,
    rows: &Rows<'_>,
    by_message: &HashMap<&str, Vec<usize>>,
) -> String {
    let m = e.msg.message;
    let mut segments: Vec<&str> = Vec::new();
    for row in &e.rows {
        for s in &row.segments {
            if !segments.contains(&s.name.as_str()) {
                segments.push(&s.name);
            }
        }
    }
    let mut text = format!(
        "Channel: {channel}\nCampaign: {}\nSegments: {}\nStatus: {}\nValue score: {}",
        e.msg.campaign.name,
        segments.join(", "),
        status_text(m.status),
        e.rows.first().map_or(0.0, |r| r.value),
    );
    if m.transactional {
        text.push_str("\nTransactional (exempt from caps and minimum gaps)");
    }
    if !m.brief.is_empty() {
        text.push_str("\n\n");
        text.push_str(&m.brief);
    }
    let mine: Vec<usize> = by_message
        .get(m.id.as_str())
        .map(|found| {
            found
                .iter()
                .filter(|&&i| {
                    let v = &rows.violations[i];
                    e.rows.iter().any(|r| {
                        r.occurrence == v.occurrence && r.segments.iter().any(|s| s.id == v.segment)
                    })
                })
                .copied()
                .collect()
        })
        .unwrap_or_default();
    if mine.is_empty() {
        text.push_str("\n\nNo guideline is broken.");
    } else {
        text.push_str(&format!("\n\nGuidelines broken ({}):", mine.len()));
        for &i in mine.iter().take(LISTED_VIOLATIONS) {
            let v = &rows.violations[i];
            // The touch's local time in the segment's zone.
            let tz = scope.engine.segment_zone(&v.segment).unwrap_or(e.tz);
            let when = v.at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z");
            text.push_str(&format!("\n- {when}: {} ({})", v.detail, v.rule.as_str()));
        }
        if mine.len() > LISTED_VIOLATIONS {
            text.push_str(&format!(
                "\n- and {} more (see the violations table)",
                mine.len() - LISTED_VIOLATIONS
            ));
        }
    }
    text
}
