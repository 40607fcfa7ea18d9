//! Cell values (spec §2): numbers with thousands separators, percents and decimal commas;
//! dates in the vendor formats, with the day/month order settled over the whole file.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// True for the cells that mean "missing": empty, `n/a`, `-`, `--`.
pub fn is_missing(cell: &str) -> bool {
    let t = cell.trim();
    t.is_empty() || t == "-" || t == "--" || t.eq_ignore_ascii_case("n/a")
}

/// Parse a number (`1,234`, `1 234`, `12.0`, `40.73%`; with `decimal_comma`, `22,2 %`).
/// A percent is returned as written (40.73), not divided. `Ok(None)` for a missing cell.
pub fn parse_number(cell: &str, decimal_comma: bool) -> Result<Option<f64>, String> {
    if is_missing(cell) {
        return Ok(None);
    }
    let t = cell.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    let mut clean = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '0'..='9' | '-' | '+' | 'e' | 'E' => clean.push(c),
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '$' | '€' | '£' => {}
            ',' if decimal_comma => clean.push('.'),
            ',' => {}
            '.' if decimal_comma => {}
            '.' => clean.push('.'),
            _ => return Err(format!("\"{}\" is not a number", shorten(cell))),
        }
    }
    match clean.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("\"{}\" is not a number", shorten(cell))),
    }
}

/// Parse a count: a whole, non-negative number (`12.0` is 12).
pub fn parse_count(cell: &str, decimal_comma: bool) -> Result<Option<u64>, String> {
    // Fast path: plain digits.
    let t = cell.trim();
    if !t.is_empty() && t.len() < 19 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(t.parse().ok());
    }
    match parse_number(cell, decimal_comma)? {
        None => Ok(None),
        Some(v) if v < 0.0 => Err(format!("{} is negative", shorten(cell))),
        Some(v) if v.fract() != 0.0 => Err(format!("{} is not a whole number", shorten(cell))),
        Some(v) if v > 9.0e15 => Err(format!("{} is too large", shorten(cell))),
        Some(v) => Ok(Some(v as u64)),
    }
}

/// A cell shortened for messages.
pub fn shorten(cell: &str) -> String {
    let t = cell.trim();
    if t.chars().count() > 40 {
        format!("{}…", t.chars().take(40).collect::<String>())
    } else {
        t.to_string()
    }
}

/// Day and month order for `03/04/2025`-style dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day first.
    Dmy,
    /// Month first.
    Mdy,
}

impl DateOrder {
    /// Parse `dmy` or `mdy`.
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

/// The file's dates do not settle day/month order: the user must choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsettled;

/// What a file's slash dates say about their order.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct OrderEvidence {
    /// Some date has a first number above 12 (so day first).
    pub first_above_12: bool,
    /// Some date has a second number above 12 (so month first).
    pub second_above_12: bool,
    /// Some date could be read both ways (both ≤ 12 and different).
    pub ambiguous: bool,
}

impl OrderEvidence {
    /// Note one cell (only `a/b/yyyy` cells say anything).
    pub fn note(&mut self, cell: &str) {
        if let Some((a, b)) = slash_parts(cell) {
            if a > 12 {
                self.first_above_12 = true;
            }
            if b > 12 {
                self.second_above_12 = true;
            }
            if a <= 12 && b <= 12 && a != b {
                self.ambiguous = true;
            }
        }
    }

    /// The order the file settles, `Err(Unsettled)` when it does not (ambiguous or
    /// contradictory), `Ok(None)` when it has no ambiguous dates at all.
    pub fn settle(&self) -> Result<Option<DateOrder>, Unsettled> {
        match (self.first_above_12, self.second_above_12) {
            (true, false) => Ok(Some(DateOrder::Dmy)),
            (false, true) => Ok(Some(DateOrder::Mdy)),
            (true, true) => Err(Unsettled),
            (false, false) if self.ambiguous => Err(Unsettled),
            (false, false) => Ok(None),
        }
    }
}

