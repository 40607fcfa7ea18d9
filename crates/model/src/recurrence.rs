//! Recurrences for people: a plain-language description of an RRULE and its next dates.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use ts_rs::TS;

use crate::time::{occurrences, parse_rrule};

/// What the message editor shows under the recurrence field.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RecurrencePreview {
    /// "Every 2 weeks on Tuesday and Saturday, 16 times".
    pub text: String,
    /// The first occurrences (local wall times), at most the number asked for.
    #[ts(type = "Array<string>")]
    pub next: Vec<NaiveDateTime>,
    /// Why the RRULE is not valid, if it is not.
    pub error: Option<String>,
}

/// Describe the series starting at `at` with `rrule` (`None`: a single occurrence) and list
/// up to `count` occurrences.
pub fn preview(at: NaiveDateTime, rrule: Option<&str>, count: u16) -> RecurrencePreview {
    let rule = rrule.map(str::trim).filter(|r| !r.is_empty());
    let Some(rule) = rule else {
        return RecurrencePreview {
            text: "Once".into(),
            next: vec![at],
            error: None,
        };
    };
    if let Err(err) = parse_rrule(rule, at) {
        return RecurrencePreview {
            text: "Invalid recurrence".into(),
            next: Vec::new(),
            error: Some(err),
        };
    }
    let far = NaiveDate::MAX.and_hms_opt(0, 0, 0).expect("valid");
    match occurrences(at, Some(rule), far, count) {
        Ok(next) => RecurrencePreview {
            text: describe(rule),
            next,
            error: None,
        },
        Err(err) => RecurrencePreview {
            text: "Invalid recurrence".into(),
            next: Vec::new(),
            error: Some(err),
        },
    }
}

