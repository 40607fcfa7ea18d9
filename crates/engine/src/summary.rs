//! The cadence summary the visualization and the PDF draw: per segment and local day (or
//! week), the touches, the load against each cap and the worst ratio.
//!
//! A bucket's load for a cap is the most touches any of the cap's windows ending inside the
//! bucket holds (counted the way the cap counts: its channels, no transactional touches), so
//! a load above `max` means the cap is broken in that bucket. Buckets are local dates in the
//! segment's time zone; weeks start on Monday.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::time::local_to_utc;

use crate::cascade::{passes, Compiled, RuleSource};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::evaluate::{local_time, Raw};
use crate::period::Period;
use crate::suggest::window_counts;
use crate::touch::Touch;

/// Bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// One local day.
    Day,
    /// One local week, Monday to Sunday.
    Week,
}

/// What to summarize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SummaryRequest {
    /// First local date.
    pub from: NaiveDate,
    /// Local date after the last.
    pub to: NaiveDate,
    /// Day or week buckets.
    pub bucket: Bucket,
    /// Only this client's segments.
    pub client: Option<String>,
}

/// A cap as the summary measures it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CapLine {
    /// Most touches allowed in the window.
    pub max: u32,
    /// Window length in days.
    pub window_days: u32,
    /// Channel filter (sorted), `None` for all channels.
    pub channels: Option<Vec<String>>,
    /// Where the cap was set.
    pub source: RuleSource,
    /// Where the cap was set, in words ([`RuleSource::describe`]).
    pub set_on: String,
    /// The cap in the one wording of rules ([`Engine::rule_words`]).
    pub text: String,
}

/// A load above this share of a cap's `max` is near the cap.
pub const NEAR_CAP: f64 = 0.8;

/// How full a bucket's fullest cap window is: what the grid's shade says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Heat {
    /// No cap holds a touch (or there is no cap).
    None,
    /// Every cap at most [`NEAR_CAP`] full.
    Within,
    /// A cap more than [`NEAR_CAP`] full, none past its max.
    Near,
    /// A cap past its max: broken in the bucket.
    Over,
}

impl Heat {
    /// The heat of a worst `load / max` ratio.
    pub fn of(ratio: f64) -> Heat {
        if ratio <= 0.0 {
            Heat::None
        } else if ratio <= NEAR_CAP {
            Heat::Within
        } else if ratio <= 1.0 {
            Heat::Near
        } else {
            Heat::Over
        }
    }
}

/// One bucket of one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BucketLoad {
    /// First local date of the bucket.
    pub start: NaiveDate,
    /// Touches in the bucket (all channels, transactional included).
    pub touches: u32,
    /// Per cap (same order as the segment's `caps`): the fullest window ending in the bucket.
    pub loads: Vec<u32>,
    /// Per cap (same order): its fullest window holds more than its `max` (broken here).
    pub over: Vec<bool>,
    /// Highest `load / max` over the caps; 0 without caps.
    pub worst_ratio: f64,
    /// How full the fullest cap window is ([`Heat::of`] `worst_ratio`).
    pub heat: Heat,
    /// More touches than the segment's `weekly_cap` (never without one).
    pub over_weekly_cap: bool,
    /// Touches per channel (in the plan's channel order, channels without touches left out).
    pub channels: Vec<ChannelTouches>,
    /// Mean value score of the messages behind the bucket's touches (one per touch); `None`
    /// for an empty bucket.
    pub average_value: Option<f64>,
    /// `average_value` is below the segment's `min_value` (never without both).
    pub below_min_value: bool,
    /// The first touches (at most [`REACH_LISTED`]) in the spec's touch order; `touches`
    /// says how many there are in all.
    pub reach: Vec<BucketTouch>,
    /// Violations of touches in the bucket.
    pub violations: u32,
    /// The explanations of the first violations (at most [`NOTES_LISTED`]), in the spec's
    /// order.
    pub notes: Vec<String>,
    /// Why no touch may go out on this day under the segment's rules in effect (day buckets
    /// only; `None` for week buckets and open days).
    pub closed: Option<ClosedReason>,
    /// How many of the bucket's local dates are blackout dates in effect.
    pub blackout_days: u32,
}

/// Why a local day is closed to touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ClosedReason {
    /// A blackout date in effect names the day.
    Blackout,
    /// The allowed weekdays in effect leave the day out.
    Weekday,
}

