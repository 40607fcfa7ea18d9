//! Touches (spec section 2): one occurrence of one message reaching one segment, and their
//! order (instant, message id, occurrence index).

use std::cmp::Ordering;

/// A touch of one segment, compact: the segment is implied by the list it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Touch {
    /// Instant, seconds since the Unix epoch (UTC).
    pub at: i64,
    /// Message slot in the engine.
    pub msg: u32,
    /// 0-based index among the message's occurrences, counted from its first (`at`).
    pub occ: u32,
    /// Channel index.
    pub channel: u16,
    /// Whether the segment is targeted directly (otherwise inherited from an ancestor).
    pub direct: bool,
    /// Exempt from cap and min_gap.
    pub transactional: bool,
}

/// The spec's touch order: instant, then message id, then occurrence index. `id` maps a
/// message slot to its id; it is only called to break ties between different messages.
pub(crate) fn touch_order<'a>(a: &Touch, b: &Touch, id: impl Fn(u32) -> &'a str) -> Ordering {
    a.at.cmp(&b.at).then_with(|| {
        if a.msg == b.msg {
            a.occ.cmp(&b.occ)
        } else {
            id(a.msg).cmp(id(b.msg)).then(a.occ.cmp(&b.occ))
        }
    })
}
