//! Violation records (spec section 4), their stable JSON and their order, plus the
//! explanation that goes with each one in reports.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::{Rule, RuleKind};

use crate::cascade::RuleSource;

/// How serious a violation is. Version 1 of the spec only knows errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A guideline is broken.
    Error,
}

/// One failing (rule, touch): exactly the spec's record. `detail` is for people and may
/// change; every other field is stable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    /// The rule's kind ("cap", "consent", ...).
    pub rule: RuleKind,
    /// Segment id.
    pub segment: String,
    /// Message id.
    pub message: String,
    /// 0-based index among the message's occurrences, counted from its first one.
    pub occurrence: u32,
    /// The touch's instant, RFC 3339 UTC with `Z`.
    #[serde(with = "utc_z")]
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Channel id of the message.
    pub channel: String,
    /// Whether the segment is targeted directly (false: inherited from an ancestor).
    pub direct: bool,
    /// Cap only: the window length.
    pub window_days: Option<u32>,
    /// Cap and min_gap: the rule's channel filter, sorted; `null` when it has none.
    pub channels: Option<Vec<String>>,
    /// Cap: `max`; min_gap: `hours`; min_value: `score`. `null` for the other rules.
    #[serde(with = "opt_number")]
    #[ts(type = "number | null")]
    pub limit: Option<f64>,
    /// Cap: touches in the window, this one included. `null` for the other rules.
    pub count: Option<u32>,
    /// Always `error` in version 1.
    pub severity: Severity,
    /// A sentence for people.
    pub detail: String,
}

impl Violation {
    /// The spec's order: (at, message, segment, rule), then the rule's window and channels
    /// and the occurrence so that two caps on the same touch also have a fixed order.
    pub fn spec_order(&self, other: &Self) -> Ordering {
        self.at
            .cmp(&other.at)
            .then_with(|| self.message.cmp(&other.message))
            .then_with(|| self.segment.cmp(&other.segment))
            .then_with(|| self.rule.as_str().cmp(other.rule.as_str()))
            .then_with(|| self.window_days.cmp(&other.window_days))
            .then_with(|| self.channels.cmp(&other.channels))
            .then_with(|| self.occurrence.cmp(&other.occurrence))
    }
}

/// A touch named in an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TouchRef {
    /// Message id.
    pub message: String,
    /// Occurrence index.
    pub occurrence: u32,
    /// Instant, RFC 3339 UTC.
    #[serde(with = "utc_z")]
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Local wall time in the segment's zone, "2026-03-10 10:00 EDT".
    pub local: String,
    /// Channel id.
    pub channel: String,
    /// Direct or inherited.
    pub direct: bool,
}

/// Why a violation happened, for people: the rule, where it was set, and the touches
/// involved (for cap, the ones filling the window; for min_gap, the previous one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Explanation {
    /// The whole explanation as a sentence or two.
    pub text: String,
    /// The rule as set (after the cascade); `None` for consent.
    pub rule: Option<Rule>,
    /// Where the rule was set.
    pub source: RuleSource,
    /// The segment's time zone.
    pub timezone: String,
    /// The flagged touch's local wall time in that zone.
    pub local: String,
    /// The touches involved, oldest first (the flagged one last); at most
    /// [`MAX_LISTED`] of them.
    pub touches: Vec<TouchRef>,
    /// Touches involved but not listed.
    pub more: u32,
}

/// Most touches an explanation lists.
pub const MAX_LISTED: usize = 12;

/// A violation with its explanation: what the UI and the text report show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Finding {
    /// The stable record.
    pub violation: Violation,
    /// Why.
    pub explanation: Explanation,
}

/// `DateTime<Utc>` as RFC 3339 with `Z` and whole seconds.
pub(crate) mod utc_z {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(serde::de::Error::custom)
    }
}

/// `Option<f64>` written as an integer when whole (`2`, not `2.0`).
mod opt_number {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            None => s.serialize_none(),
            Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => s.serialize_i64(*v as i64),
            Some(v) => s.serialize_f64(*v),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<f64>::deserialize(d)
    }
}
