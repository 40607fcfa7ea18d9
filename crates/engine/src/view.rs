//! Read-only, compact views of the checked touches for exports: every field as the engine
//! holds it, without any formatting, so large exports stay cheap.

use chrono_tz::Tz;

use crate::engine::Engine;
use crate::evaluate::CONSENT;
use crate::report::{rule_channels, rule_name, rule_window};

/// A violation's touch index and its rule's name, window and channels: sorted, the spec's
/// order of the records on one touch.
type RuleOnTouch<'a> = (u32, &'static str, Option<u32>, Option<&'a Vec<String>>);

/// The rule kinds of the violations on each touch of one segment, stored flat: touch `i`'s
/// are `kinds[starts[i]..starts[i + 1]]`, in the spec's order of records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TouchRules {
    starts: Vec<u32>,
    kinds: Vec<&'static str>,
}

impl TouchRules {
    /// The rule kinds (`cap`, `quiet_hours`, …) of the violations on touch `touch`; empty
    /// for a touch without violations or out of range.
    pub fn of(&self, touch: usize) -> &[&'static str] {
        match (self.starts.get(touch), self.starts.get(touch + 1)) {
            (Some(&from), Some(&to)) => &self.kinds[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Violation records on all touches together.
    pub fn total(&self) -> usize {
        self.kinds.len()
    }
}

/// One touch of a segment as the engine holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TouchView<'a> {
    /// Message id.
    pub message: &'a str,
    /// 0-based occurrence index of the message.
    pub occurrence: u32,
    /// Instant, seconds since the Unix epoch (UTC).
    pub at: i64,
    /// Channel id.
    pub channel: &'a str,
    /// Targeted directly (otherwise inherited from an ancestor).
    pub direct: bool,
    /// Exempt from cap and min_gap.
    pub transactional: bool,
    /// The message's value score against its client's checklist.
    pub value: f64,
}

impl Engine {
    /// A segment's touches in the spec's order (instant, message id, occurrence); `None`
    /// for an unknown segment.
    pub fn segment_touches(&self, segment: &str) -> Option<impl Iterator<Item = TouchView<'_>>> {
        let si = *self.index.segment_index.get(segment)?;
        Some(self.segments[si].touches.iter().map(|t| {
            let message = &self.messages[t.msg as usize];
            TouchView {
                message: &message.id,
                occurrence: t.occ,
                at: t.at,
                channel: &self.index.channels[t.channel as usize].id,
                direct: t.direct,
                transactional: t.transactional,
                value: message.score,
            }
        }))
    }

    /// The rule kinds of the violation records on each of a segment's touches, by touch
    /// index in [`Engine::segment_touches`] order: the compact answer an export needs to
    /// count and name a touch's violations without looking records up by id. `None` for an
    /// unknown segment.
    pub fn segment_touch_rules(&self, segment: &str) -> Option<TouchRules> {
        let si = *self.index.segment_index.get(segment)?;
        let seg = &self.index.segments[si];
        let state = &self.segments[si];
        let mut raws: Vec<RuleOnTouch<'_>> = state
            .raws
            .iter()
            .map(|raw| {
                let rule = (raw.rule != CONSENT).then(|| &seg.rules[raw.rule as usize]);
                (
                    raw.touch,
                    rule_name(rule),
                    rule_window(rule),
                    rule_channels(rule),
                )
            })
            .collect();
        // On one touch the spec orders records by rule name, window, then channels.
        raws.sort_unstable();
        let mut starts = Vec::with_capacity(state.touches.len() + 1);
        let mut kinds = Vec::with_capacity(raws.len());
        let mut next = raws.iter().peekable();
        for touch in 0..state.touches.len() as u32 {
            starts.push(kinds.len() as u32);
            while let Some(&&(_, kind, _, _)) = next.peek().filter(|r| r.0 == touch) {
                kinds.push(kind);
                next.next();
            }
        }
        starts.push(kinds.len() as u32);
        Some(TouchRules { starts, kinds })
    }

    /// A message's value score against its client's checklist; `None` for an unknown id.
    pub fn message_score(&self, message: &str) -> Option<f64> {
        let slot = *self.by_id.get(message)?;
        Some(self.messages[slot as usize].score)
    }

    /// The time zone a segment's local rules and buckets use; `None` for an unknown id.
    pub fn segment_zone(&self, segment: &str) -> Option<Tz> {
        let si = *self.index.segment_index.get(segment)?;
        Some(self.index.segments[si].tz)
    }
}
