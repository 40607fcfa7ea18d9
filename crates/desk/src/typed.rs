//! Dates and times typed into text fields, read the one way the app reads them.
//!
//! A date may be written `2026-11-07` (also with `/` or `.`), `7.11.2026` (always day first)
//! or `7/11/2026`, which is month first when the locale writes the month before the day (as
//! en-US does) and day first otherwise. A time is `HH:MM` on the 24-hour clock (seconds
//! allowed, as a time input may send them).

use cadence_model::recurrence_preset::{RecurrencePreset, WrittenRecurrence};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;
use ts_rs::TS;

/// What a typed date reads as.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TypedDate {
    /// The date read, when the text is one.
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    /// How it was read ("day.month.year"), when it was.
    pub how: Option<String>,
    /// Why it cannot be read, when it cannot.
    pub problem: Option<String>,
    /// How dates may be written in this locale ("YYYY-MM-DD or DD.MM.YYYY"), for the field.
    pub hint: String,
}

/// What a typed date and time read as together.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TypedWhen {
    /// The date.
    pub date: TypedDate,
    /// Why the time cannot be read, when it cannot.
    pub time_problem: Option<String>,
    /// The local wall time they make, when both were read ("2026-11-07T09:30:00").
    #[ts(type = "string | null")]
    pub at: Option<NaiveDateTime>,
}

/// Languages whose numeric dates put the month before the day in every region.
const MONTH_FIRST_LANGUAGES: &[&str] = &["eu", "fil", "hu", "ja", "ko", "lt", "mn", "zh"];

/// English regions that write the month first (a bare "en" is American English too).
const MONTH_FIRST_ENGLISH: &[&str] = &["US", "AS", "CA", "GU", "MP", "PH", "PR", "UM", "VI"];

/// Whether `locale` (a BCP 47 tag such as "en-US"; `None` for none) writes the month before
/// the day in numeric dates. No locale: day first.
pub fn month_first(locale: Option<&str>) -> bool {
    let Some(tag) = locale else { return false };
    let mut parts = tag.split(['-', '_']);
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    let region = parts
        .find(|p| p.len() == 2 || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit())))
        .map(|p| p.to_ascii_uppercase());
    if language == "en" {
        return region.is_none_or(|r| MONTH_FIRST_ENGLISH.contains(&r.as_str()));
    }
    MONTH_FIRST_LANGUAGES.contains(&language.as_str())
}

/// How dates may be typed in `locale`: ISO, then the locale's own order.
pub fn date_hint(locale: Option<&str>) -> String {
    if month_first(locale) {
        "YYYY-MM-DD or MM/DD/YYYY".into()
    } else {
        "YYYY-MM-DD or DD.MM.YYYY".into()
    }
}