/// Why `day` is closed under `rules` (blackout first, then weekdays), or `None`.
pub fn closed_reason<'a>(
    rules: impl IntoIterator<Item = &'a cadence_model::Rule> + Clone,
    day: NaiveDate,
) -> Option<ClosedReason> {
    use cadence_model::Rule;
    let blackout = rules
        .clone()
        .into_iter()
        .any(|r| matches!(r, Rule::Blackout { dates } if dates.contains(&day)));
    if blackout {
        return Some(ClosedReason::Blackout);
    }
    let weekday = cadence_model::Weekday::from(chrono::Datelike::weekday(&day));
    let shut = rules
        .into_iter()
        .any(|r| matches!(r, Rule::Weekdays { allowed } if !allowed.contains(&weekday)));
    shut.then_some(ClosedReason::Weekday)
}

/// Most touches a bucket lists.
pub const REACH_LISTED: usize = 8;

/// Most violation explanations a bucket carries.
pub const NOTES_LISTED: usize = 4;

/// How many of a bucket's touches went out on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChannelTouches {
    /// Channel id.
    pub channel: String,
    /// Touches on it.
    pub touches: u32,
}

/// One touch inside a bucket: which occurrence of which message reached the segment, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BucketTouch {
    /// Message id.
    pub message: String,
    /// 0-based occurrence index of the message.
    pub occurrence: u32,
    /// Local wall time in the segment's zone.
    pub local: NaiveDateTime,
    /// Channel id.
    pub channel: String,
    /// Targeted directly (otherwise inherited from an ancestor).
    pub direct: bool,
    /// Transactional (exempt from caps and minimum gaps).
    pub transactional: bool,
    /// The message's value score against its client's checklist.
    pub value: f64,
}

/// One segment's cadence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SegmentCadence {
    /// Client id.
    pub client: String,
    /// Segment id.
    pub segment: String,
    /// Segment name.
    pub name: String,
    /// The zone its buckets are local to.
    pub timezone: String,
    /// Its effective caps.
    pub caps: Vec<CapLine>,
    /// The tightest of its caps over 7 days on all channels: the weekly cap the quality
    /// chart draws against touches per week; `None` without one.
    pub weekly_cap: Option<u32>,
    /// The minimum value score in effect for it, if any.
    pub min_value: Option<f64>,
    /// Its quiet hours in effect as "21:00–08:00", if any.
    pub quiet_hours: Option<String>,
    /// Its buckets in date order.
    pub buckets: Vec<BucketLoad>,
}

/// The summary of a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CadenceSummary {
    /// First local date.
    pub from: NaiveDate,
    /// Local date after the last.
    pub to: NaiveDate,
    /// Bucket size.
    pub bucket: Bucket,
    /// [`NEAR_CAP`] in percent, for a legend: a bucket is near a cap above this.
    pub near_cap_percent: u32,
    /// Segments in plan order.
    pub segments: Vec<SegmentCadence>,
}

/// Most buckets one summary may have (two years by day, fifteen by week).
pub const MAX_SUMMARY_BUCKETS: i64 = 800;
/// Most segment × bucket cells one summary may have.
pub const MAX_SUMMARY_CELLS: usize = 1_000_000;

