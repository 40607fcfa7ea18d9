//! The rule cascade (spec section 3): client rules, then each ancestor's from the root down,
//! then the segment's own; a later rule with the same key replaces an earlier one.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::time::parse_hhmm;
use cadence_model::{Rule, RuleKind};

/// Where an effective rule was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum RuleSource {
    /// On the client: applies to all its segments.
    Client {
        /// Client id.
        client: String,
        /// Its display name.
        name: String,
    },
    /// On an enclosing segment (a parent or a further ancestor).
    Ancestor {
        /// Id of the segment the rule is set on.
        segment: String,
        /// Its display name.
        name: String,
    },
    /// On the segment itself.
    Segment {
        /// Segment id.
        segment: String,
    },
    /// Not a configured rule: consent is always checked.
    AlwaysOn,
}

impl RuleSource {
    /// Where the rule is set, in the one wording the app, the CLI and explanations use:
    /// `client "Harbor Dental"`, `parent segment "Loyal"`, "the segment itself" or "always on".
    pub fn describe(&self) -> String {
        match self {
            RuleSource::Client { name, .. } => format!("client \"{name}\""),
            RuleSource::Ancestor { name, .. } => format!("parent segment \"{name}\""),
            RuleSource::Segment { .. } => "the segment itself".to_string(),
            RuleSource::AlwaysOn => "always on".to_string(),
        }
    }
}

/// A set of channel indexes; `None` in [`Compiled`] rules means every channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChannelSet(Vec<bool>);

impl ChannelSet {
    /// Whether the channel index is in the set.
    pub(crate) fn contains(&self, channel: u16) -> bool {
        self.0.get(channel as usize).copied().unwrap_or(false)
    }
}

/// Whether an optional channel filter lets `channel` through.
pub(crate) fn passes(filter: &Option<ChannelSet>, channel: u16) -> bool {
    filter.as_ref().is_none_or(|set| set.contains(channel))
}

/// A rule prepared for evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Compiled {
    Cap {
        max: u32,
        window_days: u32,
        channels: Option<ChannelSet>,
    },
    MinGap {
        hours: f64,
        channels: Option<ChannelSet>,
    },
    QuietHours {
        /// Seconds after local midnight.
        start: u32,
        end: u32,
    },
    Blackout {
        /// Sorted.
        dates: Vec<NaiveDate>,
    },
    Weekdays {
        /// Bit `n` set when the weekday `n` (Monday = 0) is allowed.
        allowed: u8,
    },
    MinValue {
        score: f64,
    },
}

impl Compiled {
    /// Compile a validated rule against the plan's channel ids.
    pub(crate) fn new(rule: &Rule, channel_ids: &[String]) -> Self {
        let set = |channels: &Option<Vec<String>>| {
            channels.as_ref().map(|names| {
                ChannelSet(
                    channel_ids
                        .iter()
                        .map(|id| names.iter().any(|n| n == id))
                        .collect(),
                )
            })
        };
        match rule {
            Rule::Cap {
                max,
                window_days,
                channels,
            } => Compiled::Cap {
                max: *max,
                window_days: *window_days,
                channels: set(channels),
            },
            Rule::MinGap { hours, channels } => Compiled::MinGap {
                hours: *hours,
                channels: set(channels),
            },
            Rule::QuietHours { start, end } => {
                let secs = |t: &str| parse_hhmm(t).map_or(0, |t| t.num_seconds_from_midnight());
                Compiled::QuietHours {
                    start: secs(start),
                    end: secs(end),
                }
            }
            Rule::Blackout { dates } => {
                let mut dates = dates.clone();
                dates.sort();
                dates.dedup();
                Compiled::Blackout { dates }
            }
            Rule::Weekdays { allowed } => Compiled::Weekdays {
                allowed: allowed
                    .iter()
                    .map(|d| 1u8 << weekday_number(*d))
                    .fold(0, |a, b| a | b),
            },
            Rule::MinValue { score } => Compiled::MinValue { score: *score },
        }
    }

    /// Whether the rule looks at local wall time (and so needs a touch's local time).
    pub(crate) fn is_local(&self) -> bool {
        matches!(
            self,
            Compiled::QuietHours { .. } | Compiled::Blackout { .. } | Compiled::Weekdays { .. }
        )
    }

    /// Whether a touch at this local wall time breaks the rule (local rules only).
    pub(crate) fn breaks_local(&self, local: NaiveDateTime) -> bool {
        match self {
            Compiled::QuietHours { start, end } => {
                let t = local.time().num_seconds_from_midnight();
                if start < end {
                    *start <= t && t < *end
                } else {
                    t >= *start || t < *end
                }
            }
            Compiled::Blackout { dates } => dates.binary_search(&local.date()).is_ok(),
            Compiled::Weekdays { allowed } => {
                allowed & (1 << local.weekday().num_days_from_monday()) == 0
            }
            _ => false,
        }
    }
}

fn weekday_number(day: cadence_model::Weekday) -> u8 {
    use cadence_model::Weekday::*;
    match day {
        Mon => 0,
        Tue => 1,
        Wed => 2,
        Thu => 3,
        Fri => 4,
        Sat => 5,
        Sun => 6,
    }
}

/// One rule of a segment's effective set, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveRule {
    /// The rule as written in the plan.
    pub rule: Rule,
    /// Where it was set.
    pub source: RuleSource,
    pub(crate) compiled: Compiled,
    /// Cap and min_gap: the channel filter, sorted and deduplicated, as violations show it.
    pub(crate) channels: Option<Vec<String>>,
}

impl EffectiveRule {
    /// The rule's kind.
    pub fn kind(&self) -> RuleKind {
        self.rule.kind()
    }
}

/// The effective rules of a segment from the rule lists of its cascade, most general first:
/// each level's rules with their source. Same key replaces, in the position of the first.
pub(crate) fn effective_rules<'a>(
    levels: impl IntoIterator<Item = (&'a [Rule], RuleSource)>,
    channel_ids: &[String],
) -> Vec<EffectiveRule> {
    let mut out: Vec<(String, EffectiveRule)> = Vec::new();
    for (rules, source) in levels {
        for rule in rules {
            let key = rule.key();
            let channels = match rule {
                Rule::Cap { channels, .. } | Rule::MinGap { channels, .. } => {
                    channels.as_ref().map(|c| {
                        let mut c = c.clone();
                        c.sort();
                        c.dedup();
                        c
                    })
                }
                _ => None,
            };
            let effective = EffectiveRule {
                rule: rule.clone(),
                source: source.clone(),
                compiled: Compiled::new(rule, channel_ids),
                channels,
            };
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = effective,
                None => out.push((key, effective)),
            }
        }
    }
    out.into_iter().map(|(_, r)| r).collect()
}
