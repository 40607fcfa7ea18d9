//! The Insights view of one client (issue 8): the history crate's insights, with what the
//! plan says beside them — the 7-day cap in force for each mapped segment and channel (as the
//! engine resolves the rules in effect, inherited ones included), whether applying the
//! recommendation would change it, the reply target and the audience → segment map — and the
//! one edit the view makes: applying a recommended cap as an undoable guideline.
//!
//! Reading the history takes a [`Store`] and a [`Plan`] (the app runs it on its own
//! connection, off the UI thread); the caps in force come from the desk's engine first
//! ([`Desk::caps_in_force`]), which is cheap.

use std::collections::BTreeMap;

use cadence_engine::{Engine, RuleSource};
use cadence_history::insights::{
    insights, ComplaintEntry, EngagementEntry, FatigueEntry, Insights, ResponseEntry,
    COMPLAINT_LINES, MIN_TOUCHES, TOLERANCE, WEEK,
};
use cadence_model::{Plan, Rule};
use cadence_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::desk::{Changed, Desk};
use crate::ipc::{AppError, ErrorCode, Saved};
use crate::past::{find_client, history_error, insight_options, AudienceChoice};

/// The window of the caps the insights recommend, in days.
pub const CAP_WINDOW_DAYS: u32 = (WEEK / 86_400) as u32;

/// A 7-day cap of a segment's rules in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyCap {
    /// Most touches in 7 days.
    pub max: u32,
    /// Where it is set, in words ("set on this segment", "inherited from …").
    pub source: String,
}

/// A channel id no channel has: its entry is the tightest cap that counts every channel.
const ANY_OTHER_CHANNEL: &str = "\u{0}";

/// The tightest 7-day cap of every segment of one client on every workspace channel (and on
/// any other channel), as the engine answers [`Engine::weekly_cap`]; taken under the desk's
/// lock so the insights can be computed without it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CapsInForce(pub BTreeMap<(String, String), WeeklyCap>);

impl CapsInForce {
    /// The tightest 7-day cap counting `channel` on `segment`.
    pub fn for_channel(&self, segment: &str, channel: &str) -> Option<&WeeklyCap> {
        self.0
            .get(&(segment.to_string(), channel.to_ascii_lowercase()))
            .or_else(|| {
                self.0
                    .get(&(segment.to_string(), ANY_OTHER_CHANNEL.to_string()))
            })
    }
}

/// The 7-day caps in effect of the client's segments, from the engine (never re-derived).
pub fn caps_in_force(
    engine: &Engine,
    plan: &Plan,
    client_id: &str,
) -> Result<CapsInForce, AppError> {
    let client = find_client(plan, client_id)?;
    let mut out = BTreeMap::new();
    let channels = plan
        .channels
        .iter()
        .map(|c| c.id.as_str())
        .chain([ANY_OTHER_CHANNEL]);
    for segment in &client.segments {
        for channel in channels.clone() {
            if let Some((max, rule)) = engine.weekly_cap(&segment.id, channel) {
                out.insert(
                    (segment.id.clone(), channel.to_ascii_lowercase()),
                    WeeklyCap {
                        max,
                        source: describe_source(&rule.source),
                    },
                );
            }
        }
    }
    Ok(CapsInForce(out))
}

fn describe_source(source: &RuleSource) -> String {
    match source {
        RuleSource::Segment { .. } => "set on this segment".to_string(),
        other => format!("inherited from {}", other.describe()),
    }
}

/// One fatigue curve with what the plan says about it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CurveView {
    /// The curve, its recommendation and the reason, as computed.
    pub fatigue: FatigueEntry,
    /// The mapped segment's name.
    pub segment_name: Option<String>,
    /// The channel's name in the workspace (the id as written when it is not one).
    pub channel_name: String,
    /// The tightest 7-day cap on this channel in the segment's rules in effect.
    pub cap_in_force: Option<u32>,
    /// Where that cap is set, in words.
    pub cap_source: Option<String>,
    /// Whether applying the recommendation would change the segment's guidelines.
    pub would_change: bool,
    /// Why the recommendation cannot be applied, in words (None when it can).
    pub blocked: Option<String>,
}