impl Engine {
    /// Per-segment, per-bucket touches and cap loads over `request`'s range.
    pub fn summarize(&self, request: &SummaryRequest) -> Result<CadenceSummary, EngineError> {
        Period::new(request.from, request.to)?;
        let only = match &request.client {
            Some(id) => Some(self.client_slot(id)?),
            None => None,
        };
        let step_days = match request.bucket {
            Bucket::Day => 1,
            Bucket::Week => 7,
        };
        let buckets = (request.to - request.from).num_days() / step_days + 1;
        let rows = match only {
            Some(ci) => self
                .index
                .segments
                .iter()
                .filter(|s| s.client == ci)
                .count(),
            None => self.index.segments.len(),
        };
        if buckets > MAX_SUMMARY_BUCKETS || buckets as usize * rows > MAX_SUMMARY_CELLS {
            return Err(EngineError::RangeTooLong {
                what: "a cadence summary",
                limit: format!(
                    "{MAX_SUMMARY_BUCKETS} buckets and {MAX_SUMMARY_CELLS} segment × bucket cells"
                ),
            });
        }
        let mut starts = Vec::new();
        let mut day = match request.bucket {
            Bucket::Day => request.from,
            Bucket::Week => {
                request.from - Duration::days(request.from.weekday().num_days_from_monday() as i64)
            }
        };
        let step = match request.bucket {
            Bucket::Day => 1,
            Bucket::Week => 7,
        };
        while day < request.to {
            starts.push(day);
            day += Duration::days(step);
        }
        let mut segments = Vec::new();
        for (si, seg) in self.index.segments.iter().enumerate() {
            if only.is_some_and(|ci| seg.client != ci) {
                continue;
            }
            let touches = &self.segments[si].touches;
            // Bucket boundaries as instants: local midnights in the segment's zone.
            let bounds: Vec<i64> = starts
                .iter()
                .chain(std::iter::once(
                    &(*starts.last().expect("non-empty") + Duration::days(step)),
                ))
                .map(|d| {
                    local_to_utc(d.and_hms_opt(0, 0, 0).expect("midnight"), seg.tz).timestamp()
                })
                .collect();
            let mut caps = Vec::new();
            let mut loads: Vec<Vec<u32>> = Vec::new();
            for rule in &seg.rules {
                if let Compiled::Cap {
                    max,
                    window_days,
                    channels,
                } = &rule.compiled
                {
                    let picked: Vec<Touch> = touches
                        .iter()
                        .filter(|t| !t.transactional && passes(channels, t.channel))
                        .copied()
                        .collect();
                    loads.push(bucket_loads(&picked, *window_days as i64 * 86_400, &bounds));
                    let mut names = match &rule.rule {
                        cadence_model::Rule::Cap { channels, .. } => channels.clone(),
                        _ => None,
                    };
                    if let Some(n) = names.as_mut() {
                        n.sort();
                        n.dedup();
                    }
                    caps.push(CapLine {
                        max: *max,
                        window_days: *window_days,
                        channels: names,
                        source: rule.source.clone(),
                        set_on: rule.source.describe(),
                        text: self.rule_words(&rule.rule),
                    });
                }
            }
            let weekly_cap = caps
                .iter()
                .filter(|c| c.window_days == 7 && c.channels.is_none())
                .map(|c| c.max)
                .min();
            let min_value = seg.rules.iter().find_map(|r| match r.rule {
                cadence_model::Rule::MinValue { score } => Some(score),
                _ => None,
            });
            // The segment's violations in time order, swept with the buckets.
            let mut raws: Vec<Raw> = self.segments[si].raws.clone();
            raws.sort_unstable_by_key(|r| r.touch);
            let at_of = |r: &Raw| touches[r.touch as usize].at;
            let mut rk = raws.partition_point(|r| at_of(r) < bounds[0]);
            let mut buckets = Vec::with_capacity(starts.len());
            let mut k = touches.partition_point(|t| t.at < bounds[0]);
            for (b, start) in starts.iter().enumerate() {
                let first = k;
                while k < touches.len() && touches[k].at < bounds[b + 1] {
                    k += 1;
                }
                let inside = &touches[first..k];
                let raw_first = rk;
                while rk < raws.len() && at_of(&raws[rk]) < bounds[b + 1] {
                    rk += 1;
                }
                let broken = &raws[raw_first..rk];
                let loads_here: Vec<u32> = loads.iter().map(|l| l[b]).collect();
                let worst_ratio = loads_here
                    .iter()
                    .zip(&caps)
                    .map(|(&l, c)| l as f64 / c.max as f64)
                    .fold(0.0, f64::max);
                let average_value = self.average_value(inside);
                let over = loads_here
                    .iter()
                    .zip(&caps)
                    .map(|(&l, c)| l > c.max)
                    .collect();
                buckets.push(BucketLoad {
                    start: *start,
                    touches: inside.len() as u32,
                    loads: loads_here,
                    over,
                    worst_ratio,
                    heat: Heat::of(worst_ratio),
                    over_weekly_cap: weekly_cap.is_some_and(|cap| inside.len() as u32 > cap),
                    channels: self.channel_touches(inside),
                    average_value,
                    below_min_value: matches!((average_value, min_value), (Some(v), Some(min)) if v < min),
                    reach: inside
                        .iter()
                        .take(REACH_LISTED)
                        .map(|t| self.bucket_touch(t, seg.tz))
                        .collect(),
                    violations: broken.len() as u32,
                    notes: self.first_notes(si, broken),
                    blackout_days: seg
                        .rules
                        .iter()
                        .filter_map(|r| match &r.rule {
                            cadence_model::Rule::Blackout { dates } => Some(dates),
                            _ => None,
                        })
                        .flatten()
                        .collect::<std::collections::BTreeSet<_>>()
                        .range(*start..*start + Duration::days(step))
                        .count() as u32,
                    closed: match request.bucket {
                        Bucket::Day => closed_reason(seg.rules.iter().map(|r| &r.rule), *start),
                        Bucket::Week => None,
                    },
                });
            }
            segments.push(SegmentCadence {
                client: self.index.clients[seg.client].id.clone(),
                segment: seg.id.clone(),
                name: seg.name.clone(),
                timezone: seg.tz.name().to_string(),
                caps,
                weekly_cap,
                min_value,
                quiet_hours: seg.rules.iter().find_map(|r| match &r.rule {
                    cadence_model::Rule::QuietHours { start, end } => {
                        Some(format!("{start}–{end}"))
                    }
                    _ => None,
                }),
                buckets,
            });
        }
        Ok(CadenceSummary {
            from: request.from,
            to: request.to,
            bucket: request.bucket,
            near_cap_percent: (NEAR_CAP * 100.0).round() as u32,
            segments,
        })
    }
}

