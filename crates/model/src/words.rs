//! Guidelines in words: one sentence per rule, the same in the app, the CLI and the PDF.

use chrono::NaiveDate;

use crate::{Plan, Rule};

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

/// Channel names for a filter (" on Email, SMS"), each id named by `name`.
fn channel_names(channels: &Option<Vec<String>>, name: &dyn Fn(&str) -> String) -> String {
    channels
        .as_ref()
        .map(|list| {
            let names: Vec<String> = list.iter().map(|id| name(id)).collect();
            format!(" on {}", names.join(", "))
        })
        .unwrap_or_default()
}

/// A guideline in one sentence, channels named as `plan` names them.
pub fn rule_text(plan: &Plan, rule: &Rule) -> String {
    rule_words(rule, &|id| {
        plan.channel(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    })
}

/// A guideline in one sentence, each channel id named by `channel_name`: the one wording
/// of a rule, for callers that hold the channel names but not the plan (the engine).
pub fn rule_words(rule: &Rule, channel_name: &dyn Fn(&str) -> String) -> String {
    match rule {
        Rule::Cap {
            max,
            window_days,
            channels,
        } => format!(
            "At most {max} {}{} in any {window_days} {}",
            if *max == 1 { "touch" } else { "touches" },
            channel_names(channels, channel_name),
            if *window_days == 1 { "day" } else { "days" }
        ),
        Rule::MinGap { hours, channels } => format!(
            "At least {hours} h between touches{}",
            channel_names(channels, channel_name)
        ),
        Rule::QuietHours { start, end } => format!("No touches from {start} to {end} local time"),
        Rule::Blackout { dates } if dates.is_empty() => "No blackout dates yet".to_string(),
        Rule::Weekdays { allowed } if allowed.is_empty() => {
            "Touches on no day of the week".to_string()
        }
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
fn long_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_reads_as_one_sentence_with_channel_names() {
        let plan: Plan = crate::parse_plan_bytes(
            br#"{"format":"cadence-plan","version":1,"horizon":{"start":"2026-01-01","end":"2027-01-01"},"channels":[{"id":"email","name":"Email","requires_consent":true}],"clients":[]}"#,
        )
        .unwrap_or_else(|err| panic!("{err:?}"));
        let cap: Rule =
            serde_json::from_str(r#"{"kind":"cap","max":1,"window_days":7,"channels":["email"]}"#)
                .unwrap();
        assert_eq!(
            rule_text(&plan, &cap),
            "At most 1 touch on Email in any 7 days"
        );
        let blackout: Rule =
            serde_json::from_str(r#"{"kind":"blackout","dates":["2026-12-24"]}"#).unwrap();
        assert_eq!(
            rule_text(&plan, &blackout),
            "No touches on 24 December 2026"
        );
        let empty: Rule = serde_json::from_str(r#"{"kind":"blackout","dates":[]}"#).unwrap();
        assert_eq!(rule_text(&plan, &empty), "No blackout dates yet");
        let none: Rule = serde_json::from_str(r#"{"kind":"weekdays","allowed":[]}"#).unwrap();
        assert_eq!(rule_text(&plan, &none), "Touches on no day of the week");
        assert_eq!(rule_label("min_gap"), "Minimum gap");
    }
}
