//! Rule evaluation for one segment over its sorted touches. Cap is a sliding window (two
//! pointers over the touches its channels let through): O(n) per cap after sorting.

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone};

use crate::cascade::{passes, Compiled};
use crate::index::{ChannelInfo, SegmentInfo};
use crate::messages::MessageInfo;
use crate::touch::Touch;

/// Rule index standing for the always-on consent check.
pub(crate) const CONSENT: u16 = u16::MAX;

/// One failing (rule, touch) of a segment, compact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Raw {
    /// Index of the touch in the segment's sorted touches.
    pub touch: u32,
    /// Index in the segment's effective rules, or [`CONSENT`].
    pub rule: u16,
    /// Cap: touches in the window, the flagged one included. Otherwise 0.
    pub count: u32,
    /// Cap: index of the earliest touch in the window; min_gap: of the previous touch.
    pub from: u32,
}

/// The local wall time of an instant in a zone.
pub(crate) fn local_time(at: i64, tz: chrono_tz::Tz) -> NaiveDateTime {
    let utc = DateTime::from_timestamp(at, 0)
        .expect("instant in range")
        .naive_utc();
    let offset = tz.offset_from_utc_datetime(&utc).fix().local_minus_utc();
    utc + chrono::Duration::seconds(offset as i64)
}

/// Reusable buffers for [`evaluate`].
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    picked: Vec<u32>,
    locals: Vec<NaiveDateTime>,
}

/// Append the violations of one segment's sorted touches to `out`.
pub(crate) fn evaluate(
    segment: &SegmentInfo,
    touches: &[Touch],
    messages: &[MessageInfo],
    channels: &[ChannelInfo],
    scratch: &mut Scratch,
    out: &mut Vec<Raw>,
) {
    if segment.local_rules {
        scratch.locals.clear();
        let mut last: Option<(i64, NaiveDateTime)> = None;
        for t in touches {
            let local = match last {
                Some((at, local)) if at == t.at => local,
                _ => local_time(t.at, segment.tz),
            };
            last = Some((t.at, local));
            scratch.locals.push(local);
        }
    }
    for (ri, rule) in segment.rules.iter().enumerate() {
        let ri = ri as u16;
        match &rule.compiled {
            Compiled::Cap {
                max,
                window_days,
                channels: filter,
            } => {
                pick(touches, filter, &mut scratch.picked);
                let window = *window_days as i64 * 86_400;
                let mut j = 0;
                for k in 0..scratch.picked.len() {
                    let t = touches[scratch.picked[k] as usize].at;
                    while touches[scratch.picked[j] as usize].at <= t - window {
                        j += 1;
                    }
                    let count = (k - j + 1) as u32;
                    if count > *max {
                        out.push(Raw {
                            touch: scratch.picked[k],
                            rule: ri,
                            count,
                            from: scratch.picked[j],
                        });
                    }
                }
            }
            Compiled::MinGap {
                hours,
                channels: filter,
            } => {
                pick(touches, filter, &mut scratch.picked);
                let gap = hours * 3600.0;
                for pair in scratch.picked.windows(2) {
                    let (prev, this) = (touches[pair[0] as usize], touches[pair[1] as usize]);
                    if ((this.at - prev.at) as f64) < gap {
                        out.push(Raw {
                            touch: pair[1],
                            rule: ri,
                            count: 0,
                            from: pair[0],
                        });
                    }
                }
            }
            Compiled::MinValue { score } => {
                for (i, t) in touches.iter().enumerate() {
                    let m = &messages[t.msg as usize];
                    if t.direct && (m.score < *score || !m.missing.is_empty()) {
                        out.push(Raw {
                            touch: i as u32,
                            rule: ri,
                            count: 0,
                            from: i as u32,
                        });
                    }
                }
            }
            local => {
                for (i, local_at) in scratch.locals.iter().enumerate() {
                    if local.breaks_local(*local_at) {
                        out.push(Raw {
                            touch: i as u32,
                            rule: ri,
                            count: 0,
                            from: i as u32,
                        });
                    }
                }
            }
        }
    }
    for (i, t) in touches.iter().enumerate() {
        if t.direct
            && channels[t.channel as usize].requires_consent
            && !segment.opt_in[t.channel as usize]
        {
            out.push(Raw {
                touch: i as u32,
                rule: CONSENT,
                count: 0,
                from: i as u32,
            });
        }
    }
}

/// Indexes of the touches a cap or min_gap sees: not transactional, channel in the filter.
fn pick(touches: &[Touch], filter: &Option<crate::cascade::ChannelSet>, out: &mut Vec<u32>) {
    out.clear();
    out.extend(
        touches
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.transactional && passes(filter, t.channel))
            .map(|(i, _)| i as u32),
    );
}