/// Three runs of at most four digits separated by one character of `seps`, the same twice.
fn three_numbers<'a>(text: &'a str, seps: &[char]) -> Option<(char, [&'a str; 3])> {
    let sep = text.chars().find(|c| !c.is_ascii_digit())?;
    if !seps.contains(&sep) {
        return None;
    }
    let parts: Vec<&str> = text.split(sep).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    [a, b, c]
        .into_iter()
        .all(digits)
        .then_some((sep, [a, b, c]))
}

/// Read the date typed as `text` in `locale`.
pub fn read_date(text: &str, locale: Option<&str>) -> TypedDate {
    let hint = date_hint(locale);
    let refused = |problem: String| TypedDate {
        date: None,
        how: None,
        problem: Some(problem),
        hint: hint.clone(),
    };
    let value = text.trim();
    if value.is_empty() {
        return refused("Date is required.".into());
    }
    let unreadable = || refused(format!("Not a date: write it as {hint}."));
    let Some((sep, [a, b, c])) = three_numbers(value, &['-', '/', '.']) else {
        return unreadable();
    };
    let number = |s: &str| s.parse::<u32>().ok();
    let (year, month, day, how) = match (a.len(), c.len(), sep) {
        (4, 1..=2, _) if b.len() <= 2 => (a, b, c, "year-month-day"),
        (1..=2, 4, '.') if b.len() <= 2 => (c, b, a, "day.month.year"),
        (1..=2, 4, '/') if b.len() <= 2 && month_first(locale) => (c, a, b, "month/day/year"),
        (1..=2, 4, '/') if b.len() <= 2 => (c, b, a, "day/month/year"),
        _ => return unreadable(),
    };
    let (Some(y), Some(m), Some(d)) = (number(year), number(month), number(day)) else {
        return unreadable();
    };
    match NaiveDate::from_ymd_opt(y as i32, m, d) {
        Some(date) => TypedDate {
            date: Some(date),
            how: Some(how.into()),
            problem: None,
            hint,
        },
        None => refused(format!(
            "{value} is not a day of the calendar (read as {how})."
        )),
    }
}

/// Read the date typed as `text` in `locale` into a field that may stay empty: blank text
/// reads as no date and no problem.
pub fn read_optional_date(text: &str, locale: Option<&str>) -> TypedDate {
    if text.trim().is_empty() {
        return TypedDate {
            date: None,
            how: None,
            problem: None,
            hint: date_hint(locale),
        };
    }
    read_date(text, locale)
}

/// `preset` ending on the last day typed as `text` (read in `locale`): a day read ends it
/// then (and no longer after a count), a blank one leaves it without an end date. A day that
/// cannot be read is refused as the written preset with no RRULE and the reading's problem.
pub fn with_typed_until(
    mut preset: RecurrencePreset,
    text: &str,
    locale: Option<&str>,
) -> Result<RecurrencePreset, WrittenRecurrence> {
    let typed = read_optional_date(text, locale);
    if let Some(problem) = typed.problem {
        return Err(WrittenRecurrence {
            preset,
            rrule: None,
            problem: Some(format!("Last day: {problem}")),
        });
    }
    preset.until = typed.date;
    if preset.until.is_some() {
        preset.count = None;
    }
    Ok(preset)
}

/// Read a time typed as `text`: `HH:MM` (or `HH:MM:SS`) on the 24-hour clock.
pub fn read_time(text: &str) -> Result<NaiveTime, String> {
    let value = text.trim();
    if value.is_empty() {
        return Err("Time is required.".into());
    }
    let wrong = || "Write the time as HH:MM (24-hour).".to_string();
    let parts: Vec<&str> = value.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(wrong());
    }
    let n = |i: usize| parts.get(i).map_or(Some(0), |p| p.parse::<u32>().ok());
    match (n(0), n(1), n(2)) {
        (Some(h), Some(m), Some(s)) => NaiveTime::from_hms_opt(h, m, s).ok_or_else(wrong),
        _ => Err(wrong()),
    }
}

/// Read a typed date and time together.
pub fn read_when(date: &str, time: &str, locale: Option<&str>) -> TypedWhen {
    let date = read_date(date, locale);
    let time = read_time(time);
    let at = match (date.date, &time) {
        (Some(d), Ok(t)) => Some(d.and_time(*t)),
        _ => None,
    };
    TypedWhen {
        date,
        time_problem: time.err(),
        at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, locale: Option<&str>) -> Option<String> {
        read_date(text, locale).date.map(|d| d.to_string())
    }

    #[test]
    fn an_optional_date_may_stay_blank_but_not_be_wrong() {
        let blank = read_optional_date("  ", Some("en-US"));
        assert_eq!(
            (blank.date, blank.problem, blank.hint.as_str()),
            (None, None, "YYYY-MM-DD or MM/DD/YYYY")
        );
        let read = read_optional_date("11/13/2026", Some("en-US"));
        assert_eq!(read.date, NaiveDate::from_ymd_opt(2026, 11, 13));
        assert_eq!(read.how.as_deref(), Some("month/day/year"));
        let wrong = read_optional_date("13/13/2026", Some("en-US"));
        assert_eq!(wrong.date, None);
        assert_eq!(
            wrong.problem.as_deref(),
            Some("13/13/2026 is not a day of the calendar (read as month/day/year).")
        );
    }

    #[test]
    fn month_first_by_locale() {
        assert!(month_first(Some("en-US")));
        assert!(month_first(Some("en")));
        assert!(month_first(Some("ja-JP")));
        assert!(!month_first(Some("en-GB")));
        assert!(!month_first(Some("de-DE")));
        assert!(!month_first(None));
    }

    #[test]
    fn shapes_that_are_not_dates() {
        for text in [
            "2026-11",
            "2026-11-07-01",
            "7.11.26",
            "2026-11/07",
            "x",
            "12345-1-1",
        ] {
            assert_eq!(read(text, None), None, "{text}");
            assert!(read_date(text, None)
                .problem
                .unwrap()
                .starts_with("Not a date"));
        }
    }

    #[test]
    fn times() {
        assert_eq!(read_time("09:30").unwrap().to_string(), "09:30:00");
        assert_eq!(read_time("23:59:59").unwrap().to_string(), "23:59:59");
        for text in ["9:30", "24:00", "12:60", "1230", "12:30 pm"] {
            assert_eq!(
                read_time(text).unwrap_err(),
                "Write the time as HH:MM (24-hour)."
            );
        }
        assert_eq!(read_time(" ").unwrap_err(), "Time is required.");
    }
}
