//! The domain types: a plan (the whole agency workspace) and everything in it.
//!
//! These types are the plan file of `plan-format.md` section 1 (serde, unknown fields
//! rejected) and, through ts-rs, the TypeScript types of the UI.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The `format` tag every plan file carries.
pub const PLAN_FORMAT: &str = "cadence-plan";
/// The plan file version this build reads and writes.
pub const PLAN_VERSION: u32 = 1;

/// A whole agency workspace: channels and clients over a planning horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always [`PLAN_FORMAT`].
    pub format: String,
    /// Always [`PLAN_VERSION`].
    pub version: u32,
    /// The checked period.
    pub horizon: Horizon,
    /// The channels messages go out on.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// The agency's clients. In memory each is shared by the states it is the same in: the
    /// plan after an edit copies only the edited client ([`Plan::client_at_mut`]).
    #[serde(default, with = "crate::shared::list")]
    #[ts(as = "Vec<Client>")]
    pub clients: Vec<Arc<Client>>,
}

impl Plan {
    /// An empty plan over `horizon`.
    pub fn empty(horizon: Horizon) -> Self {
        Plan {
            format: PLAN_FORMAT.to_string(),
            version: PLAN_VERSION,
            horizon,
            channels: Vec::new(),
            clients: Vec::new(),
        }
    }

    /// The client with this id.
    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id).map(|c| &**c)
    }

    /// The channel with this id.
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id == id)
    }

    /// The client at `index`, to change: copied first when another state still shares it.
    pub fn client_at_mut(&mut self, index: usize) -> &mut Client {
        Arc::make_mut(&mut self.clients[index])
    }

    /// A copy of this plan holding only the client `id` (channels kept whole).
    pub fn only_client(&self, id: &str) -> Option<Plan> {
        let client = self.clients.iter().find(|c| c.id == id)?;
        Some(Plan {
            format: self.format.clone(),
            version: self.version,
            horizon: self.horizon,
            channels: self.channels.clone(),
            clients: vec![Arc::clone(client)],
        })
    }
}

/// The checked period: `[start 00:00 UTC, end 00:00 UTC)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// First day, inclusive.
    pub start: NaiveDate,
    /// Day after the last, exclusive.
    pub end: NaiveDate,
}

/// A channel a message goes out on (email, SMS, a social network...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether a segment must have opted in to this channel to be contacted on it.
    #[serde(default)]
    pub requires_consent: bool,
}

/// One client of the agency, with its audience, guidelines and campaigns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// IANA time zone; the default for its segments and messages.
    pub timezone: String,
    /// The value checklist every message is scored against.
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// Quality guidelines for all of the client's segments.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Audience segments (a forest through `parent`).
    #[serde(default)]
    pub segments: Vec<Segment>,
    /// Campaigns and their messages.
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
}

impl Client {
    /// The segment with this id.
    pub fn segment(&self, id: &str) -> Option<&Segment> {
        self.segments.iter().find(|s| s.id == id)
    }

    /// All messages of all campaigns.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.campaigns.iter().flat_map(|c| c.messages.iter())
    }
}

/// One item of a client's value checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Unique within the client.
    pub id: String,
    /// The question as the planner reads it.
    pub label: String,
    /// Weight in the value score.
    pub weight: u32,
    /// A message fails `min_value` when a required item is not answered true.
    #[serde(default)]
    pub required: bool,
    /// Guidance shown beside the item (extension of the spec; optional).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidance: String,
}

/// An audience segment; segments nest through `parent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The enclosing segment of the same client, if any.
    #[serde(default)]
    pub parent: Option<String>,
    /// IANA time zone; `None` uses the client's.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Number of people.
    #[serde(default)]
    #[ts(type = "number")]
    pub size: u64,
    /// Channel ids the segment consented to.
    #[serde(default)]
    pub opt_in: Vec<String>,
    /// What the audience cares about.
    #[serde(default)]
    pub interests: Vec<String>,
    /// Values shared with the brand.
    #[serde(default)]
    pub values: Vec<String>,
    /// Guidelines set on this segment (override inherited ones with the same key).
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// A campaign: a named group of messages with an objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the campaign is for.
    #[serde(default)]
    pub objective: String,
    /// First day of the campaign, if set.
    #[serde(default)]
    pub start: Option<NaiveDate>,
    /// Last day of the campaign, if set.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// The campaign's messages.
    #[serde(default)]
    pub messages: Vec<Message>,
}

/// Where a message is in its approval flow (extension of the spec).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Being written.
    Draft,
    /// Scheduled in the plan.
    #[default]
    Planned,
    /// Approved by the client.
    Approved,
}

impl MessageStatus {
    /// True for the default, so plan files only carry it when set.
    pub fn is_default(&self) -> bool {
        *self == MessageStatus::default()
    }
}