const DAY_NAMES: [(&str, &str); 7] = [
    ("MO", "Monday"),
    ("TU", "Tuesday"),
    ("WE", "Wednesday"),
    ("TH", "Thursday"),
    ("FR", "Friday"),
    ("SA", "Saturday"),
    ("SU", "Sunday"),
];

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn ordinal(n: i64) -> String {
    match n {
        -1 => "last".into(),
        -2 => "second to last".into(),
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        4 => "fourth".into(),
        5 => "fifth".into(),
        n => {
            let suffix = match (n % 10, n % 100) {
                (1, r) if r != 11 => "st",
                (2, r) if r != 12 => "nd",
                (3, r) if r != 13 => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// "Monday and Thursday", "the first Wednesday", "the last Friday".
fn days(list: &str) -> Option<String> {
    let mut out = Vec::new();
    for item in list.split(',') {
        let item = item.trim();
        let split = item.len().checked_sub(2)?;
        let (n, code) = item.split_at(split);
        let name = DAY_NAMES.iter().find(|(c, _)| *c == code)?.1;
        if n.is_empty() {
            out.push(name.to_string());
        } else {
            out.push(format!("the {} {name}", ordinal(n.parse().ok()?)));
        }
    }
    Some(join(&out))
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A plain-language description of an RRULE value; unusual rules read "Custom: …".
pub fn describe(rrule: &str) -> String {
    let body = rrule
        .trim()
        .trim_start_matches("RRULE:")
        .to_ascii_uppercase();
    let mut freq = None;
    let mut interval = 1i64;
    let mut parts = Vec::new();
    let mut end = None;
    for part in body.split(';').filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            return format!("Custom: {rrule}");
        };
        match key {
            "FREQ" => freq = Some(value.to_string()),
            "INTERVAL" => interval = value.parse().unwrap_or(1),
            "BYDAY" => match days(value) {
                Some(text) => parts.push(format!("on {text}")),
                None => return format!("Custom: {rrule}"),
            },
            "BYMONTHDAY" => {
                let list: Option<Vec<String>> = value
                    .split(',')
                    .map(|d| {
                        d.parse::<i64>().ok().map(|d| {
                            if d < 0 {
                                format!("the {} day", ordinal(d))
                            } else {
                                format!("day {d}")
                            }
                        })
                    })
                    .collect();
                match list {
                    Some(list) => parts.push(format!("on {}", join(&list))),
                    None => return format!("Custom: {rrule}"),
                }
            }
            "BYMONTH" => {
                let list: Option<Vec<String>> = value
                    .split(',')
                    .map(|m| {
                        m.parse::<usize>()
                            .ok()
                            .and_then(|m| MONTH_NAMES.get(m.checked_sub(1)?))
                            .map(|s| s.to_string())
                    })
                    .collect();
                match list {
                    Some(list) => parts.push(format!("in {}", join(&list))),
                    None => return format!("Custom: {rrule}"),
                }
            }
            "COUNT" => {
                end = Some(match value.parse::<i64>() {
                    Ok(1) => "once".to_string(),
                    Ok(n) => format!("{n} times"),
                    Err(_) => return format!("Custom: {rrule}"),
                })
            }
            "UNTIL" => {
                let date = value
                    .get(0..8)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
                match date {
                    Some(date) => end = Some(format!("until {}", date.format("%-d %b %Y"))),
                    None => return format!("Custom: {rrule}"),
                }
            }
            "WKST" => {}
            _ => return format!("Custom: {rrule}"),
        }
    }
    let unit = match freq.as_deref() {
        Some("DAILY") => ("day", "Daily"),
        Some("WEEKLY") => ("week", "Weekly"),
        Some("MONTHLY") => ("month", "Monthly"),
        Some("YEARLY") => ("year", "Yearly"),
        Some("HOURLY") => ("hour", "Hourly"),
        _ => return format!("Custom: {rrule}"),
    };
    let mut text = match interval {
        1 => format!("Every {}", unit.0),
        n => format!("Every {n} {}s", unit.0),
    };
    for part in parts {
        text.push(' ');
        text.push_str(&part);
    }
    if let Some(end) = end {
        text.push_str(", ");
        text.push_str(&end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_rules_read_naturally() {
        let cases = [
            (
                "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
                "Every week on Tuesday, 4 times",
            ),
            (
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SA",
                "Every 2 weeks on Tuesday and Saturday",
            ),
            (
                "FREQ=MONTHLY;BYDAY=1WE;COUNT=4",
                "Every month on the first Wednesday, 4 times",
            ),
            ("FREQ=MONTHLY;BYDAY=-1FR", "Every month on the last Friday"),
            ("FREQ=MONTHLY;BYMONTHDAY=5", "Every month on day 5"),
            (
                "FREQ=DAILY;INTERVAL=3;UNTIL=20260303",
                "Every 3 days, until 3 Mar 2026",
            ),
            (
                "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
                "Every year in December on day 24",
            ),
            ("FREQ=WEEKLY;COUNT=1", "Every week, once"),
            ("FREQ=MINUTELY", "Custom: FREQ=MINUTELY"),
            ("FREQ=WEEKLY;BYSETPOS=1", "Custom: FREQ=WEEKLY;BYSETPOS=1"),
        ];
        for (rule, text) in cases {
            assert_eq!(describe(rule), text, "{rule}");
        }
    }

    #[test]
    fn preview_lists_the_next_dates_or_the_error() {
        let at = NaiveDate::from_ymd_opt(2026, 3, 3)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let p = preview(at, Some("FREQ=WEEKLY;BYDAY=TU"), 3);
        assert_eq!(p.text, "Every week on Tuesday");
        assert_eq!(p.next.len(), 3);
        assert_eq!(p.next[2].to_string(), "2026-03-17 09:00:00");
        assert_eq!(p.error, None);
        let once = preview(at, None, 3);
        assert_eq!((once.text.as_str(), once.next.len()), ("Once", 1));
        let bad = preview(at, Some("FREQ=SOMETIMES"), 3);
        assert!(bad.error.is_some() && bad.next.is_empty());
    }
}