/// Everything the Insights view of one client draws.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InsightsView {
    /// The client.
    pub client_id: String,
    /// Stored history records of the client (0: the empty state).
    pub records: u64,
    /// Fatigue curves per audience, channel and source, with their caps.
    pub curves: Vec<CurveView>,
    /// Complaint rates against the 0.1% and 0.3% lines.
    pub complaints: Vec<ComplaintEntry>,
    /// Social engagement quality.
    pub engagement: Vec<EngagementEntry>,
    /// Engage-back per channel, with its distribution.
    pub response: Vec<ResponseEntry>,
    /// The client's reply target in hours.
    pub reply_target_hours: f64,
    /// The history's audiences with the segment each maps to.
    pub audiences: Vec<AudienceChoice>,
    /// The complaint lines mailbox providers use (0.001, 0.003).
    pub complaint_lines: Vec<f64>,
    /// Bins with fewer touches are shown but not judged.
    pub min_touches: u64,
    /// A bin tires when its interval's low end exceeds this many times the baseline.
    pub tolerance: f64,
}

/// The Insights view of a client: its history read from `store`, the insights computed by
/// the history crate (the same code as `cadence insights`), the caps in force beside them.
pub fn client_insights(
    store: &Store,
    plan: &Plan,
    caps: &CapsInForce,
    client_id: &str,
) -> Result<InsightsView, AppError> {
    let opts = insight_options(store, plan, client_id)?;
    let rows = store.history_rows(client_id).map_err(history_error)?;
    let computed = insights(&rows, &opts);
    Ok(view_of(
        plan,
        caps,
        client_id,
        computed,
        rows.len() as u64,
        opts.reply_target_hours,
        &opts,
    ))
}

fn view_of(
    plan: &Plan,
    caps: &CapsInForce,
    client_id: &str,
    computed: Insights,
    records: u64,
    reply_target_hours: f64,
    opts: &cadence_history::insights::InsightOptions,
) -> InsightsView {
    let client = plan.client(client_id);
    let segment_name = |id: &str| {
        client
            .and_then(|c| c.segments.iter().find(|s| s.id == id))
            .map(|s| s.name.clone())
    };
    let mut audiences: Vec<String> = computed
        .fatigue
        .iter()
        .map(|f| f.audience.clone())
        .chain(
            computed
                .engagement
                .iter()
                .filter_map(|e| e.audience.clone()),
        )
        .chain(opts.audience_map.keys().cloned())
        .collect();
    audiences.sort_by_key(|a| a.to_lowercase());
    audiences.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let curves = computed
        .fatigue
        .into_iter()
        .map(|fatigue| {
            let channel_name = plan
                .channel(&fatigue.channel)
                .map_or_else(|| fatigue.channel.clone(), |c| c.name.clone());
            let in_force = fatigue
                .segment
                .as_deref()
                .and_then(|s| caps.for_channel(s, &fatigue.channel));
            let would_change = match (fatigue.recommended_cap, in_force) {
                (Some(c), Some(f)) => c < f.max,
                (Some(_), None) => true,
                (None, _) => false,
            };
            let blocked = if fatigue.segment.is_none() {
                Some(format!(
                    "“{}” is not mapped to a segment; map it below to apply",
                    fatigue.audience
                ))
            } else if fatigue.recommended_cap.is_none() {
                Some(format!("no recommendation: {}", fatigue.reason))
            } else if plan.channel(&fatigue.channel).is_none() {
                Some(format!(
                    "“{}” is not a channel of the workspace",
                    fatigue.channel
                ))
            } else if !would_change {
                in_force.map(|f| {
                    format!(
                        "the cap in force is already at most {} a week ({})",
                        f.max, f.source
                    )
                })
            } else {
                None
            };
            CurveView {
                segment_name: fatigue.segment.as_deref().and_then(segment_name),
                channel_name,
                cap_in_force: in_force.map(|c| c.max),
                cap_source: in_force.map(|c| c.source.clone()),
                would_change: would_change && blocked.is_none(),
                blocked,
                fatigue,
            }
        })
        .collect();
    InsightsView {
        client_id: client_id.to_string(),
        records,
        curves,
        complaints: computed.complaints,
        engagement: computed.engagement,
        response: computed.response,
        reply_target_hours,
        audiences: audiences
            .into_iter()
            .map(|a| AudienceChoice {
                segment_id: opts.segment_of(&a),
                audience: a,
            })
            .collect(),
        complaint_lines: vec![COMPLAINT_LINES.0, COMPLAINT_LINES.1],
        min_touches: MIN_TOUCHES,
        tolerance: TOLERANCE,
    }
}

/// What a segment's history says about its cap on one channel, for the cadence view and the
/// violations panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HistoryHint {
    /// The segment.
    pub segment_id: String,
    /// The channel.
    pub channel: String,
    /// The recommended 7-day cap.
    pub cap: u32,
    /// The cap in force on that channel, if any.
    pub cap_in_force: Option<u32>,
    /// "history suggests at most 2 a week".
    pub text: String,
    /// The evidence, for a tooltip: audience, channel, source and the reason in numbers.
    pub evidence: String,
}

