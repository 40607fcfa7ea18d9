//! Touch expansion (spec section 2): a message's occurrences, their instants in each targeted
//! segment (local delivery or not), and the touches of targeted segments and descendants.

use std::collections::HashSet;

use chrono::{Duration, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use cadence_model::time::{local_to_utc, occurrences};
use cadence_model::Message;

use crate::index::Index;
use crate::period::Period;
use crate::touch::Touch;

pub use cadence_model::limits::MAX_OCCURRENCES;

/// A message's occurrences as local wall times with their indexes, and whether the
/// recurrence had more than [`MAX_OCCURRENCES`] of them.
pub(crate) type Walls = (Vec<(u32, NaiveDateTime)>, bool);

/// Local wall times of a message's occurrences that may fall before `period`'s end in any
/// zone (a wall time is at most 14 h ahead of UTC), each with its index counted from the
/// first occurrence; occurrences listed in `exdates` are left out (their index unused).
/// Never fails: an RRULE that does not parse (validation reports it) gives no occurrence.
pub(crate) fn wall_times(message: &Message, period: &Period) -> Walls {
    let until = period
        .end
        .and_time(NaiveTime::MIN)
        .checked_add_signed(Duration::days(1))
        .unwrap_or(NaiveDateTime::MAX);
    let walls = occurrences(message.at, message.rrule.as_deref(), until, MAX_OCCURRENCES)
        .unwrap_or_default();
    let truncated = walls.len() >= MAX_OCCURRENCES as usize;
    // Skipped occurrences (exdates) keep their index free, so the others keep theirs.
    let skipped: HashSet<&NaiveDateTime> = message.exdates.iter().collect();
    let kept = walls
        .into_iter()
        .enumerate()
        .filter(|(_, w)| !skipped.contains(w))
        .map(|(i, w)| (i as u32, w))
        .collect();
    (kept, truncated)
}

/// The touches, as (segment index, touch), of a validated message of client `client`
/// (stored in slot `slot`) with occurrences `walls`.
pub(crate) fn expand(
    message: &Message,
    walls: &[(u32, NaiveDateTime)],
    slot: u32,
    client: usize,
    channel: u16,
    index: &Index,
    period: &Period,
) -> Vec<(usize, Touch)> {
    let client_tz = index.clients[client].tz;
    let message_tz = message
        .timezone
        .as_deref()
        .and_then(cadence_model::time::parse_timezone)
        .unwrap_or(client_tz);
    let targets: Vec<usize> = message
        .segments
        .iter()
        .filter_map(|id| index.segment_index.get(id).copied())
        .collect();

    // Instants per distinct zone, computed once.
    let mut zones: Vec<(Tz, Vec<i64>)> = Vec::new();
    let mut target_zone = Vec::with_capacity(targets.len());
    for &t in &targets {
        let tz = if message.local_delivery {
            index.segments[t].tz
        } else {
            message_tz
        };
        let z = match zones.iter().position(|(z, _)| *z == tz) {
            Some(z) => z,
            None => {
                let instants = walls
                    .iter()
                    .map(|(_, w)| local_to_utc(*w, tz).timestamp())
                    .collect();
                zones.push((tz, instants));
                zones.len() - 1
            }
        };
        target_zone.push(z);
    }

    let mut out = Vec::new();
    let (start, end) = (period.start_secs(), period.end_secs());
    for reached in reach(&targets, index) {
        let instants = &zones[target_zone[reached.source]].1;
        for (&(occ, _), &at) in walls.iter().zip(instants) {
            if at >= start && at < end {
                out.push((
                    reached.segment,
                    Touch {
                        at,
                        msg: slot,
                        occ,
                        channel,
                        direct: reached.direct,
                        transactional: message.transactional,
                    },
                ));
            }
        }
    }
    out
}

/// A segment a message reaches, and through which of its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reached {
    /// Segment index.
    pub segment: usize,
    /// Position in `targets` of the segment's instant source: itself when targeted
    /// directly, otherwise its nearest targeted ancestor.
    pub source: usize,
    /// Targeted directly.
    pub direct: bool,
}

/// Every segment reached by targeting `targets` (segment indexes): each target and all its
/// descendants, once each, with the nearest targeted segment as the source.
pub(crate) fn reach(targets: &[usize], index: &Index) -> Vec<Reached> {
    let is_target = |s: usize| targets.iter().position(|&t| t == s);
    let mut out = Vec::new();
    for (ti, &t) in targets.iter().enumerate() {
        // Start from the targets with no targeted ancestor; the walk reaches the others.
        let mut up = index.segments[t].parent;
        let mut covered = false;
        while let Some(p) = up {
            if is_target(p).is_some() {
                covered = true;
                break;
            }
            up = index.segments[p].parent;
        }
        if covered || is_target(t) != Some(ti) {
            continue;
        }
        let mut stack = vec![(t, ti)];
        while let Some((segment, source)) = stack.pop() {
            let (source, direct) = match is_target(segment) {
                Some(own) => (own, true),
                None => (source, false),
            };
            out.push(Reached {
                segment,
                source,
                direct,
            });
            for &child in &index.segments[segment].children {
                stack.push((child, source));
            }
        }
    }
    out
}
