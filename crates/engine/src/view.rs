//! Read-only, compact views of the checked touches for exports: every field as the engine
//! holds it, without any formatting, so large exports stay cheap.

use chrono_tz::Tz;

use crate::engine::Engine;

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
