//! Guidelines, dates and rule kinds in words for the report.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use cadence_model::{Plan, Rule};

/// A rule kind for people.
pub fn rule_label(kind: &str) -> &'static str {
    match kind {
        "cap" => "Frequency cap",
        "min_gap" => "Minimum gap",
        "quiet_hours" => "Quiet hours",
        "blackout" => "Blackout date",
        "weekdays" => "Allowed weekdays",
        "min_value" => "Minimum value",
        "consent" => "Consent",
        _ => "Other",
    }
}

/// Channel names for a filter ("Email, SMS").
fn channel_names(plan: &Plan, channels: &Option<Vec<String>>) -> String {
    channels
        .as_ref()
        .map(|list| {
            let names: Vec<&str> = list
                .iter()
                .map(|id| plan.channel(id).map_or(id.as_str(), |c| c.name.as_str()))
                .collect();
            format!(" on {}", names.join(", "))
        })
        .unwrap_or_default()
}

/// A guideline in one sentence.
pub fn rule_text(plan: &Plan, rule: &Rule) -> String {
    match rule {
        Rule::Cap {
            max,
            window_days,
            channels,
        } => format!(
            "At most {max} {}{} in any {window_days} {}",
            if *max == 1 { "touch" } else { "touches" },
            channel_names(plan, channels),
            if *window_days == 1 { "day" } else { "days" }
        ),
        Rule::MinGap { hours, channels } => format!(
            "At least {hours} h between touches{}",
            channel_names(plan, channels)
        ),
        Rule::QuietHours { start, end } => format!("No touches from {start} to {end} local time"),
        Rule::Blackout { dates } => format!(
            "No touches on {}",
            dates
                .iter()
                .map(|d| long_date(*d))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Rule::Weekdays { allowed } => format!(
            "Touches only on {}",
            allowed
                .iter()
                .map(|d| format!("{d:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Rule::MinValue { score } => format!(
            "Directly targeted messages score at least {score} and answer every required checklist item yes"
        ),
    }
}

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