/// The words of a recommended cap: "history suggests at most 2 a week".
pub fn hint_text(cap: u32) -> String {
    format!("history suggests at most {cap} a week")
}

/// Per mapped segment and channel, the tightest recommended cap among its curves, in words.
pub fn history_hints(view: &InsightsView) -> Vec<HistoryHint> {
    let mut best: BTreeMap<(String, String), HistoryHint> = BTreeMap::new();
    for curve in &view.curves {
        let f = &curve.fatigue;
        let (Some(segment), Some(cap)) = (&f.segment, f.recommended_cap) else {
            continue;
        };
        let source = match f.source {
            cadence_history::insights::Source::Activity => "activity",
            cadence_history::insights::Source::Sends => "sends",
        };
        let hint = HistoryHint {
            segment_id: segment.clone(),
            channel: f.channel.clone(),
            cap,
            cap_in_force: curve.cap_in_force,
            text: hint_text(cap),
            evidence: format!(
                "{} on {} ({source} history): {}",
                f.audience, curve.channel_name, f.reason
            ),
        };
        let key = (segment.clone(), f.channel.clone());
        if best.get(&key).is_none_or(|h| cap < h.cap) {
            best.insert(key, hint);
        }
    }
    best.into_values().collect()
}

impl Desk {
    /// The 7-day caps in effect of a client's segments, from the engine.
    pub fn caps_in_force(&self, client_id: &str) -> Result<CapsInForce, AppError> {
        caps_in_force(&self.engine, &self.plan, client_id)
    }

    /// The Insights view of a client over the desk's own connection (the CLI, tests and
    /// benchmarks; the app reads on its own connection off the UI thread).
    pub fn client_insights(&self, client_id: &str) -> Result<InsightsView, AppError> {
        let caps = self.caps_in_force(client_id)?;
        client_insights(&self.store, &self.plan, &caps, client_id)
    }

    /// Apply a recommended cap: set or tighten the 7-day cap on `channel` of the segment, as
    /// one undoable edit through the same write as every segment edit. A cap in force that is
    /// already at most `cap_per_week` is an error (nothing would change).
    pub fn apply_history_cap(
        &mut self,
        client_id: &str,
        segment_id: &str,
        channel: &str,
        cap_per_week: u32,
    ) -> Result<Saved, AppError> {
        let ci = self.client_index(client_id)?;
        let si = self.plan.clients[ci]
            .segments
            .iter()
            .position(|s| s.id == segment_id)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("client \"{client_id}\" has no segment \"{segment_id}\""),
                )
            })?;
        if self.plan.channel(channel).is_none() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("“{channel}” is not a channel of the workspace"),
            ));
        }
        if cap_per_week == 0 {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "a cap must allow at least 1 touch a week",
            ));
        }
        if let Some(f) = self
            .caps_in_force(client_id)?
            .for_channel(segment_id, channel)
        {
            if f.max <= cap_per_week {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "the cap in force is already at most {} a week ({}); nothing to change",
                        f.max, f.source
                    ),
                ));
            }
        }
        let mut next = self.plan.clone();
        let segment = &mut next.client_at_mut(ci).segments[si];
        let rule = Rule::Cap {
            max: cap_per_week,
            window_days: CAP_WINDOW_DAYS,
            channels: Some(vec![channel.to_string()]),
        };
        let key = rule.key();
        match segment.rules.iter_mut().find(|r| r.key() == key) {
            Some(existing) => *existing = rule,
            None => segment.rules.push(rule),
        }
        let label = format!("Apply history cap to segment “{}”", segment.name);
        self.commit(
            next,
            client_id,
            &format!("clients[{ci}].segments[{si}]"),
            label,
            Changed::Everything,
        )?;
        Ok(self.saved(Some(segment_id.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caps_in_force_are_the_engines_weekly_caps_on_every_channel() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let plan = cadence_model::sample::sample_plan(today);
        let engine = Engine::from_plan(&plan).unwrap();
        let caps = caps_in_force(&engine, &plan, "harvest-lane").unwrap();
        for segment in ["hl-coupon", "hl-loyal"] {
            for channel in ["email", "EMAIL", "sms", "a channel the plan does not have"] {
                let expected = engine.weekly_cap(segment, channel).map(|(max, _)| max);
                assert_eq!(caps.for_channel(segment, channel).map(|c| c.max), expected);
            }
        }
        let loyal = caps
            .for_channel("hl-loyal", "email")
            .expect("inherited cap");
        assert!(
            loyal.source.starts_with("inherited from"),
            "{}",
            loyal.source
        );
        assert!(caps.for_channel("no-such-segment", "email").is_none());
        assert_eq!(hint_text(2), "history suggests at most 2 a week");
    }
}
