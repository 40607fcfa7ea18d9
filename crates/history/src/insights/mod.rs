//! Insights (spec §5): fatigue curves with Wilson intervals and the recommended cap,
//! complaint rates, social engagement quality and engage-back. Pure functions over rows:
//! no clock, no disk.

mod fatigue;
mod response;
mod social;
pub mod stats;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Rows;

pub use fatigue::{recommend, Bin, ComplaintEntry, FatigueEntry, Recommendation, Source};
pub use response::{distribution, ResponseBucket, ResponseEntry, BUCKETS};
pub use social::{EngagementBin, EngagementEntry, FollowerDay};

/// Seven days in seconds: the touch-count and attribution window.
pub const WEEK: i64 = 7 * 86_400;
/// Bins need this many touches to be judged.
pub const MIN_TOUCHES: u64 = 1_000;
/// The lowest baseline rate (0.05%).
pub const MIN_BASELINE: f64 = 0.0005;
/// A bin tires when its interval's low end exceeds this many times the baseline.
pub const TOLERANCE: f64 = 2.0;
/// Complaint rate lines mailbox providers use.
pub const COMPLAINT_LINES: (f64, f64) = (0.001, 0.003);

/// A segment of the client, for naming audiences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRef {
    /// Segment id.
    pub id: String,
    /// Segment name.
    pub name: String,
}

/// What to compute over.
#[derive(Debug, Clone)]
pub struct InsightOptions {
    /// First instant counted (UTC seconds), inclusive.
    pub from: Option<i64>,
    /// Instant after the last one counted (UTC seconds), exclusive.
    pub to: Option<i64>,
    /// Only this audience (case-insensitive).
    pub audience: Option<String>,
    /// Only this channel (case-insensitive).
    pub channel: Option<String>,
    /// The client's reply target in hours (default 24).
    pub reply_target_hours: f64,
    /// The client's segments.
    pub segments: Vec<SegmentRef>,
    /// Saved audience → segment id map (keys compared case-insensitively).
    pub audience_map: BTreeMap<String, String>,
}

impl Default for InsightOptions {
    fn default() -> Self {
        InsightOptions {
            from: None,
            to: None,
            audience: None,
            channel: None,
            reply_target_hours: 24.0,
            segments: Vec::new(),
            audience_map: BTreeMap::new(),
        }
    }
}

impl InsightOptions {
    /// Whether an instant is in the period.
    pub fn in_period(&self, at: i64) -> bool {
        self.from.is_none_or(|f| at >= f) && self.to.is_none_or(|t| at < t)
    }

    /// Whether an audience and channel pass the filters.
    pub fn wanted(&self, audience: Option<&str>, channel: &str) -> bool {
        let audience_ok = match (&self.audience, audience) {
            (Some(want), Some(a)) => want.eq_ignore_ascii_case(a.trim()),
            (Some(_), None) => false,
            (None, _) => true,
        };
        audience_ok
            && self
                .channel
                .as_ref()
                .is_none_or(|c| c.eq_ignore_ascii_case(channel))
    }

    /// The segment an audience maps to: the saved map first, then a segment whose name or
    /// id matches case-insensitively.
    pub fn segment_of(&self, audience: &str) -> Option<String> {
        let a = audience.trim();
        self.audience_map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(a))
            .map(|(_, v)| v.clone())
            .or_else(|| {
                self.segments
                    .iter()
                    .find(|s| s.name.eq_ignore_ascii_case(a) || s.id.eq_ignore_ascii_case(a))
                    .map(|s| s.id.clone())
            })
    }
}

/// Everything `cadence insights` prints and the Insights view draws.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Insights {
    /// Fatigue curves per audience, channel and source.
    pub fatigue: Vec<FatigueEntry>,
    /// Complaint rates.
    pub complaints: Vec<ComplaintEntry>,
    /// Social engagement quality.
    pub engagement: Vec<EngagementEntry>,
    /// Engage-back per channel.
    pub response: Vec<ResponseEntry>,
}

/// Compute every insight over a client's rows.
pub fn insights(rows: &Rows, opts: &InsightOptions) -> Insights {
    let mut fatigue = fatigue::from_activity(rows, opts);
    fatigue.extend(fatigue::from_sends(&rows.sends, opts));
    fatigue.sort_by(|a, b| {
        (&a.audience, &a.channel, a.source).cmp(&(&b.audience, &b.channel, b.source))
    });
    let complaints = fatigue.iter().map(ComplaintEntry::of).collect();
    Insights {
        complaints,
        fatigue,
        engagement: social::engagement(rows, opts),
        response: response::response(&rows.inbox, opts),
    }
}