impl Engine {
    /// Touches per channel, in the plan's channel order.
    fn channel_touches(&self, touches: &[Touch]) -> Vec<ChannelTouches> {
        let mut counts = vec![0u32; self.index.channels.len()];
        for t in touches {
            counts[t.channel as usize] += 1;
        }
        counts
            .iter()
            .zip(&self.index.channels)
            .filter(|(n, _)| **n > 0)
            .map(|(n, c)| ChannelTouches {
                channel: c.id.clone(),
                touches: *n,
            })
            .collect()
    }

    /// Mean value score over the touches, rounded to one decimal.
    fn average_value(&self, touches: &[Touch]) -> Option<f64> {
        if touches.is_empty() {
            return None;
        }
        let sum: f64 = touches
            .iter()
            .map(|t| self.messages[t.msg as usize].score)
            .sum();
        Some((10.0 * sum / touches.len() as f64).round() / 10.0)
    }

    /// The explanation texts of the first [`NOTES_LISTED`] of a segment's violations.
    fn first_notes(&self, si: usize, raws: &[Raw]) -> Vec<String> {
        self.first_in_order(raws.iter().map(|r| (si, *r)).collect(), NOTES_LISTED)
            .into_iter()
            .map(|(si, raw)| self.explain(si, raw).text)
            .collect()
    }

    /// The distinct messages that touch `segment` in `[from, to)`, in the order of their
    /// first touch there; `None` for an unknown segment.
    pub fn segment_messages(
        &self,
        segment: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Option<Vec<String>> {
        let si = *self.index.segment_index.get(segment)?;
        let touches = &self.segments[si].touches;
        let first = touches.partition_point(|t| t.at < from.timestamp());
        let last = touches.partition_point(|t| t.at < to.timestamp());
        let mut seen = std::collections::HashSet::new();
        Some(
            touches[first..last]
                .iter()
                .filter(|t| seen.insert(t.msg))
                .map(|t| self.messages[t.msg as usize].id.clone())
                .collect(),
        )
    }

    /// A touch as the summary lists it, with its wall time in `tz`.
    fn bucket_touch(&self, t: &Touch, tz: chrono_tz::Tz) -> BucketTouch {
        let message = &self.messages[t.msg as usize];
        BucketTouch {
            message: message.id.clone(),
            occurrence: t.occ,
            local: local_time(t.at, tz),
            channel: self.index.channels[t.channel as usize].id.clone(),
            direct: t.direct,
            transactional: t.transactional,
            value: message.score,
        }
    }
}

/// For each bucket `[bounds[b], bounds[b + 1])`: the most touches a window `(t - window, t]`
/// with `t` in the bucket holds. The maximum is reached at the bucket's start or at a touch
/// inside it, since a window only loses touches while no new one arrives.
fn bucket_loads(picked: &[Touch], window: i64, bounds: &[i64]) -> Vec<u32> {
    let counts = window_counts(picked, window);
    let at_most = |x: i64| picked.partition_point(|t| t.at <= x);
    (0..bounds.len() - 1)
        .map(|b| {
            let start = bounds[b];
            let at_start = (at_most(start) - at_most(start - window)) as u32;
            let first = picked.partition_point(|t| t.at < start);
            let last = picked.partition_point(|t| t.at < bounds[b + 1]);
            counts[first..last].iter().copied().fold(at_start, u32::max)
        })
        .collect()
}