fn slash_parts(cell: &str) -> Option<(u32, u32)> {
    let t = cell.trim();
    let mut parts = t.splitn(3, '/');
    let a = parts.next()?;
    let b = parts.next()?;
    let rest = parts.next()?;
    if a.is_empty() || a.len() > 2 || b.is_empty() || b.len() > 2 {
        return None;
    }
    if !rest.get(..4)?.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// How to read the dates of one file.
#[derive(Debug, Clone)]
pub struct DateRules {
    /// Order of slash dates (None: month first unless the value forces day first... only
    /// used once the file has settled or the user said).
    pub order: Option<DateOrder>,
    /// A chrono format from a mapping, tried first.
    pub format: Option<String>,
    /// Zone of times without an offset.
    pub zone: Tz,
}

/// A parsed date cell: an instant or a bare day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// An instant (UTC seconds).
    Instant(i64),
    /// A day without time.
    Day(NaiveDate),
}

impl Stamp {
    /// The instant; a bare day is its local midnight in `zone`.
    pub fn instant(self, zone: Tz) -> i64 {
        match self {
            Stamp::Instant(s) => s,
            Stamp::Day(d) => local_to_utc(d.and_time(NaiveTime::MIN), zone),
        }
    }

    /// The day; an instant's UTC day... in `zone`.
    pub fn day(self, zone: Tz) -> NaiveDate {
        match self {
            Stamp::Day(d) => d,
            Stamp::Instant(s) => DateTime::from_timestamp(s, 0)
                .map(|t| t.with_timezone(&zone).date_naive())
                .unwrap_or_default(),
        }
    }
}

/// Local wall time to UTC seconds: the earlier of a repeated hour; a time in a skipped hour
/// is read one hour later (as clocks show after the change).
pub fn local_to_utc(local: NaiveDateTime, zone: Tz) -> i64 {
    match zone.from_local_datetime(&local).earliest() {
        Some(t) => t.timestamp(),
        None => zone
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.timestamp())
            .unwrap_or_else(|| local.and_utc().timestamp()),
    }
}

/// Parse a date cell. `Ok(None)` when missing; `Err(reason)` when not a real date.
pub fn parse_stamp(cell: &str, rules: &DateRules) -> Result<Option<Stamp>, String> {
    if is_missing(cell) {
        return Ok(None);
    }
    let t = cell.trim();
    let bad = || format!("\"{}\" is not a real date", shorten(cell));
    if let Some(format) = &rules.format {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(Some(Stamp::Instant(local_to_utc(dt, rules.zone))));
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, format) {
            return Ok(Some(Stamp::Day(d)));
        }
        if let Ok(dt) = DateTime::parse_from_str(t, format) {
            return Ok(Some(Stamp::Instant(dt.timestamp())));
        }
    }
    if let Some(result) = parse_iso(t, rules.zone) {
        return result.map(Some).ok_or_else(bad);
    }
    let bytes = t.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return parse_month_name(t, rules.zone).map(Some).ok_or_else(bad);
    }
    if let Some((a, b)) = slash_parts(t) {
        let (day, month) = match rules.order {
            Some(DateOrder::Dmy) => (a, b),
            Some(DateOrder::Mdy) | None => (b, a),
        };
        return numeric(t, '/', day, month, rules.zone)
            .map(Some)
            .ok_or_else(bad);
    }
    if t.len() >= 8 && bytes.get(1..3).is_some_and(|s| s.contains(&b'.')) {
        let mut parts = t.splitn(3, '.');
        let day = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let month = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        return numeric(t, '.', day, month, rules.zone)
            .map(Some)
            .ok_or_else(bad);
    }
    Err(bad())
}

/// `a/b/yyyy[ hh:mm[:ss][ am|pm]]` with day and month already chosen.
fn numeric(t: &str, sep: char, day: u32, month: u32, zone: Tz) -> Option<Stamp> {
    let mut parts = t.splitn(3, sep);
    parts.next()?;
    parts.next()?;
    let rest = parts.next()?;
    let (year_text, time_text) = match rest.find([' ', 'T']) {
        Some(i) => (&rest[..i], Some(rest[i + 1..].trim())),
        None => (rest, None),
    };
    if year_text.len() != 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year_text.parse().ok()?, month, day)?;
    match time_text {
        None | Some("") => Some(Stamp::Day(date)),
        Some(time) => Some(Stamp::Instant(local_to_utc(
            date.and_time(parse_clock(time)?),
            zone,
        ))),
    }
}

