//! Suggested times as choices: the kinds of offer [`crate::Engine::suggest`] makes and the
//! words that say what each one fixes and what it leaves.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::RuleKind;

/// What kind of choice an offer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OfferKind {
    /// The nearest time (earlier or later) that fixes the flagged rules, even if it breaks
    /// something else.
    Nearest,
    /// The earliest time that breaks nothing.
    Clean,
    /// A time that breaks nothing on another day.
    Spread,
}

/// A rule an offered time still (or newly) breaks in one segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Left {
    /// The rule.
    pub rule: RuleKind,
    /// Segment id.
    pub segment: String,
    /// Whether the flagged time broke it there too (`false`: the offer newly breaks it).
    pub still: bool,
    /// For people: "in quiet hours", "the 3rd message in 7 days (max 2)".
    pub detail: String,
}

/// One suggested time with what it fixes and what it leaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Offer {
    /// Which kind of choice.
    pub kind: OfferKind,
    /// The instant (for a `local_delivery` message: in the message's own zone).
    #[serde(with = "crate::violation::utc_z")]
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The wall time in the message's zone: the value for the message's `at`.
    #[ts(type = "string")]
    pub local: NaiveDateTime,
    /// For people: "Nearest earlier", "Earliest that breaks nothing", "Another day".
    pub label: String,
    /// The flagged rules it fixes.
    pub fixes: Vec<RuleKind>,
    /// What it still or newly breaks, per segment.
    pub leaves: Vec<Left>,
    /// For people: "fixes quiet hours; still the 3rd message in 7 days (max 2) for Young
    /// parents".
    pub text: String,
}

/// A rule a candidate time breaks in one reached segment, with what the words need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Broken {
    /// The rule.
    pub kind: RuleKind,
    /// Cap: (touches in the window with the candidate, max, window days) when the candidate
    /// itself is over; `None` when it pushes a later touch over.
    pub cap: Option<(u32, u32, u32)>,
    /// Min gap: the hours.
    pub gap_hours: Option<f64>,
}

/// The short name of a rule in "fixes …": "quiet hours", "the cap".
pub fn rule_name(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Cap => "the cap",
        RuleKind::MinGap => "the minimum gap",
        RuleKind::QuietHours => "quiet hours",
        RuleKind::Blackout => "the blackout",
        RuleKind::Weekdays => "the weekdays",
        RuleKind::MinValue => "the minimum value",
        RuleKind::Consent => "consent",
    }
}

/// "1st", "2nd", "3rd", "11th".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "12", "16", "1.5" (hours without a trailing ".0").
fn hours(h: f64) -> String {
    if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h}")
    }
}

/// What a broken rule means at the offered time: "in quiet hours", "the 3rd message in 7
/// days (max 2)".
pub(crate) fn detail(broken: &Broken) -> String {
    match broken.kind {
        RuleKind::QuietHours => "in quiet hours".to_string(),
        RuleKind::Blackout => "on a blackout date".to_string(),
        RuleKind::Weekdays => "on a day it gets no messages".to_string(),
        RuleKind::Cap => match broken.cap {
            Some((count, max, days)) => format!(
                "the {} message in {days} day{} (max {max})",
                ordinal(count),
                if days == 1 { "" } else { "s" }
            ),
            None => "pushes a later message over the cap".to_string(),
        },
        RuleKind::MinGap => match broken.gap_hours {
            Some(h) => format!("within {} h of another message", hours(h)),
            None => "too close to another message".to_string(),
        },
        RuleKind::MinValue => "below the minimum value".to_string(),
        RuleKind::Consent => "without consent".to_string(),
    }
}

/// "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The offer's sentence: what it fixes, then what it leaves, segments with the same leftover
/// named together ("fixes quiet hours; still the 3rd message in 7 days (max 2) for Young
/// parents"). `names` gives a segment's name from its id.
pub(crate) fn offer_text(
    fixes: &[RuleKind],
    leaves: &[Left],
    names: impl Fn(&str) -> String,
) -> String {
    let mut parts = Vec::new();
    if !fixes.is_empty() {
        let fixed: Vec<String> = fixes.iter().map(|k| rule_name(*k).to_string()).collect();
        parts.push(format!("fixes {}", and_list(&fixed)));
    }
    if leaves.is_empty() {
        parts.push(if fixes.is_empty() {
            "breaks nothing".to_string()
        } else {
            "breaks nothing else".to_string()
        });
    }
    // Leftovers with the same words, in first-seen order, with their segments.
    let mut grouped: Vec<(bool, &str, Vec<String>)> = Vec::new();
    for left in leaves {
        let name = names(&left.segment);
        match grouped
            .iter_mut()
            .find(|(still, detail, _)| *still == left.still && *detail == left.detail)
        {
            Some((_, _, segments)) => {
                if !segments.contains(&name) {
                    segments.push(name)
                }
            }
            None => grouped.push((left.still, &left.detail, vec![name])),
        }
    }
    for (still, detail, segments) in grouped {
        parts.push(format!(
            "{} {detail} for {}",
            if still { "still" } else { "but" },
            and_list(&segments)
        ));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn left(rule: RuleKind, segment: &str, still: bool, detail: &str) -> Left {
        Left {
            rule,
            segment: segment.into(),
            still,
            detail: detail.into(),
        }
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }

    #[test]
    fn the_text_says_what_is_fixed_and_what_is_left() {
        let names = |id: &str| format!("Seg {id}");
        assert_eq!(
            offer_text(&[RuleKind::QuietHours], &[], names),
            "fixes quiet hours; breaks nothing else"
        );
        assert_eq!(offer_text(&[], &[], names), "breaks nothing");
        let cap = "the 3rd message in 7 days (max 2)";
        assert_eq!(
            offer_text(
                &[RuleKind::QuietHours],
                &[
                    left(RuleKind::Cap, "young", true, cap),
                    left(RuleKind::Cap, "parents", true, cap),
                    left(RuleKind::Blackout, "young", false, "on a blackout date"),
                ],
                names
            ),
            "fixes quiet hours; still the 3rd message in 7 days (max 2) for Seg young and \
             Seg parents; but on a blackout date for Seg young"
        );
        assert_eq!(
            offer_text(&[RuleKind::QuietHours, RuleKind::Cap], &[], names),
            "fixes quiet hours and the cap; breaks nothing else"
        );
    }

    #[test]
    fn details_name_counts_and_gaps() {
        let cap = Broken {
            kind: RuleKind::Cap,
            cap: Some((3, 2, 7)),
            gap_hours: None,
        };
        assert_eq!(detail(&cap), "the 3rd message in 7 days (max 2)");
        let later = Broken { cap: None, ..cap };
        assert_eq!(detail(&later), "pushes a later message over the cap");
        let one_day = Broken {
            cap: Some((2, 1, 1)),
            ..cap
        };
        assert_eq!(detail(&one_day), "the 2nd message in 1 day (max 1)");
        let gap = Broken {
            kind: RuleKind::MinGap,
            cap: None,
            gap_hours: Some(16.0),
        };
        assert_eq!(detail(&gap), "within 16 h of another message");
        let half = Broken {
            gap_hours: Some(1.5),
            ..gap
        };
        assert_eq!(detail(&half), "within 1.5 h of another message");
    }
}
