//! `VTIMEZONE` components generated from the IANA data bundled in chrono-tz: one observance
//! (`STANDARD` or `DAYLIGHT`) per offset change in the covered range, plus the one in force
//! at its start.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::text::push_line;

/// The offset in force at an instant: total seconds east of UTC, whether it is daylight
/// time, and its abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    offset: i32,
    daylight: bool,
    name: String,
}

fn observed(tz: Tz, at: i64) -> Observed {
    let utc = DateTime::<Utc>::from_timestamp(at, 0).unwrap_or_default();
    let offset = tz.offset_from_utc_datetime(&utc.naive_utc());
    Observed {
        offset: offset.fix().local_minus_utc(),
        daylight: offset.dst_offset() != Duration::zero(),
        name: offset.abbreviation().unwrap_or_default().to_string(),
    }
}

/// Sampling step when looking for changes: no zone changes offset twice within 6 hours.
const STEP: i64 = 6 * 3600;

/// The instants (seconds) in `(from, to]` where the zone's offset or name changes.
fn transitions(tz: Tz, from: i64, to: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut at = from;
    let mut before = observed(tz, at);
    while at < to {
        let next = (at + STEP).min(to);
        let after = observed(tz, next);
        if after != before {
            // The change lies in (at, next]: find its first second.
            let (mut lo, mut hi) = (at, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if observed(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(hi);
            before = after;
        }
        at = next;
    }
    out
}

/// `±HHMM` (or `±HHMMSS` for offsets with seconds).
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// A wall time as an iCalendar local DATE-TIME.
fn wall_text(wall: NaiveDateTime) -> String {
    wall.format("%Y%m%dT%H%M%S").to_string()
}

/// Append the `VTIMEZONE` of `tz` covering the instants `[from, to]` (seconds) to `out`.
pub fn push_vtimezone(out: &mut String, tz: Tz, from: i64, to: i64) {
    push_line(out, "BEGIN:VTIMEZONE");
    push_line(out, &format!("TZID:{}", tz.name()));
    push_line(out, &format!("X-LIC-LOCATION:{}", tz.name()));
    let first = observed(tz, from);
    let start_wall = DateTime::<Utc>::from_timestamp(from, 0)
        .unwrap_or_default()
        .naive_utc()
        + Duration::seconds(first.offset as i64);
    push_observance(out, &first, first.offset, start_wall);
    let mut previous = first;
    for at in transitions(tz, from, to) {
        let now = observed(tz, at);
        // DTSTART of an observance is the wall time of the change in the offset before it.
        let wall = DateTime::<Utc>::from_timestamp(at, 0)
            .unwrap_or_default()
            .naive_utc()
            + Duration::seconds(previous.offset as i64);
        push_observance(out, &now, previous.offset, wall);
        previous = now;
    }
    push_line(out, "END:VTIMEZONE");
}

fn push_observance(out: &mut String, now: &Observed, from_offset: i32, wall: NaiveDateTime) {
    let kind = if now.daylight { "DAYLIGHT" } else { "STANDARD" };
    push_line(out, &format!("BEGIN:{kind}"));
    push_line(out, &format!("DTSTART:{}", wall_text(wall)));
    push_line(out, &format!("TZOFFSETFROM:{}", offset_text(from_offset)));
    push_line(out, &format!("TZOFFSETTO:{}", offset_text(now.offset)));
    if !now.name.is_empty() {
        push_line(out, &format!("TZNAME:{}", super::text::escape(&now.name)));
    }
    push_line(out, &format!("END:{kind}"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn secs(y: i32, m: u32, d: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn new_york_2026_has_both_changes_at_2am_local() {
        let mut out = String::new();
        push_vtimezone(
            &mut out,
            Tz::America__New_York,
            secs(2026, 1, 1),
            secs(2027, 1, 1),
        );
        assert!(out.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT"
        ), "{out}");
        assert!(out.contains(
            "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD"
        ), "{out}");
    }

    #[test]
    fn sydney_changes_the_other_way() {
        let t = transitions(Tz::Australia__Sydney, secs(2026, 1, 1), secs(2027, 1, 1));
        assert_eq!(t.len(), 2);
        // First Sunday of April 2026, 03:00 AEDT = 16:00 UTC the day before.
        assert_eq!(t[0], secs(2026, 4, 4) + 16 * 3600);
    }

    #[test]
    fn zone_without_changes_has_one_standard_part() {
        let mut out = String::new();
        push_vtimezone(
            &mut out,
            Tz::Asia__Tokyo,
            secs(2026, 1, 1),
            secs(2027, 1, 1),
        );
        assert_eq!(out.matches("BEGIN:STANDARD").count(), 1);
        assert!(!out.contains("DAYLIGHT"));
        assert!(out.contains("TZOFFSETTO:+0900"));
    }
}