/// One planned message, possibly recurring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Channel id.
    pub channel: String,
    /// Directly targeted segment ids (same client).
    pub segments: Vec<String>,
    /// Local wall time of the first occurrence.
    #[ts(type = "string")]
    pub at: NaiveDateTime,
    /// IANA time zone of `at`; `None` uses the client's.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Deliver at `at` in each targeted segment's own time zone.
    #[serde(default)]
    pub local_delivery: bool,
    /// A service message the customer asked for: exempt from `cap` and `min_gap`.
    #[serde(default)]
    pub transactional: bool,
    /// RFC 5545 RRULE without DTSTART; `None` is a single occurrence.
    #[serde(default)]
    pub rrule: Option<String>,
    /// Local wall times of occurrences the RRULE would give but that are skipped (RFC 5545
    /// EXDATE; extension of the spec; optional). Set when one occurrence of a series is
    /// moved on its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub exdates: Vec<NaiveDateTime>,
    /// Checklist answers: item id -> answer.
    #[serde(default)]
    pub checklist: BTreeMap<String, bool>,
    /// What the message says and why (extension of the spec; optional).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub brief: String,
    /// Approval status (extension of the spec; optional, default `planned`).
    #[serde(default, skip_serializing_if = "MessageStatus::is_default")]
    pub status: MessageStatus,
}

/// Day of the week as written in plan files ("Mon".."Sun").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl From<chrono::Weekday> for Weekday {
    fn from(w: chrono::Weekday) -> Self {
        match w {
            chrono::Weekday::Mon => Weekday::Mon,
            chrono::Weekday::Tue => Weekday::Tue,
            chrono::Weekday::Wed => Weekday::Wed,
            chrono::Weekday::Thu => Weekday::Thu,
            chrono::Weekday::Fri => Weekday::Fri,
            chrono::Weekday::Sat => Weekday::Sat,
            chrono::Weekday::Sun => Weekday::Sun,
        }
    }
}

/// A quality guideline (plan-format.md section 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// At most `max` touches in any rolling `window_days` days.
    Cap {
        /// Most touches allowed in the window.
        max: u32,
        /// Window length in days.
        window_days: u32,
        /// Only these channels count (and can be flagged); `None` means all.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channels: Option<Vec<String>>,
    },
    /// At least `hours` between two touches.
    MinGap {
        /// Minimum gap in hours.
        #[serde(with = "crate::number")]
        #[ts(type = "number")]
        hours: f64,
        /// Only these channels count (and can be flagged); `None` means all.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channels: Option<Vec<String>>,
    },
    /// No touches in `[start, end)` local time; wraps past midnight when start > end.
    QuietHours {
        /// "HH:MM".
        start: String,
        /// "HH:MM".
        end: String,
    },
    /// No touches on these local dates.
    Blackout {
        /// Local dates.
        dates: Vec<NaiveDate>,
    },
    /// Touches only on these local weekdays.
    Weekdays {
        /// Allowed days.
        allowed: Vec<Weekday>,
    },
    /// Direct touches need this value score and every required checklist item.
    MinValue {
        /// Minimum score, 0..100.
        #[serde(with = "crate::number")]
        #[ts(type = "number")]
        score: f64,
    },
}

/// The kind of a [`Rule`], as written in plan files and violations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// See [`Rule::Cap`].
    Cap,
    /// See [`Rule::MinGap`].
    MinGap,
    /// See [`Rule::QuietHours`].
    QuietHours,
    /// See [`Rule::Blackout`].
    Blackout,
    /// See [`Rule::Weekdays`].
    Weekdays,
    /// See [`Rule::MinValue`].
    MinValue,
    /// The always-on consent check.
    Consent,
}

impl RuleKind {
    /// The name used in plan files and violation records.
    pub fn as_str(&self) -> &'static str {
        match self {
            RuleKind::Cap => "cap",
            RuleKind::MinGap => "min_gap",
            RuleKind::QuietHours => "quiet_hours",
            RuleKind::Blackout => "blackout",
            RuleKind::Weekdays => "weekdays",
            RuleKind::MinValue => "min_value",
            RuleKind::Consent => "consent",
        }
    }
}

impl Rule {
    /// This rule's kind.
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Cap { .. } => RuleKind::Cap,
            Rule::MinGap { .. } => RuleKind::MinGap,
            Rule::QuietHours { .. } => RuleKind::QuietHours,
            Rule::Blackout { .. } => RuleKind::Blackout,
            Rule::Weekdays { .. } => RuleKind::Weekdays,
            Rule::MinValue { .. } => RuleKind::MinValue,
        }
    }

    /// The cascade key: a later rule with the same key replaces an earlier one.
    pub fn key(&self) -> String {
        fn sorted(channels: &Option<Vec<String>>) -> String {
            match channels {
                None => "*".to_string(),
                Some(list) => {
                    let mut list = list.clone();
                    list.sort();
                    list.dedup();
                    list.join(",")
                }
            }
        }
        match self {
            Rule::Cap {
                window_days,
                channels,
                ..
            } => format!("cap/{window_days}/{}", sorted(channels)),
            Rule::MinGap { channels, .. } => format!("min_gap/{}", sorted(channels)),
            other => other.kind().as_str().to_string(),
        }
    }
}
