//! Guidelines, dates and rule kinds in words for the report.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

pub use cadence_model::words::{rule_label, rule_text};

/// "1 March 2026".
pub fn long_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// "Tue 10 Mar 2026, 14:00 EDT" for an instant in a zone.
pub fn local_moment(at: i64, tz: Tz) -> String {
    tz.timestamp_opt(at, 0)
        .single()
        .map(|t| t.format("%a %-d %b %Y, %H:%M %Z").to_string())
        .unwrap_or_default()
}
