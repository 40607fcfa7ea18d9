//! Time helpers shared by validation and the engine: IANA zones, "HH:MM", local wall times
//! at DST changes, and RFC 5545 recurrences expanded in local wall time.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::RRuleSet;

/// Look up an IANA time zone by name ("America/New_York").
pub fn parse_timezone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// Parse a strict "HH:MM" local time of day (00:00 to 23:59).
pub fn parse_hhmm(text: &str) -> Option<NaiveTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' {
        return None;
    }
    if !bytes
        .iter()
        .enumerate()
        .all(|(i, b)| i == 2 || b.is_ascii_digit())
    {
        return None;
    }
    let hours: u32 = text[0..2].parse().ok()?;
    let minutes: u32 = text[3..5].parse().ok()?;
    NaiveTime::from_hms_opt(hours, minutes, 0)
}

/// The instant of a local wall time in `tz`, by the spec's rules: a time in a spring-forward
/// gap moves forward by the gap; an ambiguous fall-back time takes the earlier instant.
pub fn local_to_utc(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        LocalResult::None => {
            // In a gap: the offset before the gap applied to the wall time lands exactly
            // `gap` later on the other side, which is "moved forward by the gap".
            let before = find_valid_before(local, tz);
            let offset = before.offset().fix();
            let utc = local - Duration::seconds(offset.local_minus_utc() as i64);
            DateTime::<Utc>::from_naive_utc_and_offset(utc, Utc)
        }
    }
}

/// The latest valid local time before a gap (gaps are at most a few hours).
fn find_valid_before(local: NaiveDateTime, tz: Tz) -> DateTime<Tz> {
    let mut probe = local;
    for _ in 0..(48 * 4) {
        probe -= Duration::minutes(15);
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t,
            LocalResult::Ambiguous(t, _) => return t,
            LocalResult::None => continue,
        }
    }
    // No zone has a 48 h gap; treat the wall time as UTC rather than panic.
    Utc.from_utc_datetime(&local).with_timezone(&tz)
}

/// Parse an RRULE (without DTSTART) against a local first occurrence. Errors are for people.
pub fn parse_rrule(rrule: &str, at: NaiveDateTime) -> Result<RRuleSet, String> {
    let rrule = rrule.trim();
    if rrule.is_empty() {
        return Err("empty RRULE".to_string());
    }
    let upper = rrule.to_ascii_uppercase();
    if upper.contains("DTSTART") || upper.contains('\n') {
        return Err("give only the RRULE value (no DTSTART, no line breaks)".to_string());
    }
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    let body = floating_until(body);
    // Recurrences are expanded in local wall time: DTSTART is the wall time written as
    // UTC, and every result is read back as a wall time.
    let text = format!("DTSTART:{}Z\nRRULE:{}", at.format("%Y%m%dT%H%M%S"), body);
    text.parse::<RRuleSet>().map_err(|e| e.to_string())
}

/// UNTIL in local wall time: the rrule crate wants it in DTSTART's zone (here the
/// floating "UTC" of wall times), so a trailing `Z` is implied and a bare date is the end of
/// that day.
fn floating_until(body: &str) -> String {
    body.split(';')
        .map(|part| match part.strip_prefix("UNTIL=") {
            Some(value) if value.len() == 8 => format!("UNTIL={value}T235959Z"),
            Some(value) if !value.ends_with('Z') => format!("UNTIL={value}Z"),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Local wall times of a message's occurrences, from its first one up to `until` (exclusive),
/// at most `limit` of them. Without an RRULE, just `at`.
pub fn occurrences(
    at: NaiveDateTime,
    rrule: Option<&str>,
    until: NaiveDateTime,
    limit: u16,
) -> Result<Vec<NaiveDateTime>, String> {
    let Some(rrule) = rrule else {
        return Ok(if at < until { vec![at] } else { Vec::new() });
    };
    let set = parse_rrule(rrule, at)?;
    let before = rrule::Tz::UTC.from_utc_datetime(&until);
    let result = set.before(before).all(limit);
    Ok(result
        .dates
        .into_iter()
        .map(|d| d.naive_utc())
        .filter(|d| *d < until)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn hhmm_is_strict() {
        assert_eq!(parse_hhmm("08:30"), NaiveTime::from_hms_opt(8, 30, 0));
        assert_eq!(parse_hhmm("23:59"), NaiveTime::from_hms_opt(23, 59, 0));
        for bad in ["8:30", "24:00", "12:60", "ab:cd", "12-30", "12:300", ""] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }

    #[test]
    fn spring_forward_gap_moves_forward() {
        let ny = parse_timezone("America/New_York").unwrap();
        // 2026-03-08 02:30 does not exist in New York; it becomes 03:30 EDT = 07:30 UTC.
        let t = local_to_utc(local(2026, 3, 8, 2, 30), ny);
        assert_eq!(t.naive_utc(), local(2026, 3, 8, 7, 30));
    }

    #[test]
    fn fall_back_takes_earlier_instant() {
        let ny = parse_timezone("America/New_York").unwrap();
        // 2026-11-01 01:30 happens twice; the earlier is EDT (UTC-4) = 05:30 UTC.
        let t = local_to_utc(local(2026, 11, 1, 1, 30), ny);
        assert_eq!(t.naive_utc(), local(2026, 11, 1, 5, 30));
    }

    #[test]
    fn weekly_rrule_keeps_wall_time_across_dst() {
        let occ = occurrences(
            local(2026, 3, 3, 9, 0),
            Some("FREQ=WEEKLY;BYDAY=TU;COUNT=4"),
            local(2027, 1, 1, 0, 0),
            1000,
        )
        .unwrap();
        assert_eq!(
            occ,
            vec![
                local(2026, 3, 3, 9, 0),
                local(2026, 3, 10, 9, 0),
                local(2026, 3, 17, 9, 0),
                local(2026, 3, 24, 9, 0)
            ]
        );
    }

    #[test]
    fn until_in_local_time_is_accepted() {
        let occ = occurrences(
            local(2026, 3, 1, 9, 0),
            Some("FREQ=DAILY;UNTIL=20260303"),
            local(2027, 1, 1, 0, 0),
            1000,
        )
        .unwrap();
        assert_eq!(occ.len(), 3);
    }

    #[test]
    fn bad_rrules_are_rejected() {
        for bad in ["", "FREQ=SOMETIMES", "DTSTART:20260101T000000Z", "COUNT=3"] {
            assert!(parse_rrule(bad, local(2026, 1, 1, 9, 0)).is_err(), "{bad}");
        }
    }
}