/// `hh:mm[:ss][ am|pm]`.
fn parse_clock(text: &str) -> Option<NaiveTime> {
    let lower = text.trim().to_ascii_lowercase();
    let (clock, meridiem) = if let Some(c) = lower.strip_suffix("pm") {
        (c.trim(), Some(true))
    } else if let Some(c) = lower.strip_suffix("am") {
        (c.trim(), Some(false))
    } else {
        (lower.as_str(), None)
    };
    let mut parts = clock.split(':');
    let mut hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let second: u32 = match parts.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    if let Some(pm) = meridiem {
        if hour == 0 || hour > 12 {
            return None;
        }
        hour = (hour % 12) + if pm { 12 } else { 0 };
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// `Jun 09, 2018 09:30 pm`, `June 9, 2018`, `Jun 09, 2018 21:30:00`.
fn parse_month_name(t: &str, zone: Tz) -> Option<Stamp> {
    let (month_text, rest) = t.split_once(' ')?;
    let month = match month_text.get(..3)?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let (day_text, rest) = rest.trim_start().split_once(',')?;
    let rest = rest.trim_start();
    let (year_text, time) = match rest.split_once(' ') {
        Some((y, time)) => (y, Some(time)),
        None => (rest, None),
    };
    let date = NaiveDate::from_ymd_opt(
        year_text.parse().ok()?,
        month,
        day_text.trim().parse().ok()?,
    )?;
    match time {
        None => Some(Stamp::Day(date)),
        Some(time) => Some(Stamp::Instant(local_to_utc(
            date.and_time(parse_clock(time)?),
            zone,
        ))),
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// ISO 8601: `YYYY-MM-DD`, then optionally `T` or space, `HH:MM[:SS[.fff]]`, and `Z` or
/// `±HH[:]MM`. `None` when the cell is not ISO-shaped at all; `Some(None)` when it is but is
/// not a real date or time.
fn parse_iso(t: &str, zone: Tz) -> Option<Option<Stamp>> {
    let b = t.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let (month, day) = (digits(&b[5..7])?, digits(&b[8..10])?);
    let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day) else {
        return Some(None);
    };
    if b.len() == 10 {
        return Some(Some(Stamp::Day(date)));
    }
    Some(parse_iso_time(&b[10..], date, zone))
}

fn parse_iso_time(b: &[u8], date: NaiveDate, zone: Tz) -> Option<Stamp> {
    if !(b[0] == b'T' || b[0] == b' ') || b.len() < 6 || b[3] != b':' {
        return None;
    }
    let hour = digits(&b[1..3])?;
    let minute = digits(&b[4..6])?;
    let mut i = 6;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b.get(i + 1..i + 3)?)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    let local = date.and_time(time);
    let rest = std::str::from_utf8(&b[i..]).ok()?.trim();
    if rest.is_empty() {
        return Some(Stamp::Instant(local_to_utc(local, zone)));
    }
    if rest == "Z" || rest == "z" || rest.eq_ignore_ascii_case("utc") {
        return Some(Stamp::Instant(local.and_utc().timestamp()));
    }
    let r = rest.as_bytes();
    let sign = match r[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body: Vec<u8> = r[1..].iter().copied().filter(|c| *c != b':').collect();
    let (oh, om) = match body.len() {
        2 => (digits(&body)?, 0),
        4 => (digits(&body[..2])?, digits(&body[2..])?),
        _ => return None,
    };
    if oh > 23 || om > 59 {
        return None;
    }
    let offset = sign * i64::from(oh * 3600 + om * 60);
    Some(Stamp::Instant(local.and_utc().timestamp() - offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(order: Option<DateOrder>) -> DateRules {
        DateRules {
            order,
            format: None,
            zone: chrono_tz::Europe::Berlin,
        }
    }

    fn utc(text: &str) -> i64 {
        DateTime::parse_from_rfc3339(text).unwrap().timestamp()
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1,234", false), Ok(Some(1234.0)));
        assert_eq!(parse_number("1 234", false), Ok(Some(1234.0)));
        assert_eq!(parse_number("40.73%", false), Ok(Some(40.73)));
        assert_eq!(parse_number("22,2 %", true), Ok(Some(22.2)));
        assert_eq!(parse_number("1.234,5", true), Ok(Some(1234.5)));
        assert_eq!(parse_number("n/a", false), Ok(None));
        assert_eq!(parse_number("$1,120.50", false), Ok(Some(1120.5)));
        assert_eq!(parse_number("--", false), Ok(None));
        assert!(parse_number("abc", false).is_err());
        assert_eq!(parse_count("12.0", false), Ok(Some(12)));
        assert!(parse_count("-3", false).unwrap_err().contains("negative"));
        assert!(parse_count("2.5", false).unwrap_err().contains("whole"));
    }

    #[test]
    fn iso_forms() {
        let r = rules(None);
        let at = |s| parse_stamp(s, &r).unwrap().unwrap().instant(r.zone);
        assert_eq!(at("2025-03-04T08:15:00Z"), utc("2025-03-04T08:15:00Z"));
        assert_eq!(at("2025-03-04 08:15"), utc("2025-03-04T07:15:00Z"));
        assert_eq!(at("2025-03-04T08:15:30+02:00"), utc("2025-03-04T06:15:30Z"));
        assert_eq!(
            at("2025-03-04T08:15:30.123-0500"),
            utc("2025-03-04T13:15:30Z")
        );
        assert_eq!(at("2025-03-04"), utc("2025-03-03T23:00:00Z"));
        assert!(parse_stamp("2025-02-30", &r).is_err());
        assert!(parse_stamp("2025-02-10T25:00", &r).is_err());
    }

    #[test]
    fn vendor_forms() {
        let r = rules(Some(DateOrder::Dmy));
        let at = |s| parse_stamp(s, &r).unwrap().unwrap().instant(r.zone);
        assert_eq!(at("Jun 09, 2018 09:30 pm"), utc("2018-06-09T19:30:00Z"));
        assert_eq!(at("Jun 09, 2018 12:05 am"), utc("2018-06-08T22:05:00Z"));
        assert_eq!(at("08/03/2025 19:30"), utc("2025-03-08T18:30:00Z"));
        assert_eq!(at("04.03.2025 08:15"), utc("2025-03-04T07:15:00Z"));
        let m = rules(Some(DateOrder::Mdy));
        assert_eq!(
            parse_stamp("08/03/2025 19:30", &m)
                .unwrap()
                .unwrap()
                .instant(m.zone),
            utc("2025-08-03T17:30:00Z")
        );
        assert!(parse_stamp("13/13/2025", &m).is_err());
        assert!(parse_stamp("Foo 09, 2018", &r).is_err());
    }

    #[test]
    fn dst_edges() {
        let r = rules(None);
        // 02:30 does not exist on 2025-03-30 in Berlin: read as 03:30 CEST.
        let at = parse_stamp("2025-03-30 02:30", &r).unwrap().unwrap();
        assert_eq!(at.instant(r.zone), utc("2025-03-30T01:30:00Z"));
        // 02:30 happens twice on 2025-10-26: the first.
        let at = parse_stamp("2025-10-26 02:30", &r).unwrap().unwrap();
        assert_eq!(at.instant(r.zone), utc("2025-10-26T00:30:00Z"));
    }

    #[test]
    fn order_evidence() {
        let mut e = OrderEvidence::default();
        e.note("03/04/2025");
        assert_eq!(e.settle(), Err(Unsettled));
        e.note("25/04/2025");
        assert_eq!(e.settle(), Ok(Some(DateOrder::Dmy)));
        let mut m = OrderEvidence::default();
        m.note("04/25/2025 10:00");
        m.note("2025-01-01");
        assert_eq!(m.settle(), Ok(Some(DateOrder::Mdy)));
        assert_eq!(OrderEvidence::default().settle(), Ok(None));
    }
}
